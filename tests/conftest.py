"""Shared fixtures."""
from pathlib import Path

import pytest

from pipelines.resources import WarehouseResource
from tests.helpers import run_refresh, step_errors


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory) -> Path:
    """One successful full refresh shared by read-only tests; returns the published file."""
    root = tmp_path_factory.mktemp("warehouse")
    result = run_refresh(root)
    assert result.success, step_errors(result)
    return WarehouseResource(directory=str(root)).published_path
