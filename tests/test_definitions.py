"""The code location loads, and the asset graph is what the design says (a snapshot of keys and edges)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from assets.sources import SOURCES
from pipelines.definitions import defs

REPO = Path(__file__).resolve().parents[1]



def test_sql_models_read_only_the_layer_below_them():
    """Core reads staging views (and core), marts read core (and marts); no model reads a raw table. Parsed from
    the SQL text itself, independently of assets/sql_graph.py's rules."""
    import sqlglot
    from sqlglot import exp

    allowed = {"core": {"staging", "core"}, "marts": {"core", "marts"}}
    for layer, may_read in allowed.items():
        for path in sorted((REPO / "warehouse" / layer).glob("*.sql")):
            read = {t.db for s in sqlglot.parse(path.read_text(), read="duckdb")
                    if isinstance(s, (exp.Create, exp.Insert)) and s.expression is not None
                    for t in s.expression.find_all(exp.Table) if t.db}
            assert read and read <= may_read, f"{path.relative_to(REPO)} reads {sorted(read - may_read)}"


def test_no_sql_reads_a_raw_table_or_filters_the_latest_fetch_itself():
    """The latest-capture filter is written once, in the staging views (infra/tables.py)."""
    for path in sorted((REPO / "warehouse").rglob("*.sql")):
        sql = re.sub(r"--[^\n]*", "", path.read_text())
        assert not re.search(r"\braw\.", sql), f"{path.relative_to(REPO)} reads raw"
        assert "max(fetched_at)" not in sql, f"{path.relative_to(REPO)} filters the latest fetch itself"


@pytest.mark.slow  # a `dagster definitions validate` process
def test_dagster_definitions_validate(tmp_path):
    # Its own DAGSTER_HOME: a fresh clone (CI) has no .dagster_home/ until `make refresh` or `make dev` creates it.
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    dagster = Path(sys.executable).with_name("dagster")
    proc = subprocess.run([str(dagster), "definitions", "validate", "-w", "workspace.yaml"], cwd=REPO,
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_definitions_match_the_generated_snapshot():
    """Assets, edges, grains, assumptions and checks as tests/snapshots/definitions.txt records them. A change to
    the graph is reviewed as a diff of that file: regenerate it with `.venv/bin/python -m tests.snapshot`."""
    from tests.snapshot import SNAPSHOT, render

    assert render(defs) == SNAPSHOT.read_text(), "the graph changed: run .venv/bin/python -m tests.snapshot, review the diff"


def test_publish_waits_for_every_asset_of_the_refresh():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    published = {p.to_user_string() for p in graph.get(dg.AssetKey("published_warehouse")).parent_keys}
    outside = {"published_warehouse", "data_dictionary", "charts_report",
               "raw/wikimedia_pageviews_monthly"}  # the reports read the published file; the backfill is partitioned
    assert published == keys - outside, "publish must wait for every asset (and so every blocking check)"


def test_every_asset_is_described_grouped_and_in_the_writer_pool():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, key
        assert node.group_name in {"ingest", "core", "marts", "publish", "reports", "backfill"}, key
        assert "duckdb" in node.kinds, key
        if node.group_name != "reports":  # reports read the published file only
            assert node.pools == {"warehouse"}, key


def test_every_raw_table_has_a_blocking_check():
    checks = {k for k in defs.resolve_asset_graph().asset_check_keys}
    for source in SOURCES:
        assert dg.AssetCheckKey(dg.AssetKey(["raw", source.name]), f"{source.name}_valid") in checks
    assert dg.AssetCheckKey(dg.AssetKey(["marts", "seed_reconciliation"]), "seed_figures_reproduced") in checks


def test_daily_schedule_runs_by_default_at_six_utc():
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert schedule.cron_schedule == "0 6 * * *"
    assert schedule.execution_timezone == "UTC"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.job_name == "refresh"


@pytest.mark.parametrize("mode", ["snapshot", "live"])
def test_daily_schedule_runs_in_the_mode_of_aicompute_source_mode_and_says_so(monkeypatch, mode):
    """The one setting: AICOMPUTE_SOURCE_MODE where the UI and daemon run. The schedule's run request carries it as the
    fetcher's config (what the run does) and as the run tag the UI shows."""
    from infra.sources import SOURCE_MODE_TAG

    monkeypatch.setenv("AICOMPUTE_SOURCE_MODE", mode)
    schedule = defs.resolve_schedule_def("daily_refresh")
    with dg.build_schedule_context(instance=dg.DagsterInstance.ephemeral()) as context:
        (request,) = schedule.evaluate_tick(context).run_requests
    assert request.tags[SOURCE_MODE_TAG] == mode
    assert request.run_config == {"resources": {"fetcher": {"config": {"mode": mode}}}}
    resolved = dg.validate_run_config(defs.resolve_job_def("refresh"), request.run_config)
    assert resolved["resources"]["fetcher"]["config"]["mode"] == mode


def test_daily_schedule_refuses_an_unknown_mode(monkeypatch):
    monkeypatch.setenv("AICOMPUTE_SOURCE_MODE", "livee")
    with dg.build_schedule_context(instance=dg.DagsterInstance.ephemeral()) as context:
        with pytest.raises(dg.DagsterUserCodeExecutionError) as err:  # the tick fails, with this message in the UI
            defs.resolve_schedule_def("daily_refresh").evaluate_tick(context)
    assert "AICOMPUTE_SOURCE_MODE must be one of ('snapshot', 'live'), got 'livee'" in str(err.value.__cause__)


def test_materialize_all_of_the_main_groups_and_the_refresh_job_has_no_partitioned_asset():
    """The UI's "Materialize all" asks for partitions when its selection holds a partitioned asset: the monthly
    pageviews backfill is alone in group `backfill`, outside the refresh job."""
    graph = defs.resolve_asset_graph()
    partitioned = {k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is not None}
    assert partitioned == {dg.AssetKey(["raw", "wikimedia_pageviews_monthly"])}
    assert {k for k in graph.get_all_asset_keys() if graph.get(k).group_name == "backfill"} == partitioned
    assert not partitioned & defs.resolve_job_def("refresh").asset_layer.executable_asset_keys


def test_readme_lists_every_source_with_url_format_licence_and_cadence():
    """The README's source table is the registry's: regenerate it with `python -m assets.sources.catalog`."""
    from assets.sources import catalog

    readme = (REPO / "README.md").read_text()
    assert catalog.readme_with_table(readme) == readme, "README source table is stale: run python -m assets.sources.catalog"
    assert catalog.CAPTURES_README.read_text() == catalog.render_captures(), \
        "inputs/captures/README.md is stale: run python -m assets.sources.catalog"
    for source in SOURCES:
        assert f"| `raw.{source.name}` |" in readme
        if not source.curated:
            assert source.url.startswith("https://") and source.url in readme
            assert source.cadence and source.licence, f"{source.name}: a live source needs its cadence and licence"


def test_raw_freshness_windows_are_the_assumptions():
    """26 h and 30 h: raw_freshness_warn_hours and raw_freshness_fail_hours in inputs/curated/assumptions.csv."""
    from datetime import timedelta

    text = (REPO / "inputs" / "curated" / "assumptions.csv").read_text()
    assert "\nraw_freshness_warn_hours,26," in text and "\nraw_freshness_fail_hours,30," in text
    policy = defs.resolve_asset_graph().get(dg.AssetKey(["raw", "top500"])).freshness_policy
    assert (policy.warn_window.to_timedelta(), policy.fail_window.to_timedelta()) == (timedelta(hours=26), timedelta(hours=30))
