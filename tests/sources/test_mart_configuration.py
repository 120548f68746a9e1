"""The marts' configuration tables are curated declarations: the segment-to-category mapping of
marts.vendor_exposure and the windows marts.compute_trend fits (inputs/curated/segment_categories.csv,
trend_windows.csv)."""
import datetime

import pytest

from assets.sources import SOURCES_BY_NAME
from infra.sources import SourceParseError, read_snapshot

SEGMENTS = SOURCES_BY_NAME["segment_categories"]
WINDOWS = SOURCES_BY_NAME["trend_windows"]


def parse_recorded(source):
    payload = read_snapshot(source)
    return source.parse(payload.body, payload.origin)


def test_every_market_share_segment_is_counted_in_accelerators_or_servers():
    rows = parse_recorded(SEGMENTS)
    assert dict(zip(rows["segment"], rows["category"])) == {
        "accelerators_china_units": "accelerators", "ai_servers_china_revenue": "accelerators",
        "gpu_servers_units": "accelerators", "top500_accelerated_systems": "accelerators",
        "servers_revenue": "servers", "servers_units": "servers", "top500_systems": "servers"}
    assert rows["line"].tolist() == list(range(2, 9))  # header on line 1, one segment a line
    # TOP500 counts are installed systems, never a share of a market; China shares are China's
    assert {s for s, u in zip(rows["segment"], rows["unit"]) if u == "installed_systems"} == {
        "top500_systems", "top500_accelerated_systems"}
    assert {s for s, r in zip(rows["segment"], rows["region"]) if r == "china"} == {
        "accelerators_china_units", "ai_servers_china_revenue"}
    assert all(rows["note"])


def test_a_segment_category_outside_the_vocabulary_or_repeated_is_named():
    with pytest.raises(SourceParseError, match=r"\(s.csv, line 2, column 'category'\): unknown category 'chips'"):
        SEGMENTS.parse(b"segment,category,unit,region,note\nservers_units,chips,unit_share,worldwide,\n", "s.csv")
    with pytest.raises(SourceParseError, match=r"\(s.csv, line 3, column 'segment'\): duplicate key"):
        SEGMENTS.parse(b"segment,category,unit,region\nservers_units,servers,unit_share,worldwide\n"
                       b"servers_units,accelerators,unit_share,worldwide\n", "s.csv")
    with pytest.raises(SourceParseError, match=r"\(s.csv, line 2, column 'region'\): unknown region 'europe'"):
        SEGMENTS.parse(b"segment,category,unit,region\nservers_units,servers,unit_share,europe\n", "s.csv")


def test_the_trend_windows_are_those_the_compute_trend_fits():
    rows = parse_recorded(WINDOWS)
    day = datetime.date
    windows = [(r.window_name, r.window_start, r.window_end if r.window_end else None, r.subset)
               for r in rows.itertuples()]
    assert windows == [("2010-now", day(2010, 1, 1), None, "all"),
                       ("2012-2018", day(2012, 1, 1), day(2018, 12, 31), "all"),
                       ("2012-2018 largest", day(2012, 1, 1), day(2018, 12, 31), "largest_per_year"),
                       ("2018-now", day(2018, 1, 1), None, "all"),
                       ("2010-now frontier", day(2010, 1, 1), None, "frontier"),
                       ("2018-now frontier", day(2018, 1, 1), None, "frontier")]
    assert [c.name for c in WINDOWS.columns if not c.required] == ["window_end", "note"]  # empty end: open window


@pytest.mark.parametrize("row, column, message", [
    ("w,2018-01-01,2012-12-31,all", "window_end", "window 'w' ends before it starts"),
    ("w,2018-01-01,,top", "subset", "unknown subset 'top' (expected one of: all, frontier, largest_per_year)"),
    ("w,2018,,all", "window_start", "not a YYYY-MM-DD date: '2018'"),
])
def test_a_bad_trend_window_is_named_with_its_line_and_column(row, column, message):
    with pytest.raises(SourceParseError) as err:
        WINDOWS.parse(f"window_name,window_start,window_end,subset\n{row}\n".encode(), "t.csv")
    assert f"(t.csv, line 2, column '{column}'): {message}" in str(err.value)
