"""Azure Retail Prices: the recorded (projected) payload, the live API shape, and the reservation trap."""
import json

import pytest

from assets.sources import azure_retail_prices as src
from infra.sources import SourceParseError, read_snapshot

SNAPSHOT = read_snapshot(src.SOURCE)
ROWS = src.parse(SNAPSHOT.body, SNAPSHOT.origin)


def _one(**where):
    sel = ROWS
    for k, v in where.items():
        sel = sel[sel[k] == v]
    return sel


def test_reference_values_of_the_readme():
    assert len(ROWS) == 1709
    h100 = _one(accelerator_variant="ND96isrH100v5", region="eastus", os="linux")
    assert h100[h100.price_type == "on_demand"]["usd_per_instance_hour"].tolist() == [98.32]
    assert h100[h100.price_type == "spot"]["usd_per_instance_hour"].tolist() == [40.271872]
    assert h100[h100.price_type == "low_priority"]["usd_per_instance_hour"].tolist() == [19.664]
    windows = _one(accelerator_variant="ND96isrH100v5", region="eastus", os="windows", price_type="on_demand")
    assert windows["retail_price"].tolist() == [102.736]
    assert set(ROWS["os"]) == {"linux", "windows"}
    assert ROWS["type_inferred"].all()


def test_reservation_term_prices_never_become_hourly_prices():
    reserved = ROWS[ROWS["type"] == "Reservation"]
    assert 551221.0 in reserved["retail_price"].tolist()
    assert set(reserved["price_type"]) == {"reserved_unknown_term"}
    assert reserved["usd_per_instance_hour"].isna().all()
    hourly = ROWS["usd_per_instance_hour"].dropna()
    assert hourly.max() < 1000  # the largest VM-hour list price is a few hundred USD; term prices are 1e5..1e6


def _live(items):
    return json.dumps({"BillingCurrency": "USD", "Items": items, "NextPageLink": None}).encode()


LIVE_ITEM = {"currencyCode": "USD", "retailPrice": 551221.0, "unitOfMeasure": "1 Hour", "armRegionName": "eastus",
             "meterName": "ND96isr H100 v5", "productName": "Virtual Machines NDsr H100 v5 Series",
             "skuName": "ND96isr H100 v5", "armSkuName": "Standard_ND96isr_H100_v5", "type": "Reservation",
             "reservationTerm": "1 Year", "effectiveStartDate": "2024-01-01T00:00:00Z"}


def test_live_reservation_keeps_its_term_price_and_no_hourly_price():
    """The hourly equivalent is computed in core.gpu_hour_prices with the hours_per_year assumption."""
    spot = {**LIVE_ITEM, "type": "Consumption", "reservationTerm": None, "retailPrice": 18.169536,
            "meterName": "ND96isr H100 v5 Spot", "skuName": "ND96isr H100 v5 Spot"}
    rows = src.parse(_live([LIVE_ITEM, {**LIVE_ITEM, "reservationTerm": "3 Years", "retailPrice": 1134310.0}, spot]), "u")
    assert rows["price_type"].tolist() == ["reserved_1y", "reserved_3y", "spot"]
    assert rows["retail_price"].tolist() == [551221.0, 1134310.0, 18.169536]
    assert rows["usd_per_instance_hour"].isna().tolist() == [True, True, False]
    assert rows["usd_per_instance_hour"].iloc[2] == 18.169536
    assert set(rows["accelerator_variant"]) == {"Standard_ND96isr_H100_v5"}
    assert not rows["type_inferred"].any()


@pytest.mark.parametrize("change, message", [
    ({"type": "Gift"}, r"Items\[0\]\.type unknown"),
    ({"reservationTerm": "forever"}, r"reservationTerm not understood"),
    ({"retailPrice": "98.32"}, r"Items\[0\]\.retailPrice is not a non-negative number"),
])
def test_live_bad_items_are_named(change, message):
    with pytest.raises(SourceParseError, match=message):
        src.parse(_live([{**LIVE_ITEM, **change}]), "u")


def test_missing_fields_and_shapes():
    item = dict(LIVE_ITEM)
    del item["armRegionName"]
    with pytest.raises(SourceParseError, match="required field.*armRegionName"):
        src.parse(_live([item]), "u")
    with pytest.raises(SourceParseError, match="'Items'"):
        src.parse(b'{"error": "throttled"}', "u")
    doc = json.loads(SNAPSHOT.body)
    del doc[5]["pricePerHour"]
    with pytest.raises(SourceParseError, match=r"item \[5\].*pricePerHour"):
        src.parse(json.dumps(doc).encode(), "f.json")
    with pytest.raises(SourceParseError, match="not valid JSON"):
        src.parse(SNAPSHOT.body[:1000], "f.json")
    with pytest.raises(SourceParseError, match="zero rows"):
        src.parse(b"[]", "f.json")
