"""Helpers for the reliability tests: a temporary Dagster home with the repo's dagster.yaml, refresh
subprocesses (`python -m pipelines.refresh`), step intervals read from the event log, and checks on a
published file."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
from dagster import DagsterEventType, DagsterInstance

from tests.helpers import REPO

STEP_END = (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE, DagsterEventType.STEP_SKIPPED)


def dagster_home(root: Path, python_log_level: str | None = None) -> Path:
    """A DAGSTER_HOME under root with the repo's dagster.yaml (the `warehouse` pool limited to 1 slot); with
    python_log_level, that level instead of the repo's (INFO) for what context.log keeps in the event log."""
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    text = (REPO / "dagster.yaml").read_text()
    if python_log_level:
        assert "python_log_level: INFO" in text
        text = text.replace("python_log_level: INFO", f"python_log_level: {python_log_level}")
    (home / "dagster.yaml").write_text(text)
    return home


def refresh_env(home: Path, warehouse: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AICOMPUTE_", "DAGSTER_"))}
    env.update(DAGSTER_HOME=str(home), AICOMPUTE_WAREHOUSE_DIR=str(warehouse), AICOMPUTE_SOURCE_MODE="snapshot",
               PYTHONUNBUFFERED="1", **extra)
    return env


def start_refresh(env: dict, stderr=subprocess.PIPE, publish_delay_s: float = 0) -> subprocess.Popen:
    """`python -m pipelines.refresh`; with publish_delay_s, the same refresh pausing that long between the copy and
    the rename of its publish (tests/reliability/slow_publish_refresh.py injects the pause)."""
    command = ["-m", "tests.reliability.slow_publish_refresh", str(publish_delay_s)] if publish_delay_s \
        else ["-m", "pipelines.refresh"]
    return subprocess.Popen([sys.executable, *command], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=stderr, text=True)


def run_refresh_process(env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.refresh"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)


def instance_at(home: Path) -> DagsterInstance:
    return DagsterInstance.from_config(str(home))


def step_intervals(instance: DagsterInstance, run_id: str) -> dict[str, tuple[float, float]]:
    """step key -> (start, end) wall-clock timestamps from the run's event log."""
    starts, ends = {}, {}
    for record in instance.get_records_for_run(run_id, of_type={DagsterEventType.STEP_START, *STEP_END}).records:
        entry = record.event_log_entry
        event = entry.dagster_event
        if event.event_type == DagsterEventType.STEP_START:
            starts[event.step_key] = entry.timestamp
        else:
            ends[event.step_key] = entry.timestamp
    return {k: (starts[k], ends[k]) for k in starts if k in ends}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_published_healthy(path: Path) -> None:
    """The published file opens read-only and every seed figure is reproduced within tolerance."""
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute("SELECT figure, within_tolerance FROM marts.seed_reconciliation ORDER BY figure").fetchall()
        assert rows and all(ok for _, ok in rows), rows
        assert conn.execute("SELECT count(*) FROM marts.monthly_inference_cost").fetchone()[0] > 0


def raw_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as conn:
        tables = [t for (t,) in conn.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall()]
        return {t: conn.execute(f'SELECT count(*) FROM raw."{t}"').fetchone()[0] for t in tables}
