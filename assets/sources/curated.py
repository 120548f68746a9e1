"""Curated CSV sources as declarations: a file in inputs/curated/ is described field by field (header, type, kind,
range, vocabulary, what an empty cell means), and the parser is generated from that description with the helpers of
parsing.py. A source module declares; it does not copy a read loop.

    SOURCE = curated_source(
        "seed_figures", domain="assumptions", file="seed_figures.csv", keys=("figure",),
        description="One row per figure published in the seed note ...",
        fields=(Field("figure", "VARCHAR", "Identifier of the figure"),
                Field("published_value", "DOUBLE", "Value printed in the note", kind="number"),
                Field("source_url", "VARCHAR", "Where it was published", kind="url", column="figure_url"), ...))

Rules that belong to one source only are small named functions, not copied loops: a `row_rules` function gets one
parsed row (a dict with the record's line under LINE; low <= value <= high, a unit that fits the metric), a
`table_rules` function gets all of them (an alias naming two vendors, one reference accelerator per family). Each
raises SourceParseError naming the line and column.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError

from .parsing import (conform, parse_bool, parse_choice, parse_iso_date, parse_month, parse_number, parse_period,
                      read_csv_by_headers, reject_duplicates, require_url)

LINE = "_line"  # the file line of a parsed row: errors point at it; dropped before the rows are returned
REQUIRED = object()  # `empty=REQUIRED`: an empty cell is an error
# How far a curated figure can be trusted, written on each row: primary (the publisher's own page, filing or press
# release), secondary (a third party quoting it), estimate (a modelled or analyst figure), verify (a low-quality page:
# verify before use). It travels with the figure into core and the marts.
QUALITIES = ("primary", "secondary", "estimate", "verify")
QUALITY_FIELD_DESCRIPTION = ("primary (the publisher's own page), secondary (a third party quoting it), estimate, or "
                             "verify (a low-quality page: verify before use)")
KINDS = ("text", "number", "integer", "bool", "date", "month", "period", "url", "list", "line")
LIST_SEPARATOR = ";"

RowRule = Callable[[str, str, dict], None]  # (source name, origin, one row) -> None, raises SourceParseError
TableRule = Callable[[str, str, list[dict]], None]  # (source name, origin, all rows) -> None


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
    aliases: tuple[str, ...] = ()  # other header texts accepted for the column (matched case-insensitively)
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

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def columns(self) -> tuple[Column, ...]:
        """The raw column(s). Required (never NULL, checked by the raw table's gate) unless an empty cell is allowed
        and becomes NULL or ''."""
        if self.kind == "period":
            return (Column(self.out, self.type, self.description),
                    Column("period_start", "DATE", "First day of the period"),
                    Column("period_end", "DATE", "Last day of the period"))
        optional = self.empty is not REQUIRED and self.kind != "list" and self.empty in (None, "")
        return (Column(self.out, self.type, self.description, required=not optional),)

    def read(self, source: str, origin: str, line: int, record: dict, header: str | None) -> dict:
        """This field's raw column(s) from one record; `header`: the header text the file uses for it (None:
        absent, allowed when not header_required)."""
        if self.kind == "line":
            return {self.out: line}
        text = record.get(header, "") if header else ""
        column = header or self.name
        if not text:
            if self.kind == "list":
                return {self.out: []}
            if self.empty is REQUIRED:
                raise SourceParseError(source, origin, self._empty_message(column), line=line, column=column)
            return {self.out: self.empty}
        return self._convert(source, origin, line, column, text)

    def _empty_message(self, column: str) -> str:
        if self.kind == "url":  # the same words as a wrong URL: the page is what is missing
            return f"{column} must be the https page the figure was read from, got ''"
        return {"number": "empty value where a number is required", "integer": "empty value where a number is required",
                "date": "empty value where a date is required"}.get(self.kind, f"empty {column}")

    def _convert(self, source: str, origin: str, line: int, column: str, text: str) -> dict:
        kind, out = self.kind, self.out
        cell = (source, origin, line, column, text)  # what every parse helper takes
        if kind in ("number", "integer"):
            return {out: parse_number(*cell, minimum=self.minimum, maximum=self.maximum, integer=kind == "integer")}
        if kind == "bool":
            return {out: parse_bool(*cell)}
        if kind == "date":
            return {out: parse_iso_date(*cell)}
        if kind == "month":
            return {out: parse_month(*cell)}
        if kind == "period":
            label, start, end = parse_period(*cell)
            return {out: label, "period_start": start, "period_end": end}
        if kind == "url":
            return {out: require_url(*cell)}
        if kind == "list":
            return {out: [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]}
        value = text.lower() if self.lower else text
        if self.choices:
            parse_choice(source, origin, line, column, value, self.choices, self.label)
        return {out: value}


def curated_source(name: str, *, domain: str, description: str, file: str, fields: tuple[Field, ...],
                   keys: tuple[str, ...], licence: str = "", row_rules: tuple[RowRule, ...] = (),
                   table_rules: tuple[TableRule, ...] = (), unique: tuple[tuple[str, ...], ...] = (),
                   observed_at: str | None = None, observed_at_basis: str = "period",
                   stale_after_days: int | None = None) -> Source:
    """A Source whose parser reads inputs/curated/<file> as `fields` declare (headers by name, with aliases), applies
    `row_rules` to each row and `table_rules` to all rows, then rejects a repeated key (and a repeated `unique` column
    set): the rules come first because they may normalise a value (lower-case a domain).

    observed_at: the raw column that dates each row (the month or quarter it is for, or its publication date:
    observed_at_basis); rows without one are dated by the fetch. The first URL field is the row's web source."""
    columns = tuple(c for f in fields for c in f.columns())
    read_fields = [f for f in fields if f.kind != "line"]
    aliases = {f.name: f.headers for f in read_fields}
    optional = tuple(f.name for f in read_fields if not f.header_required)

    def parse(payload: bytes, origin: str) -> pd.DataFrame:
        headers, records = read_csv_by_headers(name, origin, payload, aliases, optional)
        rows = []
        for line, record in records:
            row = {LINE: line}
            for field in fields:
                row.update(field.read(name, origin, line, record, headers.get(field.name)))
            for rule in row_rules:
                rule(name, origin, row)
            rows.append(row)
        for rule in table_rules:
            rule(name, origin, rows)
        frame = pd.DataFrame(rows)
        for key in (keys, *unique):
            reject_duplicates(name, origin, frame, key, LINE)
        return conform(source, origin, frame)

    url_columns = [c.name for f in fields if f.kind == "url" for c in f.columns()]
    source = Source(name=name, domain=domain, description=description, snapshot=CURATED_DIR / file, parse=parse,
                    format="csv", columns=columns, keys=keys, licence=licence, observed_at_column=observed_at,
                    observed_at_basis=observed_at_basis, web_url_column=url_columns[0] if url_columns else None,
                    stale_after_days=stale_after_days)
    return source
