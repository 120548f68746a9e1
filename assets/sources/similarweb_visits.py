"""Similarweb monthly figures for AI services, transcribed from press pages that cite Similarweb.

Curated: Similarweb has no free API, so each published figure is one row with the URL it was read from.
Analysts add rows to inputs/curated/similarweb_visits.csv and refresh.
"""
from .curated import QUALITIES, QUALITY_FIELD_DESCRIPTION, Field, curated_source

SOURCE = curated_source(
    "similarweb_visits",
    domain="traffic",
    description="One row per published Similarweb figure: a domain's monthly visits, visitors or traffic share.",
    file="similarweb_visits.csv",
    licence="Figures quoted from Similarweb via the press page in figure_url",
    fields=(
        Field("month", "DATE", "First day of the month the figure describes", kind="month"),
        Field("domain", "VARCHAR", "Web domain measured, e.g. chat.openai.com", lower=True),
        Field("metric", "VARCHAR", "visits, visitors or genai_traffic_share"),
        # more monthly visits than any website has (google.com: ~9e10): a mis-scaled figure is refused
        Field("value", "DOUBLE", "The figure, in `unit`", kind="number", minimum=0, maximum=1e12),
        Field("unit", "VARCHAR", "count or percent", choices=("count", "percent")),
        Field("publisher_citing_similarweb", "VARCHAR", "Who published the figure, citing Similarweb", column="publisher",
              empty="", header_required=False),
        Field("source_url", "VARCHAR", "Page the figure was transcribed from", kind="url", column="figure_url"),
        Field("quality", "VARCHAR", QUALITY_FIELD_DESCRIPTION, choices=QUALITIES),
        Field("note", "VARCHAR", "Quote or caveat", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV the row came from", kind="line"),
    ),
    keys=("month", "domain", "metric"),
    observed_at="month", observed_at_basis="period", stale_after_days=120,
)
parse = SOURCE.parse
