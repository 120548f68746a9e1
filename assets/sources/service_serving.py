"""Curated, dated serving stack: for each AI service, from which date it served which model on which accelerator.

inputs/curated/service_serving.csv: one row per service x valid_from (a row holds until the service's next row):
the model served, its active parameters per token (central estimate, low, high), the accelerator family serving it,
the product it is costed as (a product of marts.gpu_price_index whose speed AND price price the tokens: where the
serving chip has no public price history - TPU, Trainium, H800 - the same generation's NVIDIA product, said in the
note), the precision served, input and output tokens per message (central estimates; tokens_per_message_factor
gives their range), the API model (core.token_prices.canonical_model) whose price is set beside the cost, and scope:
`service`, or `aggregate` for a tracker's figure covering several services (never summed with its parts). The
first row of a service is its launch.
"""
from infra.sources import SourceParseError

from .curated import LINE, QUALITIES, QUALITY_FIELD_DESCRIPTION, Field, curated_source

PRECISIONS = ("fp16_tensor", "fp8")


def parameters_in_order(source: str, origin: str, row: dict) -> None:
    """The estimate sits inside its range."""
    if not row["active_parameters_low"] <= row["active_parameters"] <= row["active_parameters_high"]:
        raise SourceParseError(source, origin, f"{row['service']} {row['valid_from']}: needs active_parameters_low <= "
                               "active_parameters <= active_parameters_high", line=row[LINE], column="active_parameters")


SOURCE = curated_source(
    "service_serving",
    domain="traffic",
    description="One row per AI service x valid_from: the model it served, its active parameters (estimate, low, "
                "high), the serving accelerator and the product it is costed as, tokens per message, its API model.",
    file="service_serving.csv",
    fields=(
        Field("service", "VARCHAR", "Canonical service name (core.services)"),
        Field("valid_from", "DATE", "First day this stack served the service (the first row: its launch)", kind="date"),
        Field("scope", "VARCHAR", "service, or aggregate (a figure covering several services: never summed with them)",
              choices=("service", "aggregate")),
        Field("model_served", "VARCHAR", "Model (family) serving most messages"),
        Field("active_parameters", "DOUBLE", "Active parameters per token, central estimate (count)", kind="number",
              minimum=1e8, maximum=2e12),
        Field("active_parameters_low", "DOUBLE", "Low estimate (count)", kind="number", minimum=1e8, maximum=2e12),
        Field("active_parameters_high", "DOUBLE", "High estimate (count)", kind="number", minimum=1e8, maximum=2e12),
        Field("serving_accelerator", "VARCHAR", "Accelerator family serving it (core.accelerators.family)"),
        Field("costed_product", "VARCHAR", "marts.gpu_price_index product whose speed and price cost the tokens"),
        Field("precision", "VARCHAR", "Precision of the weights and matrix units: fp16_tensor or fp8", choices=PRECISIONS),
        Field("input_tokens_per_message", "DOUBLE", "Prompt tokens per message, central estimate (tokens)",
              kind="number", minimum=1, maximum=1e6),
        Field("output_tokens_per_message", "DOUBLE", "Generated tokens per message, central estimate (tokens)",
              kind="number", minimum=1, maximum=1e6),
        Field("api_model", "VARCHAR", "core.token_prices.canonical_model whose price is compared (empty: none)",
              empty=""),
        Field("source_url", "VARCHAR", "Where the serving fact comes from", kind="url", column="serving_url"),
        Field("quality", "VARCHAR", QUALITY_FIELD_DESCRIPTION, choices=QUALITIES),
        Field("note", "VARCHAR", "Sources of the estimates and caveats", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("service", "valid_from"),
    row_rules=(parameters_in_order,),
    observed_at="valid_from", observed_at_basis="period", stale_after_days=365,
)
parse = SOURCE.parse
