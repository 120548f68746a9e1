"""Curated report series: which accelerator families and trend windows the charts report draws (one line each).

inputs/curated/report_series.csv: chart, series, note. assets/reports.py reads core.report_series instead of
naming series in its queries.
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "report_series",
    domain="reports",
    description="One row per series a chart of the charts report draws: an accelerator family or a trend window.",
    file="report_series.csv",
    fields=(
        Field("chart", "VARCHAR", "Chart of the report: price-history (families) or compute-trend (windows)",
              choices=("price-history", "compute-trend")),
        Field("series", "VARCHAR", "Accelerator family (core.gpu_hour_prices.accelerator) or trend window name"),
        Field("note", "VARCHAR", "Why this series is drawn", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("chart", "series"),
)
parse = SOURCE.parse
