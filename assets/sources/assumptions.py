"""Assumptions as data: every constant a formula uses, with a low, base and high value and its source.

inputs/curated/assumptions.csv: name, value, low, high, unit, effect, source_url, note. Marts cross-join the
scenarios (low / base / high) instead of hard-coding numbers. A scenario is a low, central or high estimate of a mart's
headline measure (cost, demand, exposure), not "every assumption at its low value": `effect` says whether a rise of
the assumption raises or lowers the headline, and core.assumptions gives the low scenario the bound that lowers it.
"""
import re
from functools import lru_cache

from infra.sources import SourceParseError, read_snapshot

from .curated import LINE, Field, curated_source

# An assumption's name becomes a column of core.scenario_assumptions (and a name formulas use): snake_case.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

# Units an assumption may carry; a new unit is added here on purpose, not by a typo in the CSV.
UNITS = ("usd", "usd_per_interaction", "usd_per_gpu_hour", "pf_days", "flop", "ratio", "count", "tokens",
         "queries_per_visit", "tokens_per_query", "flop_per_s", "months", "accelerators_per_server", "parameters",
         "flop_per_pf_day", "hours_per_year", "accelerator_years", "days", "hours", "flop_per_param_token",
         "messages_per_user_per_day", "bytes_per_token_per_billion_parameters", "bytes_per_parameter", "years",
         "usd_per_kwh")

# How a rise of the assumption moves the marts' headline measures; `none` for constants (low = value = high).
EFFECTS = ("raises", "lowers", "none")


def name_is_identifier(source: str, origin: str, row: dict) -> None:
    if not NAME_PATTERN.match(row["name"]):
        raise SourceParseError(source, origin, f"assumption name {row['name']!r} must be snake_case "
                               "(lower-case letters, digits, _): it becomes a column name", line=row[LINE],
                               column="name")


def low_base_high_in_order(source: str, origin: str, row: dict) -> None:
    """A scenario range: low <= value <= high."""
    if not row["low"] <= row["value"] <= row["high"]:
        raise SourceParseError(source, origin, f"{row['name']!r} needs low <= value <= high, got "
                               f"{row['low']:g} / {row['value']:g} / {row['high']:g}", line=row[LINE], column="low")


def effect_matches_range(source: str, origin: str, row: dict) -> None:
    """A constant (effect none) has one value; a range needs to say which way it moves the headline."""
    constant = row["low"] == row["value"] == row["high"]
    if row["effect"] == "none" and not constant:
        raise SourceParseError(source, origin, f"{row['name']!r} has a range ({row['low']:g} / {row['value']:g} / "
                               f"{row['high']:g}) but effect none: say whether a rise raises or lowers the headline",
                               line=row[LINE], column="effect")
    if row["effect"] != "none" and constant:
        raise SourceParseError(source, origin, f"{row['name']!r} is a constant ({row['value']:g}) but effect "
                               f"{row['effect']}: use none", line=row[LINE], column="effect")


SOURCE = curated_source(
    "assumptions",
    domain="assumptions",
    description="One row per assumption: its base value, low and high bounds, unit and source.",
    file="assumptions.csv",
    fields=(
        Field("name", "VARCHAR", "Assumption name used by the marts, e.g. usd_per_interaction"),
        Field("value", "DOUBLE", "Base-case value, in `unit`", kind="number", minimum=0),
        Field("low", "DOUBLE", "Low-case value, in `unit`", kind="number", minimum=0),
        Field("high", "DOUBLE", "High-case value, in `unit`", kind="number", minimum=0),
        Field("unit", "VARCHAR", "Unit of value/low/high", choices=UNITS),
        Field("effect", "VARCHAR", "How a rise moves the marts' headline measure: raises, lowers, none (a constant)",
              choices=EFFECTS),
        Field("source_url", "VARCHAR", "Where the value comes from", kind="url", column="assumption_url"),
        Field("note", "VARCHAR", "Why this value and range", empty="", header_required=False),
        Field("line", "INTEGER", "Line of inputs/curated/assumptions.csv", kind="line"),
    ),
    keys=("name",),
    row_rules=(name_is_identifier, low_base_high_in_order, effect_matches_range),
)
parse = SOURCE.parse


@lru_cache(maxsize=1)
def base_values() -> dict[str, float]:
    """name -> base value, read from the recorded curated file: for the few assumptions the pipeline itself needs
    before the warehouse exists (freshness windows, the row-drop guard). A broken file raises its parse error."""
    payload = read_snapshot(SOURCE)
    rows = SOURCE.parse(payload.body, payload.origin)
    return dict(zip(rows["name"], rows["value"]))


def base_value(name: str) -> float:
    values = base_values()
    if name not in values:
        raise ValueError(f"{SOURCE.snapshot}: assumption {name} is missing (add its row)")
    return values[name]
