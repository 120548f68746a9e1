"""Curated price tiers: which tier each provider price type belongs to, and whether it counts in the price index.

inputs/curated/gpu_price_tiers.csv: price_type (as the sources write it), tier, index_quote, note. A tier is a
kind of good the analyst compares like with like (on-demand, spot, marketplace, reserved 1 or 3 years, purchase);
index_quote false keeps a price type out of marts.gpu_price_index (an aggregate of other quotes, a term of unknown
length) while it stays in core.gpu_hour_prices.
"""
from .curated import Field, curated_source

TIERS = ("on_demand", "spot", "marketplace", "reserved_1y", "reserved_3y", "reserved_5y", "reserved_unknown",
         "purchase")

SOURCE = curated_source(
    "gpu_price_tiers",
    domain="pricing",
    description="One row per GPU price type of the price sources: its tier and whether it is a quote of the index.",
    file="gpu_price_tiers.csv",
    fields=(
        Field("price_type", "VARCHAR", "Price type as the sources write it, e.g. on_demand, community, marketplace_avg"),
        Field("tier", "VARCHAR", "Tier compared like with like: " + ", ".join(TIERS), choices=TIERS),
        Field("index_quote", "BOOLEAN", "true: a provider's own quote, counted in marts.gpu_price_index", kind="bool"),
        Field("note", "VARCHAR", "What the price type is", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("price_type",),
)
parse = SOURCE.parse
