"""Curated accelerator aliases: names other sources and price lists use for an accelerator, and how many
accelerators one alias stands for (a cloud instance type or an HGX baseboard counts 8).

inputs/curated/accelerator_aliases.csv: alias, accelerator, units_per_alias, note. core.accelerator_aliases
adds every hardware source's own names to these.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number, read_csv_records
from .parsing import reject_duplicates

NAME = "accelerator_aliases"
REQUIRED = ("alias", "accelerator", "units_per_alias")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows = []
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        for column in ("alias", "accelerator"):
            if not rec[column]:
                raise SourceParseError(NAME, origin, f"empty {column}", line=line, column=column)
        units = parse_number(NAME, origin, line, "units_per_alias", rec["units_per_alias"], minimum=1)
        if units != int(units):
            raise SourceParseError(NAME, origin, f"units_per_alias must be a whole number, got {units:g}",
                                   line=line, column="units_per_alias")
        rows.append({"alias": rec["alias"], "accelerator": rec["accelerator"], "units_per_alias": int(units),
                     "note": rec.get("note", ""), "line": line})
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


SOURCE = Source(
    name=NAME,
    domain="hardware",
    description="One row per curated alias of an accelerator (product names, nvidia-smi names, cloud instance types).",
    snapshot=CURATED_DIR / "accelerator_aliases.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("alias", "VARCHAR", "A name used elsewhere, e.g. ND96isr_H100_v5"),
        Column("accelerator", "VARCHAR", "Canonical accelerator it stands for (core.accelerators)"),
        Column("units_per_alias", "INTEGER", "Accelerators one alias stands for (8 for an 8-GPU instance)"),
        Column("note", "VARCHAR", "Why", required=False),
        Column("line", "INTEGER", "Line of the curated CSV"),
    ),
    keys=("alias",),
)
