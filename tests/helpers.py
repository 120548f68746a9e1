"""Test helpers: run the refresh job in-process against a temporary warehouse directory, read results."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
from dagster import DagsterInstance

os.environ.setdefault("AICOMPUTE_SOURCE_MODE", "snapshot")

from pipelines.definitions import defs  # noqa: E402
from pipelines.resources import SourceFetcher, WarehouseResource  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def run_refresh(warehouse_dir: Path, instance: DagsterInstance | None = None, **fetcher_config):
    """Materialise every asset (the `refresh` job) into warehouse_dir; returns the ExecuteInProcessResult."""
    job = defs.resolve_job_def("refresh")
    return job.execute_in_process(
        instance=instance or DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources={"warehouse": WarehouseResource(directory=str(warehouse_dir)),
                   "fetcher": SourceFetcher(**fetcher_config)},
    )


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


def run_assets(warehouse_dir: Path, selection: list, instance: DagsterInstance | None = None, **fetcher_config):
    """Materialise only the selected asset keys (e.g. one raw asset and published_warehouse) into warehouse_dir."""
    import dagster as dg

    from pipelines.definitions import ALL_ASSETS

    return dg.materialize(
        ALL_ASSETS, selection=[dg.AssetKey(k) for k in selection], instance=instance or DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources={"warehouse": WarehouseResource(directory=str(warehouse_dir)), "fetcher": SourceFetcher(**fetcher_config)},
    )
