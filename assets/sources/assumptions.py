"""Assumptions as data: every constant a formula uses, with a low, base and high value and its source.

inputs/curated/assumptions.csv: name, value, low, high, unit, source_url, note. Marts cross-join the
scenarios (low / base / high) instead of hard-coding numbers.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number, read_csv_records

NAME = "assumptions"
REQUIRED = ("name", "value", "low", "high", "unit", "source_url")
# Units an assumption may carry; a new unit is added here on purpose, not by a typo in the CSV.
UNITS = ("usd", "usd_per_interaction", "usd_per_gpu_hour", "pf_days", "flop", "ratio", "count", "tokens",
         "queries_per_visit", "tokens_per_query", "flop_per_s", "months", "accelerators_per_server", "parameters",
         "flop_per_pf_day", "hours_per_year", "accelerator_years", "days", "hours")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, seen = [], {}
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        name = rec["name"]
        if not name:
            raise SourceParseError(NAME, origin, "empty assumption name", line=line, column="name")
        if name in seen:
            raise SourceParseError(NAME, origin, f"duplicate assumption {name!r} (first on line {seen[name]})",
                                   line=line, column="name")
        seen[name] = line
        if rec["unit"] not in UNITS:
            raise SourceParseError(NAME, origin, f"unknown unit {rec['unit']!r} for {name!r} (known: {', '.join(UNITS)})",
                                   line=line, column="unit")
        value, low, high = (parse_number(NAME, origin, line, col, rec[col], minimum=0) for col in ("value", "low", "high"))
        if not low <= value <= high:
            raise SourceParseError(NAME, origin, f"{name!r} needs low <= value <= high, got {low:g} / {value:g} / {high:g}",
                                   line=line, column="low")
        if not rec["source_url"]:
            raise SourceParseError(NAME, origin, f"{name!r} has no source_url", line=line, column="source_url")
        rows.append({"name": name, "value": value, "low": low, "high": high, "unit": rec["unit"],
                     "assumption_url": rec["source_url"], "note": rec.get("note", ""), "line": line})
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="assumptions",
    description="One row per assumption: its base value, low and high bounds, unit and source.",
    snapshot=CURATED_DIR / "assumptions.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("name", "VARCHAR", "Assumption name used by the marts, e.g. usd_per_interaction"),
        Column("value", "DOUBLE", "Base-case value, in `unit`"),
        Column("low", "DOUBLE", "Low-case value, in `unit`"),
        Column("high", "DOUBLE", "High-case value, in `unit`"),
        Column("unit", "VARCHAR", "Unit of value/low/high"),
        Column("assumption_url", "VARCHAR", "Where the value comes from"),
        Column("note", "VARCHAR", "Why this value and range", required=False),
        Column("line", "INTEGER", "Line of inputs/curated/assumptions.csv"),
    ),
    keys=("name",),
)
