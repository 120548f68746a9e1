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

from .captures import Capture, captures_for
from .paths import REPO_ROOT

# The one setting that decides snapshot or live for `make refresh`, `make dev` runs and the daily schedule (which
# passes it on as the `fetcher` resource's `mode` and this run tag, shown on the run in the UI).
MODE_ENV = "AICOMPUTE_SOURCE_MODE"
SOURCE_MODE_TAG = "aicompute/source_mode"
PROVENANCE_COLUMNS = ("source", "source_url", "recorded_file", "observed_at", "observed_at_basis", "captured_at",
                      "fetched_at", "payload_sha256")
MODES = ("snapshot", "live")
# What a row's observed_at was read from, best first: a date field of the row itself (payload), the period the
# figure is for (period), its publication date (publication), the date of the capture it came in (capture), or
# nothing better than when this pipeline read it (fetch).
OBSERVED_AT_BASES = ("payload", "period", "publication", "capture", "fetch")


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
    # meta.source_freshness flags the source stale when its newest observed_at is older than this (days); None: the
    # source is configuration (mappings, windows) that no date makes old.
    stale_after_days: int | None = None
    owners: tuple[str, ...] = ("team:data",)
    # Paged APIs in live mode: the next page's URL found in a page (None: last page), and how pages merge into one
    # payload (what parse reads and what is archived).
    next_page: Callable[[bytes], str | None] | None = None
    merge_pages: Callable[[list[bytes]], bytes] | None = None
    # When each row's figure was true: a parsed DATE/TIMESTAMP column and what it is (payload / period /
    # publication). Rows where it is empty, and sources without one, take the capture's date (else the fetch time).
    observed_at_column: str | None = None
    observed_at_basis: str = "payload"
    # A parsed column holding the web page that published the row's figure (curated rows, per-row report URLs);
    # empty cells fall back to the capture's web URL.
    web_url_column: str | None = None

    def __post_init__(self):
        if self.observed_at_basis not in OBSERVED_AT_BASES[:3]:
            raise ValueError(f"source {self.name}: observed_at_basis must be one of {OBSERVED_AT_BASES[:3]}")
        declared = {c.name for c in self.columns}
        for field in ("observed_at_column", "web_url_column"):
            column = getattr(self, field)
            if column is not None and column not in declared:
                raise ValueError(f"source {self.name}: {field} {column!r} is not one of its columns")
        clash = declared & set(PROVENANCE_COLUMNS)
        if clash:
            raise ValueError(f"source {self.name}: column(s) {sorted(clash)} are provenance columns every raw row gets")

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
    origin: str  # the URL or the file it was read from (error messages)
    body: bytes
    fetched_at: datetime
    captured_at: datetime | None = None  # the recorded capture's own date; None: a live fetch or a curated file
    web_url: str | None = None  # the page or API that published it; None for a curated file
    recorded_file: str | None = None  # the repo file (or archive file) the bytes were read from

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def source_mode() -> str:
    mode = os.environ.get(MODE_ENV, "snapshot").strip().lower()
    if mode not in MODES:
        raise ValueError(f"{MODE_ENV} must be one of {MODES}, got {mode!r}")
    return mode


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _read_file(source: Source, path: Path, capture: Capture | None) -> Payload:
    origin = _relative(path)
    if not path.is_file():
        raise SourceFetchError(source.name, origin, "snapshot file is missing")
    body = path.read_bytes()
    if not body.strip():
        raise SourceFetchError(source.name, origin, "snapshot file is empty")
    web_url = capture.web_url if capture else source.url
    return Payload(source.name, origin, body, datetime.now(timezone.utc),
                   captured_at=capture.captured_at if capture else None, web_url=web_url, recorded_file=origin)


def read_snapshot(source: Source, path: Path | None = None) -> Payload:
    """Read the newest recorded payload (or `path`, a replacement file of unknown date: replays and tests)."""
    if path and Path(path) != source.snapshot:
        return _read_file(source, Path(path), None)
    captures = captures_for(source.name)
    return _read_file(source, source.snapshot, captures[-1] if captures else None)


def recorded_payloads(source: Source, path: Path | None = None) -> list[Payload]:
    """Every recorded capture of the source, oldest first (or only `path`, a replacement file)."""
    captures = captures_for(source.name)
    if path or not captures:
        return [read_snapshot(source, path)]
    return [_read_file(source, c.file, c) for c in captures]


def with_provenance(rows: pd.DataFrame, payload: Payload, source: Source) -> pd.DataFrame:
    """Append the provenance columns every raw row carries: the web page that published it, the file it was read
    from, when its figure was true (observed_at and its basis), when the payload was captured and fetched."""
    rows = rows.copy()
    rows["source"] = payload.source
    web_url = pd.Series(payload.web_url, index=rows.index, dtype=object)
    if source.web_url_column:
        own = rows[source.web_url_column].astype(object)
        web_url = own.where(own.notna() & (own.astype(str).str.strip() != ""), web_url)
    rows["source_url"] = web_url
    rows["recorded_file"] = payload.recorded_file
    default_at, default_basis = ((payload.captured_at, "capture") if payload.captured_at is not None
                                 else (payload.fetched_at, "fetch"))
    observed = pd.Series(pd.Timestamp(default_at), index=rows.index)
    basis = pd.Series(default_basis, index=rows.index, dtype=object)
    if source.observed_at_column:
        own_at = pd.to_datetime(rows[source.observed_at_column], utc=True)
        observed = own_at.where(own_at.notna(), observed)
        basis = basis.where(own_at.isna(), source.observed_at_basis)
    rows["observed_at"] = observed
    rows["observed_at_basis"] = basis
    rows["captured_at"] = payload.captured_at if payload.captured_at is not None else payload.fetched_at
    rows["fetched_at"] = payload.fetched_at
    rows["payload_sha256"] = payload.sha256
    return rows
