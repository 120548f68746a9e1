"""Shared fixtures. Nothing here imports the Dagster code location at collection time: the parser and SQL unit
tests (`make test-fast`) never pay for it.

The warehouse is built once per test run (`baseline_dir`, one in-process refresh on an in-memory Dagster
instance, shared by the xdist workers); tests that only read it use `refreshed`, tests that change it work on a
private copy (`warehouse_copy`).
Any test that needs that refresh, or runs Dagster itself, is marked `refresh` (automatically for the fixtures
below); `pytest -m "not refresh"` is the fast inner loop.
"""
import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest

REFRESH_FIXTURES = {"baseline_dir", "refreshed", "baseline_rebuilt", "warehouse_copy", "warehouse"}


# The longest modules (process-level refreshes, fuzzing), scheduled first so that under `-n 2 --dist loadfile` neither
# worker ends with a long module while the other idles.
LONGEST_FIRST = ("test_crash_safety", "test_concurrent_runs", "test_dead_runs", "test_parser_fuzz", "test_ui")


def pytest_collection_modifyitems(items):
    for item in items:
        if REFRESH_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.refresh)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: the rest keep their order


def built_once(tmp_path_factory, name: str, build) -> Path:
    """A directory built once per test run, shared by the pytest-xdist workers (make test runs two): the first
    worker to get the lock builds it, the other waits and reuses it. Tests only read it (or copy it)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's shared base directory, above each worker's own
    target = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (target / ".built").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            build(target)
            (target / ".built").touch()
    return target


def _plain_build(target: Path) -> None:
    import duckdb

    from assets.build import build_all

    with duckdb.connect(str(target / "aicompute.duckdb")) as conn:
        build_all(conn)


def _session_refresh(target: Path) -> None:
    from tests.helpers import rebuilt_by_asset, run_refresh, step_errors

    result = run_refresh(target)
    assert result.success, step_errors(result)
    (target / "rebuilt.json").write_text(json.dumps(rebuilt_by_asset(result)))


@pytest.fixture(scope="session")
def sql_warehouse(tmp_path_factory) -> Path:
    """The warehouse built from the recorded payloads by the same parsers and SQL models in plain Python
    (assets.build.build_all: no Dagster, no code location), for the unit tests of what the SQL computes."""
    return built_once(tmp_path_factory, "sql_warehouse", _plain_build) / "aicompute.duckdb"


@pytest.fixture(scope="session")
def baseline_dir(tmp_path_factory) -> Path:
    """The warehouse directory after the session's refresh (one full `refresh` job into an empty directory on an
    in-memory Dagster instance): working file, published file, reports. Read only; copy it to change it."""
    return built_once(tmp_path_factory, "baseline", _session_refresh)


@pytest.fixture(scope="session")
def baseline_rebuilt(baseline_dir) -> dict[str, bool]:
    """SQL model -> whether the session's refresh rebuilt it (the `rebuilt` metadata of its materialization)."""
    return json.loads((baseline_dir / "rebuilt.json").read_text())


@pytest.fixture(scope="session")
def refreshed(baseline_dir) -> Path:
    """The published file of the session's refresh, for tests that only read it."""
    return baseline_dir / "aicompute.duckdb"


@pytest.fixture
def warehouse_copy(baseline_dir, tmp_path) -> Path:
    """A private copy of the session's warehouse directory, for a test that refreshes it again or changes it."""
    root = tmp_path / "warehouse"
    shutil.copytree(baseline_dir, root, symlinks=True)  # parquet/current is a symlink
    return root
