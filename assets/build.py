"""The build in plain Python: ingest one payload, build one SQL model, and plan what a refresh has to do.

The Dagster assets (assets/ingest.py, assets/sql_models.py) are thin wrappers around these functions; the refresh
runner's plan (pipelines/refresh.py), the benchmark's floor (bench/floor.py) and the unit tests call them
directly, without Dagster.
"""
from __future__ import annotations

import os
from datetime import date
from dataclasses import dataclass
from pathlib import Path

import duckdb

from infra.sources import Payload, Source, SourceFetchError, SourceParseError, recorded_payloads, with_provenance
from infra.tables import (append_rows, capture_ingested, comment_columns, ensure_raw_table, input_fingerprint,
                          raw_table_current, run_sql_model, stored_fingerprint, table_exists, use_utc)

from .sources import SOURCES
from .sources.assumptions import base_value
from .sql_graph import SqlModel, every_capture_sources, sql_models

FORCE_REBUILD_ENV = "AICOMPUTE_FORCE_REBUILD"
# Comma-separated source names whose next payload may have far fewer rows than the last capture (an analyst checked
# that the upstream really shrank): the row-drop guard lets it through once.
CONFIRM_ROW_DROP_ENV = "AICOMPUTE_CONFIRM_ROW_DROP"


class MissingAssumptionError(ValueError):
    pass


# In build order: every model comes after the models it reads (derived from the SQL, assets/sql_graph.py).
SQL_MODELS: tuple[SqlModel, ...] = sql_models()
EVERY_CAPTURE = every_capture_sources()


# ------------------------------------------------------------------ ingest

@dataclass(frozen=True)
class Ingested:
    rows_appended: int
    unchanged: bool  # the payload was ingested before (see capture_ingested): nothing parsed, nothing written

    def __add__(self, other: "Ingested") -> "Ingested":
        return Ingested(self.rows_appended + other.rows_appended, self.unchanged and other.unchanged)


def ingest(conn: duckdb.DuckDBPyConnection, source: Source, payload: Payload) -> Ingested:
    """Append a payload's parsed rows to raw.<source> with provenance, in one transaction; a payload ingested
    before (a recorded capture with the same sha256 and date, or an undated one equal to the latest batch) is
    neither parsed nor written."""
    every_capture = source.name in EVERY_CAPTURE
    if not raw_table_current(conn, source, every_capture):
        ensure_raw_table(conn, source, every_capture)
    if capture_ingested(conn, source.table, payload.sha256, payload.captured_at):
        return Ingested(0, True)
    if payload.captured_at is not None:
        refuse_an_edited_capture(conn, source, payload)
    use_utc(conn)
    rows = with_provenance(source.parse(payload.body, payload.origin), payload, source)
    refuse_row_drop(conn, source, payload, len(rows))
    conn.execute("BEGIN TRANSACTION")
    try:
        append_rows(conn, source.table, rows)
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return Ingested(len(rows), False)


def refuse_an_edited_capture(conn: duckdb.DuckDBPyConnection, source: Source, payload: Payload) -> None:
    """A recorded capture is a fact about one moment: a file whose bytes changed after it was ingested under the same
    date would sit beside its first version as a second 'latest' batch. Refused; a new capture gets a new row."""
    other = conn.execute(f"SELECT any_value(payload_sha256) FROM {source.table} WHERE captured_at = ? "
                         f"AND payload_sha256 <> ?", [payload.captured_at, payload.sha256]).fetchone()[0]
    if other is not None:
        raise SourceFetchError(source.name, payload.origin,
                               f"the recorded capture of {payload.captured_at:%Y-%m-%d %H:%M} was ingested with sha256 "
                               f"{other[:12]} and its file now has {payload.sha256[:12]}: a recorded capture must not be "
                               f"edited; restore it, or add the new payload as a new row of inputs/captures/captures.csv")


def refuse_row_drop(conn: duckdb.DuckDBPyConnection, source: Source, payload: Payload, rows: int) -> None:
    """A payload with far fewer rows than the capture before it (a truncated download, a page that lost its table,
    an API answering one page) is refused: fewer than row_drop_block_ratio x that capture's rows, unless the source
    is named in AICOMPUTE_CONFIRM_ROW_DROP."""
    captured_at = payload.captured_at or payload.fetched_at
    # compare like with like: a recorded capture with the capture before it, a live fetch (or curated file) with the
    # fetch before it (a recorded extract may cover more than the live URL asks for: Azure's 18 regions vs eastus)
    recorded = payload.captured_at is not None
    previous = conn.execute(
        f"SELECT captured_at, count(*) FROM {source.table} WHERE captured_at < ? AND (captured_at <> fetched_at) = ? "
        f"GROUP BY captured_at, payload_sha256 ORDER BY captured_at DESC LIMIT 1", [captured_at, recorded]).fetchone()
    if previous is None:
        return
    ratio = base_value("row_drop_block_ratio")
    confirmed = {n.strip() for n in os.environ.get(CONFIRM_ROW_DROP_ENV, "").split(",")}
    if rows < ratio * previous[1] and source.name not in confirmed:
        raise SourceParseError(source.name, payload.origin,
                               f"{rows} rows, far fewer than the {previous[1]} of the capture of {previous[0]:%Y-%m-%d} "
                               f"(below row_drop_block_ratio = {ratio:g}): refused as a likely truncated or wrong payload. "
                               f"If the upstream really shrank, rerun with {CONFIRM_ROW_DROP_ENV}={source.name}")


# ------------------------------------------------------------------ SQL models

def require_assumptions(conn: duckdb.DuckDBPyConnection, model: SqlModel) -> None:
    present = {r[0] for r in conn.execute("SELECT DISTINCT name FROM core.assumptions").fetchall()}
    missing = [n for n in model.requires_assumptions if n not in present]
    if missing:
        raise MissingAssumptionError(
            f"{model.table} needs assumption(s) {', '.join(missing)}: add a row (name, value, low, high, unit, "
            f"source_url, note) for each to inputs/curated/assumptions.csv")


# Part of the model's code version: bump sql_graph.DESCRIBE_ASSUMPTION_COLUMNS when what this writes changes.
def describe_assumption_columns(conn: duckdb.DuckDBPyConnection) -> None:
    """core.scenario_assumptions has one column per assumption: each is described by its row of core.assumptions."""
    rows = conn.execute("SELECT name, any_value(unit), any_value(note) FROM core.assumptions GROUP BY name").fetchall()
    comment_columns(conn, "core.scenario_assumptions",
                    {name: f"{note} (in {unit}; value of this scenario)" if note else f"in {unit}"
                     for name, unit, note in rows})


@dataclass(frozen=True)
class Built:
    rebuilt: bool  # False: SQL and inputs unchanged since the last build, the table was kept
    fingerprint: str | None


def force_rebuild() -> bool:
    return bool(os.environ.get(FORCE_REBUILD_ENV))


def current_fingerprint(conn: duckdb.DuckDBPyConnection, model: SqlModel) -> str | None:
    """The model's fingerprint from its SQL and its inputs as they are now (and the day, for a model that reads
    current_date); None if an input was never built."""
    code = model.code_version
    if model.schema.get("as_of_build_day"):
        code += f"\nbuild_day:{date.today().isoformat()}"
    return input_fingerprint(conn, code, list(model.deps))


def built_from(conn: duckdb.DuckDBPyConnection, model: SqlModel, fingerprint: str | None) -> bool:
    """The model's last build recorded this fingerprint (its SQL and inputs have not changed since)."""
    return fingerprint is not None and stored_fingerprint(conn, model.key) == fingerprint


def build_model(conn: duckdb.DuckDBPyConnection, model: SqlModel) -> Built:
    """Run the model's SQL unless its fingerprint (SQL + inputs) equals the one stored at its last build."""
    fingerprint = current_fingerprint(conn, model)
    unchanged = not force_rebuild() and built_from(conn, model, fingerprint) and table_exists(conn, model.table)
    if not unchanged:
        if model.requires_assumptions:
            require_assumptions(conn, model)
        run_sql_model(conn, model.layer, model.name, fingerprint, sql=model.sql,
                      after=describe_assumption_columns if model.schema.get("one_column_per_assumption") else None)
    return Built(not unchanged, fingerprint)


def stale_models(conn: duckdb.DuckDBPyConnection) -> list[SqlModel]:
    """SQL models whose inputs changed since they were built (their stored fingerprint is not the current one)."""
    return [m for m in SQL_MODELS if not built_from(conn, m, current_fingerprint(conn, m))]


# ------------------------------------------------------------------ refresh plan

@dataclass
class Plan:
    """What a refresh must run (asset key -> why) and what it can skip (asset key -> why)."""

    run: dict[str, str]
    skip: dict[str, str]

    def summary(self) -> str:
        if not self.run:
            return f"nothing to rebuild: all {len(self.skip)} assets are current"
        return (f"{len(self.run)} of {len(self.run) + len(self.skip)} assets to run, "
                f"{len(self.skip)} current and skipped")


def ingest_all(conn: duckdb.DuckDBPyConnection, source: Source, payloads: list[Payload]) -> Ingested:
    """Ingest a source's payloads in the order given (recorded captures oldest first, then a live fetch)."""
    done = Ingested(0, True)
    for payload in payloads:
        done = done + ingest(conn, source, payload)
    return done


Captured = tuple[str, object]  # (payload sha256, captured_at or None)


def plan_build(conn: duckdb.DuckDBPyConnection | None, payload_sha256: dict[str, list[Captured]] | None,
               sources: tuple[Source, ...] = SOURCES) -> Plan:
    """Which raw tables and SQL models a refresh has to materialise, and why; the others are current.

    conn: the working warehouse (read-only is enough), None when there is none yet. payload_sha256: each source's
    payloads as they would be ingested now, (sha256, captured_at) each; None when it cannot be known without
    fetching (live mode)."""
    run: dict[str, str] = {}
    skip: dict[str, str] = {}
    for source in sources:
        key = f"raw/{source.name}"
        if conn is None:
            run[key] = "no working warehouse yet"
        elif payload_sha256 is None:
            run[key] = "live mode: the payload must be fetched to know whether it changed"
        elif not raw_table_current(conn, source, source.name in EVERY_CAPTURE):
            run[key] = "new table, or its column definitions changed"
        elif new := [sha for sha, at in payload_sha256[source.name] if not capture_ingested(conn, source.table, sha, at)]:
            run[key] = f"new payload (sha256 {', '.join(sha[:12] for sha in new)})"
        else:
            skip[key] = f"payload unchanged (sha256 {payload_sha256[source.name][-1][0][:12]})"
    for model in SQL_MODELS:
        changed_inputs = [d for d in model.deps if d in run]
        if changed_inputs:
            run[model.key] = "input changes: " + ", ".join(changed_inputs)
        elif conn is None or not table_exists(conn, model.table):
            run[model.key] = "table does not exist yet"
        elif force_rebuild():
            run[model.key] = f"{FORCE_REBUILD_ENV} is set"
        elif not built_from(conn, model, current_fingerprint(conn, model)):
            run[model.key] = "its SQL or an input changed since its last build"
        else:
            skip[model.key] = "SQL and inputs unchanged since the last build"
    return Plan(run, skip)


def open_for_plan(path: Path) -> duckdb.DuckDBPyConnection | None:
    """The working file read-only, for planning; None when it does not exist. Raises duckdb.IOException when
    another process holds it for writing (the caller then plans a full refresh)."""
    if not path.is_file():
        return None
    return duckdb.connect(str(path), read_only=True)


# ------------------------------------------------------------------ the whole build without Dagster

def build_all(conn: duckdb.DuckDBPyConnection, sources: tuple[Source, ...] = SOURCES,
              snapshot_overrides: dict[str, str] | None = None) -> dict[str, Ingested | Built]:
    """Ingest every source's recorded payload and build every SQL model, in order, on one connection: the work of
    a snapshot refresh without Dagster (the benchmark's floor, and the SQL model unit tests' warehouse)."""
    done: dict[str, Ingested | Built] = {}
    overrides = snapshot_overrides or {}
    for source in sources:
        done[f"raw/{source.name}"] = ingest_all(conn, source, recorded_payloads(source, overrides.get(source.name)))
    for model in SQL_MODELS:
        done[model.key] = build_model(conn, model)
    return done
