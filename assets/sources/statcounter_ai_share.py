"""StatCounter: worldwide monthly share of AI chatbot usage (percent of AI chatbot referrals), by chatbot.

gs.statcounter.com AI chatbot market share chart, CSV export (CC BY-SA 3.0, StatCounter). Wide CSV: "Date" (YYYY-MM)
then one column per chatbot. Data start 2025-04; earlier months are exported as rows of zeros, which mean
"no data" and are dropped (a real 0% share is kept when other chatbots in the same month are non-zero).
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_month, parse_number, read_csv_records

NAME = "statcounter_ai_share"
URL = ("https://gs.statcounter.com/chart.php?device_hidden=desktop%2Bmobile%2Btablet%2Bconsole&region_hidden=ww"
       "&statType_hidden=ai_chatbot&granularity=monthly&csv=1")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    records = read_csv_records(NAME, origin, payload, ["Date"])
    rows = []
    for line, rec in records:
        month = parse_month(NAME, origin, line, "Date", rec["Date"])
        shares = {k: parse_number(NAME, origin, line, k, v, minimum=0) for k, v in rec.items() if k != "Date"}
        if not shares:
            raise SourceParseError(NAME, origin, "no chatbot columns next to Date", line=line)
        if all(v == 0 for v in shares.values()):
            continue  # all-zero row = month without data
        rows.extend({"month": month, "chatbot": k, "share_percent": v, "line": line} for k, v in shares.items())
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per month x chatbot: worldwide share of AI chatbot usage (percent), StatCounter.",
    snapshot=CAPTURES_DIR / "statcounter_ai_chatbot_share_ww_monthly.csv",
    parse=parse,
    url=URL,
    observed_at_column="month", observed_at_basis="period",
    format="csv",
    licence="CC BY-SA 3.0 (StatCounter Global Stats)",
    cadence="monthly: a new month early each month",
    stale_after_days=62,
    columns=(
        Column("month", "DATE", "First day of the month"),
        Column("chatbot", "VARCHAR", "Chatbot as StatCounter names it, e.g. ChatGPT, Google Gemini"),
        Column("share_percent", "DOUBLE", "Share of AI chatbot usage (percent)"),
        Column("line", "INTEGER", "Line of the CSV"),
    ),
    keys=("month", "chatbot"),
)
