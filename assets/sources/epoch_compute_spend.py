"""Epoch AI "AI Companies" compute spend: reported yearly compute spending of AI companies, split into inference and
R&D where the report allows (for reconciling the modelled inference cost with what companies spent).

https://epoch.ai/data/ai_companies_compute_spend.csv (CC BY 4.0, Epoch AI). Notes cells span several lines (quoted):
read with the csv module. Dates are M/D/YYYY in the recorded copy and YYYY-MM-DD in the live file: both accepted.
Category may list several kinds of spend, comma-separated ("R&D cloud compute,Inference cloud compute"): kept as a
list. Amount is the reported figure; Inference / R&D / Total compute spend are Epoch's split of it, empty when
the report does not split it. Confidence ranges from Confident to Speculative: an estimate is not a report.
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import (EPOCH_DATE_FORMATS, conform, parse_bool, parse_choice, parse_iso_date, parse_number,
                      read_csv_records)

NAME = "epoch_compute_spend"
REQUIRED = ("Id", "Company", "Amount", "Category", "Period type", "Date", "Confidence")
PERIOD_TYPES = ("Year", "Annualized", "Quarter", "Month")
CONFIDENCE = ("Confident", "Likely", "Uncertain", "Speculative")
# More than any company has spent on compute in a year by two orders of magnitude: a mis-scaled figure is refused.
MAX_USD = 1e13


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows = []
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        if not rec["Id"]:
            raise SourceParseError(NAME, origin, "empty Id", line=line, column="Id")

        def usd(column, allow_empty=True):
            return parse_number(NAME, origin, line, column, rec.get(column, ""), allow_empty=allow_empty, minimum=0,
                                maximum=MAX_USD)

        rows.append({
            "id": rec["Id"], "company": rec["Company"],
            "amount_usd": usd("Amount", allow_empty=False),
            "categories": [c.strip() for c in rec["Category"].split(",") if c.strip()],
            "period_type": parse_choice(NAME, origin, line, "Period type", rec["Period type"], PERIOD_TYPES,
                                        label="period type"),
            "period_end": parse_iso_date(NAME, origin, line, "Date", rec["Date"], formats=EPOCH_DATE_FORMATS),
            "report_date": parse_iso_date(NAME, origin, line, "Report date", rec.get("Report date", ""),
                                          allow_empty=True, formats=EPOCH_DATE_FORMATS),
            "confidence": parse_choice(NAME, origin, line, "Confidence", rec["Confidence"], CONFIDENCE,
                                       label="confidence"),
            "source_type": rec.get("Source Type", "") or None,
            "exclude_from_graph": parse_bool(NAME, origin, line, "Exclude from graph view",
                                             rec.get("Exclude from graph view", "")) is True,  # empty: shown
            "inference_usd": usd("Inference compute spend"),
            "rnd_usd": usd("R&D compute spend"),
            "total_usd": usd("Total compute spend"),
            "notes": rec.get("Notes", "") or None,
            "line": line,
        })
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per reported compute-spend figure of an AI company: amount (USD), what it covers "
                "(inference, R&D, data), the period it is for, Epoch's split into inference and R&D, confidence.",
    snapshot=CAPTURES_DIR / "epoch_ai_companies_compute_spend.csv",
    parse=parse,
    url="https://epoch.ai/data/ai_companies_compute_spend.csv",
    observed_at_column="period_end", observed_at_basis="period",
    format="csv",
    licence="CC BY 4.0 (Epoch AI, AI Companies data)",
    cadence="irregular: when a company's compute spend is reported",
    stale_after_days=400,
    columns=(
        Column("id", "VARCHAR", "Epoch's Id of the figure, e.g. 'OpenAI 2022 compute + data'"),
        Column("company", "VARCHAR", "Company, e.g. OpenAI, Anthropic"),
        Column("amount_usd", "DOUBLE", "The reported amount (USD)"),
        Column("categories", "VARCHAR[]", "What the amount covers: R&D cloud compute, Inference cloud compute, Data ..."),
        Column("period_type", "VARCHAR", "Year, Annualized, Quarter or Month"),
        Column("period_end", "DATE", "Date the period ends (Epoch's Date)"),
        Column("report_date", "DATE", "When the figure was reported", required=False),
        Column("confidence", "VARCHAR", "Confident, Likely, Uncertain or Speculative (Epoch's)"),
        Column("source_type", "VARCHAR", "Media report, Company disclosure, Other ...", required=False),
        Column("exclude_from_graph", "BOOLEAN", "Epoch's 'Exclude from graph view' flag (a superseded or overlapping figure)"),
        Column("inference_usd", "DOUBLE", "Epoch's inference share of the amount (USD); NULL when not split", required=False),
        Column("rnd_usd", "DOUBLE", "Epoch's R&D share of the amount (USD); NULL when not split", required=False),
        Column("total_usd", "DOUBLE", "Epoch's total compute spend the figure implies (USD)", required=False),
        Column("notes", "VARCHAR", "Epoch's notes with the source quotes and links (multi-line)", required=False),
        Column("line", "INTEGER", "Line of the CSV where the record starts"),
    ),
    keys=("id",),
)
