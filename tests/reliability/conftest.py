"""Fixtures shared by the reliability tests: one good snapshot refresh, copied per test."""
import shutil
from pathlib import Path

import pytest

from pipelines.resources import WarehouseResource
from tests.helpers import run_refresh, step_errors


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A warehouse directory after one good (snapshot) refresh: the last good data every fault must leave alone."""
    root = tmp_path_factory.mktemp("baseline")
    result = run_refresh(root)
    assert result.success, step_errors(result)
    return root


@pytest.fixture
def warehouse(baseline, tmp_path) -> WarehouseResource:
    """A private copy of the baseline warehouse for one test."""
    root = tmp_path / "warehouse"
    shutil.copytree(baseline, root)
    return WarehouseResource(directory=str(root))
