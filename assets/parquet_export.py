"""The open-file publish: every core and mart table of the published warehouse as Parquet, with a manifest, for
engines other than DuckDB (pandas, Polars, Spark, Trino, a spreadsheet's Parquet import).

Layout under the build directory:

    parquet/current -> .generations/<generation>/      a symlink, swapped atomically
    parquet/.generations/<generation>/manifest.json    tables, rows, columns (type, comment), content hash, run,
                                                        newest observed_at
    parquet/.generations/<generation>/<schema>/<table>.parquet
    parquet/.generations/<generation>/<schema>/<table>/year=YYYY/data_0.parquet   (schema.yml parquet_partition)

A generation is written completely, read back, and only then does `current` move to it by one rename of a symlink
(atomic on POSIX): a reader who opened `current` sees the old set or the new set, never a mix, and a failed export
leaves `current` where it was. The previous generation is kept for readers still on it; older ones are removed.
The same layout works on object storage with the symlink replaced by the manifest's key (see DESIGN.md).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from infra.publish import content_state
from infra.tables import quote_identifier

EXPORTED_SCHEMAS = ("core", "marts")
CURRENT = "current"
GENERATIONS = ".generations"
MANIFEST = "manifest.json"
KEEP_GENERATIONS = 2  # the new one and the one a reader may still be reading


class ParquetExportError(RuntimeError):
    pass


@dataclass(frozen=True)
class ExportResult:
    directory: Path  # the generation `current` points to
    tables: int
    rows: int
    written: bool  # False when `current` already held this warehouse content


def current_manifest(root: Path) -> dict | None:
    path = root / CURRENT / MANIFEST
    return json.loads(path.read_text()) if path.is_file() else None


def export(published: Path, root: Path, run_id: str, partitions: dict[str, str]) -> ExportResult:
    """Write every core and mart table of `published` as a new Parquet generation under `root` and point `current`
    at it. `partitions`: "schema.table" -> the DATE/TIMESTAMP column whose year partitions that table."""
    with duckdb.connect(str(published), read_only=True) as conn:
        state = content_state(conn)
        manifest = current_manifest(root)
        if manifest and manifest.get("content_state") == state:
            return ExportResult((root / CURRENT).resolve(), len(manifest["tables"]),
                                sum(t["rows"] for t in manifest["tables"]), written=False)
        generation = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        target = root / GENERATIONS / generation
        if "'" in str(target):  # the path goes into COPY ... TO '<path>', which takes no parameter
            raise ParquetExportError(f"the build directory {root} has a quote in its path: cannot write Parquet there")
        target.mkdir(parents=True)
        try:
            tables = [_export_table(conn, target, schema, table, partitions.get(f"{schema}.{table}"))
                      for schema, table in conn.execute(
                          "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ('core', 'marts') "
                          "ORDER BY 1, 2").fetchall()]
            _verify(target, tables)
            (target / MANIFEST).write_text(json.dumps({
                "run_id": run_id, "written_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "warehouse": published.name, "content_state": state, "tables": tables}, indent=1) + "\n")
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
    _point_current_at(root, target)
    _remove_old_generations(root, keep=target)
    return ExportResult(target, len(tables), sum(t["rows"] for t in tables), written=True)


def _export_table(conn, target: Path, schema: str, table: str, partition_column: str | None) -> dict:
    name = f"{quote_identifier(schema)}.{quote_identifier(table)}"  # names from DuckDB's own catalog
    columns = conn.execute("SELECT column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = ? "
                           "AND table_name = ? ORDER BY column_index", [schema, table]).fetchall()
    rows = conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    (target / schema).mkdir(exist_ok=True)
    if partition_column:
        if partition_column not in [c for c, *_ in columns]:
            raise ParquetExportError(f"{schema}.{table}: parquet_partition column {partition_column!r} does not exist")
        path = target / schema / table
        conn.execute(f"COPY (SELECT *, year({quote_identifier(partition_column)}) AS year FROM {name}) TO '{path}' "
                     "(FORMAT parquet, PARTITION_BY (year))")
    else:
        path = target / schema / f"{table}.parquet"
        conn.execute(f"COPY {name} TO '{path}' (FORMAT parquet)")
    names = [c for c, *_ in columns]
    newest = None
    for column in ("observed_at", "newest_observed_at", "last_observed_at"):  # the first the table has
        if column in names:
            value = conn.execute(f"SELECT max({quote_identifier(column)})::VARCHAR FROM {name}").fetchone()[0]
            newest = value
            break
    return {"table": f"{schema}.{table}", "path": str(path.relative_to(target)),
            "partition_by": f"year({partition_column})" if partition_column else None, "rows": rows,
            "columns": [{"name": c, "type": t, "comment": d or ""} for c, t, d in columns],
            "content_sha256": _files_digest(path), "newest_observed_at": newest}


def _files_digest(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path.parent)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _verify(target: Path, tables: list[dict]) -> None:
    """Read every file back before `current` moves: the row counts must be the tables'."""
    with duckdb.connect() as conn:
        for table in tables:
            path = target / table["path"]
            pattern = f"{path}/**/*.parquet" if path.is_dir() else str(path)
            found = conn.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", [pattern]).fetchone()[0]
            if found != table["rows"]:
                raise ParquetExportError(f"{table['table']}: wrote {table['rows']} rows, read back {found} from {path}")


def _point_current_at(root: Path, target: Path) -> None:
    link = root / CURRENT
    if link.is_dir() and not link.is_symlink():  # a copy of the build directory made without keeping symlinks
        os.replace(link, root / GENERATIONS / f"copied-{uuid.uuid4().hex[:8]}")
    tmp = root / f".{CURRENT}.{uuid.uuid4().hex}"
    os.symlink(Path(GENERATIONS) / target.name, tmp)  # relative: the build directory can move
    os.replace(tmp, link)


def _remove_old_generations(root: Path, keep: Path) -> None:
    generations = sorted((root / GENERATIONS).iterdir(), key=lambda p: p.stat().st_mtime)
    old = [p for p in generations if p != keep][:-(KEEP_GENERATIONS - 1) or None]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
