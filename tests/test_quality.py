"""A curated figure's quality travels with it: the 'verify before use' Similarweb quote of 2025-05 (5.5 billion
ChatGPT visits from a low-quality aggregator) reaches core and the inference-cost mart labelled verify."""
from tests.helpers import query


def test_a_verify_before_use_figure_is_labelled_in_core_and_the_marts(sql_warehouse):
    assert query(sql_warehouse, "SELECT value, quality FROM core.traffic_monthly WHERE service = 'ChatGPT' "
                                "AND month = DATE '2025-05-01' AND metric = 'visits' AND source = 'similarweb'") == [
        (5.5e9, "verify")]
    qualities = query(sql_warehouse, "SELECT DISTINCT traffic_quality FROM marts.monthly_inference_cost "
                                     "WHERE service = 'ChatGPT' AND month = DATE '2025-05-01'")
    assert qualities == [("verify",)]
    # Similarweb's own blog is primary; a listicle quoting it secondary
    assert dict(query(sql_warehouse, "SELECT month::VARCHAR, quality FROM core.traffic_monthly WHERE source = 'similarweb' "
                                     "AND month IN (DATE '2022-12-01', DATE '2023-01-01')")) == {
        "2022-12-01": "primary", "2023-01-01": "secondary"}


def test_share_quality_reaches_vendor_exposure(sql_warehouse):
    rows = query(sql_warehouse, "SELECT DISTINCT segment, share_quality FROM marts.vendor_exposure ORDER BY ALL")
    assert ("top500_systems", "primary") in rows
    assert {q for _, q in rows} <= {"primary", "secondary", "estimate", "verify"}
    assert query(sql_warehouse, "SELECT count(*) FROM core.market_share WHERE quality IS NULL") == [(0,)]
