"""Curated accelerator datasheets: chips the feeds lack (Enflame i20, L40S) or describe poorly (Kunlunxin R200,
T-Head Hanguang 800) or lack one figure of (H100's dense FP8), transcribed from vendor or press pages. In
core.accelerators each figure given here wins over Epoch's for the same accelerator, column by column: an empty cell
leaves Epoch's figure in place. Uncertain figures are said so in `note`; unknown ones stay empty (NULL).
Tensor figures are dense (without structured sparsity): vendors' headline numbers are often sparse, and are halved.

inputs/curated/accelerator_datasheets.csv, one row per accelerator, with the page its figures come from.
"""
from .curated import QUALITIES, QUALITY_FIELD_DESCRIPTION, Field, curated_source


def _figure(name: str, description: str) -> Field:
    """A datasheet figure: a non-negative number, empty when the datasheet does not give it."""
    return Field(name, "DOUBLE", description, kind="number", minimum=0, empty=None)


SOURCE = curated_source(
    "accelerator_datasheets",
    domain="hardware",
    description="One row per curated accelerator datasheet: peak FLOP/s, memory, TDP, with the vendor or press page.",
    file="accelerator_datasheets.csv",
    licence="Figures quoted from the vendor or press page in figure_url",
    fields=(
        Field("accelerator", "VARCHAR", "Canonical accelerator name, e.g. Enflame i20"),
        Field("vendor", "VARCHAR", "Vendor (canonical name of core.vendors)"),
        Field("name_zh", "VARCHAR", "Chinese product name, e.g. 云燧i20", empty=None, header_required=False),
        Field("release_date", "DATE", "Release or announcement date", kind="date"),
        _figure("fp32_flop_per_s", "Peak FP32, vector (non-tensor) (FLOP/s)"),
        _figure("tf32_flop_per_s", "Peak TF32 tensor, dense (FLOP/s)"),
        _figure("fp16_tensor_flop_per_s", "Peak FP16/BF16 tensor, dense (FLOP/s)"),
        _figure("fp8_flop_per_s", "Peak FP8 tensor, dense (FLOP/s)"),
        _figure("int8_op_per_s", "Peak INT8, dense (OP/s)"),
        _figure("memory_bytes", "Memory (bytes)"),
        _figure("memory_bandwidth_bytes_per_s", "Memory bandwidth (bytes/s)"),
        _figure("tdp_w", "Thermal design power (W)"),
        _figure("release_price_usd", "Release price per unit (USD)"),
        Field("source_url", "VARCHAR", "Vendor or press page the figures were read from", kind="url", column="figure_url"),
        Field("quality", "VARCHAR", QUALITY_FIELD_DESCRIPTION, choices=QUALITIES),
        Field("note", "VARCHAR", "What is uncertain and why", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("accelerator",),
    observed_at="release_date", observed_at_basis="publication", stale_after_days=365,
)
parse = SOURCE.parse
