"""Curated accelerator families: which accelerators belong to the shared family vocabulary the pricing team
maps cloud prices to ('H100', 'A100', 'Ascend 910B', ...), and which variant is the family's reference.

inputs/curated/accelerator_families.csv: accelerator, family, is_family_reference, data_center, note. Accelerators
not listed get a family derived from their name in core.accelerators (vendor prefix and form factor dropped).
data_center (true: sold for data centers; false: a consumer or workstation card) is a property of the family: every
row of a family carries the same value, and core.accelerators gives it to every variant of the family.
"""
from infra.sources import SourceParseError

from .curated import LINE, Field, curated_source


def one_reference_per_family(source: str, origin: str, rows: list[dict]) -> None:
    """Marts pick exactly one accelerator per family: at most one row of a family is its reference."""
    reference_line: dict[str, int] = {}
    for row in rows:
        if not row["is_family_reference"]:
            continue
        if row["family"] in reference_line:
            raise SourceParseError(source, origin, f"family {row['family']!r} already has a reference accelerator "
                                   f"(line {reference_line[row['family']]})", line=row[LINE], column="is_family_reference")
        reference_line[row["family"]] = row[LINE]


def one_data_center_flag_per_family(source: str, origin: str, rows: list[dict]) -> None:
    """data_center describes the family (core.accelerators gives it to every variant): its rows agree."""
    first: dict[str, dict] = {}
    for row in rows:
        seen = first.setdefault(row["family"], row)
        if seen["data_center"] != row["data_center"]:
            raise SourceParseError(source, origin, f"family {row['family']!r} is data_center={seen['data_center']} on "
                                   f"line {seen[LINE]} but {row['data_center']} here", line=row[LINE], column="data_center")


SOURCE = curated_source(
    "accelerator_families",
    domain="hardware",
    description="One row per accelerator placed in a shared family, with the family's reference variant flagged.",
    file="accelerator_families.csv",
    fields=(
        Field("accelerator", "VARCHAR", "Canonical accelerator name"),
        Field("family", "VARCHAR", "Family in the shared vocabulary, e.g. H100"),
        Field("is_family_reference", "BOOLEAN", "True for the one variant marts use for the family", kind="bool"),
        Field("data_center", "BOOLEAN", "True for a data-center accelerator family, false for consumer or workstation "
              "cards (GeForce RTX 4090, RTX A6000); the same on every row of a family", kind="bool"),
        Field("note", "VARCHAR", "Why", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("accelerator",),
    table_rules=(one_reference_per_family, one_data_center_flag_per_family),
)
parse = SOURCE.parse
