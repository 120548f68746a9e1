"""Curated list of the accelerators the marts compare: which precision each trains and serves at.

inputs/curated/reference_accelerators.csv: family, training_precision, inference_precision, fleet_reference, note.
Exactly one row is the fleet reference (vendor_exposure counts demand in its equivalents). A family must exist in
core.accelerators; a precision it lacks shows up as a flagged row (`issue`) in the marts, never as a silent zero.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, read_csv_records

NAME = "reference_accelerators"
# precision -> the core.accelerators column with its peak rate
PRECISIONS = ("fp32", "tf32", "fp16", "fp16_tensor", "fp8", "int8")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, seen = [], {}
    records = read_csv_records(NAME, origin, payload, ["family", "training_precision", "inference_precision", "fleet_reference"])
    for line, rec in records:
        if rec["family"] in seen:
            raise SourceParseError(NAME, origin, f"duplicate family {rec['family']!r} (first on line {seen[rec['family']]})",
                                   line=line, column="family")
        seen[rec["family"]] = line
        for col in ("training_precision", "inference_precision"):
            if rec[col] not in PRECISIONS:
                raise SourceParseError(NAME, origin, f"unknown precision {rec[col]!r} (expected one of {PRECISIONS})",
                                       line=line, column=col)
        if rec["fleet_reference"] not in ("true", "false"):
            raise SourceParseError(NAME, origin, "fleet_reference must be true or false", line=line, column="fleet_reference")
        rows.append({"family": rec["family"], "training_precision": rec["training_precision"],
                     "inference_precision": rec["inference_precision"], "fleet_reference": rec["fleet_reference"] == "true",
                     "note": rec.get("note", "")})
    if sum(r["fleet_reference"] for r in rows) != 1:
        raise SourceParseError(NAME, origin, "exactly one row must have fleet_reference = true", column="fleet_reference")
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="hardware",
    description="One row per reference accelerator family the marts compare, with the precision it trains and serves at.",
    snapshot=CURATED_DIR / "reference_accelerators.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("family", "VARCHAR", "Accelerator family (core.accelerators.family), e.g. H100"),
        Column("training_precision", "VARCHAR", "Precision whose peak rate training uses: fp32, tf32, fp16, fp16_tensor, fp8, int8"),
        Column("inference_precision", "VARCHAR", "Precision whose peak rate serving uses"),
        Column("fleet_reference", "BOOLEAN", "The one family vendor_exposure counts demand in"),
        Column("note", "VARCHAR", "Why this precision or family", required=False),
    ),
    keys=("family",),
)
