"""Curated list of the accelerators the marts compare: which precision each trains and serves at.

inputs/curated/reference_accelerators.csv: family, training_precision, inference_precision, fleet_reference,
training_reference (marts.training_demand costs every model on it), training_utilisation (the assumption row of the
family's generation), note.
Exactly one row is the fleet reference (vendor_exposure counts demand in its equivalents). A family must exist in
core.accelerators; a precision it lacks shows up as a flagged row (`issue`) in the marts, never as a silent zero.
"""
from infra.sources import SourceParseError

from .curated import Field, curated_source

# precision -> the core.accelerators column with its peak rate
PRECISIONS = ("fp32", "tf32", "fp16", "fp16_tensor", "fp8", "int8")


def one_fleet_reference(source: str, origin: str, rows: list[dict]) -> None:
    """vendor_exposure counts demand in exactly one family."""
    if sum(bool(r["fleet_reference"]) for r in rows) != 1:
        raise SourceParseError(source, origin, "exactly one row must have fleet_reference = true", column="fleet_reference")


SOURCE = curated_source(
    "reference_accelerators",
    domain="hardware",
    description="One row per reference accelerator family the marts compare, with the precision it trains and serves at.",
    file="reference_accelerators.csv",
    fields=(
        Field("family", "VARCHAR", "Accelerator family (core.accelerators.family), e.g. H100"),
        Field("training_precision", "VARCHAR", "Precision whose peak rate training uses: fp32, tf32, fp16, fp16_tensor, fp8, int8",
              choices=PRECISIONS, label="precision"),
        Field("inference_precision", "VARCHAR", "Precision whose peak rate serving uses", choices=PRECISIONS, label="precision"),
        Field("fleet_reference", "BOOLEAN", "The one family vendor_exposure counts demand in", kind="bool"),
        Field("training_reference", "BOOLEAN", "marts.training_demand costs every model on this family (false for "
              "inference cards)", kind="bool"),
        Field("training_utilisation", "VARCHAR", "Name of the assumption row that gives this generation's training "
              "utilisation (MFU), e.g. training_utilisation_hopper"),
        Field("note", "VARCHAR", "Why this precision or family", empty="", header_required=False),
    ),
    keys=("family",),
    table_rules=(one_fleet_reference,),
)
parse = SOURCE.parse
