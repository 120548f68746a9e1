"""TOP500 list of June 2025: the 500 most powerful supercomputers, with manufacturer, country and accelerator.

Snapshot: the .xlsx export (top500_june2025.xlsx), read with pandas + openpyxl. Chosen over the csv beside it in
the reference data because the .xlsx is what TOP500 itself publishes (the "Excel" download of the list page);
the csv is a third party's plain conversion of it, one step further from the source. The live URL is the
list's download link; whether TOP500 requires a (free) login for it was not verified.
Licence: TOP500 site terms (credit TOP500.org). Columns are found by header name with aliases.
TOP500 reports Rmax/Rpeak in TFlop/s and power in kW; the list edition is not inside the file, so it is
bound to this snapshot and URL (LIST_EDITION).
"""
import io
import zipfile
import zlib
from xml.etree import ElementTree
from datetime import date

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number
from .parsing import reject_duplicates, resolve_headers

NAME = "top500"
URL = "https://top500.org/lists/top500/2025/06/download/TOP500_202506.xlsx"
LIST_EDITION = date(2025, 6, 1)
FIRST_LIST_YEAR = 1993  # the first TOP500 list: an earlier installation year is a misread cell
HEADERS = {
    "rank": ("Rank",),
    "system_name": ("Name", "System Name"),
    "computer": ("Computer", "System"),
    "site": ("Site",),
    "manufacturer": ("Manufacturer", "Vendor"),
    "country": ("Country",),
    "year": ("Year",),
    "segment": ("Segment",),
    "total_cores": ("Total Cores", "Cores"),
    "accelerator_cores": ("Accelerator/Co-Processor Cores",),
    "rmax_tflop_per_s": ("Rmax [TFlop/s]", "Rmax (TFlop/s)"),
    "rpeak_tflop_per_s": ("Rpeak [TFlop/s]", "Rpeak (TFlop/s)"),
    "power_kw": ("Power (kW)", "Power"),
    "accelerator": ("Accelerator/Co-Processor", "Accelerator"),
    "processor": ("Processor",),
    "interconnect": ("Interconnect",),
    "system_id": ("System ID", "SystemID"),
}
OPTIONAL = ("system_name", "site", "year", "segment", "accelerator_cores", "processor", "interconnect")
NUMBERS = {"total_cores": 1, "accelerator_cores": 0, "rmax_tflop_per_s": 0, "rpeak_tflop_per_s": 0, "power_kw": 0}
NULLABLE = ("accelerator_cores", "power_kw")  # CPU-only systems have no accelerator; many entries submit no power


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    try:
        sheet = pd.read_excel(io.BytesIO(payload), engine="openpyxl", dtype=object)
    except (zipfile.BadZipFile, zlib.error, ElementTree.ParseError, ValueError, KeyError, OSError, EOFError) as exc:
        raise SourceParseError(NAME, origin, f"not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})") from exc
    cols = resolve_headers(NAME, origin, [str(c) for c in sheet.columns], HEADERS, OPTIONAL)
    rows = [_row(origin, i + 2, rec, cols) for i, rec in enumerate(sheet.to_dict("records"))]  # row 1 is the header
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _row(origin: str, line: int, rec: dict, cols: dict) -> dict:
    def cell(name):
        return _text(rec.get(cols[name])) if name in cols else ""

    row = {"list_edition": LIST_EDITION, "line": line}
    for name in ("system_name", "computer", "site", "manufacturer", "country", "segment", "accelerator",
                 "processor", "interconnect"):
        row[name] = cell(name) or None
    for name in ("manufacturer", "country", "computer"):
        if not row[name]:
            raise SourceParseError(NAME, origin, f"empty {name}", line=line, column=cols[name])
    row["system"] = row["system_name"] or row["computer"]  # 54 entries have no name: TOP500 shows the computer
    row["rank"] = parse_number(NAME, origin, line, cols["rank"], cell("rank"), minimum=1, integer=True)
    row["system_id"] = parse_number(NAME, origin, line, cols["system_id"], cell("system_id"), minimum=1, integer=True)
    row["year"] = parse_number(NAME, origin, line, cols.get("year", "year"), cell("year"), allow_empty=True,
                               minimum=FIRST_LIST_YEAR, integer=True)
    for name, minimum in NUMBERS.items():
        row[name] = parse_number(NAME, origin, line, cols.get(name, name), cell(name),
                                 allow_empty=name in NULLABLE or name not in cols, minimum=minimum)
    return row


SOURCE = Source(
    name=NAME,
    domain="vendor_share",
    description="One row per system on the TOP500 list (June 2025): rank, system, manufacturer, country, accelerator, cores, Rmax, Rpeak, power.",
    snapshot=CAPTURES_DIR / "top500_june2025.xlsx",
    parse=parse,
    url=URL,
    observed_at_column="list_edition", observed_at_basis="publication",  # the list is published in its month
    format="xlsx",
    licence="TOP500 site terms (credit TOP500.org)",
    cadence="twice a year: June (ISC) and November (SC) lists",
    stale_after_days=200,
    columns=(
        Column("list_edition", "DATE", "First day of the list's month (the June 2025 list: 2025-06-01)"),
        Column("rank", "INTEGER", "Rank on the list, 1 = fastest by Rmax"),
        Column("system_id", "INTEGER", "TOP500 system id (top500.org/system/<id>)"),
        Column("system", "VARCHAR", "System name, or the computer description when the system has no name"),
        Column("system_name", "VARCHAR", "System name as listed (NULL for unnamed systems)", required=False),
        Column("computer", "VARCHAR", "Computer description: model, processor, accelerator, interconnect"),
        Column("site", "VARCHAR", "Site operating the system", required=False),
        Column("manufacturer", "VARCHAR", "Manufacturer as listed, e.g. Lenovo, HPE, Fujitsu / Lenovo"),
        Column("country", "VARCHAR", "Country of the site"),
        Column("year", "INTEGER", "Year of installation", required=False),
        Column("segment", "VARCHAR", "Research, Academic, Industry, Government, Vendor, Others", required=False),
        Column("accelerator", "VARCHAR", "Accelerator/co-processor as listed (NULL for CPU-only systems)", required=False),
        Column("processor", "VARCHAR", "Processor as listed", required=False),
        Column("interconnect", "VARCHAR", "Interconnect as listed", required=False),
        Column("total_cores", "DOUBLE", "Total cores, accelerator cores included (count)"),
        Column("accelerator_cores", "DOUBLE", "Accelerator/co-processor cores (count)", required=False),
        Column("rmax_tflop_per_s", "DOUBLE", "Rmax: measured HPL performance (TFLOP/s, FP64)"),
        Column("rpeak_tflop_per_s", "DOUBLE", "Rpeak: theoretical peak (TFLOP/s, FP64)"),
        Column("power_kw", "DOUBLE", "Power during the HPL run (kW), NULL when not submitted", required=False),
        Column("line", "INTEGER", "Row of the worksheet (row 1 is the header)"),
    ),
    keys=("list_edition", "system_id"),
)
