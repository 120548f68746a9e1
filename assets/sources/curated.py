"""Curated CSV sources as declarations: a file in inputs/curated/ is described field by field (header, type, kind,
range, vocabulary, what an empty cell means), and the parser is generated from that description with the helpers of
parsing.py. A source module declares; it does not copy a read loop.

    SOURCE = curated_source(
        "seed_figures", domain="assumptions", file="seed_figures.csv", keys=("figure",),
        description="One row per figure published in the seed note ...",
        fields=(Field("figure", "VARCHAR", "Identifier of the figure"),
                Field("published_value", "DOUBLE", "Value printed in the note", kind="number"),
                Field("source_url", "VARCHAR", "Where it was published", kind="url", column="figure_url"), ...))

Rules that belong to one source only (an alias naming two vendors, one reference accelerator per family, low <=
value <= high) are small functions passed as `rules`: each gets the parsed rows (dicts with the record's line under
LINE) and raises SourceParseError naming the line and column.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError

from .parsing import (conform, parse_iso_date, parse_month, parse_number, parse_period, read_csv_records,
                      reject_duplicates, require_url)

LINE = "_line"  # the file line of a parsed row: errors point at it; dropped before the rows are returned
REQUIRED = object()  # `empty=REQUIRED`: an empty cell is an error
KINDS = ("text", "number", "integer", "bool", "date", "month", "period", "url", "list", "line")
TRUE, FALSE = ("true", "yes", "1", "y"), ("false", "no", "0", "n")

Rule = Callable[[str, str, list[dict]], None]  # (source name, origin, rows) -> None, raises SourceParseError


@dataclass(frozen=True)
class Field:
    """One column of a curated CSV and the raw column it becomes.

    kind: text | number | integer (a whole number) | bool | date (YYYY-MM-DD) | month (YYYY-MM -> first day) |
    period (YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM -> three columns: <column>, period_start, period_end) | url (https) |
    list (';'-separated) | line (the record's file line; no CSV header).
    empty: what an empty or absent cell becomes (REQUIRED: an error); header_required: the header must be there.
    """

    name: str  # header in the CSV
    type: str  # DuckDB type of the raw column
    description: str
    kind: str = "text"
    column: str | None = None  # raw column name, when it is not the header
    empty: object = REQUIRED
    header_required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()  # the vocabulary of a text field
    label: str | None = None  # how errors name the vocabulary, e.g. "precision" (default: the header)
    lower: bool = False  # text is compared and stored lower-case (domains)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: kind {self.kind!r} not in {KINDS}")

    @property
    def out(self) -> str:
        return self.column or self.name

    def columns(self) -> tuple[Column, ...]:
        """The raw column(s). Required (never NULL, checked by the raw table's gate) unless an empty cell is allowed
        and becomes NULL or ''."""
        if self.kind == "period":
            return (Column(self.out, self.type, self.description),
                    Column("period_start", "DATE", "First day of the period"),
                    Column("period_end", "DATE", "Last day of the period"))
        optional = self.empty is not REQUIRED and self.kind != "list" and self.empty in (None, "")
        return (Column(self.out, self.type, self.description, required=not optional),)

    def read(self, source: str, origin: str, line: int, record: dict) -> dict:
        if self.kind == "line":
            return {self.out: line}
        text = record.get(self.name, "") or ""
        if not text:
            if self.kind == "list":
                return {self.out: []}
            if self.empty is REQUIRED:
                raise SourceParseError(source, origin, self._empty_message(), line=line, column=self.name)
            return {self.out: self.empty}
        return self._convert(source, origin, line, text)

    def _empty_message(self) -> str:
        return {"number": "empty value where a number is required", "integer": "empty value where a number is required",
                "date": "empty value where a date is required",
                "url": f"{self.name} must be the https page the figure was read from, got ''"}.get(self.kind, f"empty {self.name}")

    def _convert(self, source: str, origin: str, line: int, text: str) -> dict:
        kind, out = self.kind, self.out
        if kind in ("number", "integer"):
            value = parse_number(source, origin, line, self.name, text, minimum=self.minimum)
            if self.maximum is not None and value > self.maximum:
                raise SourceParseError(source, origin, f"value {value:g} is above the allowed maximum {self.maximum:g}",
                                       line=line, column=self.name)
            if kind == "integer":
                if value != int(value):
                    raise SourceParseError(source, origin, f"{self.name} must be a whole number, got {value:g}",
                                           line=line, column=self.name)
                value = int(value)
            return {out: value}
        if kind == "bool":
            folded = text.casefold()
            if folded not in TRUE + FALSE:
                raise SourceParseError(source, origin, f"{self.name} must be true or false, got {text!r}",
                                       line=line, column=self.name)
            return {out: folded in TRUE}
        if kind == "date":
            return {out: parse_iso_date(source, origin, line, self.name, text)}
        if kind == "month":
            return {out: parse_month(source, origin, line, self.name, text)}
        if kind == "period":
            label, start, end = parse_period(source, origin, line, self.name, text)
            return {out: label, "period_start": start, "period_end": end}
        if kind == "url":
            return {out: require_url(source, origin, line, self.name, text)}
        if kind == "list":
            return {out: [part.strip() for part in text.split(";") if part.strip()]}
        value = text.lower() if self.lower else text
        if self.choices and value not in self.choices:
            raise SourceParseError(source, origin, f"unknown {self.label or self.name} {value!r} "
                                   f"(expected one of: {', '.join(self.choices)})", line=line, column=self.name)
        return {out: value}


def curated_source(name: str, *, domain: str, description: str, file: str, fields: tuple[Field, ...],
                   keys: tuple[str, ...], licence: str = "", rules: tuple[Rule, ...] = (),
                   unique: tuple[tuple[str, ...], ...] = ()) -> Source:
    """A Source whose parser reads inputs/curated/<file> as `fields` declare, applies `rules` (which may normalise a
    value, e.g. lower-case a domain), then rejects a repeated key (and a repeated `unique` column set)."""
    columns = tuple(c for f in fields for c in f.columns())
    header = [f.name for f in fields if f.kind != "line" and f.header_required]

    def parse(payload: bytes, origin: str) -> pd.DataFrame:
        rows = []
        for line, record in read_csv_records(name, origin, payload, header):
            row = {LINE: line}
            for field in fields:
                row.update(field.read(name, origin, line, record))
            rows.append(row)
        for rule in rules:
            rule(name, origin, rows)
        frame = pd.DataFrame(rows)
        for key in (keys, *unique):
            reject_duplicates(name, origin, frame, key, LINE)
        return conform(source, origin, frame)

    source = Source(name=name, domain=domain, description=description, snapshot=CURATED_DIR / file, parse=parse,
                    format="csv", columns=columns, keys=keys, licence=licence)
    return source


def first_line(rows: list[dict], predicate) -> int | None:
    return next((r[LINE] for r in rows if predicate(r)), None)
