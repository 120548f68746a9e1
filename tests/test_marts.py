"""The marts on the recorded snapshots: the seed note's arithmetic, formulas recomputed from their inputs,
the analysts' questions, and what happens on bad input."""

import pytest

from tests.helpers import published_path, query, run_planned_refresh, step_errors

REFERENCE_FAMILIES = {"V100", "A100", "H100", "H200", "B200", "MI300X", "Ascend 910B"}


def test_training_demand_reproduces_the_gpt3_figures(sql_warehouse):
    rows = dict(query(sql_warehouse, "SELECT model, pf_days FROM marts.training_demand WHERE scenario = 'base' "
                                 "AND accelerator = 'V100' AND model IN ('GPT-3 175B', 'GPT-3 XL')"))
    assert rows["GPT-3 175B"] == pytest.approx(3640, rel=0.005)
    assert rows["GPT-3 XL"] == pytest.approx(27.5, rel=0.005)
    years, cost, util = query(sql_warehouse, "SELECT accelerator_years, cost_usd, utilisation FROM marts.training_demand "
                                         "WHERE model = 'GPT-3 175B' AND scenario = 'lambda_reference'")[0]
    assert years == pytest.approx(355, rel=0.005)
    assert cost == pytest.approx(4.6e6, rel=0.02)
    assert util == pytest.approx(28 / 125)
    implied = query(sql_warehouse, "SELECT sustained_flop_per_s, accelerator_years FROM marts.training_demand "
                               "WHERE model = 'GPT-3 175B' AND scenario = 'megatron_reference'")[0]
    assert implied[0] == pytest.approx(34.6e12, rel=0.005) and implied[1] == pytest.approx(288)


def test_training_demand_covers_every_reference_accelerator_and_scenario(sql_warehouse):
    grid = query(sql_warehouse, "SELECT accelerator, scenario, count(*) FROM marts.training_demand "
                            "WHERE basis = 'reference' AND scenario IN ('low', 'base', 'high') GROUP BY ALL")
    families = {a for a, _, _ in grid}
    assert REFERENCE_FAMILIES <= families
    assert len({n for _, _, n in grid}) == 1, "the same models on every accelerator and scenario"


def test_training_demand_formula_from_its_columns(sql_warehouse):
    rows = query(sql_warehouse, "SELECT training_compute_flop, sustained_flop_per_s, accelerator_hours, accelerator_years, "
                            "usd_per_gpu_hour, cloud_cost_usd, usd_per_accelerator_purchase, tdp_w, scenario, "
                            "capex_energy_cost_usd, cluster_accelerators, training_hours, acquisition_cost_usd "
                            "FROM marts.training_demand WHERE basis = 'reference' AND scenario = 'base' AND issue IS NULL "
                            "LIMIT 500")
    assert len(rows) == 500
    for flop, sustained, hours, years, price, cloud, purchase, tdp, _, capex, cluster, training_hours, acquisition in rows:
        assert hours == pytest.approx(flop / sustained / 3600)
        assert years == pytest.approx(hours / 8760)
        assert cloud == pytest.approx(hours * price)
        # base: tco_overhead_ratio 0.6, accelerator_life_years 4, 8,760 h a year, PUE 1.2, $0.08 per kWh
        assert capex == pytest.approx(hours * (purchase * 1.6 / (4 * 8760) + tdp / 1000 * 1.2 * 0.08))
        assert cluster == pytest.approx(hours / training_hours)
        assert acquisition == pytest.approx(cluster * purchase * 1.6)


def test_missing_figures_are_flagged_never_zero(sql_warehouse):
    bad = query(sql_warehouse, "SELECT count(*) FROM marts.training_demand WHERE (cost_usd IS NULL OR accelerator_hours IS NULL "
                           "OR (cloud_cost_usd IS NULL AND scenario <> 'megatron_reference')) AND issue IS NULL")[0][0]
    assert bad == 0
    assert query(sql_warehouse, "SELECT count(*) FROM marts.training_demand WHERE cost_usd = 0 OR accelerator_hours = 0")[0][0] == 0
    issues = dict(query(sql_warehouse, "SELECT accelerator, any_value(issue) FROM marts.training_demand "
                                   "WHERE basis = 'reference' AND scenario = 'base' AND model = 'GPT-3 175B' GROUP BY ALL"))
    assert issues["MI300X"] == "no price index of MI300X: no cloud cost"
    assert issues["H100"] is None


def test_one_row_per_service_month_method_scenario(sql_warehouse):
    total, distinct, months = query(sql_warehouse, "SELECT count(*), count(DISTINCT (service, month, method, scenario)), "
                                               "count(DISTINCT (service, month)) FROM marts.monthly_inference_cost")[0]
    assert total == distinct == (months * 2 + 1) * 3  # top_down and bottom_up every month, seed_note for its month


def test_vendor_exposure_names_lenovo_and_the_chip_vendors(sql_warehouse):
    lenovo = query(sql_warehouse, "SELECT segment, period, scenario, units, exposure_usd FROM marts.vendor_exposure "
                              "WHERE vendor = 'Lenovo' AND category = 'servers' AND period = '2024-Q4'")
    assert {s for s, *_ in lenovo} == {"servers_revenue"}
    assert {sc for _, _, sc, *_ in lenovo} == {"low", "base", "high"}
    assert all(u > 0 and e > 0 for *_, u, e in lenovo)
    chips = {v for (v,) in query(sql_warehouse, "SELECT DISTINCT vendor FROM marts.vendor_exposure WHERE category = 'accelerators'")}
    assert {"NVIDIA", "AMD", "Huawei", "Kunlunxin", "T-Head", "Cambricon"} <= chips
    units, demand, share, asp, exposure = query(
        sql_warehouse, "SELECT units, demand_units, share_pct, asp_usd, exposure_usd FROM marts.vendor_exposure "
                   "WHERE vendor = 'Lenovo' AND segment = 'servers_revenue' AND period = '2024-Q4' AND scenario = 'base'")[0]
    assert share == pytest.approx(4.9) and asp == 250000  # IDC 4Q24; server_asp_usd base
    assert units == pytest.approx(demand * share / 100) and exposure == pytest.approx(units * asp)


def test_vendor_exposure_compares_like_with_like(sql_warehouse):
    # TOP500 counts are installed systems: the vendor's systems on the list, never a USD exposure
    rows = query(sql_warehouse, "SELECT DISTINCT units, exposure_usd, unit FROM marts.vendor_exposure "
                                "WHERE vendor = 'Lenovo' AND segment = 'top500_systems'")
    assert rows == [(136.0, None, "installed_systems")]  # 136 of the June 2025 list's 500 systems
    # a China share is used with China's own market (IDC: 4M accelerator cards in 2025; $16B AI server revenue 2025-H1)
    china = dict(query(sql_warehouse, "SELECT segment, exposure_usd FROM marts.vendor_exposure WHERE vendor = 'NVIDIA' "
                                      "AND region = 'china' AND scenario = 'base'"))
    assert china["accelerators_china_units"] == pytest.approx(4e6 * 0.55 * 25000)  # units x accelerator_asp_usd
    assert china["ai_servers_china_revenue"] == pytest.approx(16e9 * 0.62)
    assert query(sql_warehouse, "SELECT DISTINCT basis FROM marts.vendor_exposure WHERE region = 'china'") == [("market_size",)]
    # shares of one segment and period never pass 100 %, and each vendor has one row per segment, period and scenario
    over = query(sql_warehouse, "SELECT segment, period, sum(share_pct) FROM marts.vendor_exposure WHERE scenario = 'base' "
                                "GROUP BY ALL HAVING sum(share_pct) > 100")
    assert over == []
    # a share before any modelled AI demand gets no exposure, and says why
    assert query(sql_warehouse, "SELECT DISTINCT exposure_usd, issue FROM marts.vendor_exposure "
                                "WHERE segment = 'servers_revenue' AND period = '2018-Q2'") == [
        (None, "no modelled AI demand in 2018-Q2 or the 4 quarters before it")]


def test_vendor_names_are_canonical(sql_warehouse):
    vendors = {v for (v,) in query(sql_warehouse, "SELECT DISTINCT vendor FROM marts.vendor_exposure")}
    assert not vendors & {"Deep", "Matrix-2000", "Nvidia", "(none)"}
    assert {"NUDT", "Hygon", "NVIDIA"} <= vendors  # Tianhe-2A's Matrix-2000; Hygon's 'Deep Computing Processor'
    assert query(sql_warehouse, "SELECT units FROM marts.vendor_exposure WHERE vendor = 'NVIDIA' AND "
                                "segment = 'top500_systems' AND scenario = 'base'") == [(27.0,)]  # TOP500's 'Nvidia'


def test_compute_trend(sql_warehouse):
    rows = {(w, s): (n, dbl, growth, r2) for w, s, n, dbl, growth, r2 in query(
        sql_warehouse, "SELECT window_name, subset, n_models, doubling_time_months, growth_per_year, r_squared FROM marts.compute_trend")}
    n, doubling, growth, r2 = rows[("2010-now frontier", "frontier")]
    assert n > 50 and 3 < doubling < 12 and 0.5 < r2 <= 1
    assert growth == pytest.approx(2 ** (12 / doubling))


def test_the_frontier_is_reproducible_and_holds_the_largest_run(sql_warehouse):
    largest = query(sql_warehouse, "SELECT model FROM core.models ORDER BY training_compute_flop DESC NULLS LAST LIMIT 1")[0][0]
    assert largest == "Grok-3"
    assert query(sql_warehouse, "SELECT DISTINCT largest_model FROM marts.compute_trend WHERE subset = 'frontier'") == [("Grok-3",)]
    # every fit has a 90 % interval around its estimate; the interval of the doubling time inverts the slope's
    for slope, low, high, d, d_low, d_high in query(
            sql_warehouse, "SELECT doublings_per_year, doublings_per_year_low, doublings_per_year_high, doubling_time_months, "
                           "doubling_time_months_low, doubling_time_months_high FROM marts.compute_trend"):
        assert low < slope < high
        assert d_low == pytest.approx(12 / high) and d_high == pytest.approx(12 / low) and d_low < d < d_high


def test_openai_window_fit_by_hand(sql_warehouse):
    """The largest run of each year 2012-2018 in core.models, fitted by hand (numpy least squares, t from scipy's
    table: t(0.95, 5) = 2.015)."""
    points = query(sql_warehouse, "SELECT epoch(publication_date) / (365.25 * 86400), log2(training_compute_flop) "
                                  "FROM core.models WHERE training_compute_flop > 0 AND publication_date BETWEEN "
                                  "DATE '2012-01-01' AND DATE '2018-12-31' QUALIFY training_compute_flop = "
                                  "max(training_compute_flop) OVER (PARTITION BY year(publication_date))")
    assert len(points) == 7
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / 7, sum(ys) / 7
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    sse = sum((y - my - slope * (x - mx)) ** 2 for x, y in zip(xs, ys))
    se = (sse / 5 / sxx) ** 0.5
    row = query(sql_warehouse, "SELECT n_models, doublings_per_year, slope_se, t_quantile, doubling_time_months_low, "
                               "doubling_time_months_high FROM marts.compute_trend WHERE window_name = '2012-2018 largest'")[0]
    assert row[0] == 7 and row[1] == pytest.approx(slope) and row[2] == pytest.approx(se)
    assert row[3] == pytest.approx(2.015, rel=3e-3)
    assert row[4] == pytest.approx(12 / (slope + row[3] * se)) and row[5] == pytest.approx(12 / (slope - row[3] * se))
    # the note's 3.4 months set beside the fit: a comparison row, inside the 90 % interval here
    kind, published, computed, low, high, ok = query(
        sql_warehouse, "SELECT kind, published_value, computed_value, computed_low, computed_high, within_tolerance "
                       "FROM marts.seed_reconciliation WHERE figure = 'openai_doubling_months_2012_2018'")[0]
    assert (kind, published) == ("comparison", 3.4) and computed == pytest.approx(12 / slope)
    assert ok == (low <= 3.4 <= high)


def test_seed_reconciliation_is_complete_and_within_tolerance(sql_warehouse):
    rows = query(sql_warehouse, "SELECT figure, within_tolerance FROM marts.seed_reconciliation WHERE kind = 'arithmetic'")
    assert len(rows) == 8 and all(ok for _, ok in rows)
    assert query(sql_warehouse, "SELECT figure FROM marts.seed_reconciliation WHERE kind = 'comparison'") == [
        ("openai_doubling_months_2012_2018",)]


def test_an_analysts_new_model_row_appears_for_every_accelerator_and_scenario(warehouse_copy, tmp_path):
    models = tmp_path / "models.csv"
    models.write_text(open("inputs/curated/models.csv").read()
                      + "Analyst-7B,Example Lab,2025-06-01,7e9,2e12,,Likely,,https://example.org/paper,added by an analyst\n")
    result = run_planned_refresh(warehouse_copy, snapshot_overrides={"models_curated": str(models)})
    assert result.success, step_errors(result)
    published = published_path(warehouse_copy)
    rows = query(published, "SELECT accelerator, scenario, pf_days FROM marts.training_demand WHERE model = 'Analyst-7B'")
    assert {(a, s) for a, s, _ in rows} >= {(a, s) for a in REFERENCE_FAMILIES for s in ("low", "base", "high")}
    assert all(p == pytest.approx(6 * 7e9 * 2e12 / 8.64e19) for *_, p in rows)


def test_a_missing_assumption_fails_with_the_file_to_fix(warehouse_copy, tmp_path):
    published_path(warehouse_copy).unlink()  # the session's working file, never published: nothing must publish
    lines = open("inputs/curated/assumptions.csv").read().splitlines(keepends=True)
    trimmed = tmp_path / "assumptions.csv"
    trimmed.write_text("".join(l for l in lines if not l.startswith("queries_per_visit,")))
    result = run_planned_refresh(warehouse_copy, snapshot_overrides={"assumptions": str(trimmed)})
    assert not result.success
    assert "needs assumption(s) queries_per_visit" in step_errors(result)
    assert "inputs/curated/assumptions.csv" in step_errors(result)
    assert not published_path(warehouse_copy).exists()


def test_lenovo_view_idc_share_rank_and_isg_by_quarter(sql_warehouse):
    rows = {(q, v): rest for q, v, *rest in query(
        sql_warehouse, "SELECT quarter, vendor, server_revenue_share_pct, server_revenue_rank, isg_revenue_usd, exposure_usd "
                       "FROM marts.lenovo_view WHERE scenario = 'base'")}
    lenovo_quarters = [q for (q, v), (share, *_) in rows.items() if v == "Lenovo" and share is not None]
    assert len(lenovo_quarters) >= 8  # the issue's floor; 17 quarters are transcribed
    # IDC 4Q18: Dell 18.7, HPE/New H3C 17.8, IBM 8.3, Inspur 6.6, Lenovo 6.2 -> IBM is not a peer but still ranks
    assert rows[("2018-Q4", "Lenovo")][:2] == [6.2, 5] and rows[("2018-Q4", "Inspur")][:2] == [6.6, 4]
    # 2017-Q3 revenue: four companies transcribed (IBM missing) -> no rank rather than a wrong 4th
    assert rows[("2017-Q3", "Lenovo")][:2] == [5.1, None]
    # Lenovo's fiscal Q3 2024/25 (to 2024-12-31): ISG $3.9B, in calendar 2024-Q4, on Lenovo's row only
    assert rows[("2024-Q4", "Lenovo")][2] == 3.9e9 and rows[("2024-Q4", "Dell")][2] is None
    exposure = query(sql_warehouse, "SELECT exposure_usd FROM marts.vendor_exposure WHERE segment = 'servers_revenue' "
                                    "AND period = '2024-Q4' AND vendor = 'Lenovo' AND scenario = 'base'")[0][0]
    assert rows[("2024-Q4", "Lenovo")][3] == exposure > 0


def test_vendor_exposure_shares_within_a_segment_and_period_sum_to_at_most_100(sql_warehouse):
    over = query(sql_warehouse, "SELECT segment, period, scenario, sum(share_pct) FROM marts.vendor_exposure "
                                "GROUP BY ALL HAVING sum(share_pct) > 100")
    assert over == []
    assert query(sql_warehouse, "SELECT count(*) FROM (SELECT segment, period FROM marts.vendor_exposure "
                                "GROUP BY ALL HAVING count(DISTINCT demand_period) > 1)")[0][0] == 0
