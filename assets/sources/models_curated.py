"""Curated model facts from papers: parameters, training tokens and (when the paper gives it) training FLOP.

inputs/curated/models.csv: model, organization, publication_date, parameters, training_tokens,
training_compute_flop (optional), confidence, replaces (';'-separated names of the same model in other sources,
e.g. Epoch's "GPT-3 175B (davinci)"), source_url, note. In core.models a curated row overrides the Epoch row
for the same model; without a reported FLOP figure, core.models computes 6 x parameters x tokens.
"""
from .curated import Field, curated_source

SOURCE = curated_source(
    "models_curated",
    domain="models",
    description="One row per curated model: parameters, training tokens and reported training FLOP from its paper.",
    file="models.csv",
    licence="Figures quoted from the paper in figure_url",
    fields=(
        Field("model", "VARCHAR", "Canonical model name, e.g. GPT-3 175B"),
        Field("organization", "VARCHAR", "Developing organization"),
        Field("publication_date", "DATE", "Publication date of the paper", kind="date"),
        Field("parameters", "DOUBLE", "Parameters (count)", kind="number", minimum=1),
        Field("training_tokens", "DOUBLE", "Training tokens (count)", kind="number", minimum=1),
        Field("training_compute_flop", "DOUBLE", "Training compute reported by the paper (FLOP), NULL if none",
              kind="number", minimum=1, empty=None, header_required=False),
        Field("confidence", "VARCHAR", "Confident, Likely, Speculative", empty=None, header_required=False),
        Field("replaces", "VARCHAR[]", "Names of the same model in other sources (their rows are overridden)",
              kind="list", header_required=False),
        Field("source_url", "VARCHAR", "Paper the figures come from", kind="url", column="figure_url"),
        Field("note", "VARCHAR", "Where in the paper, caveats", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("model",),
    observed_at="publication_date", observed_at_basis="publication",
)
parse = SOURCE.parse
