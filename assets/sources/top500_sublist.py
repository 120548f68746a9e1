"""TOP500 sublist page: the number-1 system of every list from 06/1993 to 06/2018 (saved HTML, 2018-09).

Result page of https://www.top500.org/statistics/sublist/ for rank 1 across all lists (older site markup).
The table is found by its header texts; in the System cell the system link (a[href^="/system/"]) is followed
by the vendor as a bare text node (", IBM"), then the site link and the country. Licence: TOP500 site terms.
Rmax/Rpeak are in TFlop/s, power in kW (empty for early lists).
"""
from datetime import datetime

import pandas as pd
from bs4 import NavigableString

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, header_positions, parse_number
from .parsing import reject_duplicates
from .pricing_common import soup_of

NAME = "top500_sublist"
URL = "https://www.top500.org/statistics/sublist/"
SITE = "https://www.top500.org"
HEADERS = {
    "list": ("List",),
    "rank": ("Rank",),
    "system": ("System",),
    "cores": ("Cores",),
    "rmax": ("Rmax (TFlop/s)", "Rmax [TFlop/s]"),
    "rpeak": ("Rpeak (TFlop/s)", "Rpeak [TFlop/s]"),
    "power": ("Power (kW)",),
}


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    soup = soup_of(NAME, origin, payload)
    table, index = _table(soup, origin)
    rows = []
    for n, tr in enumerate(table.find_all("tr"), start=1):
        cells = tr.find_all("td", recursive=False)
        if not cells:
            continue
        if len(cells) < len(index):
            raise SourceParseError(NAME, origin, f"table row {n} has {len(cells)} cells, expected {len(index)}")
        rows.append(_row(origin, n, cells, index))
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys, line_column=None)
    return conform(SOURCE, origin, df)


def _table(soup, origin):
    for table in soup.find_all("table"):
        header = next((tr for tr in table.find_all("tr") if tr.find("th")), None)
        if header is None:
            continue
        index = header_positions([th.get_text(" ", strip=True) for th in header.find_all("th")], HEADERS)
        if len(index) == len(HEADERS):
            return table, index
    raise SourceParseError(NAME, origin, "no table with the column headers " + ", ".join(h[0] for h in HEADERS.values()))


def _row(origin, n, cells, index) -> dict:
    text = {k: " ".join(cells[i].get_text(" ", strip=True).split()) for k, i in index.items()}
    try:
        list_date = datetime.strptime(text["list"], "%m/%Y").date()
    except ValueError:
        raise SourceParseError(NAME, origin, f"table row {n}: list is not MM/YYYY: {text['list']!r}", column="List") from None
    row = {"list_edition": list_date, **_system(origin, n, cells[index["system"]])}
    where = f"{origin} table row {n}"
    row["rank"] = parse_number(NAME, where, None, "Rank", text["rank"], minimum=1, integer=True)
    row["cores"] = parse_number(NAME, where, None, "Cores", text["cores"], minimum=0)
    row["rmax_tflop_per_s"] = parse_number(NAME, where, None, "Rmax", text["rmax"], minimum=0)
    row["rpeak_tflop_per_s"] = parse_number(NAME, where, None, "Rpeak", text["rpeak"], minimum=0)
    row["power_kw"] = parse_number(NAME, where, None, "Power", text["power"], allow_empty=True, minimum=0)
    return row


def _system(origin, n, cell) -> dict:
    """System link, the vendor text node after it (', IBM'), the site link, and the country as the last text."""
    link = cell.find("a", href=lambda h: h and h.startswith("/system/"))
    site = cell.find("a", href=lambda h: h and h.startswith("/site/"))
    if link is None or site is None:
        raise SourceParseError(NAME, origin, f"table row {n}: System cell lacks the /system/ or /site/ link", column="System")
    name = link.find("b")
    description = " ".join(link.get_text(" ", strip=True).split())
    system = " ".join(name.get_text(" ", strip=True).split()) if name else description
    vendor = ""
    for node in link.next_siblings:
        if node is site:
            break
        if isinstance(node, NavigableString):
            vendor += str(node)
    vendor = vendor.strip().lstrip(",").strip()
    if not vendor:
        raise SourceParseError(NAME, origin, f"table row {n}: no vendor text after the system link", column="System")
    country = [s.strip() for s in cell.find_all(string=True, recursive=False) if s.strip()]
    return {"system": system, "system_description": description, "vendor": vendor,
            "site": site.get_text(" ", strip=True), "country": country[-1] if country else None,
            "system_url": SITE + link["href"]}


SOURCE = Source(
    name=NAME,
    domain="vendor_share",
    description="One row per TOP500 list x rank on the saved sublist page (the number-1 systems, 06/1993 to 06/2018).",
    snapshot=CAPTURES_DIR / "top500_sublist_rank1_all-lists_2018-09.html",
    parse=parse,
    url=URL,
    format="html",
    licence="TOP500 site terms (credit TOP500.org)",
    cadence="twice a year: with each TOP500 list",
    stale_after_days=200,
    columns=(
        Column("list_edition", "DATE", "First day of the list's month, e.g. 2018-06-01"),
        Column("rank", "INTEGER", "Rank on that list"),
        Column("system", "VARCHAR", "System name (bold part of the link, else the whole link text)"),
        Column("system_description", "VARCHAR", "Full link text: name - model, processor, accelerator, interconnect"),
        Column("vendor", "VARCHAR", "Vendor as shown after the system link, e.g. IBM"),
        Column("site", "VARCHAR", "Site operating the system"),
        Column("country", "VARCHAR", "Country of the site", required=False),
        Column("system_url", "VARCHAR", "TOP500 page of the system"),
        Column("cores", "DOUBLE", "Cores (count)"),
        Column("rmax_tflop_per_s", "DOUBLE", "Rmax (TFLOP/s, FP64)"),
        Column("rpeak_tflop_per_s", "DOUBLE", "Rpeak (TFLOP/s, FP64)"),
        Column("power_kw", "DOUBLE", "Power (kW), NULL when not reported", required=False),
    ),
    keys=("list_edition", "rank"),
)
