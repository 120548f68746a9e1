"""Test helpers: run the refresh job in-process against a temporary warehouse directory, read results.

Dagster and the code location are imported inside the functions that run them, so importing this module is
cheap for tests that only read a DuckDB file."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

os.environ.setdefault("AICOMPUTE_SOURCE_MODE", "snapshot")

REPO = Path(__file__).resolve().parents[1]
# Tests read the run's events, not its console log: formatting ~800 DEBUG lines per refresh is wasted time.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def published_path(warehouse_dir: Path) -> Path:
    """The published file of a warehouse directory (WarehouseResource.published_path, without importing Dagster)."""
    return Path(warehouse_dir) / "aicompute.duckdb"


def run_refresh(warehouse_dir: Path, instance=None, **fetcher_config):
    """Materialise every asset (the `refresh` job) into warehouse_dir on an in-memory Dagster instance (unless one
    is given); returns the ExecuteInProcessResult."""
    from dagster import DagsterInstance

    from pipelines.definitions import defs
    from infra.resources import SourceFetcher, WarehouseResource

    job = defs.resolve_job_def("refresh")
    return job.execute_in_process(
        instance=instance or DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources={"warehouse": WarehouseResource(directory=str(warehouse_dir)),
                   "fetcher": SourceFetcher(**fetcher_config)},
        run_config=QUIET,
    )


def run_planned_refresh(warehouse_dir: Path, instance=None, reports: bool = False, **fetcher_config):
    """What `make refresh` runs: the plan (only what changed, and the publish step), then the `refresh` job on that
    selection, on an in-memory Dagster instance unless one is given. The two report assets (Plotly, ~3 s per
    changed refresh) are left out unless `reports`: their own tests read the session's refresh."""
    from dagster import DagsterInstance

    from pipelines.definitions import defs
    from pipelines.refresh import execute_planned, plan_refresh
    from infra.resources import SourceFetcher, WarehouseResource

    warehouse, fetcher = WarehouseResource(directory=str(warehouse_dir)), SourceFetcher(**fetcher_config)
    plan = plan_refresh(warehouse, fetcher.resolved_mode(), fetcher.snapshot_overrides)
    if not reports:
        for key in ("charts_report", "data_dictionary"):
            if key in plan.run:
                plan.skip[key] = f"left out by the test: {plan.run.pop(key)}"
    return execute_planned(defs.resolve_job_def("refresh"), instance or DagsterInstance.ephemeral(), warehouse,
                           fetcher, plan=plan, run_config=QUIET)


def rebuilt_by_asset(result) -> dict[str, bool]:
    """SQL model -> whether the run rebuilt it (the `rebuilt` metadata of its materialization)."""
    out = {}
    for event in result.all_events:
        if event.event_type_value == "ASSET_MATERIALIZATION":
            mat = event.step_materialization_data.materialization
            if "rebuilt" in mat.metadata:
                out[mat.asset_key.to_user_string()] = mat.metadata["rebuilt"].value
    return out


def step_errors(result) -> str:
    """All step failure messages of a run, causes included, as one string."""
    parts = []
    for event in result.all_events:
        if event.is_step_failure:
            err = event.step_failure_data.error
            while err is not None:
                parts.append(err.message)
                err = err.cause
    return "\n".join(parts)


def query(path: Path, sql: str, params=None):
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def run_assets(warehouse_dir: Path, selection: list, instance=None, **fetcher_config):
    """Materialise only the selected asset keys (e.g. one raw asset and published_warehouse) into warehouse_dir."""
    import dagster as dg
    from dagster import DagsterInstance

    from pipelines.definitions import ALL_ASSETS
    from infra.resources import SourceFetcher, WarehouseResource

    return dg.materialize(
        ALL_ASSETS, selection=[dg.AssetKey(k) for k in selection], instance=instance or DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources={"warehouse": WarehouseResource(directory=str(warehouse_dir)), "fetcher": SourceFetcher(**fetcher_config)},
        run_config=QUIET,
    )
