"""Shared parser of curated market-figure CSVs (IDC press-release quotes): one row per published figure.

Columns: period (YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM), segment, vendor (as the release names it), metric
(share | revenue | units), value, unit, qualifier ('' or '>' / '<' when the release says "over" / "under"),
source_url (the page the figure was read from, on every row), quality, note.
Values are normalised to one unit per metric: share in percent, revenue in USD, units as a count.
"""
from infra.sources import SourceParseError

from .curated import LINE, QUALITIES, QUALITY_FIELD_DESCRIPTION, Field

# metric -> {unit in the CSV: factor to the metric's normalised unit}; the factors are unit conversions
UNITS = {
    "share": {"percent": 1.0},
    "revenue": {"usd": 1.0, "usd_million": 1e6, "usd_billion": 1e9},
    "units": {"count": 1.0},
}
NORMALISED_UNIT = {"share": "percent", "revenue": "usd", "units": "count"}
SHARE_MAX_PCT = 100  # a share is a percent of a whole
KEYS = ("period", "segment", "vendor", "metric")

FIELDS = (
    Field("period", "VARCHAR", "Period label: YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM", kind="period"),
    Field("segment", "VARCHAR", "Market segment, e.g. servers_revenue, accelerators_china_units"),
    Field("vendor", "VARCHAR", "Vendor as the release names it (mapped to core.vendors downstream)"),
    Field("metric", "VARCHAR", "share, revenue or units", choices=tuple(UNITS)),
    Field("value", "DOUBLE", "The figure in `unit`", kind="number", minimum=0),
    Field("unit", "VARCHAR", "percent (share), usd (revenue) or count (units)"),
    Field("qualifier", "VARCHAR", "'' for an exact figure, '>' / '<' / '~' when the release says over / under / about",
          choices=(">", "<", "~"), empty="", header_required=False),
    Field("source_url", "VARCHAR", "Page the figure was transcribed from", kind="url", column="figure_url"),
    Field("quality", "VARCHAR", QUALITY_FIELD_DESCRIPTION, choices=QUALITIES),
    Field("note", "VARCHAR", "Quote or caveat", empty="", header_required=False),
    Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
)


def normalise_unit(source: str, origin: str, row: dict) -> None:
    """Each metric in one unit: share in percent (at most 100), revenue in USD, units as a count."""
    metric, unit = row["metric"], row["unit"]
    if unit not in UNITS[metric]:
        raise SourceParseError(source, origin, f"unit {unit!r} does not fit metric {metric!r} "
                               f"(expected one of {tuple(UNITS[metric])})", line=row[LINE], column="unit")
    if metric == "share" and row["value"] > SHARE_MAX_PCT:
        raise SourceParseError(source, origin, f"a share above {SHARE_MAX_PCT} percent: {row['value']:g}",
                               line=row[LINE], column="value")
    row["value"] *= UNITS[metric][unit]
    row["unit"] = NORMALISED_UNIT[metric]
