"""Shared fixtures. Nothing here imports the Dagster code location at collection time: the parser and SQL unit
tests (`make test-fast`) never pay for it.

The warehouse is built once per test session (`baseline_dir`, one in-process refresh on an in-memory Dagster
instance); tests that only read it use `refreshed`, tests that change it work on a private copy (`warehouse_copy`).
Any test that needs that refresh, or runs Dagster itself, is marked `refresh` (automatically for the fixtures
below); `pytest -m "not refresh"` is the fast inner loop.
"""
import shutil
from pathlib import Path

import pytest

REFRESH_FIXTURES = {"baseline_dir", "refreshed", "baseline_run", "warehouse_copy", "warehouse"}


def pytest_collection_modifyitems(items):
    for item in items:
        if REFRESH_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.refresh)


@pytest.fixture(scope="session")
def sql_warehouse(tmp_path_factory) -> Path:
    """The warehouse built from the recorded payloads by the same parsers and SQL models in plain Python
    (assets.build.build_all: no Dagster, no code location), for the unit tests of what the SQL computes."""
    import duckdb

    from assets.build import build_all

    path = tmp_path_factory.mktemp("sql_warehouse") / "aicompute.duckdb"
    with duckdb.connect(str(path)) as conn:
        build_all(conn)
    return path


@pytest.fixture(scope="session")
def baseline_run(tmp_path_factory):
    """One full refresh into an empty warehouse directory: (directory, the run's ExecuteInProcessResult)."""
    from tests.helpers import run_refresh, step_errors

    root = tmp_path_factory.mktemp("baseline")
    result = run_refresh(root)
    assert result.success, step_errors(result)
    return root, result


@pytest.fixture(scope="session")
def baseline_dir(baseline_run) -> Path:
    """The warehouse directory after the session's refresh (working file, published file, reports). Read only."""
    return baseline_run[0]


@pytest.fixture(scope="session")
def refreshed(baseline_dir) -> Path:
    """The published file of the session's refresh, for tests that only read it."""
    return baseline_dir / "aicompute.duckdb"


@pytest.fixture
def warehouse_copy(baseline_dir, tmp_path) -> Path:
    """A private copy of the session's warehouse directory, for a test that refreshes it again or changes it."""
    root = tmp_path / "warehouse"
    shutil.copytree(baseline_dir, root)
    return root
