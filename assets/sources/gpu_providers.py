"""Curated provider names: one id per GPU seller across the price sources (Epoch writes "Lambda Labs", Prime
Intellect "lambdalabs", our Lambda page source "lambda").

inputs/curated/gpu_providers.csv: name (as a source writes it, lower-cased), provider (the id), note. A name not
listed keeps its lower-cased self. marts.gpu_price_index gives each provider one vote a month, so two spellings
of one seller must not vote twice.
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "gpu_providers",
    domain="pricing",
    description="One row per spelling of a GPU seller's name in the price sources: the provider id it means.",
    file="gpu_providers.csv",
    fields=(
        Field("name", "VARCHAR", "The seller's name as a source writes it (lower-cased)", lower=True),
        Field("provider", "VARCHAR", "Provider id used in core.gpu_hour_prices, e.g. azure, lambda, aws", lower=True),
        Field("note", "VARCHAR", "Why", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("name",),
)
parse = SOURCE.parse
