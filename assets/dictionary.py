"""Write the data dictionary (Markdown) from the warehouse's own COMMENT ON metadata, so it cannot drift."""
from __future__ import annotations

import duckdb

from infra.tables import SCHEMAS


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _lineage(conn: duckdb.DuckDBPyConnection) -> dict[str, dict[str, list[str]]]:
    """table -> column -> upstream columns, from meta.column_lineage (written by the mart assets)."""
    if not conn.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'meta' "
                        "AND table_name = 'column_lineage'").fetchone()[0]:
        return {}
    out: dict[str, dict[str, list[str]]] = {}
    for table, column, upstream in conn.execute(
            "SELECT table_name, column_name, upstream_table || '.' || upstream_column FROM meta.column_lineage "
            "ORDER BY ALL").fetchall():
        ups = out.setdefault(table, {}).setdefault(column, [])
        if upstream:
            ups.append(upstream)
    return out


def render(conn: duckdb.DuckDBPyConnection) -> str:
    tables = conn.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() "
        "WHERE schema_name IN ('raw', 'core', 'marts') ORDER BY schema_name = 'raw', schema_name, table_name").fetchall()
    columns = conn.execute(
        "SELECT schema_name, table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE schema_name IN ('raw', 'core', 'marts') ORDER BY schema_name, table_name, column_index").fetchall()
    by_table: dict[tuple[str, str], list] = {}
    for schema, table, name, typ, comment in columns:
        by_table.setdefault((schema, table), []).append((name, typ, comment))
    lineage = _lineage(conn)

    out = ["# Data dictionary", "",
           "Generated from the `COMMENT ON` metadata of `build/aicompute.duckdb` by every refresh "
           "(`make docs` regenerates it alone). Do not edit by hand: edit the comments in `warehouse/` "
           "or the source definitions in `assets/sources/`.", ""]
    views = conn.execute("SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'staging' "
                         "ORDER BY view_name").fetchall()
    for schema in ("marts", "core", "staging", "raw"):
        out += [f"## {schema}", "", SCHEMAS[schema] + ".", ""]
        if schema == "staging":  # views with their raw table's columns: one line each
            out += ["| view | rows |", "|---|---|"] + [f"| `staging.{v}` | {_cell(c)} |" for v, c in views] + [""]
            continue
        for s, table, comment in tables:
            if s != schema:
                continue
            out += [f"### {schema}.{table}", "", _cell(comment) or "(no description)", ""]
            traced = lineage.get(f"{schema}.{table}")
            if traced is None:
                out += ["| column | type | description |", "|---|---|---|"]
                out += [f"| `{n}` | {t} | {_cell(c)} |" for n, t, c in by_table.get((schema, table), [])]
            else:  # marts: the upstream columns each column is computed from (assets/lineage.py)
                out += ["| column | type | description | computed from |", "|---|---|---|---|"]
                out += [f"| `{n}` | {t} | {_cell(c)} | {', '.join(f'`{u}`' for u in traced.get(n, [])) or '(constant)'} |"
                        for n, t, c in by_table.get((schema, table), [])]
            out.append("")
    return "\n".join(out)
