"""Small DuckDB helpers shared by the asset layers: raw table DDL, SQL model files, Dagster table metadata."""
from __future__ import annotations

import hashlib

import duckdb
import pandas as pd

from infra.captures import captures_for
from infra.sources import PROVENANCE_COLUMNS, Source

SCHEMAS = {
    "raw": "Append-only payload rows as fetched, each with its provenance: source, source_url, recorded_file, "
           "observed_at (+ basis), captured_at, fetched_at, payload_sha256",
    "staging": "One view per raw table: its latest capture (or every capture, for price histories)",
    "core": "Conformed entities in the analysts' vocabulary and the configuration marts use, built from staging",
    "marts": "Answers to the analysts' questions, one row per grain x scenario, with the formula used",
}
PROVENANCE = {
    "source": ("VARCHAR", "Source name in the registry (assets/sources)"),
    "source_url": ("VARCHAR", "The web page or API that published the figure (the row's own URL where the payload "
                              "gives one, else the capture's, e.g. a Wayback Machine URL); never a repo path"),
    "recorded_file": ("VARCHAR", "The file the payload was read from: a recorded capture or curated file in the repo, "
                                 "or the archived copy of a live fetch"),
    "observed_at": ("TIMESTAMPTZ", "When the figure was true or published (UTC); see observed_at_basis"),
    "observed_at_basis": ("VARCHAR", "What observed_at was read from: payload (a date field of the row), period (the "
                                     "month or quarter the figure is for), publication (its publication date), capture "
                                     "(the date of the recorded capture), fetch (no date known: when this pipeline read it)"),
    "captured_at": ("TIMESTAMPTZ", "When the payload as a whole was captured: the recorded capture's date "
                                   "(inputs/captures/captures.csv), else the fetch time (live fetch, curated file)"),
    "fetched_at": ("TIMESTAMPTZ", "When this pipeline read the payload (UTC)"),
    "payload_sha256": ("VARCHAR", "sha256 of the payload bytes; live payloads are archived under this name"),
}
assert tuple(PROVENANCE) == PROVENANCE_COLUMNS
PREVIEW_ROWS = 10
# The rows of a raw table's latest capture: the newest captured_at (a backfilled older capture, ingested after a
# newer one, is not the latest). Written here once; the staging views and the raw assets' UI metadata use it.
LATEST_CAPTURE = "QUALIFY captured_at = max(captured_at) OVER ()"
# Every op that opens the working file runs in this Dagster pool; dagster.yaml limits it to 1 slot,
# so two runs queue for the file instead of failing on DuckDB's lock.
WAREHOUSE_POOL = "warehouse"


def ensure_schemas(conn: duckdb.DuckDBPyConnection) -> None:
    for schema in SCHEMAS:  # DuckDB 1.5 has no COMMENT ON SCHEMA; SCHEMAS feeds the data dictionary instead
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")


def use_utc(conn: duckdb.DuckDBPyConnection) -> None:
    """Months and dates cut from timestamps (date_trunc, ::DATE) are UTC months and dates on every machine."""
    conn.execute("SET TimeZone = 'UTC'")


def sql_literal(text: str) -> str:
    """Quote a string from our own code (descriptions) for DDL, where DuckDB takes no parameters."""
    return "'" + text.replace("'", "''") + "'"


def staging_view_query(source: Source, every_capture: bool) -> str:
    """The query of staging.<source>: every capture of raw.<source>, or its latest (LATEST_CAPTURE)."""
    return f"SELECT * FROM {source.table}" + ("" if every_capture else f" {LATEST_CAPTURE}")


def raw_schema_fingerprint(source: Source, every_capture: bool) -> str:
    """The source definition (columns, types, comments) and its staging view's SQL: a change to either recreates
    the table's definition and the view."""
    parts = [f"{c.name}:{c.type}:{c.description}" for c in source.columns] + [source.description]
    parts.append(f"staging:{staging_view_query(source, every_capture)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def raw_table_current(conn: duckdb.DuckDBPyConnection, source: Source, every_capture: bool) -> bool:
    """The table exists and was last (re)defined from this very source definition (columns, types, comments) and
    staging view."""
    return table_exists(conn, source.table) and \
        stored_fingerprint(conn, f"raw/{source.name}/schema") == raw_schema_fingerprint(source, every_capture)


def ensure_staging_view(conn: duckdb.DuckDBPyConnection, source: Source, every_capture: bool) -> None:
    """staging.<source>: the rows of the latest capture of raw.<source> (the newest captured_at), or every capture
    for a history."""
    view = f"staging.{source.name}"
    query = staging_view_query(source, every_capture)
    conn.execute(f"CREATE OR REPLACE VIEW {view} AS {query}")
    what = "Every capture" if every_capture else "The latest capture"
    conn.execute(f"COMMENT ON VIEW {view} IS {sql_literal(f'{what} of {source.table}: ' + source.description)}")


def ensure_raw_table(conn: duckdb.DuckDBPyConnection, source: Source, every_capture: bool = False) -> None:
    """Create raw.<source> if missing, add columns new to the source definition, (re)write its comments, and
    (re)create its staging view."""
    ensure_schemas(conn)
    ensure_meta(conn)
    columns = [(c.name, c.type, c.description) for c in source.columns]
    columns += [(name, typ, desc) for name, (typ, desc) in PROVENANCE.items()]
    ddl = ", ".join(f'"{name}" {typ}' for name, typ, _ in columns)
    conn.execute(f"CREATE TABLE IF NOT EXISTS {source.table} ({ddl})")
    for name, typ, desc in columns:
        conn.execute(f'ALTER TABLE {source.table} ADD COLUMN IF NOT EXISTS "{name}" {typ}')
        conn.execute(f'COMMENT ON COLUMN {source.table}."{name}" IS {sql_literal(desc)}')
    date_batches_written_before_the_clocks(conn, source)
    conn.execute(f"COMMENT ON TABLE {source.table} IS {sql_literal(source.description + ' Append-only per fetch.')}")
    ensure_staging_view(conn, source, every_capture)
    conn.execute("INSERT OR REPLACE INTO meta.build_fingerprints VALUES (?, ?, now())",
                 [f"raw/{source.name}/schema", raw_schema_fingerprint(source, every_capture)])


def date_batches_written_before_the_clocks(conn: duckdb.DuckDBPyConnection, source: Source) -> None:
    """A raw table written before the provenance clocks existed has batches without captured_at. The batches whose
    payload is still in the repo (a recorded capture, the curated file) are deleted: the next ingest reads them again
    with their true dates. The others (old live fetches, older curated versions) can only be dated by their fetch,
    and say so (observed_at_basis 'fetch'). Without this the latest-capture filter (max captured_at) would match
    no row, and a re-read capture would sit beside its undated twin."""
    if not conn.execute(f"SELECT count(*) FROM {source.table} WHERE captured_at IS NULL").fetchone()[0]:
        return
    files = [c.file for c in captures_for(source.name)] or [source.snapshot]
    rereadable = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()]
    conn.execute(f"DELETE FROM {source.table} WHERE captured_at IS NULL AND list_contains(?, payload_sha256)",
                 [rereadable])
    conn.execute(f"UPDATE {source.table} SET captured_at = fetched_at, observed_at = fetched_at, "
                 f"observed_at_basis = 'fetch', recorded_file = coalesce(recorded_file, source_url) "
                 f"WHERE captured_at IS NULL")


def append_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> None:
    """Insert a parsed DataFrame by column name. Values travel as data, never as SQL text."""
    conn.register("incoming_rows", rows)
    try:
        conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
    finally:
        conn.unregister("incoming_rows")


def latest_sha256(conn: duckdb.DuckDBPyConnection, table: str) -> str | None:
    row = conn.execute(f"SELECT payload_sha256 FROM {table} ORDER BY captured_at DESC, fetched_at DESC LIMIT 1").fetchone()
    return row[0] if row else None


def capture_ingested(conn: duckdb.DuckDBPyConnection, table: str, sha256: str, captured_at) -> bool:
    """A recorded capture (dated) is in the table when a batch has its sha256 and date; an undated payload (live
    fetch, curated file) when it equals the latest batch (a return to an earlier payload is a new batch)."""
    if captured_at is None:
        return latest_sha256(conn, table) == sha256
    return conn.execute(f"SELECT count(*) > 0 FROM {table} WHERE payload_sha256 = ? AND captured_at = ?",
                        [sha256, captured_at]).fetchone()[0]


# ------------------------------------------------------------------ incremental builds
# A model's fingerprint hashes its SQL and its inputs' fingerprints (a raw input's is the sha256 of its latest
# payload). A model whose fingerprint equals the one stored when it was last built is not rebuilt.

def ensure_meta(conn: duckdb.DuckDBPyConnection) -> None:
    """The pipeline's own bookkeeping: build fingerprints, and the marts' column lineage (assets/lineage.py)."""
    conn.execute("CREATE SCHEMA IF NOT EXISTS meta")
    conn.execute("CREATE TABLE IF NOT EXISTS meta.build_fingerprints (asset VARCHAR PRIMARY KEY, "
                 "fingerprint VARCHAR NOT NULL, built_at TIMESTAMPTZ NOT NULL)")
    conn.execute("CREATE TABLE IF NOT EXISTS meta.column_lineage (table_name VARCHAR NOT NULL, "
                 "lineage_key VARCHAR NOT NULL, column_name VARCHAR NOT NULL, upstream_table VARCHAR, "
                 "upstream_column VARCHAR)")


def stored_fingerprint(conn: duckdb.DuckDBPyConnection, asset: str) -> str | None:
    """The fingerprint recorded at the asset's last build; None if never built. Works on a read-only connection."""
    if not table_exists(conn, "meta.build_fingerprints"):
        return None
    row = conn.execute("SELECT fingerprint FROM meta.build_fingerprints WHERE asset = ?", [asset]).fetchone()
    return row[0] if row else None


def raw_batches_digest(conn: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """A digest of every batch in a raw table (its payload sha256 and capture date): a backfilled older capture
    changes it although the latest payload stays the same. None for an empty table."""
    return conn.execute(f"SELECT sha256(string_agg(payload_sha256 || '@' || epoch_us(captured_at), ',' "
                        f"ORDER BY captured_at, payload_sha256)) FROM (SELECT DISTINCT payload_sha256, captured_at "
                        f"FROM {table})").fetchone()[0]


def input_fingerprint(conn: duckdb.DuckDBPyConnection, code_version: str, deps: list[str]) -> str | None:
    """None when an input has never been built (so the model must be built)."""
    parts = [code_version]
    for dep in sorted(deps):
        layer, name = dep.split("/")
        part = raw_batches_digest(conn, f"raw.{name}") if layer == "raw" and table_exists(conn, f"raw.{name}") \
            else stored_fingerprint(conn, dep)
        if part is None:
            return None
        parts.append(f"{dep}={part}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def table_exists(conn: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    return bool(conn.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                             [schema, name]).fetchone()[0])


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_columns(conn: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """The column names of `table` ("schema.name"); empty if it does not exist."""
    schema, name = table.split(".")
    return {c for (c,) in conn.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = ? "
                                       "AND table_name = ?", [schema, name]).fetchall()}


def comment_columns(conn: duckdb.DuckDBPyConnection, table: str, descriptions: dict[str, str]) -> None:
    """COMMENT ON the columns of `table` that `descriptions` names: for a table whose columns come from data (a
    PIVOT), which its SQL file cannot describe. Only columns the table already has are commented, under their quoted
    name (an assumption name is checked to be snake_case when its file is parsed); the text is a quoted literal."""
    present = table_columns(conn, table)
    for column, text in descriptions.items():
        if column in present:
            conn.execute(f"COMMENT ON COLUMN {table}.{quote_identifier(column)} IS {sql_literal(text)}")


def run_sql_model(conn: duckdb.DuckDBPyConnection, layer: str, name: str, fingerprint: str | None = None,
                  after=None, *, sql: str) -> None:
    """Run the text of warehouse/<layer>/<name>.sql verbatim (CREATE OR REPLACE + COMMENT ON), then `after(conn)`
    if given, and record its input fingerprint, in one transaction. sql: the file's text as the graph read it when
    it was loaded (assets/sql_graph.py, SqlModel.sql), the same text its code version hashes."""
    ensure_schemas(conn)
    ensure_meta(conn)
    use_utc(conn)
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute(sql)
        if after is not None:
            after(conn)
        if fingerprint:
            conn.execute("INSERT OR REPLACE INTO meta.build_fingerprints VALUES (?, ?, now())",
                         [f"{layer}/{name}", fingerprint])
        else:  # built from an input never fingerprinted: no stale fingerprint may claim it is current
            conn.execute("DELETE FROM meta.build_fingerprints WHERE asset = ?", [f"{layer}/{name}"])
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise


def table_metadata(conn: duckdb.DuckDBPyConnection, table: str, where: str = "", params: list | None = None) -> dict:
    """row count, column schema (with the COMMENT ON descriptions) and a markdown preview for the UI.
    where: a constant filter from code ("WHERE period_start = ?"); its values travel in params."""
    import dagster as dg  # only the assets need it; the plain-Python build (assets/build.py) does not

    schema, name = table.split(".")
    cols = conn.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
        "ORDER BY column_index", [schema, name]).fetchall()
    selection = f"(SELECT * FROM {table} {where})"
    rows = conn.execute(f"SELECT count(*) FROM {selection}", params or []).fetchone()[0]
    preview = conn.execute(f"SELECT * FROM {selection} LIMIT {PREVIEW_ROWS}", params or []).df()
    comment = conn.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                           [schema, name]).fetchone()
    return {
        "dagster/row_count": dg.MetadataValue.int(int(rows)),
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(n, t, description=c or None) for n, t, c in cols]),
        "dagster/table_name": dg.MetadataValue.text(f"aicompute.{table}"),
        "table_comment": dg.MetadataValue.text((comment[0] if comment else None) or ""),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if not preview.empty else "(empty)"),
    }
