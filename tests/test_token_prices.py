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
    rows = query(sql_warehouse, "SELECT provider, usd_per_mtok_input, usd_per_mtok_output, valid_from::DATE::VARCHAR, "
                                "valid_to::DATE::VARCHAR FROM core.token_prices "
                                "WHERE model = 'gpt-4o' AND source = 'litellm_prices' ORDER BY valid_from")
    assert rows == [("openai", pytest.approx(5.0), pytest.approx(15.0), "2024-07-25", "2025-01-14"),
                    ("openai", pytest.approx(2.5), pytest.approx(10.0), "2025-01-14", None)]
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
