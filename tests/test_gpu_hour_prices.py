"""core.gpu_hour_prices: families from the curated aliases, no reservation term price as an hourly price, and the
valid_from/valid_to history across refreshes whose payload changed (or did not)."""
import json

import pytest

from assets.sources.gpu_price_aliases import FAMILIES
from tests.helpers import published_path, query, run_planned_refresh, step_errors

AZURE_SNAPSHOT = "inputs/captures/azure_retail_gpu_prices_projection.json"
KEY_SQL = ("SELECT usd_per_instance_hour, usd_per_gpu_hour, valid_from, valid_to FROM core.gpu_hour_prices "
           "WHERE provider = 'azure' AND accelerator_variant = 'ND96isrH100v5' AND region = 'eastus' "
           "AND price_type = 'on_demand' ORDER BY valid_from")


def test_reference_prices_and_families(sql_warehouse):
    rows = query(sql_warehouse, "SELECT accelerator, gpus_per_instance, usd_per_instance_hour, usd_per_gpu_hour, valid_to "
                            "FROM core.gpu_hour_prices WHERE provider = 'azure' AND accelerator_variant = 'ND96isrH100v5' "
                            "AND region = 'eastus' AND price_type = 'on_demand'")
    assert rows == [("H100", 8, 98.32, 12.29, None)]
    families = {r[0] for r in query(sql_warehouse, "SELECT DISTINCT accelerator FROM core.gpu_hour_prices WHERE accelerator IS NOT NULL")}
    assert families <= set(FAMILIES)
    assert {"H100", "A100", "H200", "B200", "GB200", "V100", "L40S", "A10G", "L4", "T4", "RTX A6000"} <= families
    assert query(sql_warehouse, "SELECT usd_per_gpu_hour FROM core.gpu_hour_prices WHERE provider = 'lambda' "
                            "AND accelerator_variant = 'NVIDIA H100 SXM 80 GB'") == [(2.99,)]
    prices = {r[0] for r in query(sql_warehouse, "SELECT DISTINCT source FROM core.gpu_hour_prices")}
    assert prices == {"azure_retail_prices", "gpu_cloud_lambda", "gpu_cloud_modal", "gpu_cloud_coreweave",
                      "gpu_cloud_runpod", "primeintellect_prices", "epoch_hardware_prices"}


def test_epoch_observations_keep_their_date_product_and_tier(sql_warehouse):
    """Epoch's line 593 'https://web.archive.org/web/20250317144823/https://aws.amazon.com/ec2/pricing/on-demand/ ,
    2025-03-17,NVIDIA H100 SXM5 80GB,NVIDIA,Amazon Web Services,East US,12.29,...': one on-demand quote of an H100
    SXM by aws, dated by its Price date (not by the capture or the refresh), with the archived page as its source."""
    rows = query(sql_warehouse, "SELECT product, tier, usd_per_gpu_hour, valid_from::DATE::VARCHAR, observed_at_basis, "
                                "source_url FROM core.gpu_hour_prices WHERE source = 'epoch_hardware_prices' "
                                "AND provider = 'aws' AND accelerator_variant = 'NVIDIA H100 SXM5 80GB' "
                                "AND valid_from::DATE = DATE '2025-03-17'")
    assert rows == [("H100 SXM", "on_demand", 12.29, "2025-03-17", "payload",
                     "https://web.archive.org/web/20250317144823/https://aws.amazon.com/ec2/pricing/on-demand/")]
    # SXM and PCIe, 40 GB and 80 GB stay different products
    products = dict(query(sql_warehouse, "SELECT DISTINCT accelerator_variant, product FROM core.gpu_hour_prices "
                                         "WHERE source = 'epoch_hardware_prices' AND accelerator IN ('H100', 'A100')"))
    assert products["NVIDIA H100 PCIe"] == "H100 PCIe" and products["NVIDIA H100 NVL"] == "H100 NVL"
    assert products["NVIDIA A100 SXM4 80 GB"] == "A100 SXM 80 GB" and products["NVIDIA A100 SXM4 40 GB"] == "A100 40 GB"
    assert products["NVIDIA A100"] is None  # no variant in the name: no product, kept out of the index
    # a purchase price is per chip, never an hourly price
    assert query(sql_warehouse, "SELECT count(*) FROM core.gpu_hour_prices WHERE tier = 'purchase' "
                                "AND (usd_per_gpu_hour IS NOT NULL OR usd_per_gpu_purchase IS NULL)") == [(0,)]


def test_unmapped_names_keep_a_null_family_and_are_counted(sql_warehouse):
    # (Epoch's database has many chips outside the shared vocabulary, TPUs and consumer cards: its rows are left out)
    unmapped = query(sql_warehouse, "SELECT provider, accelerator_variant, count(*) FROM core.gpu_hour_prices "
                                "WHERE accelerator IS NULL AND source <> 'epoch_hardware_prices' GROUP BY ALL ORDER BY ALL")
    names = {(p, v) for p, v, _ in unmapped}
    assert names == {
        ("azure", "NDamsrA100v4 Type1"), ("azure", "NDasrA100v4 Type1"),  # dedicated hosts: GPU count unknown
        ("coreweave", "A40"), ("coreweave", "Quadro RTX 4000"), ("coreweave", "Quadro RTX 5000"),
        ("coreweave", "RTX A4000"), ("coreweave", "RTX A5000"),  # not in the shared family vocabulary
        ("lambda", "GH200_96GB"), ("primeintellect", "GH200_96GB"), ("vultr", "GH200_96GB"),  # lambdalabs: lambda
    }
    total, mapped = query(sql_warehouse, "SELECT count(*), count(accelerator) FROM core.gpu_hour_prices "
                                         "WHERE source <> 'epoch_hardware_prices'")[0]
    assert total - mapped == sum(n for _, _, n in unmapped) and mapped / total > 0.9


def test_no_reservation_or_windows_price_reaches_the_hourly_table(sql_warehouse):
    assert query(sql_warehouse, "SELECT max(usd_per_gpu_hour), max(usd_per_instance_hour) FROM core.gpu_hour_prices")[0][0] < 100
    assert query(sql_warehouse, "SELECT count(*) FROM core.gpu_hour_prices WHERE usd_per_instance_hour >= 1000 "
                            "OR price_type IN ('reserved_unknown_term', 'dev_test')") == [(0,)]
    windows_only = query(sql_warehouse, "SELECT count(*) FROM core.gpu_hour_prices WHERE provider = 'azure' "
                                    "AND usd_per_instance_hour = 102.736")  # the Windows price of ND96isr H100 v5
    assert windows_only == [(0,)]
    # the one place the term totals live is raw, labelled as reservations without an hourly price
    assert query(sql_warehouse, "SELECT DISTINCT price_type, usd_per_instance_hour FROM raw.azure_retail_prices "
                            "WHERE retail_price = 551221.0") == [("reserved_unknown_term", None)]


def test_unchanged_refresh_adds_no_rows_and_a_changed_price_closes_the_old_row(warehouse_copy, tmp_path):
    published = published_path(warehouse_copy)  # after the session's refresh
    count_sql = "SELECT count(*) FROM core.gpu_hour_prices"
    before = query(published, count_sql)[0][0]
    assert run_planned_refresh(warehouse_copy).success  # same payloads: raw appends nothing, history unchanged
    assert query(published, count_sql)[0][0] == before
    [(price, per_gpu, first_seen, valid_to)] = query(published, KEY_SQL)
    assert (price, per_gpu, valid_to) == (98.32, 12.29, None)

    doc = json.loads(open(AZURE_SNAPSHOT).read())
    changed = [i for i, r in enumerate(doc) if r["region"] == "eastus" and r["skuName"] == "ND96isrH100v5"
               and r["pricePerHour"] == 98.32 and not r["productName"].endswith("Windows")]
    assert len(changed) == 1
    doc[changed[0]]["pricePerHour"] = 90.0
    modified = tmp_path / "azure_changed.json"
    modified.write_text(json.dumps(doc))
    for _ in range(2):  # the second run sees the same payload: nothing new
        result = run_planned_refresh(warehouse_copy, snapshot_overrides={"azure_retail_prices": str(modified)})
        assert result.success, step_errors(result)
        assert query(published, count_sql)[0][0] == before + 1
    rows = query(published, KEY_SQL)
    assert [(r[0], r[1]) for r in rows] == [(98.32, 12.29), (90.0, 11.25)]
    assert rows[0][2] == first_seen and rows[0][3] == rows[1][2] and rows[1][3] is None
    # every other Azure price is unchanged, so it stays one open row
    assert query(published, "SELECT count(*) FROM core.gpu_hour_prices WHERE source = 'azure_retail_prices' "
                            "AND valid_to IS NOT NULL") == [(1,)]

    # the recorded price was observed on its capture's date (2025-06-21), the changed one when it was read
    assert str(rows[0][2].date()) == "2025-06-21" and rows[1][2] > rows[0][2]
    # back to the recorded capture: an old observation already ingested, not a new one; the history stands
    assert run_planned_refresh(warehouse_copy).success
    assert [r[0] for r in query(published, KEY_SQL)] == [98.32, 90.0]
    assert query(published, count_sql)[0][0] == before + 1


def test_a_reservation_becomes_its_hourly_equivalent_with_the_hours_per_year_assumption(tmp_path):
    """A live Azure payload with 1- and 3-year reservations of an ND96isr H100 v5: core.gpu_hour_prices prices them
    at the term price / (years x 8,760 h): 551,221 / 8,760 = 62.92 and 1,134,310 / 26,280 = 43.16 USD per
    instance-hour, 7.87 and 5.40 per GPU-hour (8 GPUs)."""
    import duckdb

    from assets.build import build_all

    item = {"currencyCode": "USD", "retailPrice": 551221.0, "unitOfMeasure": "1 Hour", "armRegionName": "eastus",
            "meterName": "ND96isr H100 v5", "productName": "Virtual Machines NDsr H100 v5 Series",
            "skuName": "ND96isr H100 v5", "armSkuName": "Standard_ND96isr_H100_v5", "type": "Reservation",
            "reservationTerm": "1 Year", "effectiveStartDate": "2024-01-01T00:00:00Z"}
    payload = tmp_path / "azure_live.json"
    payload.write_text(json.dumps({"BillingCurrency": "USD", "NextPageLink": None,
                                   "Items": [item, {**item, "reservationTerm": "3 Years", "retailPrice": 1134310.0}]}))
    with duckdb.connect() as conn:
        build_all(conn, snapshot_overrides={"azure_retail_prices": str(payload)})
        rows = conn.execute("SELECT price_type, usd_per_instance_hour, usd_per_gpu_hour FROM core.gpu_hour_prices "
                            "WHERE source = 'azure_retail_prices' ORDER BY price_type").fetchall()
    assert [r[0] for r in rows] == ["reserved_1y", "reserved_3y"]
    assert [r[1] for r in rows] == pytest.approx([551221.0 / 8760, 1134310.0 / (3 * 8760)])
    assert [r[2] for r in rows] == pytest.approx([551221.0 / 8760 / 8, 1134310.0 / (3 * 8760) / 8])


def test_no_current_price_older_than_the_stale_window_passes_as_fresh(sql_warehouse):
    """A latest price (valid_to NULL) last seen more than price_stale_after_months (12) before the build day says
    stale; one seen within it does not. CoreWeave's only capture is of 2023-09-21: stale on any day after 2024-09."""
    for table in ("core.gpu_hour_prices", "core.token_prices"):
        assert query(sql_warehouse, f"SELECT count(*) FROM {table} WHERE valid_to IS NULL AND NOT stale AND "
                                    f"last_observed_at < current_date - INTERVAL 12 MONTH") == [(0,)], table
        assert query(sql_warehouse, f"SELECT count(*) FROM {table} WHERE stale AND (valid_to IS NOT NULL OR "
                                    f"last_observed_at >= current_date - INTERVAL 12 MONTH)") == [(0,)], table
    assert query(sql_warehouse, "SELECT DISTINCT stale FROM core.gpu_hour_prices WHERE provider = 'coreweave'") == [(True,)]
