"""TechPowerUp GPU Database, list page of GPUs released in 2022 (saved HTML; credit TechPowerUp, site terms apply).

The list page shows only the first 100 results and no tensor FLOP/s: it complements Epoch (names, GPU chip,
bus, memory size/type/width, clocks). The results table is found by its column header texts, never by its
position in the page; vendor header rows (th.mfgr) set the vendor of the GPU rows below them.
Memory sizes are in decimal units (1 GB = 1e9 bytes), as Epoch's are.
"""
import re
from datetime import datetime

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, header_positions
from .parsing import reject_duplicates
from .pricing_common import soup_of

NAME = "techpowerup_gpus"
URL = "https://www.techpowerup.com/gpu-specs/?released=2022&sort=name"
SITE = "https://www.techpowerup.com"
HEADERS = {  # canonical -> accepted header texts of the results table
    "product_name": ("Product Name", "Product"),
    "gpu_chip": ("GPU Chip", "Chip"),
    "released": ("Released", "Release Date"),
    "bus": ("Bus",),
    "memory": ("Memory",),
    "gpu_clock": ("GPU clock", "GPU Clock"),
    "memory_clock": ("Memory clock", "Memory Clock"),
}
BYTES_PER_UNIT = {"GB": 1e9, "MB": 1e6, "TB": 1e12}  # decimal units, like Epoch
MEMORY = re.compile(r"^(?P<size>[\d.]+)\s*(?P<unit>[KMGT]B),\s*(?P<type>[^,]+),\s*(?P<bus>\d+)\s*bit$")
CLOCK = re.compile(r"^(?P<mhz>[\d.]+)\s*MHz$")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    soup = soup_of(NAME, origin, payload)
    table, index = _results_table(soup, origin)
    rows, vendor = [], None
    for n, tr in enumerate(table.find_all("tr"), start=1):
        if tr.find("th", class_="mfgr"):
            vendor = tr.get_text(" ", strip=True)
            continue
        cells = tr.find_all("td", recursive=False)
        if not cells:
            continue  # a column header row
        if len(cells) < len(index):
            raise SourceParseError(NAME, origin, f"table row {n} has {len(cells)} cells, expected {len(index)}")
        rows.append(_row(origin, n, vendor, cells, index))
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys, line_column=None)
    return conform(SOURCE, origin, df)


def _results_table(soup, origin):
    """The first table with a header row holding every expected column text; returns it and canonical -> cell index."""
    for table in soup.find_all("table"):
        for tr in table.find_all("tr"):
            index = header_positions([th.get_text(" ", strip=True) for th in tr.find_all("th")], HEADERS)
            if len(index) == len(HEADERS):
                return table, index
    raise SourceParseError(NAME, origin, "no table with the column headers " + ", ".join(h[0] for h in HEADERS.values()))


def _row(origin, n, vendor, cells, index) -> dict:
    text = {k: " ".join(cells[i].get_text(" ", strip=True).split()) for k, i in index.items()}
    if not vendor:
        raise SourceParseError(NAME, origin, f"table row {n}: GPU row before any vendor header row (th.mfgr)")
    if not text["product_name"]:
        raise SourceParseError(NAME, origin, f"table row {n}: empty product name", column="Product Name")
    link = cells[index["product_name"]].find("a", href=True)
    row = {"vendor": vendor, "product_name": text["product_name"], "gpu_chip": text["gpu_chip"] or None,
           "released": text["released"], "release_date": _release_date(text["released"]),
           "bus": text["bus"] or None, "memory": text["memory"],
           "product_url": SITE + link["href"] if link and link["href"].startswith("/") else (link["href"] if link else None)}
    row.update(_memory(origin, n, text["memory"]))
    row["gpu_clock_mhz"] = _clock(origin, n, "GPU clock", text["gpu_clock"])
    row["memory_clock_mhz"] = _clock(origin, n, "Memory clock", text["memory_clock"])
    return row


def _release_date(text: str):
    """'Mar 22nd, 2022' -> 2022-03-22; 'May 2022' -> 2022-05-01; '2022', 'Unknown', 'Never Released' -> NULL."""
    day = re.sub(r"(\d+)(st|nd|rd|th),", r"\1,", text)
    for fmt in ("%b %d, %Y", "%b %Y"):
        try:
            return datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    return None


def _memory(origin, n, text):
    """'80 GB, HBM2e, 5120 bit' -> bytes, type, bus width; 'System Shared' (integrated GPUs) -> NULLs."""
    if text.casefold() == "system shared":
        return {"memory_bytes": None, "memory_type": "System Shared", "memory_bus_bits": None}
    m = MEMORY.match(text)
    if not m:
        raise SourceParseError(NAME, origin, f"table row {n}: memory is not 'size unit, type, width bit': {text!r}",
                               column="Memory")
    return {"memory_bytes": float(m["size"]) * BYTES_PER_UNIT[m["unit"]], "memory_type": m["type"].strip(),
            "memory_bus_bits": int(m["bus"])}


def _clock(origin, n, column, text):
    if text.casefold() in ("system shared", "", "unknown"):
        return None
    m = CLOCK.match(text)
    if not m:
        raise SourceParseError(NAME, origin, f"table row {n}: clock is not 'N MHz': {text!r}", column=column)
    return float(m["mhz"])


SOURCE = Source(
    name=NAME,
    domain="hardware",
    description="One row per GPU on TechPowerUp's GPU Database list page (released 2022): chip, bus, memory, clocks.",
    snapshot=CAPTURES_DIR / "techpowerup_gpu-specs_released-2022.html",
    parse=parse,
    url=URL,
    observed_at_column="release_date", observed_at_basis="publication",
    web_url_column="product_url",
    format="html",
    licence="TechPowerUp GPU Database: site terms apply (credit TechPowerUp)",
    cadence="irregular: as products launch",
    stale_after_days=365,
    columns=(
        Column("vendor", "VARCHAR", "Vendor header the row sits under: AMD, Intel, NVIDIA"),
        Column("product_name", "VARCHAR", "Product name as TechPowerUp writes it, e.g. H100 PCIe"),
        Column("gpu_chip", "VARCHAR", "GPU chip, e.g. GH100", required=False),
        Column("released", "VARCHAR", "Release text as shown: 'Mar 22nd, 2022', '2022', 'Never Released', 'Unknown'"),
        Column("release_date", "DATE", "Release date when the page gives a day or month (NULL otherwise)", required=False),
        Column("bus", "VARCHAR", "Host bus, e.g. PCIe 5.0 x16, IGP", required=False),
        Column("memory", "VARCHAR", "Memory cell as shown, e.g. 80 GB, HBM2e, 5120 bit"),
        Column("memory_bytes", "DOUBLE", "Memory size (bytes, decimal: 1 GB = 1e9); NULL for shared system memory", required=False),
        Column("memory_type", "VARCHAR", "Memory type, e.g. HBM3, GDDR6X, System Shared", required=False),
        Column("memory_bus_bits", "INTEGER", "Memory bus width (bits)", required=False),
        Column("gpu_clock_mhz", "DOUBLE", "GPU base clock (MHz)", required=False),
        Column("memory_clock_mhz", "DOUBLE", "Memory clock (MHz)", required=False),
        Column("product_url", "VARCHAR", "TechPowerUp page of the product: the key (two products may share a name)"),
    ),
    keys=("product_url",),
)
