"""Shared parser of curated market-figure CSVs (IDC press-release quotes): one row per published figure.

Columns: period (YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM), segment, vendor (as the release names it), metric
(share | revenue | units), value, unit, qualifier ('' or '>' / '<' when the release says "over" / "under"),
source_url (the page the figure was read from, on every row), note.
Values are normalised to one unit per metric: share in percent, revenue in USD, units as a count.
"""
import pandas as pd

from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number, read_csv_records
from .parsing import parse_period, reject_duplicates, require_url

REQUIRED = ("period", "segment", "vendor", "metric", "value", "unit", "source_url")
# metric -> {unit in the CSV: factor to the metric's normalised unit}; the factors are unit conversions
UNITS = {
    "share": {"percent": 1.0},
    "revenue": {"usd": 1.0, "usd_million": 1e6, "usd_billion": 1e9},
    "units": {"count": 1.0},
}
NORMALISED_UNIT = {"share": "percent", "revenue": "usd", "units": "count"}
QUALIFIERS = ("", ">", "<", "~")
KEYS = ("period", "segment", "vendor", "metric")


def parse_figures(source: Source, payload: bytes, origin: str) -> pd.DataFrame:
    name = source.name
    rows = []
    for line, rec in read_csv_records(name, origin, payload, list(REQUIRED)):
        label, start, end = parse_period(name, origin, line, "period", rec["period"])
        metric, unit = rec["metric"], rec["unit"]
        if metric not in UNITS:
            raise SourceParseError(name, origin, f"unknown metric {metric!r} (expected one of {tuple(UNITS)})",
                                   line=line, column="metric")
        if unit not in UNITS[metric]:
            raise SourceParseError(name, origin, f"unit {unit!r} does not fit metric {metric!r} "
                                   f"(expected one of {tuple(UNITS[metric])})", line=line, column="unit")
        qualifier = rec.get("qualifier", "")
        if qualifier not in QUALIFIERS:
            raise SourceParseError(name, origin, f"qualifier must be one of {QUALIFIERS}", line=line, column="qualifier")
        for column in ("segment", "vendor"):
            if not rec[column]:
                raise SourceParseError(name, origin, f"empty {column}", line=line, column=column)
        value = parse_number(name, origin, line, "value", rec["value"], minimum=0)
        if metric == "share" and value > 100:
            raise SourceParseError(name, origin, f"a share above 100 percent: {value:g}", line=line, column="value")
        rows.append({"period": label, "period_start": start, "period_end": end, "segment": rec["segment"],
                     "vendor": rec["vendor"], "metric": metric, "value": value * UNITS[metric][unit],
                     "unit": NORMALISED_UNIT[metric], "qualifier": qualifier,
                     "figure_url": require_url(name, origin, line, "source_url", rec["source_url"]),
                     "note": rec.get("note", ""), "line": line})
    df = pd.DataFrame(rows)
    reject_duplicates(name, origin, df, KEYS)
    return conform(source, origin, df)


COLUMNS = (
    Column("period", "VARCHAR", "Period label: YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM"),
    Column("period_start", "DATE", "First day of the period"),
    Column("period_end", "DATE", "Last day of the period"),
    Column("segment", "VARCHAR", "Market segment, e.g. servers_revenue, accelerators_china_units"),
    Column("vendor", "VARCHAR", "Vendor as the release names it (mapped to core.vendors downstream)"),
    Column("metric", "VARCHAR", "share, revenue or units"),
    Column("value", "DOUBLE", "The figure in `unit`"),
    Column("unit", "VARCHAR", "percent (share), usd (revenue) or count (units)"),
    Column("qualifier", "VARCHAR", "'' for an exact figure, '>' / '<' / '~' when the release says over / under / about", required=False),
    Column("figure_url", "VARCHAR", "Page the figure was transcribed from"),
    Column("note", "VARCHAR", "Quote or caveat", required=False),
    Column("line", "INTEGER", "Line of the curated CSV"),
)
