"""The seed note's published figures, which the pipeline must reproduce (see marts reconciliation).

inputs/curated/seed_figures.csv: figure, published_value, unit, rel_tolerance, kind, source_url, note. An arithmetic
figure is the note's own arithmetic, recomputed (a blocking check); a comparison sets a claim of the note beside the
warehouse's own fit of the data (a warning: the data may honestly disagree).
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "seed_figures",
    domain="assumptions",
    description="One row per figure published in the seed brokerage note, with the tolerance it must be reproduced to.",
    file="seed_figures.csv",
    fields=(
        Field("figure", "VARCHAR", "Identifier of the figure, e.g. chatgpt_2023_01_cost_usd"),
        Field("published_value", "DOUBLE", "Value printed in the note, in `unit`", kind="number"),
        Field("unit", "VARCHAR", "Unit of the value"),
        Field("rel_tolerance", "DOUBLE", "Allowed |computed - published| / published (ratio)", kind="number", minimum=0),
        Field("kind", "VARCHAR", "arithmetic (the note's own arithmetic, recomputed: a blocking check) or comparison (a "
              "claim set beside the warehouse's own fit: a warning)", choices=("arithmetic", "comparison")),
        Field("source_url", "VARCHAR", "Where the figure (or its inputs) was published", kind="url", column="figure_url"),
        Field("note", "VARCHAR", "How the note derived it", empty="", header_required=False),
    ),
    keys=("figure",),
)
parse = SOURCE.parse
