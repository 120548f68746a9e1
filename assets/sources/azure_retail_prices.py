"""Azure Retail Prices API: list prices of GPU virtual machines, per VM-hour, by region and price type.

Live: GET https://prices.azure.com/api/retail/prices (no key) answers {"Items": [...], "NextPageLink": ...}
with one item per meter: type (Consumption | Reservation | DevTestConsumption), reservationTerm, meterName,
productName, skuName, armSkuName, armRegionName, unitOfMeasure, retailPrice, currencyCode, effectiveStartDate.

TRAPS handled here:
- Reservation items say unitOfMeasure "1 Hour" but retailPrice is the price of the WHOLE term (551,221 USD
  = one year of an ND96isr H100 v5). They become price_type reserved_1y / reserved_3y / reserved_5y with NO
  usd_per_instance_hour: core.gpu_hour_prices spreads retail_price over the term's hours (the hours_per_year
  assumption), so the term price is never read as an hourly price.
- Spot and Low Priority meters are separate price types (suffix of meterName / skuName).
- Windows products (productName "... Windows", "... Srs Win") include the licence: os = 'windows', and
  core.gpu_hour_prices keeps Linux only.
- The recorded snapshot is NOT the raw API body but a reduced projection of it (a list of {region, skuName,
  productName, pricePerHour, currency, unitOfMeasure}) that dropped `type` and `reservationTerm`. For that
  shape the type is inferred per (region, skuName, productName): on a Linux product the lowest price is the
  Consumption (hourly) meter and every other row is a Reservation of unknown term (term totals are thousands
  of times an hourly price), so it gets price_type 'reserved_unknown_term' and NO hourly price; on a Windows
  product with two rows the lower one is DevTestConsumption (= the Linux rate). type_inferred marks those rows.

Paging: the API answers 100 items a page with NextPageLink; live mode follows it (SourceFetcher, `next_page`) and
merges the pages into one {"Items": [...]} payload (`merge_pages`), which is what is parsed and archived.
Licence: Microsoft Azure Retail Prices API (public, no key); prices are Microsoft's list prices.
"""
import json
import re
from datetime import datetime

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, json_number, load_json, require_fields
from .pricing_common import PRICE_COLUMNS

NAME = "azure_retail_prices"
URL = ("https://prices.azure.com/api/retail/prices?$filter=serviceFamily%20eq%20%27Compute%27%20and%20"
       "armRegionName%20eq%20%27eastus%27")
LIVE_FIELDS = ("type", "productName", "skuName", "armRegionName", "unitOfMeasure", "retailPrice", "currencyCode")
PROJECTION_FIELDS = ("region", "skuName", "productName", "pricePerHour", "currency", "unitOfMeasure")
HOURLY_UNIT = "1 Hour"
SUFFIXES = ((" Low Priority", "low_priority"), (" Spot", "spot"))
WINDOWS = re.compile(r"\bWin(dows)?\b")
TERM = re.compile(r"^(\d+) Years?$")
TYPES = ("Consumption", "Reservation", "DevTestConsumption")


def _split_suffix(name: str) -> tuple[str, str]:
    for suffix, price_type in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)].strip(), price_type
    return name.strip(), "on_demand"


def _number(origin: str, where: str, value) -> float:
    return float(json_number(NAME, origin, where, value))


def _text(origin: str, where: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SourceParseError(NAME, origin, f"{where} is not a non-empty string: {value!r}")
    return value.strip()


def _price_fields(origin: str, where: str, item_type: str, term: str | None, meter_or_sku: str, arm_sku: str | None,
                  unit: str, price: float, currency: str) -> dict:
    """price_type, accelerator_variant and usd_per_instance_hour of one meter."""
    variant, suffix_type = _split_suffix(meter_or_sku)
    variant = arm_sku or variant
    hourly = None
    if item_type == "Reservation":
        match = TERM.match(term or "")
        if term is None:
            price_type = "reserved_unknown_term"
        elif not match:
            raise SourceParseError(NAME, origin, f"{where}.reservationTerm not understood: {term!r}")
        else:
            price_type = f"reserved_{int(match.group(1))}y"  # hourly equivalent: in core.gpu_hour_prices
    elif item_type == "DevTestConsumption":
        price_type = "dev_test"
    else:
        price_type = suffix_type
        hourly = price if unit == HOURLY_UNIT else None
    if currency != "USD":
        hourly = None
    return {"accelerator_variant": variant, "price_type": price_type, "usd_per_instance_hour": hourly}


def _parse_live(items: list, origin: str) -> list[dict]:
    rows = []
    for i, item in enumerate(items):
        where = f"Items[{i}]"
        if not isinstance(item, dict):
            raise SourceParseError(NAME, origin, f"{where} is not an object")
        require_fields(NAME, f"{origin} {where}", item, LIVE_FIELDS)
        item_type = _text(origin, f"{where}.type", item["type"])
        if item_type not in TYPES:
            raise SourceParseError(NAME, origin, f"{where}.type unknown: {item_type!r} (expected one of {TYPES})")
        product, sku = _text(origin, f"{where}.productName", item["productName"]), _text(origin, f"{where}.skuName", item["skuName"])
        meter = item.get("meterName") or sku
        price = _number(origin, f"{where}.retailPrice", item["retailPrice"])
        unit, currency = _text(origin, f"{where}.unitOfMeasure", item["unitOfMeasure"]), item["currencyCode"]
        start = item.get("effectiveStartDate")
        rows.append({
            "item_index": i, "type": item_type, "type_inferred": False, "reservation_term": item.get("reservationTerm"),
            "meter_name": item.get("meterName"), "product_name": product, "sku_name": sku,
            "arm_sku_name": item.get("armSkuName"), "unit_of_measure": unit, "retail_price": price,
            "currency_code": currency,
            "effective_start_date": datetime.fromisoformat(start.replace("Z", "+00:00")) if start else None,
            "os": "windows" if WINDOWS.search(product) else "linux",
            "provider": "azure", "region": _text(origin, f"{where}.armRegionName", item["armRegionName"]),
            **_price_fields(origin, where, item_type, item.get("reservationTerm"), meter, item.get("armSkuName"),
                            unit, price, currency),
        })
    return rows


def _parse_projection(items: list, origin: str) -> list[dict]:
    parsed = []
    for i, item in enumerate(items):
        where = f"[{i}]"
        if not isinstance(item, dict):
            raise SourceParseError(NAME, origin, f"item {where} is not an object")
        require_fields(NAME, f"{origin} item {where}", item, PROJECTION_FIELDS)
        parsed.append({
            "item_index": i, "region": _text(origin, f"{where}.region", item["region"]),
            "sku_name": _text(origin, f"{where}.skuName", item["skuName"]),
            "product_name": _text(origin, f"{where}.productName", item["productName"]),
            "retail_price": _number(origin, f"{where}.pricePerHour", item["pricePerHour"]),
            "currency_code": _text(origin, f"{where}.currency", item["currency"]),
            "unit_of_measure": _text(origin, f"{where}.unitOfMeasure", item["unitOfMeasure"]),
        })
    groups: dict[tuple, list[dict]] = {}
    for row in parsed:
        groups.setdefault((row["region"], row["sku_name"], row["product_name"]), []).append(row)
    rows = []
    for (_, _, product), members in groups.items():
        windows = bool(WINDOWS.search(product))
        lowest = min(m["retail_price"] for m in members)
        for m in members:
            is_lowest = m["retail_price"] == lowest
            if windows:
                item_type = "DevTestConsumption" if is_lowest and len(members) > 1 else "Consumption"
            else:
                item_type = "Consumption" if is_lowest else "Reservation"
            rows.append({
                **m, "type": item_type, "type_inferred": True, "reservation_term": None, "meter_name": None,
                "arm_sku_name": None, "effective_start_date": None, "os": "windows" if windows else "linux",
                "provider": "azure",
                **_price_fields(origin, f"item [{m['item_index']}]", item_type, None, m["sku_name"], None,
                                m["unit_of_measure"], m["retail_price"], m["currency_code"]),
            })
    return sorted(rows, key=lambda r: r["item_index"])


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    doc = load_json(NAME, origin, payload)
    if isinstance(doc, dict):
        if not isinstance(doc.get("Items"), list):
            raise SourceParseError(NAME, origin, "required field missing: top-level 'Items' list (Retail Prices API)")
        rows = _parse_live(doc["Items"], origin)
    elif isinstance(doc, list):
        rows = _parse_projection(doc, origin)
    else:
        raise SourceParseError(NAME, origin, "expected an object with 'Items' or a list of price rows")
    if not rows:
        raise SourceParseError(NAME, origin, "payload parsed to zero rows")
    return conform(SOURCE, origin, pd.DataFrame(rows))


def next_page(page: bytes) -> str | None:
    """NextPageLink of an API page (None on the last page, or for a payload that is not an API page)."""
    try:
        doc = json.loads(page)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None  # parse() reports the bad payload with its origin
    return doc.get("NextPageLink") or None if isinstance(doc, dict) else None


def merge_pages(pages: list[bytes]) -> bytes:
    items = []
    for page in pages:
        doc = json.loads(page)
        items.extend(doc.get("Items") or [])
    return json.dumps({"Items": items, "Count": len(items), "NextPageLink": None}).encode()


SOURCE = Source(
    name=NAME,
    domain="pricing",
    description="One row per Azure price meter of a GPU VM: region, VM SKU, type (Consumption/Reservation/DevTest), "
                "OS, list price, and the hourly price of hourly meters only: a reserved row keeps its term price, "
                "converted to an hourly equivalent in core.gpu_hour_prices.",
    snapshot=CAPTURES_DIR / "azure_retail_gpu_prices_projection.json",
    parse=parse,
    url=URL,
    format="json",
    next_page=next_page,
    merge_pages=merge_pages,
    licence="Microsoft Azure Retail Prices API (public list prices, no key)",
    cadence="daily: list prices change without notice",
    stale_after_days=30,
    columns=(
        Column("item_index", "INTEGER", "Position of the item in the payload (the projection has no meter id)"),
        Column("type", "VARCHAR", "Consumption, Reservation or DevTestConsumption"),
        Column("type_inferred", "BOOLEAN", "true: the payload had no type field and it was inferred (see module doc)"),
        Column("reservation_term", "VARCHAR", "1 Year, 3 Years, 5 Years for Reservation items", required=False),
        Column("meter_name", "VARCHAR", "Meter name, e.g. 'ND96isr H100 v5 Spot'", required=False),
        Column("product_name", "VARCHAR", "Product, e.g. 'Virtual Machines NDsr H100 v5 Series Windows'"),
        Column("sku_name", "VARCHAR", "SKU name as in the payload (may carry a Spot / Low Priority suffix)"),
        Column("arm_sku_name", "VARCHAR", "ARM VM size, e.g. Standard_ND96isr_H100_v5", required=False),
        Column("unit_of_measure", "VARCHAR", "Unit of retail_price as the API states it (Reservation: '1 Hour' "
                                             "although the price is the whole term)"),
        Column("retail_price", "DOUBLE", "Price as in the payload, in currency_code (Reservation: total for the term)"),
        Column("currency_code", "VARCHAR", "Currency of retail_price, e.g. USD"),
        Column("effective_start_date", "TIMESTAMPTZ", "When the price took effect", required=False),
        Column("os", "VARCHAR", "linux or windows (Windows prices include the licence)"),
        *PRICE_COLUMNS,
    ),
    keys=("item_index",),
)
