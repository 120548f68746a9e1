"""Traffic extras on their real payloads: Epoch AI usage reports, StatCounter, Tranco, a saved Similarweb page."""
import json

import pytest

from assets.sources import epoch_usage_reports, similarweb_page, statcounter_ai_share, tranco
from infra.sources import SourceParseError, read_snapshot


def body(source):
    return read_snapshot(source).body


def test_epoch_usage_reports_multiline_notes_and_both_date_formats():
    rows = epoch_usage_reports.parse(body(epoch_usage_reports.SOURCE), "f.csv")
    assert len(rows) == 44
    first = rows.iloc[0]
    assert (first["id"], first["active_users"], first["active_users_period"], str(first["date"])) == \
        ("ChatGPT 50M WAU", 50_000_000, "weekly", "2023-03-25")
    words = rows[rows["id"] == "100B words per day"].iloc[0]
    assert words["daily_tokens"] == 1.33e11
    assert "\n" in rows[rows["id"] == "100M MAU"].iloc[0]["notes"]
    live = body(epoch_usage_reports.SOURCE).replace(b"3/25/2023", b"2023-03-25").replace(b",50000000,", b",50000000.0,")
    assert str(epoch_usage_reports.parse(live, "f.csv").iloc[0]["date"]) == "2023-03-25"


def test_epoch_bad_rows_are_named():
    text = body(epoch_usage_reports.SOURCE).replace(b"3/25/2023", b"25.03.2023", 1)
    with pytest.raises(SourceParseError, match="line 2, column 'Date'"):
        epoch_usage_reports.parse(text, "f.csv")
    text = body(epoch_usage_reports.SOURCE).replace(b"Active users time period", b"Period", 1)
    with pytest.raises(SourceParseError, match="required column.*Active users time period"):
        epoch_usage_reports.parse(text, "f.csv")


def test_statcounter_all_zero_rows_are_missing_not_zero():
    rows = statcounter_ai_share.parse(body(statcounter_ai_share.SOURCE), "f.csv")
    assert str(rows["month"].min()) == "2025-04-01" and rows["month"].nunique() == 18
    apr = rows[rows["month"].astype(str) == "2025-04-01"].set_index("chatbot")["share_percent"]
    assert apr["ChatGPT"] == 84.21 and apr["Other"] == 0  # a real zero inside a month with data is kept
    with pytest.raises(SourceParseError, match="line 2, column 'ChatGPT'"):
        statcounter_ai_share.parse(b'"Date","ChatGPT"\n2025-04,n/a\n', "f.csv")


def test_tranco_list_and_headerless_ranks():
    meta = tranco.parse_list(body(tranco.LIST_SOURCE), "f.json").iloc[0]
    assert (meta["list_id"], str(meta["end_date"])) == ("V348N", "2026-10-07")
    ranks = tranco.parse_ranks(body(tranco.RANKS_SOURCE), "f.csv").set_index("domain")["rank"]
    assert ranks["google.com"] == 1 and ranks["chatgpt.com"] == 105 and ranks["claude.ai"] == 543
    with pytest.raises(SourceParseError, match="line 2.*expected 2 cells"):
        tranco.parse_ranks(b"1,google.com\n2,cloudflare.com,extra\n", "f.csv")
    with pytest.raises(SourceParseError, match="line 1, column 'rank'"):
        tranco.parse_ranks(b"first,google.com\n", "f.csv")
    with pytest.raises(SourceParseError, match="configuration"):
        tranco.parse_list(json.dumps({"list_id": "X", "created_on": "2026-10-07T22:00:02"}).encode(), "f.json")


def test_similarweb_page_visits_history():
    rows = similarweb_page.parse(body(similarweb_page.SOURCE), "f.html")
    assert rows["domain"].unique().tolist() == ["google.com"]
    assert dict(zip(rows["month"].astype(str), rows["visits"])) == {
        "2022-10-01": 87023594527, "2022-11-01": 85085372857, "2022-12-01": 86429287970}


def test_similarweb_page_layout_changes_fail():
    page = body(similarweb_page.SOURCE)
    with pytest.raises(SourceParseError, match="no <script> assigns __APP_DATA__"):
        similarweb_page.parse(page.replace(b"__APP_DATA__", b"__STATE__"), "f.html")
    with pytest.raises(SourceParseError, match="required field missing.*visitsHistory"):
        similarweb_page.parse(page.replace(b'"visitsHistory"', b'"visitHistory"'), "f.html")
