"""Curated segment categories: which market-share segment measures chips (accelerators) and which measures servers.

inputs/curated/segment_categories.csv: segment, category, note. marts.vendor_exposure counts a segment's demand in
accelerators or in servers (accelerators / accelerators_per_server) by this table.
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "segment_categories",
    domain="vendor_share",
    description="One row per market-share segment: whether its shares are of accelerators (chips) or of servers.",
    file="segment_categories.csv",
    fields=(
        Field("segment", "VARCHAR", "Market-share segment of core.market_share, e.g. servers_revenue"),
        Field("category", "VARCHAR", "accelerators or servers: the unit the segment's demand is counted in",
              choices=("accelerators", "servers")),
        Field("note", "VARCHAR", "Why the segment is in this category", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("segment",),
)
parse = SOURCE.parse
