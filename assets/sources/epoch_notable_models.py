"""Epoch AI "Notable AI Models": one row per model with parameters, training compute and hardware.

Live CSV https://epoch.ai/data/notable_ai_models.csv (regenerated daily), licence CC BY 4.0 (credit Epoch AI).
Newer snapshots add columns and revise values: columns are found by header name with aliases, and only the
few this warehouse uses are required. Training dataset size is in Epoch's "datapoints" (tokens for language
models, images or other units elsewhere): core.models uses it as tokens only for language models.
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_bool, parse_iso_date, parse_number, read_csv_by_headers, reject_duplicates

NAME = "epoch_notable_models"
URL = "https://epoch.ai/data/notable_ai_models.csv"
HEADERS = {
    "model": ("Model", "System"),
    "domain": ("Domain",),
    "organization": ("Organization",),
    "publication_date": ("Publication date",),
    "parameters": ("Parameters",),
    "training_compute_flop": ("Training compute (FLOP)",),
    "training_dataset_size": ("Training dataset size (datapoints)", "Training dataset size (total)"),
    "training_hardware": ("Training hardware",),
    "hardware_quantity": ("Hardware quantity",),
    "confidence": ("Confidence",),
    "frontier_model": ("Frontier model",),
    "notability_criteria": ("Notability criteria",),
    "estimation_method": ("Training compute estimation method",),
    "link": ("Link",),
}
# Above any real model by orders of magnitude (the largest runs on record: ~5e26 FLOP, ~2e12 parameters, ~3e13
# tokens, ~2e5 chips): a corrupt or mis-scaled figure is refused, not stored.
MAXIMA = {"parameters": 1e15, "training_compute_flop": 1e30, "training_dataset_size": 1e17, "hardware_quantity": 1e7}
OPTIONAL = ("domain", "training_hardware", "hardware_quantity", "confidence", "frontier_model",
            "notability_criteria", "estimation_method", "link")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    cols, records = read_csv_by_headers(NAME, origin, payload, HEADERS, OPTIONAL)
    df = pd.DataFrame([_row(origin, line, rec, cols) for line, rec in records])
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


def _row(origin, line, rec, cols) -> dict:
    def text(name):
        return rec[cols[name]] if name in cols else ""

    if not text("model"):
        raise SourceParseError(NAME, origin, "empty model name", line=line, column=cols["model"])
    row = {name: text(name) or None for name in ("model", "domain", "organization", "training_hardware",
                                                 "confidence", "notability_criteria", "estimation_method", "link")}
    row["line"] = line
    row["publication_date"] = parse_iso_date(NAME, origin, line, cols["publication_date"], text("publication_date"),
                                             allow_empty=True)
    for name in ("parameters", "training_compute_flop", "training_dataset_size", "hardware_quantity"):
        row[name] = parse_number(NAME, origin, line, cols.get(name, name), text(name), allow_empty=True, minimum=0,
                                 maximum=MAXIMA[name])
    # the column holds True or nothing: absent column -> NULL, empty cell -> False
    row["frontier_model"] = (parse_bool(NAME, origin, line, cols["frontier_model"], text("frontier_model")) or False
                             ) if "frontier_model" in cols else None
    return row


SOURCE = Source(
    name=NAME,
    domain="models",
    description="One row per notable AI model in Epoch AI's database: organization, date, parameters, training compute, hardware.",
    snapshot=CAPTURES_DIR / "epoch_notable_ai_models.csv",
    parse=parse,
    url=URL,
    observed_at_column="publication_date", observed_at_basis="publication",
    format="csv",
    licence="CC BY 4.0 (Epoch AI, Notable AI Models)",
    cadence="weekly: Epoch adds models continuously",
    stale_after_days=90,
    columns=(
        Column("model", "VARCHAR", "Model name as Epoch writes it, e.g. GPT-3 175B (davinci)"),
        Column("domain", "VARCHAR", "Domain(s), e.g. Language", required=False),
        Column("organization", "VARCHAR", "Developing organization(s)", required=False),
        Column("publication_date", "DATE", "Publication or announcement date", required=False),
        Column("parameters", "DOUBLE", "Parameters (count)", required=False),
        Column("training_compute_flop", "DOUBLE", "Training compute (FLOP), Epoch's estimate", required=False),
        Column("training_dataset_size", "DOUBLE", "Training dataset size (datapoints: tokens for language models)", required=False),
        Column("training_hardware", "VARCHAR", "Training hardware as Epoch names it", required=False),
        Column("hardware_quantity", "DOUBLE", "Number of accelerators used (count)", required=False),
        Column("confidence", "VARCHAR", "Epoch's confidence: Confident, Likely, Speculative, Unknown", required=False),
        Column("frontier_model", "BOOLEAN", "Epoch's frontier-model flag (False when the cell is empty)", required=False),
        Column("notability_criteria", "VARCHAR", "Why Epoch lists the model", required=False),
        Column("estimation_method", "VARCHAR", "How Epoch estimated the training compute", required=False),
        Column("link", "VARCHAR", "Paper or announcement", required=False),
        Column("line", "INTEGER", "Line of the CSV the row starts on"),
    ),
    keys=("model",),
)
