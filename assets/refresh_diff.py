"""What changed in this refresh: every core and mart table of the working file compared with the published file it
is about to replace, written to meta.refresh_diff (per table) and meta.refresh_diff_changes (the largest changes of
each mart's headline measure), so the published file says what its publish changed.

A table is compared on its grain (schema.yml): a key only in the new table is added, only in the old one removed,
in both with any column different changed. A table without a grain is compared as a multiset of rows (added /
removed only). Columns that exist on one side only are named, and rows are compared on the columns both have.
The headline measure is the first measure of the mart's scenario_range; its largest absolute changes (any scenario:
the key names it) are kept with their key, old and new value.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from infra.tables import quote_identifier

from .sql_graph import sql_models

TOP_CHANGES = 10  # per mart: the rows a reader looks at first; the counts cover every row
PREVIOUS = "previous_publish"
COMMENTS = {  # constants: no quote inside
    "refresh_diff": "Per core and mart table: rows before and after this publish, added, removed and changed on the "
                    "grain (schema.yml), new or dropped columns",
    "refresh_diff_changes": "Per mart: the largest changes of its headline measure in this publish (key, old, new)",
}


def _columns(conn, catalog: str, schema: str, table: str) -> list[str]:
    return [c for c, in conn.execute("SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? "
                                     "AND table_name = ? ORDER BY column_index", [catalog, schema, table]).fetchall()]


def _tables(conn, catalog: str) -> set[tuple[str, str]]:
    return set(conn.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? "
                            "AND schema_name IN ('core', 'marts')", [catalog]).fetchall())


def write(conn: duckdb.DuckDBPyConnection, previous: Path) -> list[tuple]:
    """Compare the working file on `conn` with the published file `previous` (if any) and (re)write the diff tables.
    Returns the changed tables' rows of meta.refresh_diff, largest change first."""
    conn.execute("CREATE SCHEMA IF NOT EXISTS meta")
    conn.execute("CREATE OR REPLACE TABLE meta.refresh_diff (table_name VARCHAR, rows_before BIGINT, rows_after BIGINT, "
                 "added BIGINT, removed BIGINT, changed BIGINT, compared_on VARCHAR, note VARCHAR)")
    conn.execute("CREATE OR REPLACE TABLE meta.refresh_diff_changes (table_name VARCHAR, measure VARCHAR, row_key VARCHAR, "
                 "old_value DOUBLE, new_value DOUBLE, change DOUBLE)")
    for table, text in COMMENTS.items():
        conn.execute(f"COMMENT ON TABLE meta.{table} IS '{text}'")
    current = conn.execute("SELECT current_database()").fetchone()[0]
    models = {m.table: m for m in sql_models()}
    if not previous.is_file():
        conn.executemany("INSERT INTO meta.refresh_diff VALUES (?, NULL, ?, ?, 0, 0, NULL, 'first publish')",
                         [(f"{s}.{t}", n, n) for s, t in sorted(_tables(conn, current))
                          for n in [conn.execute(f"SELECT count(*) FROM {quote_identifier(s)}.{quote_identifier(t)}").fetchone()[0]]])
        return changed_tables(conn)
    if "'" in str(previous):  # the path goes into ATTACH '<path>', which takes no parameter
        raise ValueError(f"the published file {previous} has a quote in its path: cannot compare with it")
    try:
        conn.execute(f"ATTACH '{previous}' AS {PREVIOUS} (READ_ONLY)")
    except duckdb.Error as exc:  # a damaged published file is replaced by this publish; the diff says why it is empty
        conn.execute("INSERT INTO meta.refresh_diff VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?)",
                     [f"previous publish {previous.name} could not be opened ({type(exc).__name__}): nothing compared"])
        return changed_tables(conn)
    try:
        new, old = _tables(conn, current), _tables(conn, PREVIOUS)
        for schema, table in sorted(new | old):
            name = f"{schema}.{table}"
            n_ref = f"{quote_identifier(schema)}.{quote_identifier(table)}"
            o_ref = f"{PREVIOUS}.{n_ref}"
            if (schema, table) not in old:
                rows = conn.execute(f"SELECT count(*) FROM {n_ref}").fetchone()[0]
                conn.execute("INSERT INTO meta.refresh_diff VALUES (?, NULL, ?, ?, 0, 0, NULL, 'new table')", [name, rows, rows])
                continue
            if (schema, table) not in new:
                rows = conn.execute(f"SELECT count(*) FROM {o_ref}").fetchone()[0]
                conn.execute("INSERT INTO meta.refresh_diff VALUES (?, ?, NULL, 0, ?, 0, NULL, 'table dropped')", [name, rows, rows])
                continue
            _diff_table(conn, name, n_ref, o_ref, current, schema, table, models.get(name))
    finally:
        conn.execute(f"DETACH {PREVIOUS}")
    return changed_tables(conn)


def changed_tables(conn) -> list[tuple]:
    """(table, rows_before, rows_after, added, removed, changed, note) of every table the last publish changed or
    noted, most changed rows first: what the publish step's metadata and the refresh summary show."""
    return conn.execute("SELECT table_name, rows_before, rows_after, added, removed, changed, note FROM meta.refresh_diff "
                        "WHERE coalesce(added, 0) + coalesce(removed, 0) + coalesce(changed, 0) > 0 OR note IS NOT NULL "
                        "ORDER BY coalesce(added, 0) + coalesce(removed, 0) + coalesce(changed, 0) DESC, table_name").fetchall()


def largest_changes(conn, limit: int, by_table: bool = False) -> list[tuple]:
    """(table, measure, key, old, new) of the largest headline changes, overall or grouped by table."""
    return conn.execute("SELECT table_name, measure, row_key, old_value, new_value FROM meta.refresh_diff_changes "
                        "ORDER BY CASE WHEN ? THEN table_name END, abs(change) DESC NULLS FIRST LIMIT ?",
                        [by_table, limit]).fetchall()


def _diff_table(conn, name, n_ref, o_ref, current, schema, table, model) -> None:
    new_cols, old_cols = _columns(conn, current, schema, table), _columns(conn, PREVIOUS, schema, table)
    common = [c for c in new_cols if c in old_cols]
    notes = []
    if added := [c for c in new_cols if c not in old_cols]:
        notes.append("new column(s): " + ", ".join(added))
    if dropped := [c for c in old_cols if c not in new_cols]:
        notes.append("dropped column(s): " + ", ".join(dropped))
    cols = ", ".join(quote_identifier(c) for c in common)
    before, after = (conn.execute(f"SELECT count(*) FROM {ref}").fetchone()[0] for ref in (o_ref, n_ref))
    grain = [c for c in (model.grain if model else ()) if c in common]
    if model and grain == list(model.grain):
        on = " AND ".join(f"n.{quote_identifier(c)} IS NOT DISTINCT FROM o.{quote_identifier(c)}" for c in grain)
        added_n, removed_n, changed_n = conn.execute(f"""
            WITH n AS (SELECT {cols} FROM {n_ref}), o AS (SELECT {cols} FROM {o_ref})
            SELECT (SELECT count(*) FROM n WHERE NOT EXISTS (SELECT 1 FROM o WHERE {on})),
                   (SELECT count(*) FROM o WHERE NOT EXISTS (SELECT 1 FROM n WHERE {on})),
                   (SELECT count(*) FROM n JOIN o ON {on} WHERE n IS DISTINCT FROM o)""").fetchone()
        compared_on = ", ".join(grain)
        measure = _headline(model)
        if measure and measure in common:
            m = quote_identifier(measure)
            key_text = " || ' | ' || ".join(f"coalesce(n.{quote_identifier(c)}::VARCHAR, '')" for c in grain)
            conn.execute(f"""
                INSERT INTO meta.refresh_diff_changes
                SELECT ?, ?, {key_text}, o.{m}, n.{m}, n.{m} - o.{m}
                FROM {n_ref} n JOIN {o_ref} o ON {on}
                WHERE n.{m} IS DISTINCT FROM o.{m}
                ORDER BY abs(coalesce(n.{m} - o.{m}, 'inf'::DOUBLE)) DESC, 3 LIMIT {TOP_CHANGES}""", [name, measure])
    else:
        added_n, removed_n = conn.execute(f"""
            SELECT (SELECT count(*) FROM (SELECT {cols} FROM {n_ref} EXCEPT ALL SELECT {cols} FROM {o_ref})),
                   (SELECT count(*) FROM (SELECT {cols} FROM {o_ref} EXCEPT ALL SELECT {cols} FROM {n_ref}))""").fetchone()
        changed_n, compared_on = None, "whole rows (no grain in schema.yml)"
    conn.execute("INSERT INTO meta.refresh_diff VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 [name, before, after, added_n, removed_n, changed_n, compared_on, "; ".join(notes) or None])


def _headline(model) -> str | None:
    spec = model.schema.get("scenario_range")
    if not spec:
        return None
    return spec["measure"] if isinstance(spec["measure"], str) else spec["measure"][0]
