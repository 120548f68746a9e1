"""Curated trend windows: the periods and model subsets marts.compute_trend fits the growth of training compute over.

inputs/curated/trend_windows.csv: window_name, window_start, window_end (empty: open, up to the latest model),
subset (all | frontier | largest_per_year), note.
"""
from infra.sources import SourceParseError

from .curated import LINE, Field, curated_source


def window_runs_forward(source: str, origin: str, row: dict) -> None:
    if row["window_end"] is not None and row["window_end"] <= row["window_start"]:
        raise SourceParseError(source, origin, f"window {row['window_name']!r} ends before it starts",
                               line=row[LINE], column="window_end")


SOURCE = curated_source(
    "trend_windows",
    domain="models",
    description="One row per window of the compute trend: first and last publication date, and the model subset.",
    file="trend_windows.csv",
    fields=(
        Field("window_name", "VARCHAR", "Name of the window, e.g. 2012-2018"),
        Field("window_start", "DATE", "First publication date in the window", kind="date"),
        Field("window_end", "DATE", "Last publication date in the window; NULL: open, up to the latest model",
              kind="date", empty=None),
        Field("subset", "VARCHAR", "all (every model with compute), frontier (the top frontier_top_n by compute at "
              "publication) or largest_per_year (the largest run of each year)", choices=("all", "frontier", "largest_per_year")),
        Field("note", "VARCHAR", "Why this window", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("window_name",),
    row_rules=(window_runs_forward,),
)
parse = SOURCE.parse
