"""The parse helpers every source module uses: one place for CSV records, numbers, dates, headers and checks.

- header aliases: upstream files rename columns between snapshots, so a parser names each column it needs
  once (canonical name -> accepted header texts) and gets back the header actually present;
- dates and periods in the shapes the sources use;
- numbers (finite, in range, whole), booleans, vocabularies;
- curated-row checks (a figure without the page it was read from is rejected).

assets/sources/curated.py builds a curated CSV's whole parser from these, out of a declaration.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime

import pandas as pd

from infra.sources import Source, SourceParseError

HeaderAliases = dict[str, tuple[str, ...]]


def _norm(header: str) -> str:
    return " ".join(str(header).split()).casefold()


def header_positions(header, aliases: HeaderAliases) -> dict[str, int]:
    """canonical name -> position of its first accepted header text in `header` (case- and space-insensitive);
    canonical names with none of their texts present are left out. For HTML tables, whose header is a row of cells."""
    texts = [_norm(h) for h in header]
    found = {}
    for canonical, accepted in aliases.items():
        hit = next((texts.index(_norm(a)) for a in accepted if _norm(a) in texts), None)
        if hit is not None:
            found[canonical] = hit
    return found


def json_number(source: str, origin: str, where: str, value, *, integer: bool = False, line: int | None = None,
                maximum: float | None = None):
    """A count or price from a JSON payload: a number (not a bool, not a string), finite, not negative, and not
    above `maximum` when given."""
    kind = "integer" if integer else "number"
    if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)) or value != value \
            or value in (float("inf"), float("-inf")) or value < 0:
        raise SourceParseError(source, origin, f"{where} is not a non-negative {kind}: {value!r}", line=line)
    if maximum is not None and value > maximum:
        raise SourceParseError(source, origin, f"{where} = {value:g} is above the allowed maximum {maximum:g}",
                               line=line)
    return value


class DuplicateKeyError(ValueError):
    pass


def unique_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        repeated = next(k for k in keys if keys.count(k) > 1)
        raise DuplicateKeyError(f"duplicated JSON key {repeated!r}: json.loads would silently keep only its last value")
    return dict(pairs)


def load_json(source: str, origin: str, payload: bytes | str):
    """JSON text -> Python objects; invalid JSON and a key repeated within one object are SourceParseErrors."""
    try:
        return json.loads(payload, object_pairs_hook=unique_keys)
    except DuplicateKeyError as exc:
        raise SourceParseError(source, origin, str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceParseError(source, origin, f"not valid JSON ({exc})", line=getattr(exc, "lineno", None)) from exc


def resolve_headers(source: str, origin: str, header, aliases: HeaderAliases,
                    optional: tuple[str, ...] = (), line: int | None = None) -> dict[str, str]:
    """canonical name -> the header text present in the payload (first accepted alias wins, case-insensitive).

    A required canonical column with none of its accepted headers present is a SourceParseError listing them (and
    naming the header `line`, when the payload has lines).
    """
    texts = [h for h in header if h is not None]  # a header cell may be missing (None) in a spreadsheet
    found = {canonical: texts[at] for canonical, at in header_positions(texts, aliases).items()}
    missing = [c for c in aliases if c not in found and c not in optional]
    if missing:
        detail = "; ".join(c if tuple(aliases[c]) == (c,) else
                           f"{c} (accepted headers: {' | '.join(repr(a) for a in aliases[c])})" for c in missing)
        raise SourceParseError(source, origin, f"required column(s) missing: {detail}", line=line, column=missing[0])
    return found


# strptime format -> how an error names it
DATE_FORMATS = {"%Y-%m-%d": "YYYY-MM-DD", "%m/%d/%Y": "M/D/YYYY"}
# Epoch AI's AI Companies files: YYYY-MM-DD in the live file, M/D/YYYY in the recorded copies
EPOCH_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
ISO_DATE = ("%Y-%m-%d",)
DATE_LENGTH = len("2022-09-20")  # a longer ISO text carries a time part, which is ignored


def parse_iso_date(source: str, origin: str, line: int | None, column: str, text: str, *,
                   allow_empty: bool = False, formats: tuple[str, ...] = ISO_DATE) -> date | None:
    """'2022-09-20' (a trailing time part is ignored) -> date, or the first of `formats` that reads the text;
    empty -> None when allowed."""
    text = (text or "").strip()
    if not text:
        if allow_empty:
            return None
        raise SourceParseError(source, origin, "empty value where a date is required", line=line, column=column)
    for fmt in formats:
        try:
            return datetime.strptime(text[:DATE_LENGTH], fmt).date()
        except ValueError:
            continue
    shapes = " or ".join(DATE_FORMATS[fmt] for fmt in formats)
    raise SourceParseError(source, origin, f"not a {shapes} date: {text!r}", line=line, column=column)


_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<m>\d{2})))?$")


def parse_period(source: str, origin: str, line: int, column: str, text: str) -> tuple[str, date, date]:
    """'2025', '2025-H1', '2018-Q2' or '2025-06' -> (label, first day, last day) of the period."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise SourceParseError(source, origin, f"not a period (YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM): {text!r}",
                               line=line, column=column)
    year = int(match["year"])
    if match["q"]:
        first_month, months = 3 * int(match["q"][1]) - 2, 3
    elif match["h"]:
        first_month, months = 6 * int(match["h"][1]) - 5, 6
    elif match["m"]:
        first_month, months = int(match["m"]), 1
        if not 1 <= first_month <= 12:
            raise SourceParseError(source, origin, f"month out of range: {text!r}", line=line, column=column)
    else:
        first_month, months = 1, 12
    start = date(year, first_month, 1)
    end = (pd.Timestamp(start) + pd.DateOffset(months=months) - pd.DateOffset(days=1)).date()
    return text.strip(), start, end


def require_regex(source: str, origin: str, line: int, column: str, pattern: str) -> None:
    """A curated matching pattern must compile as a regular expression."""
    try:
        re.compile(pattern)
    except (re.error, OverflowError) as exc:  # OverflowError: a repetition count like {99999999999999999999}
        raise SourceParseError(source, origin, f"invalid regex {pattern!r}: {exc}", line=line, column=column) from None


def require_url(source: str, origin: str, line: int, column: str, text: str) -> str:
    """A curated figure must name the https page it was read from."""
    if not text.startswith("https://"):
        raise SourceParseError(source, origin, f"{column} must be the https page the figure was read from, got {text!r}",
                               line=line, column=column)
    return text


def reject_duplicates(source: str, origin: str, rows: pd.DataFrame, keys: tuple[str, ...],
                      line_column: str | None = "line") -> None:
    """Keys must be unique within one payload; the error names the first repeated key (and its line)."""
    if rows.empty:
        return
    dup = rows[rows.duplicated(list(keys), keep="first")]
    if dup.empty:
        return
    first = dup.iloc[0]
    line = int(first[line_column]) if line_column and line_column in rows.columns else None
    values = ", ".join(str(first[k]) for k in keys)
    raise SourceParseError(source, origin, f"duplicate key ({', '.join(keys)}) = ({values})", line=line, column=keys[0])


TRUE_TEXTS, FALSE_TEXTS = ("true", "yes", "1", "y"), ("false", "no", "0", "n")


def parse_bool(source: str, origin: str, line: int | None, column: str, text: str) -> bool | None:
    """'True'/'False'/'yes'/'no'/'1'/'0' (any case) -> bool; empty -> None."""
    value = (text or "").strip().casefold()
    if not value:
        return None
    if value in TRUE_TEXTS + FALSE_TEXTS:
        return value in TRUE_TEXTS
    raise SourceParseError(source, origin, f"{column} must be true or false (or yes/no, 1/0), got {text!r}",
                           line=line, column=column)


def parse_choice(source: str, origin: str, line: int | None, column: str, text: str, choices: tuple[str, ...],
                 label: str | None = None) -> str:
    """A value of a closed vocabulary; the error lists the vocabulary. `label` names it when the column's name
    does not (two precision columns share the vocabulary 'precision')."""
    if text not in choices:
        raise SourceParseError(source, origin, f"unknown {label or column} {text!r} (expected one of: "
                               f"{', '.join(choices)})", line=line, column=column)
    return text


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

    The line is the file line where the record starts, so errors can point at it. `required`: header texts that
    must be present (exactly, after stripping); read_csv_by_headers accepts aliases instead.
    """
    header, header_line, records = _read_csv(source, origin, payload)
    missing = [name for name in required if name not in header]
    if missing:
        raise SourceParseError(source, origin, f"required column(s) missing: {', '.join(missing)}", line=header_line,
                               column=missing[0])
    return records


def read_csv_by_headers(source: str, origin: str, payload: bytes, aliases: HeaderAliases,
                        optional: tuple[str, ...] = ()) -> tuple[dict[str, str], list[tuple[int, dict]]]:
    """(canonical name -> header text present, (line, record) pairs): columns found by name with aliases."""
    header, header_line, records = _read_csv(source, origin, payload)
    return resolve_headers(source, origin, header, aliases, optional, line=header_line), records


def _read_csv(source: str, origin: str, payload: bytes) -> tuple[list[str], int, list[tuple[int, dict]]]:
    """(header texts, line the header ends on, (line, record) pairs); cells and header texts are stripped."""
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceParseError(source, origin, f"not UTF-8 text: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise SourceParseError(source, origin, "CSV has no header row")
    header = [h.strip() for h in reader.fieldnames]
    seen: dict[str, int] = {}
    for position, text in enumerate(header, start=1):
        if _norm(text) in seen:  # csv.DictReader would keep the last column of that name and drop the first
            raise SourceParseError(source, origin, f"duplicated header {text!r} (columns {seen[_norm(text)]} and "
                                   f"{position}): which column holds the figure is ambiguous",
                                   line=reader.line_num, column=text)
        seen[_norm(text)] = position
    reader.fieldnames = header
    header_line = reader.line_num
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
    if not records:
        raise SourceParseError(source, origin, "no rows: the payload has a header and no data rows",
                               line=header_line)
    return header, header_line, records


def parse_number(source: str, origin: str, line: int | None, column: str, text: str, *, allow_empty: bool = False,
                 minimum: float | None = None, maximum: float | None = None, integer: bool = False):
    """'1,234.5' -> 1234.5: finite, within [minimum, maximum] when given, a whole number (an int) when `integer`;
    empty -> None when allowed."""
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
    if maximum is not None and value > maximum:
        raise SourceParseError(source, origin, f"value {value:g} is above the allowed maximum {maximum:g}",
                               line=line, column=column)
    if integer:
        if not value.is_integer():
            raise SourceParseError(source, origin, f"{column} must be a whole number, got {value:g}", line=line,
                                   column=column)
        return int(value)
    return value


def parse_month(source: str, origin: str, line: int, column: str, text: str) -> datetime:
    """'2023-01' or '2023-01-15' -> first day of that month."""
    try:
        parsed = datetime.strptime(text.strip()[:7], "%Y-%m")
    except ValueError:
        raise SourceParseError(source, origin, f"not a YYYY-MM month: {text!r}", line=line, column=column) from None
    return parsed.date().replace(day=1)
