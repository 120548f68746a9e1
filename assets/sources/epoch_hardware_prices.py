"""Epoch AI hardware price database: dated price observations of AI accelerators (cloud per chip-hour, purchase).

One row per observation, 2010-11 .. 2025-03, each with the URL that published it (often an archive.org or
archive.ph capture, which is what dates it): on-demand, 1-year and 3-year committed-use prices per chip-hour and
purchase prices per chip. Kept by Epoch AI in epoch-research/training-cost-trends (data/hardware_prices.csv);
licence CC BY 4.0, credit "Epoch AI".
TRAPS handled here: the first header cell starts with a UTF-8 BOM; Vendor is empty for purchase rows; the price is
per chip-hour even when the quoted instance has 8 GPUs (Number of GPUs); hardware names are Epoch's own
("NVIDIA H100 SXM5 80GB", "NVIDIA A100 PCIe"): SXM and PCIe stay apart (core.gpu_hour_prices maps them to
products with inputs/curated/gpu_price_aliases.csv); some rows carry no date or no price (kept in raw, left out
of core: an undated price cannot enter a history). Epoch has no row id: the CSV line is the key.
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source

from .parsing import conform, parse_iso_date, parse_number, read_csv_by_headers, reject_duplicates

NAME = "epoch_hardware_prices"
URL = "https://raw.githubusercontent.com/epoch-research/training-cost-trends/main/data/hardware_prices.csv"
HEADERS = {
    "price_source_url": ("Price source",),
    "price_date": ("Price date",),
    "hardware_model": ("Hardware model",),
    "manufacturer": ("Manufacturer",),
    "vendor": ("Vendor",),
    "location": ("Location",),
    "usd_per_chip_hour_on_demand": ("Price per chip-hour (on-demand)",),
    "usd_per_chip_hour_1y": ("Price per chip-hour (1-year CUD)",),
    "usd_per_chip_hour_3y": ("Price per chip-hour (3-year CUD)",),
    "usd_per_chip_purchase": ("Price (hardware purchase)",),
    "notes": ("Notes",),
    "cloud_gpu_description": ("Cloud GPU description",),
    "gpus_per_instance": ("Number of GPUs",),
}
OPTIONAL = ("location", "notes", "cloud_gpu_description", "gpus_per_instance")
TEXT = ("price_source_url", "hardware_model", "manufacturer", "vendor", "location", "notes", "cloud_gpu_description")
# An upper bound that no chip-hour or chip price reaches: a misplaced decimal or unit is refused, not stored.
MAX_USD_PER_CHIP_HOUR = 1_000
MAX_USD_PER_CHIP = 10_000_000


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    cols, records = read_csv_by_headers(NAME, origin, payload, HEADERS, OPTIONAL)
    rows = []
    for line, rec in records:
        def text(name):
            return rec[cols[name]] if name in cols else ""
        row = {name: text(name) or None for name in TEXT}
        row["line"] = line
        row["price_date"] = parse_iso_date(NAME, origin, line, cols["price_date"], text("price_date"), allow_empty=True)
        for name in ("usd_per_chip_hour_on_demand", "usd_per_chip_hour_1y", "usd_per_chip_hour_3y"):
            row[name] = parse_number(NAME, origin, line, cols[name], text(name), allow_empty=True, minimum=0,
                                     maximum=MAX_USD_PER_CHIP_HOUR)
        row["usd_per_chip_purchase"] = parse_number(NAME, origin, line, cols["usd_per_chip_purchase"],
                                                    text("usd_per_chip_purchase"), allow_empty=True, minimum=0,
                                                    maximum=MAX_USD_PER_CHIP)
        row["gpus_per_instance"] = parse_number(NAME, origin, line, cols.get("gpus_per_instance", "Number of GPUs"),
                                                text("gpus_per_instance"), allow_empty=True, minimum=1, integer=True)
        rows.append(row)
    frame = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, frame, SOURCE.keys)
    return conform(SOURCE, origin, frame)


SOURCE = Source(
    name=NAME,
    domain="pricing",
    description="One row per dated price observation of an accelerator in Epoch AI's hardware price database: "
                "cloud USD per chip-hour (on-demand, 1-year, 3-year committed) and purchase USD per chip.",
    snapshot=CAPTURES_DIR / "epoch_hardware_prices.csv",
    parse=parse,
    url=URL,
    observed_at_column="price_date", observed_at_basis="payload",
    web_url_column="price_source_url",
    format="csv",
    licence="CC BY 4.0 (Epoch AI)",
    cadence="irregular: Epoch adds observations to its training-cost research data",
    stale_after_days=180,
    columns=(
        Column("line", "INTEGER", "Line of the CSV the row came from (Epoch has no row id)"),
        Column("price_source_url", "VARCHAR", "Page that published the price (often an archive.org/archive.ph capture)",
               required=False),
        Column("price_date", "DATE", "Date the price was observed (Epoch's Price date); NULL on a few rows",
               required=False),
        Column("hardware_model", "VARCHAR", "Epoch's hardware name, e.g. NVIDIA H100 SXM5 80GB", required=False),
        Column("manufacturer", "VARCHAR", "Chip maker", required=False),
        Column("vendor", "VARCHAR", "Seller (cloud provider); NULL for purchase prices", required=False),
        Column("location", "VARCHAR", "Cloud region or location as Epoch wrote it", required=False),
        Column("usd_per_chip_hour_on_demand", "DOUBLE", "On-demand USD per chip-hour", required=False),
        Column("usd_per_chip_hour_1y", "DOUBLE", "1-year committed-use USD per chip-hour", required=False),
        Column("usd_per_chip_hour_3y", "DOUBLE", "3-year committed-use USD per chip-hour", required=False),
        Column("usd_per_chip_purchase", "DOUBLE", "Purchase price in USD per chip", required=False),
        Column("notes", "VARCHAR", "Epoch's note", required=False),
        Column("cloud_gpu_description", "VARCHAR", "The provider's instance or GPU description", required=False),
        Column("gpus_per_instance", "INTEGER", "GPUs in the quoted instance (the price is per chip regardless)",
               required=False),
    ),
    keys=("line",),
)
