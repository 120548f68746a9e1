"""LiteLLM and OpenRouter token prices: real payloads, string prices, variable pricing, broken input."""
import json

import pytest

from assets.sources import token_prices as src
from infra.sources import SourceParseError, read_snapshot

LITELLM = read_snapshot(src.LITELLM_SOURCE)
OPENROUTER = read_snapshot(src.OPENROUTER_SOURCE)


def test_litellm_real_prices():
    rows = src.parse_litellm(LITELLM.body, LITELLM.origin).set_index("model")
    assert len(rows) == 2521
    assert "sample_spec" not in rows.index and "last_updated" not in rows.index
    gpt4o = rows.loc["gpt-4o"]
    assert (gpt4o["provider"], gpt4o["input_usd_per_token"], gpt4o["output_usd_per_token"]) == ("openai", 2.5e-06, 1e-05)
    assert (rows["input_usd_per_token"].dropna() >= 0).all()


def test_openrouter_string_prices_and_variable_pricing():
    rows = src.parse_openrouter(OPENROUTER.body, OPENROUTER.origin).set_index("model")
    assert len(rows) == 356
    assert rows.loc["openai/gpt-4o", "input_usd_per_token"] == pytest.approx(2.5e-06)
    assert rows.loc["anthropic/claude-opus-4.7-fast", "output_usd_per_token"] == pytest.approx(0.00015)
    auto = rows.loc["openrouter/auto"]
    assert bool(auto["variable_pricing"]) and auto["input_usd_per_token"] != auto["input_usd_per_token"]  # NaN
    assert rows["variable_pricing"].sum() == 3


def test_broken_payloads_are_named():
    doc = json.loads(OPENROUTER.body)
    del doc["data"][7]["pricing"]["completion"]
    with pytest.raises(SourceParseError, match=r"data\[7\]\.pricing.*completion"):
        src.parse_openrouter(json.dumps(doc).encode(), "u")
    doc = json.loads(OPENROUTER.body)
    doc["data"][2]["pricing"]["prompt"] = "free"
    with pytest.raises(SourceParseError, match=r"column 'data\[2\]\.pricing\.prompt'\): not a number: 'free'"):
        src.parse_openrouter(json.dumps(doc).encode(), "u")
    with pytest.raises(SourceParseError, match="'data'"):
        src.parse_openrouter(b'{"error": {"code": 429}}', "u")
    doc = json.loads(LITELLM.body)
    doc["gpt-4o"]["output_cost_per_token"] = -1
    with pytest.raises(SourceParseError, match=r"gpt-4o\.output_cost_per_token is not a non-negative number: -1"):
        src.parse_litellm(json.dumps(doc).encode(), "u")
    with pytest.raises(SourceParseError, match="not valid JSON"):
        src.parse_litellm(LITELLM.body[:5000], "u")


def test_an_older_layout_the_parser_does_not_know_gets_a_clear_error():
    """tokencost's own price file of 2024-01-30 (AgentOps-AI/tokencost@f38877f, before it vendored LiteLLM's) has
    no litellm_provider: not a LiteLLM layout, refused by name rather than stored under a guessed provider."""
    first_entry = (b'{"gpt-4": {"max_tokens": 8192, "max_input_tokens": 8192, "max_output_tokens": 4096, '
                   b'"input_cost_per_token": 0.00003, "output_cost_per_token": 0.00006, "mode": "chat"}}')
    with pytest.raises(SourceParseError, match=r"model 'gpt-4'.*required field\(s\) missing: litellm_provider"):
        src.parse_litellm(first_entry, "tokencost/model_prices.json@f38877f")


def test_every_dated_capture_parses():
    """The recorded captures span layouts from 2024-04 (LiteLLM) and 2024-09 (OpenRouter) to 2026: each parses."""
    from infra.sources import recorded_payloads
    for source, oldest_rows in ((src.LITELLM_SOURCE, 283), (src.OPENROUTER_SOURCE, 177)):
        payloads = recorded_payloads(source)
        counts = [len(source.parse(p.body, p.origin)) for p in payloads]
        assert counts[0] == oldest_rows and min(counts) > 0 and len(payloads) > 5
