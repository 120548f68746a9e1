"""Column lineage of the SQL models, for the Dagster UI (`dagster/column_lineage`), traced by sqlglot.

sqlglot reads the model's CREATE ... AS SELECT with the warehouse's current schemas and follows every output
column back to the raw/core/marts columns it is computed from. Two DuckDB idioms need help:
- `UNION ALL BY NAME` matches branches by column name; sqlglot matches them by position, so the branches are
  reordered by name (a missing column becomes NULL) before tracing, which is what DuckDB does.
- `PIVOT ... ON name USING any_value(value)` (the assumptions pivot): sqlglot cannot trace into a PIVOT, so a
  pivoted column is attributed to the column the pivot aggregates (core.assumptions.value), a GROUP BY key to itself.
Columns computed from constants only (a formula text, a VALUES list) have no upstream column and are left out.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from infra.paths import REPO_ROOT
from infra.tables import ensure_meta

if TYPE_CHECKING:
    from sqlglot import exp

# Traced lineage by lineage key (SQL text + input columns), shared by every warehouse built from this checkout:
# a fresh build does not trace again what an earlier one traced (tracing the five marts costs ~2 s).
LINEAGE_CACHE_DIR = REPO_ROOT / ".cache" / "lineage"

LAYERS = ("raw", "core", "marts")
# sqlglot logs "Cannot traverse scope PIVOT ..." for every pivoted column; the pivot is handled below.
logging.getLogger("sqlglot").setLevel(logging.ERROR)
Column = tuple[str, str, str]  # (schema, table, column)


def warehouse_schema(conn: duckdb.DuckDBPyConnection) -> dict:
    """{schema: {table: {column: type}}} of the raw, core and marts tables, what sqlglot resolves names against."""
    schema: dict = {}
    rows = conn.execute("SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
                        "WHERE schema_name IN ('raw', 'core', 'marts') ORDER BY schema_name, table_name, column_index")
    for db, table, column, typ in rows.fetchall():
        schema.setdefault(db, {}).setdefault(table, {})[column] = typ
    return schema


def _align_union_by_name(query: exp.Expr) -> None:
    """Rewrite UNION [ALL] BY NAME as a positional union with the same output, in place."""
    from sqlglot import exp

    for union in list(query.find_all(exp.Union)):
        left, right = union.left, union.right
        if not union.args.get("by_name") or not (isinstance(left, exp.Select) and isinstance(right, exp.Select)):
            continue
        names = list(dict.fromkeys([*left.named_selects, *right.named_selects]))
        for branch in (left, right):
            by_name = {e.alias_or_name: e for e in branch.expressions}
            branch.set("expressions", [by_name.get(n) or exp.alias_(exp.null(), n) for n in names])
        union.set("by_name", None)


def _pivot_columns(pivot: exp.Pivot, column: str, schema: dict) -> list[Column]:
    """The upstream columns behind one output column of a PIVOT: a GROUP BY key is itself; a pivoted column
    comes from what USING aggregates (e.g. assumptions.value)."""
    from sqlglot import exp

    group = {c.name for c in (pivot.args.get("group") or exp.Group()).find_all(exp.Column)}
    used = {column} if column in group else {c.name for u in pivot.args.get("using") or [] for c in u.find_all(exp.Column)}
    out = []
    for table in pivot.find_all(exp.Table):
        known = schema.get(table.db, {}).get(table.name, {})
        out += [(table.db, table.name, c) for c in sorted(used) if c in known]
    return out


def _leaves(node, pivots: dict[str, exp.Pivot], schema: dict) -> set[Column]:
    from sqlglot import exp

    found: set[Column] = set()
    for n in node.walk():
        if n.downstream or not isinstance(n.source, exp.Table):
            continue  # constants (a VALUES list, a literal) end a path without an upstream column
        column = n.name.split(".")[-1]
        if n.source.db in LAYERS:
            found.add((n.source.db, n.source.name, column))
        elif n.source.name in pivots:  # a CTE that is a PIVOT: sqlglot stops at its name
            found.update(_pivot_columns(pivots[n.source.name], column, schema))
    return found


def trace(sql: str, table: str, schema: dict) -> dict[str, list[Column]]:
    """For the CREATE of `table` (schema.name) in `sql`: output column -> the upstream columns it comes from."""
    # imported here: tracing runs only when a mart's SQL or input schema changed, and these cost ~0.4 s to import
    import sqlglot
    from sqlglot import exp
    from sqlglot.lineage import lineage
    from sqlglot.optimizer.qualify import qualify
    from sqlglot.optimizer.scope import build_scope

    create = next((s for s in sqlglot.parse(sql, read="duckdb")
                   if isinstance(s, exp.Create) and s.this.sql(dialect="duckdb") == table), None)
    if create is None or not isinstance(create.expression, exp.Query):
        raise ValueError(f"no CREATE TABLE {table} AS SELECT found")
    query = qualify(create.expression.copy(), dialect="duckdb", schema=schema, validate_qualify_columns=False,
                    identify=False)
    _align_union_by_name(query)
    pivots = {cte.alias: cte.this for cte in query.find_all(exp.CTE) if isinstance(cte.this, exp.Pivot)}
    nodes = lineage(None, query, schema=schema, dialect="duckdb", scope=build_scope(query))
    return {column: sorted(_leaves(node, pivots, schema) - {(*table.split("."), column)})
            for column, node in nodes.items()}


def _tracer_version() -> str:
    """This module's code and sqlglot's version: a fix of the tracer or an upgrade traces again."""
    from importlib.metadata import version

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12] + "/" + version("sqlglot")


def _lineage_key(conn: duckdb.DuckDBPyConnection, code_version: str, deps: list[str]) -> str:
    """Changes when the model's SQL, an input table's columns or the tracer change: only then is it traced again."""
    rows = conn.execute("SELECT schema_name || '/' || table_name, column_name, data_type FROM duckdb_columns() "
                        "WHERE list_contains(?, schema_name || '/' || table_name) "
                        "ORDER BY schema_name, table_name, column_index", [sorted(deps)]).fetchall()
    return hashlib.sha256(json.dumps([code_version, _tracer_version(), rows]).encode()).hexdigest()[:16]


def _cached_or_traced(conn: duckdb.DuckDBPyConnection, table: str, sql: str, key: str, deps: list[str]) -> list[tuple]:
    """(column, upstream table, upstream column) rows: from the checkout's cache if this key was traced before."""
    cached = LINEAGE_CACHE_DIR / f"{table}-{key}.json"
    if cached.is_file():
        return [tuple(r) for r in json.loads(cached.read_text())]
    declared = {tuple(d.split("/")) for d in deps}
    traced = trace(sql, table, warehouse_schema(conn))
    rows = [(column, f"{s}.{t}", c) for column, ups in traced.items() for s, t, c in ups if (s, t) in declared]
    with_upstream = {r[0] for r in rows}
    rows += [(column, None, None) for column in traced if column not in with_upstream]  # constants
    _write_atomically(cached, json.dumps(rows))
    return rows


def _write_atomically(path: Path, text: str) -> None:
    """Concurrent refreshes may trace the same key: each writes its own temporary file, the rename is atomic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def column_lineage(conn: duckdb.DuckDBPyConnection, table: str, sql: str, code_version: str,
                   deps: list[str]) -> dict[str, list[Column]]:
    """Output column -> upstream (schema, table, column) within the declared deps, kept in meta.column_lineage
    (one row per column x upstream column; analysts can query it) and traced again only when the key changes."""
    ensure_meta(conn)
    key = _lineage_key(conn, code_version, deps)
    rows = conn.execute("SELECT column_name, upstream_table, upstream_column FROM meta.column_lineage "
                        "WHERE table_name = ? AND lineage_key = ?", [table, key]).fetchall()
    if not rows:
        rows = _cached_or_traced(conn, table, sql, key, deps)
        conn.execute("DELETE FROM meta.column_lineage WHERE table_name = ?", [table])
        conn.executemany("INSERT INTO meta.column_lineage VALUES (?, ?, ?, ?, ?)", [(table, key, *r) for r in rows])
    lineage: dict[str, list[Column]] = {}
    for column, upstream_table, upstream_column in rows:
        ups = lineage.setdefault(column, [])
        if upstream_table:
            ups.append((*upstream_table.split("."), upstream_column))
    return {c: sorted(v) for c, v in lineage.items()}
