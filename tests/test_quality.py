"""A curated figure's quality travels with it: the 'verify before use' Similarweb quote of 2025-05 (5.5 billion
ChatGPT visits from a low-quality aggregator) reaches core labelled verify; the inference marts carry the quality
of the driver each month used (an interpolated month is an estimate)."""
from tests.helpers import query


def test_a_verify_before_use_figure_is_labelled_in_core_and_the_marts(sql_warehouse):
    assert query(sql_warehouse, "SELECT value, quality FROM core.traffic_monthly WHERE service = 'ChatGPT' "
                                "AND month = DATE '2025-05-01' AND metric = 'visits' AND source = 'similarweb'") == [
        (5.5e9, "verify")]
    # 2025-05 is driven by daily messages interpolated between two Epoch reports, not by the verify quote
    assert query(sql_warehouse, "SELECT DISTINCT driver, status, quality FROM marts.monthly_inference_cost "
                                "WHERE service = 'ChatGPT' AND month = DATE '2025-05-01'") == [
        ("messages_x_tokens", "interpolated", "estimate")]
    # 2023-01 by the secondary Similarweb quote, observed
    assert query(sql_warehouse, "SELECT DISTINCT quality FROM marts.monthly_inference_cost "
                                "WHERE service = 'ChatGPT' AND month = DATE '2023-01-01'") == [("secondary",)]
    # Similarweb's own blog is primary; a listicle quoting it secondary
    assert dict(query(sql_warehouse, "SELECT month::VARCHAR, quality FROM core.traffic_monthly WHERE source = 'similarweb' "
                                     "AND month IN (DATE '2022-12-01', DATE '2023-01-01')")) == {
        "2022-12-01": "primary", "2023-01-01": "secondary"}


def test_share_quality_reaches_vendor_exposure(sql_warehouse):
    rows = query(sql_warehouse, "SELECT DISTINCT segment, share_quality FROM marts.vendor_exposure ORDER BY ALL")
    assert ("top500_systems", "primary") in rows
    assert {q for _, q in rows} <= {"primary", "secondary", "estimate", "verify"}
    assert query(sql_warehouse, "SELECT count(*) FROM core.market_share WHERE quality IS NULL") == [(0,)]


def test_core_rows_keep_their_date_source_and_capture(sql_warehouse):
    """Every fact row of core says when it was true, which page published it and which capture it came in."""
    for table in ("core.models", "core.accelerators", "core.market_share", "core.traffic_monthly"):
        missing = query(sql_warehouse, f"SELECT count(*) FILTER (WHERE observed_at IS NULL), "
                                       f"count(*) FILTER (WHERE payload_sha256 IS NULL) FROM {table}")[0]
        assert missing == (0, 0), table
        assert query(sql_warehouse, f"SELECT count(*) FROM {table} WHERE source_url LIKE 'inputs/%'") == [(0,)], table
    # GPT-3 175B: the curated paper figures, dated by the paper's publication
    assert query(sql_warehouse, "SELECT observed_at::DATE::VARCHAR, observed_at_basis, source_url FROM core.models "
                                "WHERE model = 'GPT-3 175B'") == [("2020-05-28", "publication", "https://arxiv.org/abs/2005.14165")]
