"""Wikimedia pageviews: the parser on the real recorded payload, and its errors on broken ones."""
import json

import pytest

from assets.sources import wikimedia_pageviews as src
from infra.sources import SourceParseError, read_snapshot

SNAPSHOT = read_snapshot(src.SOURCE)


def test_parses_the_recorded_payload():
    rows = src.parse(SNAPSHOT.body, SNAPSHOT.origin)
    assert len(rows) == 46
    assert list(rows.columns) == [c.name for c in src.SOURCE.columns]
    jan_2023 = rows[rows["period_start"].astype(str) == "2023-01-01"]
    assert jan_2023["views"].tolist() == [5349371]
    assert rows["views"].min() > 0
    assert not rows.duplicated(list(src.SOURCE.keys)).any()


def test_truncated_json_names_source_and_origin():
    with pytest.raises(SourceParseError) as err:
        src.parse(SNAPSHOT.body[: len(SNAPSHOT.body) // 2], "https://example.test/pageviews")
    assert "wikimedia_pageviews" in str(err.value) and "https://example.test/pageviews" in str(err.value)
    assert "not valid JSON" in str(err.value)


def test_missing_items_and_fields_are_named():
    with pytest.raises(SourceParseError, match="'items'"):
        src.parse(b'{"detail": "not found"}', "f.json")
    doc = json.loads(SNAPSHOT.body)
    del doc["items"][3]["views"]
    with pytest.raises(SourceParseError, match=r"items\[3\].*views"):
        src.parse(json.dumps(doc).encode(), "f.json")


def test_bad_timestamp_and_negative_views_are_rejected():
    doc = json.loads(SNAPSHOT.body)
    doc["items"][0]["timestamp"] = "2023-01"
    with pytest.raises(SourceParseError, match="timestamp"):
        src.parse(json.dumps(doc).encode(), "f.json")
    doc = json.loads(SNAPSHOT.body)
    doc["items"][0]["views"] = -5
    with pytest.raises(SourceParseError, match="views"):
        src.parse(json.dumps(doc).encode(), "f.json")
