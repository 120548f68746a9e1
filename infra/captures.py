"""The recorded captures of each source: which payloads of which dates are in the repo, and where they came from.

inputs/captures/captures.csv has one row per recorded payload: source, file (under inputs/captures/), captured_at
(ISO 8601, UTC: when the payload was true as a whole), dated_by (what dates it: a Wayback timestamp, a field of the
payload, a mirror's commit date), web_url (the page or API that published it), origin (where this copy came from:
repo@commit:path), licence. A source may have several captures of different dates (a history); a refresh ingests
every one in date order, and a fresh clone rebuilds the same history. The newest capture must be the source's
`snapshot` (the file parser tests read). Curated files in inputs/curated/ are not listed: each edit is a capture.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from .paths import CAPTURES_DIR

MANIFEST = CAPTURES_DIR / "captures.csv"
HEADER = ("source", "file", "captured_at", "dated_by", "web_url", "origin", "licence")


class ManifestError(ValueError):
    """captures.csv is malformed: the message names the file, the line and the fault."""


@dataclass(frozen=True)
class Capture:
    source: str
    file: Path
    captured_at: datetime  # UTC
    dated_by: str
    web_url: str
    origin: str
    licence: str


def _fail(path: Path, line: int, detail: str) -> ManifestError:
    return ManifestError(f"{path}, line {line}: {detail}")


def parse_manifest(text: str, path: Path = MANIFEST, root: Path = CAPTURES_DIR) -> dict[str, tuple[Capture, ...]]:
    """source -> its captures, oldest first. Refuses a wrong header, an empty or non-ISO date, a missing file,
    a non-https web_url and two captures of one source at the same time."""
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader, ()))
    if header != HEADER:
        raise _fail(path, 1, f"header must be {','.join(HEADER)}, got {','.join(header)}")
    seen: dict[tuple[str, datetime], int] = {}
    by_source: dict[str, list[Capture]] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(HEADER):
            raise _fail(path, line, f"{len(cells)} cells, expected {len(HEADER)}")
        rec = dict(zip(HEADER, (c.strip() for c in cells)))
        for column in ("source", "file", "captured_at", "dated_by", "web_url"):
            if not rec[column]:
                raise _fail(path, line, f"column '{column}' is empty")
        try:
            captured = datetime.fromisoformat(rec["captured_at"].replace("Z", "+00:00"))
        except ValueError:
            raise _fail(path, line, f"captured_at {rec['captured_at']!r} is not an ISO 8601 time") from None
        if captured.tzinfo is None:
            raise _fail(path, line, f"captured_at {rec['captured_at']!r} has no time zone (write Z for UTC)")
        captured = captured.astimezone(timezone.utc)
        file = root / rec["file"]
        if not file.is_file():
            raise _fail(path, line, f"file {rec['file']!r} does not exist under {root}")
        if not rec["web_url"].startswith("https://"):
            raise _fail(path, line, f"web_url {rec['web_url']!r} is not an https URL")
        key = (rec["source"], captured)
        if key in seen:
            raise _fail(path, line, f"a second capture of {rec['source']} at {rec['captured_at']} (first on line {seen[key]})")
        seen[key] = line
        by_source.setdefault(rec["source"], []).append(
            Capture(rec["source"], file, captured, rec["dated_by"], rec["web_url"], rec["origin"], rec["licence"]))
    return {name: tuple(sorted(caps, key=lambda c: c.captured_at)) for name, caps in by_source.items()}


@lru_cache(maxsize=1)
def manifest() -> dict[str, tuple[Capture, ...]]:
    return parse_manifest(MANIFEST.read_text(encoding="utf-8"))


def captures_for(source: str) -> tuple[Capture, ...]:
    """The source's recorded captures, oldest first; () for a curated file."""
    return manifest().get(source, ())
