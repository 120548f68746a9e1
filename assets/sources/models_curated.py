"""Curated model facts from papers: parameters, training tokens and (when the paper gives it) training FLOP.

inputs/curated/models.csv: model, organization, publication_date, parameters, training_tokens,
training_compute_flop (optional), confidence, replaces (';'-separated names of the same model in other sources,
e.g. Epoch's "GPT-3 175B (davinci)"), source_url, note. In core.models a curated row overrides the Epoch row
for the same model; without a reported FLOP figure, core.models computes 6 x parameters x tokens.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number, read_csv_records
from .parsing import parse_iso_date, reject_duplicates, require_url

NAME = "models_curated"
REQUIRED = ("model", "organization", "publication_date", "parameters", "training_tokens", "source_url")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows = []
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        if not rec["model"]:
            raise SourceParseError(NAME, origin, "empty model", line=line, column="model")
        rows.append({
            "model": rec["model"], "organization": rec["organization"],
            "publication_date": parse_iso_date(NAME, origin, line, "publication_date", rec["publication_date"]),
            "parameters": parse_number(NAME, origin, line, "parameters", rec["parameters"], minimum=1),
            "training_tokens": parse_number(NAME, origin, line, "training_tokens", rec["training_tokens"], minimum=1),
            "training_compute_flop": parse_number(NAME, origin, line, "training_compute_flop",
                                                  rec.get("training_compute_flop", ""), allow_empty=True, minimum=1),
            "confidence": rec.get("confidence") or None,
            "replaces": [n.strip() for n in rec.get("replaces", "").split(";") if n.strip()],
            "figure_url": require_url(NAME, origin, line, "source_url", rec["source_url"]),
            "note": rec.get("note", ""), "line": line,
        })
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


SOURCE = Source(
    name=NAME,
    domain="models",
    description="One row per curated model: parameters, training tokens and reported training FLOP from its paper.",
    snapshot=CURATED_DIR / "models.csv",
    parse=parse,
    format="csv",
    licence="Figures quoted from the paper in figure_url",
    columns=(
        Column("model", "VARCHAR", "Canonical model name, e.g. GPT-3 175B"),
        Column("organization", "VARCHAR", "Developing organization"),
        Column("publication_date", "DATE", "Publication date of the paper"),
        Column("parameters", "DOUBLE", "Parameters (count)"),
        Column("training_tokens", "DOUBLE", "Training tokens (count)"),
        Column("training_compute_flop", "DOUBLE", "Training compute reported by the paper (FLOP), NULL if none", required=False),
        Column("confidence", "VARCHAR", "Confident, Likely, Speculative", required=False),
        Column("replaces", "VARCHAR[]", "Names of the same model in other sources (their rows are overridden)"),
        Column("figure_url", "VARCHAR", "Paper the figures come from"),
        Column("note", "VARCHAR", "Where in the paper, caveats", required=False),
        Column("line", "INTEGER", "Line of the curated CSV"),
    ),
    keys=("model",),
)
