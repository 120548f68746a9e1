"""The blocking checks of a SQL model's schema.yml entry (assets/checks.py), on a small in-memory table."""
import duckdb
import pytest

from assets.checks import check_unique


@pytest.fixture
def conn():
    conn = duckdb.connect()
    conn.execute("CREATE SCHEMA marts")
    conn.execute('CREATE TABLE marts.toy ("group" VARCHAR, "unit price" DOUBLE, scenario VARCHAR)')
    conn.execute("INSERT INTO marts.toy VALUES ('a', 1, 'base'), ('a', 2, 'base'), ('b', 1, 'base')")
    return conn


def test_grain_columns_are_quoted(conn):
    outcome = check_unique("marts.toy", ("group", "unit price"))(conn)
    assert outcome.passed, outcome.description
    outcome = check_unique("marts.toy", ("group", "scenario"))(conn)
    assert not outcome.passed and "1 duplicate keys" in outcome.description


def test_a_missing_grain_column_is_named_with_its_table(conn):
    outcome = check_unique("marts.toy", ("group", "month"))(conn)
    assert not outcome.passed
    assert outcome.description == "marts.toy has no grain column 'month' (schema.yml grain)"
