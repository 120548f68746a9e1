"""Bad input that used to pass silently now fails clearly, naming the source, the file and what was wrong. Each
class on a real recorded payload with the fault injected (issue: time truth, item 8)."""
import json
from dataclasses import replace
from datetime import timedelta

import duckdb
import pytest

from assets.build import CONFIRM_ROW_DROP_ENV, ingest
from assets.sources import (assumptions, epoch_ml_hardware, epoch_notable_models, epoch_usage_reports,
                            similarweb_page, similarweb_visits, techpowerup_gpus, token_prices, wikimedia_pageviews)
from infra.sources import SourceParseError, read_snapshot


def body_of(source) -> bytes:
    return read_snapshot(source).body


def fails(source, body: bytes, *fragments: str) -> SourceParseError:
    payload = read_snapshot(source)
    with pytest.raises(SourceParseError) as err:
        source.parse(body, payload.origin)
    message = str(err.value)
    assert f"source '{source.name}'" in message and payload.origin in message
    for fragment in fragments:
        assert fragment in message, message
    return err.value


# ---------------------------------------------------------------- non-finite and absurd numbers

def test_an_absurd_training_compute_is_refused():
    body = body_of(epoch_notable_models.SOURCE).decode()
    # GPT-3's row: its compute 3.14e23 FLOP becomes 1e300
    assert ",3.14e+23," in body
    err = fails(epoch_notable_models.SOURCE, body.replace(",3.14e+23,", ",1e300,", 1).encode(),
                "value 1e+300 is above the allowed maximum 1e+30")
    assert err.column == "Training compute (FLOP)" and err.line is not None


def test_a_nan_or_absurd_visit_count_is_refused():
    body = body_of(similarweb_visits.SOURCE).decode()
    fails(similarweb_visits.SOURCE, body.replace(",616000000,", ",1e30,", 1).encode(),
          "value 1e+30 is above the allowed maximum 1e+12", "line 3")  # the 2023-01 row
    fails(similarweb_visits.SOURCE, body.replace(",616000000,", ",NaN,", 1).encode(), "not a finite number: 'NaN'")


# ---------------------------------------------------------------- duplicated CSV header, duplicated JSON key

def test_a_duplicated_csv_header_is_refused():
    body = body_of(epoch_ml_hardware.SOURCE).decode()
    header, rest = body.split("\n", 1)
    assert header.startswith("Hardware name,Manufacturer,Type,Notes,")
    twice = header.replace("Type,Notes,", "Type,Manufacturer,", 1)  # DictReader would keep the second silently
    err = fails(epoch_ml_hardware.SOURCE, f"{twice}\n{rest}".encode(), "duplicated header 'Manufacturer' (columns 2 and 4)")
    assert err.line == 1


def test_a_duplicated_json_key_is_refused():
    body = body_of(token_prices.LITELLM_SOURCE).decode()
    # a second "gpt-4o" object: json.loads would keep only the last one, silently
    doubled = body.replace('"gpt-4o": {', '"gpt-4o": {"input_cost_per_token": 1}, "gpt-4o": {', 1)
    assert doubled != body
    fails(token_prices.LITELLM_SOURCE, doubled.encode(), "duplicated JSON key 'gpt-4o'")
    doc = body_of(token_prices.OPENROUTER_SOURCE).decode()
    nested = doc.replace('"pricing":{', '"pricing":{"prompt":"0",', 1) if '"pricing":{' in doc else \
        doc.replace('"pricing": {', '"pricing": {"prompt": "0", ', 1)
    assert nested != doc
    fails(token_prices.OPENROUTER_SOURCE, nested.encode(), "duplicated JSON key 'prompt'")


# ---------------------------------------------------------------- header-only payloads

@pytest.mark.parametrize("source", [epoch_usage_reports.SOURCE, assumptions.SOURCE], ids=lambda s: s.name)
def test_a_header_only_payload_says_no_rows(source):
    header = body_of(source).decode("utf-8-sig").splitlines()[0]
    err = fails(source, (header + "\n").encode(), "no rows: the payload has a header and no data rows")
    assert "missing" not in str(err)


# ---------------------------------------------------------------- a payload for another domain or page

def test_a_page_about_another_domain_is_refused():
    body = body_of(similarweb_page.SOURCE)
    assert b'"domain":"google.com"' in body
    fails(similarweb_page.SOURCE, body.replace(b'"domain":"google.com"', b'"domain":"bing.com"'),
          "the page's data is for domain 'bing.com', but its URL is google.com's", "a payload for another domain")


def test_pageviews_of_another_article_are_refused():
    doc = json.loads(body_of(wikimedia_pageviews.SOURCE))
    doc["items"][3]["article"] = "Google_Bard"
    fails(wikimedia_pageviews.SOURCE, json.dumps(doc).encode(),
          "items[3].article is 'Google_Bard', but the source's URL asks for 'ChatGPT'")


# ---------------------------------------------------------------- a collapsed row count

def test_a_payload_with_far_fewer_rows_than_the_last_capture_is_refused_unless_confirmed(monkeypatch):
    source = token_prices.OPENROUTER_SOURCE
    recorded = read_snapshot(source)
    good = replace(recorded, captured_at=None)  # a live fetch of the same list
    doc = json.loads(good.body)
    doc["data"] = doc["data"][:10]  # the next fetch: the API answered one short page
    short = replace(good, body=json.dumps(doc).encode(), fetched_at=good.fetched_at + timedelta(days=1))
    with duckdb.connect() as conn:
        assert ingest(conn, source, good).rows_appended == 356
        with pytest.raises(SourceParseError) as err:
            ingest(conn, source, short)
        message = str(err.value)
        assert f"10 rows, far fewer than the 356 of the capture of {good.fetched_at:%Y-%m-%d}" in message
        assert f"{CONFIRM_ROW_DROP_ENV}=openrouter_models" in message
        assert conn.execute("SELECT count(*) FROM raw.openrouter_models").fetchone() == (356,)  # nothing appended
        monkeypatch.setenv(CONFIRM_ROW_DROP_ENV, "openrouter_models")
        assert ingest(conn, source, short).rows_appended == 10  # the analyst confirmed the drop


def test_a_live_fetch_is_not_compared_with_a_wider_recorded_extract():
    """The recorded Azure capture is an 18-region extract (1,709 rows); the live URL asks for one region. The first
    live fetch is compared with live fetches only, so it is not refused as a collapse."""
    from assets.sources import azure_retail_prices
    source = azure_retail_prices.SOURCE
    recorded = read_snapshot(source)
    doc = json.loads(recorded.body)
    one_region = [r for r in doc if r["region"] == "eastus"]
    assert 0 < len(one_region) < len(doc) / 2
    live = replace(recorded, body=json.dumps(one_region).encode(), captured_at=None,
                   fetched_at=recorded.fetched_at + timedelta(days=1))
    with duckdb.connect() as conn:
        ingest(conn, source, recorded)
        assert ingest(conn, source, live).rows_appended > 0


# ---------------------------------------------------------------- TechPowerUp rows are keyed by product URL

def test_techpowerup_products_are_keyed_by_their_url():
    source = techpowerup_gpus.SOURCE
    rows = source.parse(body_of(source), read_snapshot(source).origin)
    assert rows["product_url"].is_unique and rows["product_url"].notna().all()
    # two products may share a name: both are kept, told apart by their pages
    first, second = rows.iloc[0], rows.iloc[1]
    body = body_of(source).decode()
    renamed = body.replace(f">{second['product_name']}<", f">{first['product_name']}<", 1)
    assert renamed != body
    again = source.parse(renamed.encode(), "x")
    assert (again["product_name"] == first["product_name"]).sum() >= 2 and len(again) == len(rows)
    # the same product page twice is a duplicate key
    link = second["product_url"].removeprefix(techpowerup_gpus.SITE)
    twice = body.replace(f'href="{link}"', f'href="{first["product_url"].removeprefix(techpowerup_gpus.SITE)}"', 1)
    assert twice != body
    with pytest.raises(SourceParseError, match="duplicate"):
        source.parse(twice.encode(), "x")
