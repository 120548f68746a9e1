"""The seed note's published figures, which the pipeline must reproduce (see marts reconciliation).

inputs/curated/seed_figures.csv: figure, published_value, unit, rel_tolerance, source_url, note.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number, read_csv_records

NAME = "seed_figures"
REQUIRED = ("figure", "published_value", "unit", "rel_tolerance", "source_url")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, seen = [], set()
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        if rec["figure"] in seen:
            raise SourceParseError(NAME, origin, f"duplicate figure {rec['figure']!r}", line=line, column="figure")
        seen.add(rec["figure"])
        rows.append({
            "figure": rec["figure"],
            "published_value": parse_number(NAME, origin, line, "published_value", rec["published_value"]),
            "unit": rec["unit"],
            "rel_tolerance": parse_number(NAME, origin, line, "rel_tolerance", rec["rel_tolerance"], minimum=0),
            "figure_url": rec["source_url"],
            "note": rec.get("note", ""),
        })
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="assumptions",
    description="One row per figure published in the seed brokerage note, with the tolerance it must be reproduced to.",
    snapshot=CURATED_DIR / "seed_figures.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("figure", "VARCHAR", "Identifier of the figure, e.g. chatgpt_2023_01_cost_usd"),
        Column("published_value", "DOUBLE", "Value printed in the note, in `unit`"),
        Column("unit", "VARCHAR", "Unit of the value"),
        Column("rel_tolerance", "DOUBLE", "Allowed |computed - published| / published (ratio)"),
        Column("figure_url", "VARCHAR", "Where the figure (or its inputs) was published"),
        Column("note", "VARCHAR", "How the note derived it", required=False),
    ),
    keys=("figure",),
)
