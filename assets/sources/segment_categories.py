"""Curated segment categories: which market-share segment measures chips (accelerators) and which measures servers.

inputs/curated/segment_categories.csv: segment, category, unit, region, note. marts.vendor_exposure counts a
segment's demand in accelerators or in servers (accelerators / accelerators_per_server) by this table; a segment has
one unit (revenue_share, unit_share, or installed_systems: TOP500 counts, never a market share) and one region
(worldwide or china: a share is used only with demand or market size of its own region).
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "segment_categories",
    domain="vendor_share",
    description="One row per market-share segment: accelerators (chips) or servers, its unit (revenue, unit or installed-systems share) and its region.",
    file="segment_categories.csv",
    fields=(
        Field("segment", "VARCHAR", "Market-share segment of core.market_share, e.g. servers_revenue"),
        Field("category", "VARCHAR", "accelerators or servers: the unit the segment's demand is counted in",
              choices=("accelerators", "servers")),
        Field("unit", "VARCHAR", "What a share of the segment measures: revenue_share, unit_share, installed_systems",
              choices=("revenue_share", "unit_share", "installed_systems")),
        Field("region", "VARCHAR", "Region the shares are of: worldwide or china", choices=("worldwide", "china")),
        Field("note", "VARCHAR", "Why the segment is in this category", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("segment",),
)
parse = SOURCE.parse
