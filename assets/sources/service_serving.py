"""Curated: which accelerator family serves each AI service, and which API model prices its tokens for comparison.

inputs/curated/service_serving.csv: service, serving_accelerator, api_provider, api_model, source_url, note.
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "service_serving",
    domain="traffic",
    description="One row per AI service: the accelerator family that serves it and the API model that prices its tokens.",
    file="service_serving.csv",
    fields=(
        Field("service", "VARCHAR", "Canonical service name (core.services)"),
        Field("serving_accelerator", "VARCHAR", "Accelerator family serving it (core.accelerators.family)"),
        Field("api_provider", "VARCHAR", "Provider of the comparison API price (core.token_prices.provider)"),
        Field("api_model", "VARCHAR", "Model of the comparison API price (core.token_prices.model)"),
        Field("source_url", "VARCHAR", "Where the serving fact comes from", kind="url", column="serving_url"),
        Field("note", "VARCHAR", "Caveats", empty="", header_required=False),
    ),
    keys=("service",),
)
parse = SOURCE.parse
