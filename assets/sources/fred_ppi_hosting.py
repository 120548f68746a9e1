"""FRED PCU518210518210: US producer price index for "Data Processing, Hosting and Related Services", monthly
(2000-12 = 100). Epoch AI deflates training costs to 2023 USD with it; core.deflator does the same.

https://fred.stlouisfed.org/series/PCU518210518210 (US Bureau of Labor Statistics via FRED, public domain). The CSV
has two columns, observation_date and the series id; FRED writes "." for a month without a value, which is kept as
NULL (a missing month is a gap, never filled by the parser).
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source
from .parsing import parse_iso_date, parse_number, read_csv_by_headers, conform, reject_duplicates

NAME = "fred_ppi_hosting"
SERIES = "PCU518210518210"
URL = f"https://fred.stlouisfed.org/graph/fredgraph.csv?id={SERIES}"
HEADERS = {"month": ("observation_date", "DATE"), "index_value": (SERIES,)}
# The index has stayed between 90 and 130 since its 2000-12 base of 100: a value far outside is a wrong series.
MINIMUM, MAXIMUM = 10, 1000


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    cols, records = read_csv_by_headers(NAME, origin, payload, HEADERS)
    rows = []
    for line, rec in records:
        month = parse_iso_date(NAME, origin, line, cols["month"], rec[cols["month"]])
        cell = rec[cols["index_value"]]
        value = None if cell == "." else parse_number(NAME, origin, line, cols["index_value"], cell, minimum=MINIMUM,
                                                      maximum=MAXIMUM)
        rows.append({"month": month, "index_value": value, "line": line})
    frame = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, frame, SOURCE.keys)
    return conform(SOURCE, origin, frame)


SOURCE = Source(
    name=NAME,
    domain="pricing",
    description="One row per month: the US producer price index of data processing and hosting services "
                "(2000-12 = 100), the deflator of training costs.",
    snapshot=CAPTURES_DIR / "fred_PCU518210518210.csv",
    parse=parse,
    url=URL,
    observed_at_column="month", observed_at_basis="period",
    format="csv",
    licence="Public domain (US Bureau of Labor Statistics, via FRED)",
    cadence="monthly: BLS publishes mid-month for the month before",
    stale_after_days=75,
    columns=(
        Column("month", "DATE", "First day of the month"),
        Column("index_value", "DOUBLE", "Producer price index (2000-12 = 100); NULL where FRED has no value"),
        Column("line", "INTEGER", "Line of the CSV"),
    ),
    keys=("month",),
)
