"""core.token_prices: USD per million tokens, and its valid_from/valid_to history."""
import json

import pytest

from tests.helpers import published_path, query, run_planned_refresh, step_errors

GPT4O = ("SELECT usd_per_mtok_input, usd_per_mtok_output, valid_from, valid_to FROM core.token_prices "
         "WHERE source = 'openrouter_models' AND model = 'openai/gpt-4o' ORDER BY valid_from")


def test_prices_per_million_tokens_with_their_dated_history(sql_warehouse):
    """GPT-4o's price cut from $5 / $15 to $2.50 / $10 per million tokens, as the dated captures saw it: LiteLLM's
    file (vendored by tokencost) had 5e-06 / 1.5e-05 per token on 2024-07-25 and 2.5e-06 / 1e-05 on 2025-01-14;
    OpenRouter's model list (jvrck/openrouterlist) "0.000005" / "0.000015" on 2024-09-30, "0.0000025" / "0.00001"
    on 2024-10-31."""
    rows = query(sql_warehouse, "SELECT provider, usd_per_mtok_input, usd_per_mtok_output, usd_per_mtok_cached_input, "
                                "valid_from::DATE::VARCHAR, valid_to::DATE::VARCHAR FROM core.token_prices "
                                "WHERE model = 'gpt-4o' AND source = 'litellm_prices' ORDER BY valid_from")
    # the 2024-10-30 capture added the cached-input price (1.25e-06 per token): the period's latest one
    assert rows == [("openai", pytest.approx(5.0), pytest.approx(15.0), pytest.approx(1.25), "2024-07-25", "2025-01-14"),
                    ("openai", pytest.approx(2.5), pytest.approx(10.0), pytest.approx(1.25), "2025-01-14", None)]
    rows = query(sql_warehouse, GPT4O)
    assert [(r[0], r[1], str(r[2].date())) for r in rows] == [(pytest.approx(5.0), pytest.approx(15.0), "2024-09-30"),
                                                             (pytest.approx(2.5), pytest.approx(10.0), "2024-10-31")]
    assert rows[0][3] == rows[1][2] and rows[1][3] is None
    assert query(sql_warehouse, "SELECT count(*) FROM core.token_prices WHERE model = 'openrouter/auto'") == [(0,)]


def test_changed_token_price_closes_the_old_row(warehouse_copy, tmp_path):
    published = published_path(warehouse_copy)
    before = query(published, "SELECT count(*) FROM core.token_prices")[0][0]
    doc = json.loads(open("inputs/captures/openrouter_api_v1_models.json").read())
    [gpt4o] = [m for m in doc["data"] if m["id"] == "openai/gpt-4o"]
    gpt4o["pricing"]["prompt"] = "0.000002"
    changed = tmp_path / "openrouter.json"
    changed.write_text(json.dumps(doc))
    for _ in range(2):
        result = run_planned_refresh(warehouse_copy, snapshot_overrides={"openrouter_models": str(changed)})
        assert result.success, step_errors(result)
    assert query(published, "SELECT count(*) FROM core.token_prices")[0][0] == before + 1
    old, new = query(published, GPT4O)[-2:]
    assert (old[0], new[0]) == (pytest.approx(2.5), pytest.approx(2.0))
    assert old[3] == new[2] and new[3] is None


def test_one_canonical_id_across_sources_and_zero_prices_are_flagged(sql_warehouse):
    ids = dict(query(sql_warehouse, "SELECT DISTINCT model, canonical_model FROM core.token_prices WHERE model IN "
                                    "('gpt-4o', 'openai/gpt-4o', 'anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet-20240620', "
                                    "'gemini/gemini-1.5-pro', 'google/gemini-pro-1.5', 'openai/gpt-4.1', 'gpt-4.1')"))
    assert ids == {"gpt-4o": "gpt-4o", "openai/gpt-4o": "gpt-4o",
                   "anthropic/claude-3.5-sonnet": "claude-3-5-sonnet", "claude-3-5-sonnet-20240620": "claude-3-5-sonnet",
                   "gemini/gemini-1.5-pro": "gemini-1-5-pro", "google/gemini-pro-1.5": "gemini-1-5-pro",
                   "openai/gpt-4.1": "gpt-4-1", "gpt-4.1": "gpt-4-1"}
    # a free variant costs 0: flagged, never blended, never in the history mart
    assert query(sql_warehouse, "SELECT count(*) FROM core.token_prices WHERE price_flag = 'zero' "
                                "AND usd_per_mtok_blended_3_1 IS NOT NULL") == [(0,)]
    assert query(sql_warehouse, "SELECT count(*) FROM core.token_prices WHERE variant = 'free' AND price_flag <> 'zero'") == [(0,)]
    assert query(sql_warehouse, "SELECT count(*) FROM marts.token_price_history WHERE usd_per_mtok_blended_3_1 IS NULL "
                                "OR usd_per_mtok_blended_3_1 <= 0") == [(0,)]


def test_dated_price_changes_of_chat_models(sql_warehouse):
    changed = query(sql_warehouse, "SELECT count(DISTINCT canonical_model) FROM marts.token_price_history "
                                   "WHERE mode = 'chat' AND change_vs_previous <> 0")[0][0]
    assert changed >= 20
    # the blended 3:1 price of GPT-4o at OpenRouter halved: (3 x 5 + 15) / 4 = 7.5 -> (3 x 2.5 + 10) / 4 = 4.375
    rows = query(sql_warehouse, "SELECT usd_per_mtok_blended_3_1, change_vs_previous FROM marts.token_price_history "
                                "WHERE model = 'openai/gpt-4o' AND source = 'openrouter_models' ORDER BY valid_from")
    assert rows[:2] == [(pytest.approx(7.5), None), (pytest.approx(4.375), pytest.approx(4.375 / 7.5 - 1))]


def test_the_frontier_query_returns_frontier_chat_models_with_their_history(sql_warehouse):
    from infra.paths import COOKBOOK_DIR
    rows = query(sql_warehouse, (COOKBOOK_DIR / "token_prices_of_frontier_models.sql").read_text())
    models = {r[0] for r in rows}
    for family in ("gpt-4o", "gpt-4-1", "gpt-5", "claude-sonnet-4", "claude-opus-4", "deepseek-chat"):
        assert family in models, family
    assert any(m.startswith("gemini-") and m.endswith("-pro") for m in models)
    assert any(m.startswith("llama-3") for m in models)
    assert len({r[0] for r in rows if r[8] is not None}) >= 5  # models with a closed period: a real history
