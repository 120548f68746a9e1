"""Azure Retail Prices in live mode follows NextPageLink across pages (a local server plays the API) and merges the
pages into one payload, which is parsed and archived as one."""
import json

import pytest

from assets.sources import azure_retail_prices as azure
from infra.sources import SourceFetchError
from infra.resources import SourceFetcher
from tests.reliability.http_faults import FaultServer


def item(sku: str, price: float, region: str = "eastus") -> dict:
    return {"type": "Consumption", "productName": "Virtual Machines NDsr H100 v5 Series", "skuName": sku,
            "armSkuName": f"Standard_{sku.replace(' ', '_')}", "meterName": sku, "armRegionName": region,
            "unitOfMeasure": "1 Hour", "retailPrice": price, "currencyCode": "USD",
            "effectiveStartDate": "2025-01-01T00:00:00Z"}


@pytest.fixture()
def server():
    srv = FaultServer()
    yield srv
    srv.close()


def test_live_mode_follows_next_page_link_and_merges_the_pages(server, tmp_path):
    page3 = server.plan("page3", ("ok", json.dumps({"Items": [item("ND96isr H100 v5", 98.32, "westus")],
                                                    "NextPageLink": None}).encode()))
    page2 = server.plan("page2", ("ok", json.dumps({"Items": [item("ND96isr H100 v5", 98.32, "westeurope")],
                                                    "NextPageLink": page3}).encode()))
    first = server.plan("page1", ("ok", json.dumps({"Items": [item("ND96isr H100 v5", 98.32)],
                                                    "NextPageLink": page2}).encode()))
    fetcher = SourceFetcher(mode="live", url_overrides={azure.NAME: first}, retries=0)
    payload = fetcher.fetch(azure.SOURCE, archive_dir=tmp_path)
    assert [server.hits_for(p) for p in ("page1", "page2", "page3")] == [1, 1, 1]
    rows = azure.parse(payload.body, payload.origin)
    assert sorted(rows["region"]) == ["eastus", "westeurope", "westus"]
    assert rows["usd_per_instance_hour"].tolist() == pytest.approx([98.32] * 3)
    assert (tmp_path / azure.NAME / f"{payload.sha256}.json").read_bytes() == payload.body  # archived merged


def test_a_page_loop_is_cut_by_max_pages(server, tmp_path):
    loop = server.url("loop")
    server.plan("loop", ("ok", json.dumps({"Items": [item("ND96isr H100 v5", 1.0)], "NextPageLink": loop}).encode()))
    fetcher = SourceFetcher(mode="live", url_overrides={azure.NAME: loop}, retries=0, max_pages=5)
    with pytest.raises(SourceFetchError, match="more than 5 pages"):
        fetcher.fetch(azure.SOURCE, archive_dir=tmp_path)
