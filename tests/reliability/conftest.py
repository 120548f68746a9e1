"""Fixtures shared by the reliability tests: a private copy of the session's warehouse per test."""
import pytest


@pytest.fixture
def warehouse(warehouse_copy):
    """The WarehouseResource of a private copy of the session's warehouse: the last good data a fault must keep."""
    from infra.resources import WarehouseResource

    return WarehouseResource(directory=str(warehouse_copy))
