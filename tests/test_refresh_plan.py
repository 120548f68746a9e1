"""The refresh plan (pipelines/refresh.py plan_refresh, assets/build.py plan_build): `make refresh` materialises what
changed since the last build and says why it skipped the rest; a refresh that finds nothing changed runs the
publish step alone, which re-checks the gate and leaves the published file as it is."""
import json
import subprocess
import sys

import duckdb

from assets.build import SQL_MODELS
from assets.sources import SOURCES
from tests.helpers import REPO, published_path, run_planned_refresh, step_errors

ALL_BUILD_ASSETS = {f"raw/{s.name}" for s in SOURCES} | {m.key for m in SQL_MODELS}


def plan_of(root, mode="snapshot", **overrides):
    from pipelines.refresh import plan_refresh
    from infra.resources import WarehouseResource

    return plan_refresh(WarehouseResource(directory=str(root)), mode, overrides)


def test_an_empty_warehouse_plans_everything(tmp_path):
    plan = plan_of(tmp_path)
    assert set(plan.run) == ALL_BUILD_ASSETS | {"published_warehouse", "charts_report", "data_dictionary"}
    assert plan.skip == {}
    assert plan.run["raw/assumptions"] == "no working warehouse yet"


def test_nothing_changed_plans_only_the_publish_step(warehouse_copy):
    plan = plan_of(warehouse_copy)
    assert list(plan.run) == ["published_warehouse"]
    assert set(plan.skip) == ALL_BUILD_ASSETS | {"charts_report", "data_dictionary"}
    assert plan.skip["raw/assumptions"].startswith("payload unchanged (sha256 ")
    assert plan.skip["marts/seed_reconciliation"] == "SQL and inputs unchanged since the last build"
    assert plan.summary() == f"1 of {len(plan.run) + len(plan.skip)} assets to run, {len(plan.skip)} current and skipped"


def test_a_changed_curated_file_plans_its_raw_table_and_everything_downstream(warehouse_copy, tmp_path):
    changed = tmp_path / "assumptions.csv"
    changed.write_text((REPO / "inputs" / "curated" / "assumptions.csv").read_text()
                       .replace("usd_per_interaction,0.01,0.0036,", "usd_per_interaction,0.01,0.004,"))
    plan = plan_of(warehouse_copy, assumptions=str(changed))
    downstream = {"core/assumptions", "core/scenario_assumptions", "core/models",
                  "core/gpu_hour_prices",  # prices Azure reservations with hours_per_year; stale prices
                  "core/token_prices",  # price_stale_after_months
                  "core/market_anchors",  # quarter_midpoint_offset_days
                  "marts/monthly_inference_cost", "marts/training_demand", "marts/vendor_exposure",
                  "marts/compute_trend", "marts/seed_reconciliation", "marts/gpu_price_index",
                  "marts/token_price_history", "marts/service_demand", "marts/serving_cost_per_mtok",
                  "marts/inference_reconciliation", "marts/lenovo_view", "marts/compute_identities"}
    assert set(plan.run) == {"raw/assumptions", *downstream, "published_warehouse", "charts_report", "data_dictionary"}
    assert plan.run["raw/assumptions"].startswith("new payload (sha256 ")
    assert plan.run["core/scenario_assumptions"] == "input changes: core/assumptions"
    assert plan.run["core/models"] == "input changes: core/scenario_assumptions"
    assert "core/traffic_monthly" in plan.skip and "raw/top500" in plan.skip


def test_changed_sql_is_planned_as_such(warehouse_copy):
    with duckdb.connect(str(warehouse_copy / "work" / "aicompute_work.duckdb")) as conn:
        conn.execute("UPDATE meta.build_fingerprints SET fingerprint = 'stale' WHERE asset = 'marts/compute_trend'")
    plan = plan_of(warehouse_copy)
    assert plan.run["marts/compute_trend"] == "its SQL or an input changed since its last build"
    assert "marts/training_demand" in plan.skip


def test_live_mode_plans_every_raw_table(warehouse_copy):
    plan = plan_of(warehouse_copy, mode="live")
    assert {k for k in plan.run if k.startswith("raw/")} == {f"raw/{s.name}" for s in SOURCES}
    assert plan.run["raw/litellm_prices"] == "live mode: the payload must be fetched to know whether it changed"


def test_a_working_file_held_by_another_writer_plans_everything(warehouse_copy):
    work = warehouse_copy / "work" / "aicompute_work.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", str(work)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        plan = plan_of(warehouse_copy)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert set(plan.run) == ALL_BUILD_ASSETS | {"published_warehouse", "charts_report", "data_dictionary"}
    assert plan.run["core/models"] == "working file busy (another refresh is writing it): planned in full"


def test_a_no_change_refresh_runs_one_step_and_rewrites_nothing(warehouse_copy):
    published = published_path(warehouse_copy)
    before = (published.stat().st_ino, published.read_bytes())
    result = run_planned_refresh(warehouse_copy)
    assert result.success, step_errors(result)
    assert [e.step_key for e in result.all_events if e.is_step_start] == ["published_warehouse"]
    assert (published.stat().st_ino, published.read_bytes()) == before
    [mat] = [e.step_materialization_data.materialization for e in result.all_events
             if e.event_type_value == "ASSET_MATERIALIZATION"]
    assert mat.metadata["republished"].value is False
    assert mat.metadata["assets_skipped"].value == len(ALL_BUILD_ASSETS) + 2
    assert "| raw/assumptions | skip | payload unchanged (sha256 " in mat.metadata["refresh_plan"].value
    plan = json.loads(result.dagster_run.tags["aicompute/plan"])
    assert list(plan["run"]) == ["published_warehouse"]


def test_an_unreadable_published_file_is_replanned_and_rewritten(warehouse_copy):
    published = published_path(warehouse_copy)
    published.write_bytes(b"not a duckdb file")
    plan = plan_of(warehouse_copy)
    assert plan.run["charts_report"] == plan.run["data_dictionary"] == "the published file could not be read (IOException)"
    result = run_planned_refresh(warehouse_copy, reports=True)
    assert result.success, step_errors(result)
    from infra.publish import is_current

    assert is_current(warehouse_copy / "work" / "aicompute_work.duckdb", published)
    assert plan_of(warehouse_copy).run.keys() == {"published_warehouse"}


def test_the_publish_step_refuses_marts_older_than_their_inputs(warehouse_copy):
    """A run that ingested a new payload and stopped before the models (or a plan overtaken by another refresh)
    leaves models older than their inputs; publishing them would put new raw rows beside old marts."""
    from tests.helpers import run_assets

    with duckdb.connect(str(warehouse_copy / "work" / "aicompute_work.duckdb")) as conn:
        conn.execute("UPDATE meta.build_fingerprints SET fingerprint = 'older' WHERE asset = 'marts/vendor_exposure'")
    before = published_path(warehouse_copy).read_bytes()
    result = run_assets(warehouse_copy, [["published_warehouse"]])
    assert not result.success
    assert "marts/vendor_exposure: built from older inputs; refresh it before publishing" in step_errors(result)
    assert published_path(warehouse_copy).read_bytes() == before
