"""Curated accelerator aliases: names other sources and price lists use for an accelerator, and how many
accelerators one alias stands for (a cloud instance type or an HGX baseboard counts 8).

inputs/curated/accelerator_aliases.csv: alias, accelerator, units_per_alias, note. core.accelerator_aliases
adds every hardware source's own names to these.
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "accelerator_aliases",
    domain="hardware",
    description="One row per curated alias of an accelerator (product names, nvidia-smi names, cloud instance types).",
    file="accelerator_aliases.csv",
    fields=(
        Field("alias", "VARCHAR", "A name used elsewhere, e.g. ND96isr_H100_v5"),
        Field("accelerator", "VARCHAR", "Canonical accelerator it stands for (core.accelerators)"),
        Field("units_per_alias", "INTEGER", "Accelerators one alias stands for (8 for an 8-GPU instance)",
              kind="integer", minimum=1),
        Field("note", "VARCHAR", "Why", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("alias",),
)
parse = SOURCE.parse
