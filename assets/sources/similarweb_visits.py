"""Similarweb monthly figures for AI services, transcribed from press pages that cite Similarweb.

Curated: Similarweb has no free API, so each published figure is one row with the URL it was read from.
Analysts add rows to inputs/curated/similarweb_visits.csv and refresh.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_month, parse_number, read_csv_records

NAME = "similarweb_visits"
UNITS = ("count", "percent")
REQUIRED = ("month", "domain", "metric", "value", "unit", "source_url")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows = []
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        if rec["unit"] not in UNITS:
            raise SourceParseError(NAME, origin, f"unknown unit {rec['unit']!r} (expected one of {UNITS})",
                                   line=line, column="unit")
        if not rec["source_url"].startswith(("https://", "http://")):
            raise SourceParseError(NAME, origin, "source_url must be the page the figure was read from",
                                   line=line, column="source_url")
        rows.append({
            "month": parse_month(NAME, origin, line, "month", rec["month"]),
            "domain": rec["domain"].lower(),
            "metric": rec["metric"],
            "value": parse_number(NAME, origin, line, "value", rec["value"], minimum=0),
            "unit": rec["unit"],
            "publisher": rec.get("publisher_citing_similarweb", ""),
            "figure_url": rec["source_url"],
            "note": rec.get("note", ""),
            "line": line,
        })
    df = pd.DataFrame(rows)
    dup = df[df.duplicated(["month", "domain", "metric"], keep="first")] if not df.empty else df
    if not dup.empty:
        first = dup.iloc[0]
        raise SourceParseError(NAME, origin, f"duplicate key (month, domain, metric) = "
                               f"({first['month']}, {first['domain']}, {first['metric']})", line=int(first["line"]))
    return conform(SOURCE, origin, df)


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per published Similarweb figure: a domain's monthly visits, visitors or traffic share.",
    snapshot=CURATED_DIR / "similarweb_visits.csv",
    parse=parse,
    format="csv",
    licence="Figures quoted from Similarweb via the press page in figure_url",
    columns=(
        Column("month", "DATE", "First day of the month the figure describes"),
        Column("domain", "VARCHAR", "Web domain measured, e.g. chat.openai.com"),
        Column("metric", "VARCHAR", "visits, visitors or genai_traffic_share"),
        Column("value", "DOUBLE", "The figure, in `unit`"),
        Column("unit", "VARCHAR", "count or percent"),
        Column("publisher", "VARCHAR", "Who published the figure, citing Similarweb", required=False),
        Column("figure_url", "VARCHAR", "Page the figure was transcribed from"),
        Column("note", "VARCHAR", "Quote or caveat", required=False),
        Column("line", "INTEGER", "Line of the curated CSV the row came from"),
    ),
    keys=("month", "domain", "metric"),
)
