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

# The graph's shape: asset -> its upstream assets. Adding an asset means adding a line here on purpose.
EXPECTED_EDGES = {
    **{f"raw/{s.name}": set() for s in SOURCES},
    "core/assumptions": {"raw/assumptions"},
    "core/services": {"raw/services"},
    "core/traffic_monthly": {"raw/similarweb_visits", "raw/wikimedia_pageviews", "core/services",
                             # traffic extras (issue 3)
                             "raw/epoch_usage_reports", "raw/similarweb_page", "raw/statcounter_ai_share",
                             "raw/tranco_list", "raw/tranco_ranks"},
    # hardware, vendor share and models (issue 3)
    "core/vendors": {"raw/vendors"},
    "core/accelerator_aliases": {"raw/accelerator_aliases", "raw/accelerator_datasheets", "raw/epoch_ml_hardware",
                                 "raw/techpowerup_gpus"},
    "core/accelerators": {"core/accelerator_aliases", "core/vendors", "raw/accelerator_datasheets", "raw/epoch_ml_hardware",
                          "raw/techpowerup_gpus", "raw/accelerator_families"},
    "core/market_share": {"core/vendors", "raw/idc_server_tracker", "raw/idc_china_accelerators", "raw/top500"},
    "core/models": {"raw/models_curated", "raw/epoch_notable_models", "core/assumptions"},
    "core/accelerator_peak_rates": {"core/accelerators"},
    "marts/monthly_inference_cost": {"core/traffic_monthly", "core/assumptions", "core/accelerator_peak_rates",
                                     "core/gpu_hour_prices",
                                     "core/token_prices", "raw/service_serving", "raw/reference_accelerators"},
    "marts/training_demand": {"core/models", "core/accelerator_peak_rates", "core/gpu_hour_prices", "core/assumptions",
                              "raw/reference_accelerators"},
    "marts/vendor_exposure": {"marts/monthly_inference_cost", "core/models", "core/accelerator_peak_rates", "core/market_share",
                              "core/vendors", "core/assumptions", "raw/reference_accelerators"},
    "marts/compute_trend": {"core/models"},
    "marts/seed_reconciliation": {"raw/seed_figures", "marts/monthly_inference_cost", "marts/training_demand",
                                  "core/models", "core/assumptions"},
    # pricing (issue 3)
    "core/gpu_hour_prices": {"raw/gpu_price_aliases", "raw/azure_retail_prices", "raw/gpu_cloud_lambda",
                             "raw/gpu_cloud_modal", "raw/gpu_cloud_coreweave", "raw/gpu_cloud_runpod",
                             "raw/primeintellect_prices"},
    "core/token_prices": {"raw/litellm_prices", "raw/openrouter_models"},
}


def test_every_table_a_sql_model_reads_is_a_declared_dependency():
    """Lineage in the UI and incremental rebuilds both rely on the declared deps being complete."""
    graph = defs.resolve_asset_graph()
    for path in sorted([*(REPO / "warehouse").glob("core/*.sql"), *(REPO / "warehouse").glob("marts/*.sql")]):
        key = dg.AssetKey([path.parent.name, path.stem])
        sql = re.sub(r"--[^\n]*", "", path.read_text())
        sql = re.sub(r"COMMENT ON .*?;", "", sql, flags=re.S)
        read = {m.replace(".", "/") for m in re.findall(r"\b(?:raw|core|marts)\.[a-z_0-9]+", sql)} - {key.to_user_string()}
        declared = {p.to_user_string() for p in graph.get(key).parent_keys}
        assert read <= declared, f"{path.name} reads {sorted(read - declared)} without declaring them"


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


def test_asset_graph_snapshot():
    graph = defs.resolve_asset_graph()
    edges = {k.to_user_string(): {p.to_user_string() for p in graph.get(k).parent_keys}
             for k in graph.get_all_asset_keys()}
    published = edges.pop("published_warehouse")
    assert edges.pop("raw/wikimedia_pageviews_monthly") == set()  # partitioned backfill asset, outside the refresh
    assert edges.pop("data_dictionary") == edges.pop("charts_report") == {"published_warehouse"}
    assert edges == EXPECTED_EDGES
    assert published == set(EXPECTED_EDGES), "publish must wait for every asset (and so every blocking check)"


def test_every_asset_is_described_grouped_and_in_the_writer_pool():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, key
        assert node.group_name in {"ingest", "core", "marts", "publish", "reports"}, key
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


def test_readme_lists_every_source_with_url_format_licence_and_cadence():
    """The README's source table is the registry's: regenerate it with `python -m assets.sources.catalog`."""
    from assets.sources import catalog

    readme = (REPO / "README.md").read_text()
    assert catalog.readme_with_table(readme) == readme, "README source table is stale: run python -m assets.sources.catalog"
    for source in SOURCES:
        assert f"| `raw.{source.name}` |" in readme
        if not source.curated:
            assert source.url.startswith("https://") and source.url in readme
            assert source.cadence and source.licence, f"{source.name}: a live source needs its cadence and licence"
