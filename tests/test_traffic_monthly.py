"""core.traffic_monthly with the traffic extras, and the mart still fed by the curated Similarweb figures only."""
from tests.helpers import query


def test_new_sources_map_to_services(sql_warehouse):
    assert query(sql_warehouse, "SELECT count(*), count(DISTINCT (service, month, metric, source)) FROM core.traffic_monthly")[0][0] == \
        query(sql_warehouse, "SELECT count(DISTINCT (service, month, metric, source)) FROM core.traffic_monthly")[0][0]
    sources = {r[0] for r in query(sql_warehouse, "SELECT DISTINCT source FROM core.traffic_monthly")}
    assert {"epoch_usage_reports", "statcounter_ai_share", "tranco_ranks", "similarweb_page"} <= sources
    assert query(sql_warehouse, "SELECT value, measured_alias FROM core.traffic_monthly WHERE service = 'ChatGPT' "
                            "AND metric = 'tranco_rank' AND month = DATE '2026-10-01'") == [(105.0, "chatgpt.com")]
    assert query(sql_warehouse, "SELECT value FROM core.traffic_monthly WHERE service = 'Gemini' AND month = DATE '2025-04-01' "
                            "AND metric = 'ai_chatbot_share'") == [(2.31,)]
    assert query(sql_warehouse, "SELECT count(*) FROM core.traffic_monthly WHERE source = 'statcounter_ai_share' "
                            "AND month < DATE '2025-04-01'") == [(0,)]  # all-zero months are missing, not zero
    assert query(sql_warehouse, "SELECT value FROM core.traffic_monthly WHERE service = 'ChatGPT' AND source = 'epoch_usage_reports' "
                            "AND metric = 'active_users_weekly' AND month = DATE '2023-03-01'") == [(50_000_000.0,)]
    assert query(sql_warehouse, "SELECT value FROM core.traffic_monthly WHERE service = 'Google Search' AND source = 'similarweb_page' "
                            "AND month = DATE '2022-12-01'") == [(86429287970.0,)]


def test_only_the_curated_similarweb_visits_feed_the_mart(sql_warehouse):
    assert query(sql_warehouse, "SELECT count(*) FROM core.traffic_monthly WHERE metric = 'visits' AND source = 'similarweb' "
                            "AND month = DATE '2023-01-01'") == [(1,)]
    # the seed note's method reads the curated quote of its own month only
    assert query(sql_warehouse, "SELECT DISTINCT service, month::VARCHAR FROM marts.monthly_inference_cost "
                                "WHERE method = 'seed_note'") == [("ChatGPT", "2023-01-01")]
