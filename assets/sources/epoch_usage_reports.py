"""Epoch AI "AI Companies" usage reports: reported active users, daily tokens and daily messages of AI products.

https://epoch.ai/data/ai_companies_usage_reports.csv (CC BY 4.0, Epoch AI). Notes cells span several lines (quoted):
read with the csv module. Dates are M/D/YYYY in the recorded copy and YYYY-MM-DD in the live file: both accepted.
Numbers may be written 1.33E+11 or 50000000.0.
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import (EPOCH_DATE_FORMATS, conform, parse_bool, parse_choice, parse_iso_date, parse_number,
                      read_csv_records)

NAME = "epoch_usage_reports"
REQUIRED = ("Id", "Company", "Active users", "Active users time period", "Daily tokens", "Daily messages", "Date",
            "Product")
PERIODS = ("Daily", "Weekly", "Monthly")  # of an active-user count; empty when the report gives none


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows = []
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        if not rec["Id"]:
            raise SourceParseError(NAME, origin, "empty Id", line=line, column="Id")
        period = rec["Active users time period"]
        if period:
            parse_choice(NAME, origin, line, "Active users time period", period, PERIODS, label="period")
        users = parse_number(NAME, origin, line, "Active users", rec["Active users"], allow_empty=True, minimum=0)
        if users is not None and not period:
            raise SourceParseError(NAME, origin, "active users without a time period", line=line,
                                   column="Active users time period")
        rows.append({
            "id": rec["Id"], "company": rec["Company"], "product": rec["Product"],
            "active_users": users, "active_users_period": period.lower() or None,
            "daily_tokens": parse_number(NAME, origin, line, "Daily tokens", rec["Daily tokens"], allow_empty=True, minimum=0),
            "daily_messages": parse_number(NAME, origin, line, "Daily messages", rec["Daily messages"], allow_empty=True, minimum=0),
            "date": parse_iso_date(NAME, origin, line, "Date", rec["Date"], formats=EPOCH_DATE_FORMATS),
            "report_date": parse_iso_date(NAME, origin, line, "Report date", rec.get("Report date", ""),
                                          allow_empty=True, formats=EPOCH_DATE_FORMATS),
            "report_url": rec.get("Source 1", ""), "notes": rec.get("Notes", ""), "source_type": rec.get("Source type", ""),
            "confidence": rec.get("Confidence", ""),
            "exclude_from_graph": parse_bool(NAME, origin, line, "Exclude from graph view",
                                             rec.get("Exclude from graph view", "")) is True,  # empty: shown
            "line": line,
        })
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per usage figure reported for an AI product: active users (daily/weekly/monthly), daily "
                "tokens or daily messages, with its date and source.",
    snapshot=CAPTURES_DIR / "epoch_ai_companies_usage_reports.csv",
    parse=parse,
    url="https://epoch.ai/data/ai_companies_usage_reports.csv",
    observed_at_column="date", observed_at_basis="payload",
    web_url_column="report_url",
    format="csv",
    licence="CC BY 4.0 (Epoch AI, AI Companies data)",
    cadence="irregular: when a company reports usage",
    stale_after_days=120,
    columns=(
        Column("id", "VARCHAR", "Epoch's Id of the report, e.g. 'ChatGPT 50M WAU' (not unique alone)"),
        Column("company", "VARCHAR", "Company, e.g. OpenAI"),
        Column("product", "VARCHAR", "Product as Epoch names it, e.g. ChatGPT, Meta AI assistant"),
        Column("active_users", "DOUBLE", "Active users (count) over active_users_period", required=False),
        Column("active_users_period", "VARCHAR", "daily, weekly or monthly", required=False),
        Column("daily_tokens", "DOUBLE", "Tokens processed per day (count)", required=False),
        Column("daily_messages", "DOUBLE", "Messages per day (count)", required=False),
        Column("date", "DATE", "Date the figure describes"),
        Column("report_date", "DATE", "Date the figure was reported", required=False),
        Column("report_url", "VARCHAR", "Source 1: where the figure was published", required=False),
        Column("notes", "VARCHAR", "Epoch's notes (multi-line)", required=False),
        Column("source_type", "VARCHAR", "Company disclosure, Media report ...", required=False),
        Column("confidence", "VARCHAR", "Confident, Likely, Uncertain ...", required=False),
        Column("exclude_from_graph", "BOOLEAN", "Epoch's 'Exclude from graph view' flag"),
        Column("line", "INTEGER", "Line of the CSV where the record starts"),
    ),
    keys=("id", "date"),
)
