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


def test_accepted_values_and_ranges_quote_their_columns(conn):
    from assets.checks import check_accepted_values, check_ranges

    conn.execute('ALTER TABLE marts.toy ADD COLUMN "say ""hi""" VARCHAR DEFAULT \'hi\'')
    outcome = check_accepted_values("marts.toy", {'say "hi"': ["hi"], "group": ["a"]})(conn)
    assert not outcome.passed and outcome.description == "marts.toy: group: 'b' not in ['a']"
    outcome = check_ranges("marts.toy", {"unit price": {"min": 0, "max": 1.5}})(conn)
    assert not outcome.passed and "unit price: 0 not finite, 0 below 0, 1 above 1.5" in outcome.description


def test_table_columns_is_the_one_catalog_lookup(conn):
    from infra.tables import comment_columns, table_columns

    assert table_columns(conn, "marts.toy") == {"group", "unit price", "scenario"}
    assert table_columns(conn, "marts.absent") == set()
    comment_columns(conn, "marts.toy", {"unit price": "USD", "absent": "skipped"})
    assert conn.execute("SELECT column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL").fetchall() \
        == [("unit price", "USD")]


def test_a_row_check_names_the_rows_that_break_its_rule_and_lets_null_pass(conn):
    from assets.checks import check_row_rule

    conn.execute("INSERT INTO marts.toy VALUES ('c', NULL, 'base')")  # NULL: a missing figure is not a contradiction
    outcome = check_row_rule("marts.toy", '"unit price" < 2', ("group", "unit price"))(conn)
    assert not outcome.passed and outcome.description == "marts.toy: 1 row(s) break '\"unit price\" < 2': a, 2.0"
    assert check_row_rule("marts.toy", '"unit price" < 3', ("group",))(conn).passed
    broken = check_row_rule("marts.toy", "no_such_column > 0", ("group",))(conn)
    assert not broken.passed and "does not run" in broken.description
