"""Publish the working database for analysts: checkpoint, copy beside the target, verify, atomic rename.

Analysts hold read-only DuckDB sessions on the published file. DuckDB allows one writer or many readers
per file, never both, so the pipeline never opens the published file for writing: it builds a complete new
file next to it and renames it over the old one (rename is atomic on POSIX). An open session keeps reading
the old inode; the next connection sees the new file. A crash at any point leaves either the old file or
the new one, never a mix; stale temporary files are removed by the next publish.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb

TMP_PREFIX = "."
TMP_SUFFIX = ".publishing"
# Test-only: seconds to sleep between the verified copy and the rename, so the crash-safety tests can SIGKILL a
# refresh mid-publish reliably (tests/reliability/test_crash_safety.py). Unset (the default) means no delay.


@dataclass(frozen=True)
class PublishResult:
    path: Path
    size_bytes: int
    tables: int


class PublishError(RuntimeError):
    pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(published: Path) -> list[Path]:
    stale = sorted(published.parent.glob(f"{TMP_PREFIX}{published.name}.*{TMP_SUFFIX}"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _connect_when_free(path: Path, attempts: int = 8, first_wait_s: float = 0.05) -> duckdb.DuckDBPyConnection:
    """Open read-write, waiting out a moment when another process reads the file (a refresh planning its run
    opens the working file read-only for a fraction of a second); waits 0.05, 0.1, ... 3.2 s between attempts."""
    for attempt in range(attempts):
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException:
            if attempt == attempts - 1:
                raise
            time.sleep(first_wait_s * 2 ** attempt)
    raise AssertionError("unreachable")


def content_state(conn: duckdb.DuckDBPyConnection) -> str:
    """A digest of what a warehouse file holds: every build fingerprint (SQL models, raw table definitions) and,
    per raw table, its row count and latest payload. Equal digests mean the published file already holds the
    working file's data, so a refresh that changed nothing does not rewrite it."""
    parts = []
    if conn.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'meta' "
                    "AND table_name = 'build_fingerprints'").fetchone()[0]:
        parts += conn.execute("SELECT asset, fingerprint FROM meta.build_fingerprints ORDER BY asset").fetchall()
    for (table,) in conn.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' ORDER BY 1").fetchall():
        parts.append((table, *conn.execute(  # table names come from the catalog, not from a payload
            f'SELECT count(*), max(fetched_at)::VARCHAR, max_by(payload_sha256, captured_at) FROM raw."{table}"').fetchone()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def is_current(work: Path, published: Path) -> bool:
    """The published file exists and holds what the working file holds (same content_state)."""
    if not (work.is_file() and published.is_file()):
        return False
    try:
        with duckdb.connect(str(work), read_only=True) as w, duckdb.connect(str(published), read_only=True) as p:
            return content_state(w) == content_state(p)
    except duckdb.Error:  # a published file that does not open or lacks a table is not current: rewrite it
        return False


def publish(work: Path, published: Path, log=None, before_rename: Callable[[], None] | None = None) -> PublishResult:
    if not work.is_file():
        raise PublishError(f"nothing to publish: working database {work} does not exist")
    published.parent.mkdir(parents=True, exist_ok=True)
    for path in remove_stale_temporaries(published):
        if log:
            log.warning(f"removed a temporary file left by an interrupted publish: {path}")

    # Fold the write-ahead log into the main file so that a plain file copy is the whole database.
    with _connect_when_free(work) as conn:
        conn.execute("CHECKPOINT")
    wal = work.with_name(work.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PublishError(f"working database {work} still has a write-ahead log after CHECKPOINT; is another writer open?")

    tmp = published.with_name(f"{TMP_PREFIX}{published.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")
    try:
        shutil.copyfile(work, tmp)
        with duckdb.connect(str(tmp), read_only=True) as conn:  # the copy must open before it replaces anything
            tables = conn.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0]
        _fsync(tmp)
        if before_rename is not None:  # a seam for tests that kill a refresh mid-publish
            before_rename()
        os.replace(tmp, published)
        _fsync(published.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return PublishResult(published, published.stat().st_size, tables)
