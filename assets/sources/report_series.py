"""Curated report series: which products, trend windows and models the charts report draws (one line each).

inputs/curated/report_series.csv: chart, series, note. assets/reports.py reads core.report_series instead of
naming series in its queries.
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "report_series",
    domain="reports",
    description="One row per series a chart of the charts report draws: a GPU product, a trend window, a model's API price.",
    file="report_series.csv",
    fields=(
        Field("chart", "VARCHAR", "Chart of the report: price-index (products), compute-trend (windows), "
              "token-prices (provider/model) or serving-cost (the model shown first)",
              choices=("price-index", "compute-trend", "token-prices", "serving-cost")),
        Field("series", "VARCHAR", "Product (marts.gpu_price_index.product), trend window name, "
              "provider/canonical_model (marts.token_price_history) or model_served"),
        Field("note", "VARCHAR", "Why this series is drawn", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("chart", "series"),
)
parse = SOURCE.parse
