"""Curated accelerator families: which accelerators belong to the shared family vocabulary the pricing team
maps cloud prices to ('H100', 'A100', 'Ascend 910B', ...), and which variant is the family's reference.

inputs/curated/accelerator_families.csv: accelerator, family, is_family_reference, note. Accelerators not
listed get a family derived from their name in core.accelerators (vendor prefix and form factor dropped).
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, read_csv_records
from .parsing import parse_bool, reject_duplicates

NAME = "accelerator_families"
REQUIRED = ("accelerator", "family", "is_family_reference")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, reference_line = [], {}
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        for column in ("accelerator", "family"):
            if not rec[column]:
                raise SourceParseError(NAME, origin, f"empty {column}", line=line, column=column)
        is_reference = parse_bool(NAME, origin, line, "is_family_reference", rec["is_family_reference"])
        if is_reference is None:
            raise SourceParseError(NAME, origin, "is_family_reference must be true or false", line=line,
                                   column="is_family_reference")
        if is_reference and rec["family"] in reference_line:  # marts pick exactly one accelerator per family
            raise SourceParseError(NAME, origin, f"family {rec['family']!r} already has a reference accelerator "
                                   f"(line {reference_line[rec['family']]})", line=line, column="is_family_reference")
        if is_reference:
            reference_line[rec["family"]] = line
        rows.append({"accelerator": rec["accelerator"], "family": rec["family"], "is_family_reference": is_reference,
                     "note": rec.get("note", ""), "line": line})
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


SOURCE = Source(
    name=NAME,
    domain="hardware",
    description="One row per accelerator placed in a shared family, with the family's reference variant flagged.",
    snapshot=CURATED_DIR / "accelerator_families.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("accelerator", "VARCHAR", "Canonical accelerator name"),
        Column("family", "VARCHAR", "Family in the shared vocabulary, e.g. H100"),
        Column("is_family_reference", "BOOLEAN", "True for the one variant marts use for the family"),
        Column("note", "VARCHAR", "Why", required=False),
        Column("line", "INTEGER", "Line of the curated CSV"),
    ),
    keys=("accelerator",),
)
