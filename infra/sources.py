"""The source framework: what a source is, how its payload is obtained, and how parse errors read.

A source is one upstream payload (a JSON API, a CSV file, a saved HTML page, or a curated CSV kept in
this repo). Each source module defines a `SOURCE = Source(...)` with a pure `parse(payload, origin)`
function; `assets/sources/__init__.py` lists them in the registry and `assets/ingest.py` turns every
registry entry into a raw asset plus its blocking checks.

Modes (environment variable AICOMPUTE_SOURCE_MODE):
- ``snapshot`` (default): read the recorded snapshot inside the repo; no socket is opened.
- ``live``: fetch ``Source.url`` over HTTPS with the shared requests Session (infra/resources.py),
  and archive the payload by its sha256 so the run can be replayed.
Curated sources (figures transcribed from press text) have no live URL: they are always read from the repo.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from .paths import REPO_ROOT

PROVENANCE_COLUMNS = ("source", "source_url", "fetched_at", "payload_sha256")
MODES = ("snapshot", "live")


class SourceError(Exception):
    """A source could not be fetched or parsed. The message names the source, the file or URL and the fault."""

    def __init__(self, source: str, origin: str, detail: str, line: int | None = None, column: str | None = None):
        self.source, self.origin, self.detail, self.line, self.column = source, origin, detail, line, column
        where = origin if line is None else f"{origin}, line {line}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"source '{source}' ({where}): {detail}")


class SourceParseError(SourceError):
    """The payload arrived but is not what the parser expects (layout changed, field missing, bad value)."""


class SourceFetchError(SourceError):
    """The payload could not be obtained (file missing, HTTP error, timeout, size cap exceeded)."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type of the parsed column
    description: str
    required: bool = True  # a payload without it is rejected


@dataclass(frozen=True)
class Source:
    """One upstream payload and how to read it. Add one to the registry to get a raw asset."""

    name: str  # raw table name: raw.<name>
    domain: str  # traffic, hardware, pricing, vendor_share, models, assumptions
    description: str  # what one row is
    snapshot: Path  # recorded payload inside the repo
    parse: Callable[[bytes, str], pd.DataFrame]  # pure: (payload, origin) -> rows with `columns`
    columns: tuple[Column, ...]
    keys: tuple[str, ...]  # unique within one fetch
    format: str  # csv, json, html: also the Dagster kind
    url: str | None = None  # live URL; None for curated files kept in the repo
    licence: str = ""
    # How often the upstream publishes new data (the daily schedule fetches every live source; an unchanged
    # payload appends nothing). Required for live sources; curated files change when an analyst edits them.
    cadence: str = ""
    owners: tuple[str, ...] = ("team:data",)
    # Paged APIs in live mode: the next page's URL found in a page (None: last page), and how pages merge into one
    # payload (what parse reads and what is archived).
    next_page: Callable[[bytes], str | None] | None = None
    merge_pages: Callable[[list[bytes]], bytes] | None = None

    @property
    def curated(self) -> bool:
        return self.url is None

    @property
    def table(self) -> str:
        return f"raw.{self.name}"

    def origin(self, mode: str) -> str:
        """Where the payload comes from in this mode: the URL (live) or the repo-relative file."""
        if mode == "live" and not self.curated:
            return self.url  # type: ignore[return-value]
        try:
            return str(self.snapshot.relative_to(REPO_ROOT))
        except ValueError:
            return str(self.snapshot)


@dataclass(frozen=True)
class Payload:
    source: str
    origin: str  # the URL or the file it was read from
    body: bytes
    fetched_at: datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def source_mode() -> str:
    mode = os.environ.get("AICOMPUTE_SOURCE_MODE", "snapshot").strip().lower()
    if mode not in MODES:
        raise ValueError(f"AICOMPUTE_SOURCE_MODE must be one of {MODES}, got {mode!r}")
    return mode


def read_snapshot(source: Source, path: Path | None = None) -> Payload:
    """Read the recorded payload (or `path`, a replacement file: replays and tests)."""
    path = Path(path) if path else source.snapshot
    origin = source.origin("snapshot") if path == source.snapshot else str(path)
    if not path.is_file():
        raise SourceFetchError(source.name, origin, "snapshot file is missing")
    body = path.read_bytes()
    if not body.strip():
        raise SourceFetchError(source.name, origin, "snapshot file is empty")
    return Payload(source.name, origin, body, datetime.now(timezone.utc))


def with_provenance(rows: pd.DataFrame, payload: Payload) -> pd.DataFrame:
    """Append the provenance columns every raw row carries."""
    rows = rows.copy()
    rows["source"] = payload.source
    rows["source_url"] = payload.origin
    rows["fetched_at"] = payload.fetched_at
    rows["payload_sha256"] = payload.sha256
    return rows
