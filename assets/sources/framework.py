"""The source framework: what a source is, how its payload is obtained, and how parse errors read.

A source is one upstream payload (a JSON API, a CSV file, a saved HTML page, or a curated CSV kept in
this repo). Each source module defines a `SOURCE = Source(...)` with a pure `parse(payload, origin)`
function; `assets/sources/__init__.py` lists them in the registry and `assets/ingest.py` turns every
registry entry into a raw asset plus its blocking checks.

Modes (environment variable AICOMPUTE_SOURCE_MODE):
- ``snapshot`` (default): read the recorded snapshot inside the repo; no socket is opened.
- ``live``: fetch ``Source.url`` over HTTPS with the shared requests Session (pipelines/resources.py),
  and archive the payload by its sha256 so the run can be replayed.
Curated sources (figures transcribed from press text) have no live URL: they are always read from the repo.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"
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
    family: str  # traffic, hardware, pricing, vendor_share, models, assumptions
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
    tags: dict = field(default_factory=dict)
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


# ---------------------------------------------------------------- parse helpers shared by source modules


def require_fields(source: str, origin: str, present, required, what: str = "field") -> None:
    missing = [name for name in required if name not in present]
    if missing:
        raise SourceParseError(source, origin, f"required {what}(s) missing: {', '.join(missing)}")


# Range of the DuckDB integer types a Column may declare: a payload value outside it is a parse error of the
# source, not a DuckDB conversion error at insert time.
INTEGER_RANGES = {"TINYINT": 2**7, "SMALLINT": 2**15, "INTEGER": 2**31, "BIGINT": 2**63}


def conform(source: Source, origin: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Check the parsed rows have the declared columns and order them; optional columns are filled with NULL."""
    require_fields(source.name, origin, rows.columns, [c.name for c in source.columns if c.required], "column")
    for col in source.columns:
        if col.name not in rows.columns:
            rows[col.name] = None
    if rows.empty:
        raise SourceParseError(source.name, origin, "payload parsed to zero rows")
    for col in source.columns:
        bound = INTEGER_RANGES.get(col.type)
        if bound is not None:
            values = pd.to_numeric(rows[col.name], errors="coerce")
            bad = values[(values < -bound) | (values >= bound)]
            if not bad.empty:
                raise SourceParseError(source.name, origin, f"value {bad.iloc[0]:g} out of range for {col.type} "
                                       f"(row {int(bad.index[0]) + 1} of the parsed rows)", column=col.name)
    return rows[[c.name for c in source.columns]].reset_index(drop=True)


def read_csv_records(source: str, origin: str, payload: bytes, required: list[str]) -> list[tuple[int, dict]]:
    """Parse a CSV payload with the csv module (quoted multi-line cells welcome) into (line, record) pairs.

    The line is the file line where the record starts, so errors can point at it.
    """
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceParseError(source, origin, f"not UTF-8 text: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise SourceParseError(source, origin, "CSV has no header row")
    header = [h.strip() for h in reader.fieldnames]
    reader.fieldnames = header
    require_fields(source, origin, header, required, "column")
    records = []
    try:
        line = reader.line_num + 1
        for record in reader:
            if None in record:  # more cells than header names
                raise SourceParseError(source, origin, "row has more cells than the header", line=line)
            if any(v is None for v in record.values()):
                raise SourceParseError(source, origin, "row has fewer cells than the header (truncated?)", line=line)
            records.append((line, {k: v.strip() for k, v in record.items()}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise SourceParseError(source, origin, f"malformed CSV: {exc}", line=reader.line_num) from exc
    return records


def parse_number(source: str, origin: str, line: int, column: str, text: str, *, allow_empty: bool = False,
                 minimum: float | None = None) -> float | None:
    cleaned = text.replace(",", "").replace("_", "").strip()
    if not cleaned:
        if allow_empty:
            return None
        raise SourceParseError(source, origin, "empty value where a number is required", line=line, column=column)
    try:
        value = float(cleaned)
    except ValueError:
        raise SourceParseError(source, origin, f"not a number: {text!r}", line=line, column=column) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise SourceParseError(source, origin, f"not a finite number: {text!r}", line=line, column=column)
    if minimum is not None and value < minimum:
        raise SourceParseError(source, origin, f"value {value:g} is below the allowed minimum {minimum:g}",
                               line=line, column=column)
    return value


def parse_month(source: str, origin: str, line: int, column: str, text: str) -> datetime:
    """'2023-01' or '2023-01-15' -> first day of that month."""
    try:
        parsed = datetime.strptime(text.strip()[:7], "%Y-%m")
    except ValueError:
        raise SourceParseError(source, origin, f"not a YYYY-MM month: {text!r}", line=line, column=column) from None
    return parsed.date().replace(day=1)
