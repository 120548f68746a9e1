"""Training economics by Epoch's three methods (marts.training_demand), the deflator and the compute identities,
on the recorded captures: figures computed by hand from the Epoch export, Epoch's price database and FRED."""
import duckdb
import pytest

from assets.checks import check_compute_identities
from tests.helpers import query

# base scenario constants (inputs/curated/assumptions.csv): tco_overhead_ratio, accelerator_life_years,
# hours_per_year, datacenter_pue, usd_per_kwh
OVERHEAD, LIFE_YEARS, HOURS_PER_YEAR, PUE, USD_PER_KWH = 0.6, 4, 8760, 1.2, 0.08
MEAN_2023_INDEX = 118.126  # FRED PCU518210518210, mean of its 12 values of 2023


def as_trained(warehouse, model, scenario="base"):
    cols = ("accelerator_variant", "hours_basis", "accelerator_hours", "cluster_accelerators", "training_month",
            "priced_product", "price_month", "usd_per_gpu_hour", "usd_per_accelerator_purchase", "purchase_basis",
            "tdp_w", "cloud_cost_usd", "capex_energy_cost_usd", "acquisition_cost_usd", "capex_energy_cost_2023_usd",
            "epoch_cost_2023_usd", "capex_energy_to_epoch_cost_ratio", "utilisation", "utilisation_basis", "issue",
            "cloud_cost_2023_usd", "acquisition_cost_2023_usd", "price_lag_months", "purchase_lag_months")
    row = query(warehouse, f"SELECT {', '.join(cols)} FROM marts.training_demand WHERE model = ? AND basis = 'as_trained' "
                           "AND scenario = ?", [model, scenario])
    assert len(row) == 1
    return dict(zip(cols, row[0]))


def test_gpt4_on_its_own_a100s_by_three_methods(sql_warehouse):
    r = as_trained(sql_warehouse, "GPT-4")
    # Epoch: 25,000 A100 SXM4 40 GB, 57M chip-hours, 2,280 h, MFU 0.34, published 2023-03-15 -> started 2022-12
    assert (r["accelerator_variant"], r["hours_basis"], r["accelerator_hours"]) == ("NVIDIA A100 SXM4 40 GB", "epoch_chip_hours", 57e6)
    assert (r["utilisation"], r["utilisation_basis"]) == (0.34, "epoch_mfu")
    assert str(r["training_month"]) == "2022-12-01" and r["priced_product"] == "A100 40 GB"
    # the latest purchase quote by then: Epoch's $12,500 of 2022-07-01; TDP 400 W
    assert (r["usd_per_accelerator_purchase"], r["purchase_basis"], r["tdp_w"]) == (12500, "quote_before_training", 400)
    per_hour = 12500 * (1 + OVERHEAD) / (LIFE_YEARS * HOURS_PER_YEAR) + 0.4 * PUE * USD_PER_KWH  # 0.6092 USD
    assert r["capex_energy_cost_usd"] == pytest.approx(57e6 * per_hour) == pytest.approx(34.72e6, rel=1e-3)
    assert r["acquisition_cost_usd"] == pytest.approx(25000 * 12500 * 1.6) == 500e6
    index = query(sql_warehouse, "SELECT usd_per_gpu_hour_median FROM marts.gpu_price_index WHERE product = 'A100 40 GB' "
                                 "AND tier = 'on_demand' AND month = DATE '2022-12-01'")[0][0]
    assert str(r["price_month"]) == "2022-12-01" and r["cloud_cost_usd"] == pytest.approx(57e6 * index)
    # 2023 USD: each price in the dollars of its own month: the cloud index of 2022-12 (117.038), the purchase
    # quote of 2022-07 (116.778)
    assert r["cloud_cost_2023_usd"] == pytest.approx(57e6 * index * MEAN_2023_INDEX / 117.038)
    assert r["capex_energy_cost_2023_usd"] == pytest.approx(57e6 * per_hour * MEAN_2023_INDEX / 116.778)
    assert r["acquisition_cost_2023_usd"] == pytest.approx(500e6 * MEAN_2023_INDEX / 116.778)
    assert (r["price_lag_months"], r["purchase_lag_months"]) == (0, 5)
    assert r["epoch_cost_2023_usd"] == 40586592.58
    assert r["capex_energy_to_epoch_cost_ratio"] == pytest.approx(57e6 * per_hour * MEAN_2023_INDEX / 116.778 / 40586592.58)


def test_llama_31_405b_on_its_own_h100s(sql_warehouse):
    r = as_trained(sql_warehouse, "Llama 3.1-405B")
    # Epoch: 16,384 H100 SXM5 x 2,142 h (no chip-hours column), MFU 0.4042; published 2024-07-23 -> started 2024-04
    assert r["hours_basis"] == "epoch_chips_x_time" and r["accelerator_hours"] == 16384 * 2142
    assert str(r["training_month"]) == "2024-04-01" and r["priced_product"] == "H100 SXM"
    assert r["usd_per_accelerator_purchase"] == pytest.approx(33819.37)  # Epoch's quote of 2024-03-27
    per_hour = 33819.37 * 1.6 / (4 * 8760) + 0.7 * 1.2 * 0.08
    assert r["capex_energy_cost_usd"] == pytest.approx(16384 * 2142 * per_hour) == pytest.approx(56.55e6, rel=1e-3)
    assert r["acquisition_cost_usd"] == pytest.approx(16384 * 33819.37 * 1.6)
    assert r["capex_energy_cost_2023_usd"] == pytest.approx(16384 * 2142 * per_hour * MEAN_2023_INDEX / 119.248)  # 2024-03


def test_three_methods_for_the_named_models_and_no_null_reference_cost(sql_warehouse):
    for model in ("GPT-3 175B", "GPT-4", "Llama 3.1-405B"):
        rows = query(sql_warehouse, "SELECT basis, accelerator, cloud_cost_usd, capex_energy_cost_usd, acquisition_cost_usd "
                                    "FROM marts.training_demand WHERE model = ? AND scenario = 'base' "
                                    "AND cloud_cost_usd IS NOT NULL AND capex_energy_cost_usd IS NOT NULL "
                                    "AND acquisition_cost_usd IS NOT NULL", [model])
        assert {b for b, *_ in rows} == {"reference", "as_trained"}, model
    assert query(sql_warehouse, "SELECT count(*) FROM marts.training_demand WHERE basis = 'reference' "
                                "AND scenario IN ('low', 'base', 'high') AND training_compute_flop IS NOT NULL "
                                "AND cost_usd IS NULL")[0][0] == 0
    # the inference cards are compared for serving, never costed for training
    assert query(sql_warehouse, "SELECT count(*) FROM marts.training_demand WHERE basis = 'reference' "
                                "AND accelerator IN ('Kunlunxin R200', 'Enflame i20')")[0][0] == 0


def test_gpt4_is_labelled_an_estimate_and_gpt3_reported(sql_warehouse):
    rows = dict((m, (method, conf)) for m, method, conf in query(
        sql_warehouse, "SELECT model, method, confidence FROM core.models WHERE model IN ('GPT-4', 'GPT-3 175B', 'Llama 3.1-405B')"))
    assert rows == {"GPT-4": ("estimated", "Speculative"), "GPT-3 175B": ("reported", "Confident"),
                    "Llama 3.1-405B": ("reported", "Confident")}
    # the curated GPT-3 row keeps the run details of the Epoch row it replaces
    assert query(sql_warehouse, "SELECT training_hardware, hardware_quantity, training_chip_hours FROM core.models "
                                "WHERE model = 'GPT-3 175B'")[0] == ("NVIDIA Tesla V100 DGXS 32 GB", 10000, 3552000)


def test_utilisation_per_generation_and_the_priced_variant_is_the_fast_one(sql_warehouse):
    rows = dict((a, (u, basis, variant, product)) for a, u, basis, variant, product in query(
        sql_warehouse, "SELECT accelerator, utilisation, utilisation_basis, accelerator_variant, priced_product "
                       "FROM marts.training_demand WHERE model = 'GPT-3 175B' AND basis = 'reference' AND scenario = 'base'"))
    assert rows["H100"] == (0.4, "training_utilisation_hopper", "NVIDIA H100 SXM5 80GB", "H100 SXM")
    assert rows["A100"] == (0.4, "training_utilisation_ampere", "NVIDIA A100 SXM4 80 GB", "A100 SXM 80 GB")
    assert rows["MI300X"][:2] == (0.3, "training_utilisation_cdna3")
    assert rows["V100"][:2] == (0.1968, "epoch_mfu")  # GPT-3 trained on V100s: Epoch's MFU of the run wins
    low, high = (query(sql_warehouse, "SELECT utilisation FROM marts.training_demand WHERE model = 'GPT-4' "
                                      "AND basis = 'reference' AND accelerator = 'H100' AND scenario = ?", [s])[0][0]
                 for s in ("low", "high"))
    assert (low, high) == (0.45, 0.3)  # the low-cost scenario runs at the high utilisation


def test_deflator_factor_from_the_fred_capture(sql_warehouse):
    rows = dict(query(sql_warehouse, "SELECT month::VARCHAR, usd_2023_per_usd FROM core.deflator "
                                     "WHERE month IN ('2019-01-01', '2023-01-01', '2024-03-01')"))
    assert rows == {"2019-01-01": pytest.approx(MEAN_2023_INDEX / 109.9), "2023-01-01": pytest.approx(MEAN_2023_INDEX / 117.19),
                    "2024-03-01": pytest.approx(MEAN_2023_INDEX / 119.248)}


def test_price_month_stays_put_across_scenarios(sql_warehouse):
    """Where Epoch gives no training time, the run length is a scenario assumption; the month prices are read for
    is not: it comes from the base run length, so cloud cost is ordered like the hours."""
    months = query(sql_warehouse, "SELECT count(DISTINCT training_month), count(DISTINCT price_month) FROM marts.training_demand "
                                  "WHERE model = 'GPT-3 XL' AND basis = 'reference' AND accelerator = 'H100'")[0]
    assert months == (1, 1)


def test_compute_identities_list_the_models_outside(sql_warehouse):
    rows = dict(((m, i), (r, w)) for m, i, r, w in query(
        sql_warehouse, "SELECT model, identity, ratio, within_tolerance FROM marts.compute_identities"))
    ratio, within = rows[("GPT-3 175B", "6ND")]
    assert ratio == pytest.approx(3.14e23 / (6 * 175e9 * 300e9)) and within
    ratio, within = rows[("DeepSeek-V3", "6ND")]  # a mixture of experts counted at its 671B total parameters
    assert ratio < 0.65 and not within
    ratio, within = rows[("GPT-4", "chip_hours_x_peak_x_mfu")]
    assert ratio == pytest.approx(2.1e25 / (57e6 * 3600 * 312e12 * 0.34)) and within
    by_construction = dict(((m, i), b) for m, i, b in query(
        sql_warehouse, "SELECT model, identity, by_construction FROM marts.compute_identities"))
    assert by_construction[("GPT-4", "chip_hours_x_peak_x_mfu")]  # Epoch's estimate came from GPT-4's hardware
    assert not by_construction[("GPT-3 175B", "6ND")]  # a reported figure: the identity is a real test
    # symmetric tolerance: within means 1 / 1.35 <= ratio <= 1.35
    assert query(sql_warehouse, "SELECT count(*) FROM marts.compute_identities WHERE within_tolerance "
                                "AND (ratio > 1.35 OR ratio < 1 / 1.35)")[0][0] == 0
    conn = duckdb.connect(str(sql_warehouse), read_only=True)
    try:
        outcome = check_compute_identities(conn)
    finally:
        conn.close()
    listed = outcome.metadata["outside"].value
    outside, total = query(sql_warehouse, "SELECT count(*) FILTER (WHERE NOT within_tolerance), count(*) "
                                          "FROM marts.compute_identities")[0]
    assert not outcome.passed and outcome.description.startswith(f"{outside} of {total} model identities outside")
    assert "| 6ND | DeepSeek-V3 |" in listed and "GPT-3 175B" not in listed


def test_compute_identities_check_passes_when_every_identity_holds():
    conn = duckdb.connect()
    conn.execute("CREATE SCHEMA marts; CREATE TABLE marts.compute_identities AS SELECT 'M' AS model, '6ND' AS identity, "
                 "1e24 AS given_flop, 1.1e24 AS identity_flop, 1 / 1.1 AS ratio, 'Confident' AS confidence, "
                 "true AS within_tolerance, false AS by_construction")
    assert check_compute_identities(conn).passed
