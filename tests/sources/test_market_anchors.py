"""market_anchors: the supply side's market-size anchors, on the real curated file (inputs/curated/market_anchors.csv)."""
import pytest

from assets.sources import market_anchors as src
from infra.sources import SourceParseError, read_snapshot
from tests.helpers import query

SNAPSHOT = read_snapshot(src.SOURCE)


def test_parses_every_anchor_with_its_period_page_and_quality():
    rows = src.parse(SNAPSHOT.body, SNAPSHOT.origin)
    assert len(rows) == 116
    assert rows.groupby("series").size().to_dict() == {
        "amd_datacenter_revenue": 19, "china_ai_accelerators": 4, "hyperscaler_capex": 66,
        "lenovo_isg_revenue": 11, "nvidia_datacenter_revenue": 16}
    isg = rows[rows["entity"] == "Lenovo ISG"]
    assert len(isg) == 10 and isg["period_label"].str.match(r"FY\d{4}/\d{2} Q\d").all()  # ten fiscal quarters
    nvidia = rows[(rows["series"] == "nvidia_datacenter_revenue") & (rows["period_label"] == "FY2025 Q3")].iloc[0]
    assert (str(nvidia["period_end"]), nvidia["value"], nvidia["unit"]) == ("2024-10-27", 30.8e9, "usd")
    assert set(rows["quality"]) == {"primary", "secondary"}


@pytest.mark.parametrize("old, new, message", [
    ("nvidia_datacenter_revenue,NVIDIA,FY2025 Q3", "nvidia_gaming_revenue,NVIDIA,FY2025 Q3", "unknown series"),
    ("https://giscafe.com/", "http://giscafe.com/", "must be the https page"),
])
def test_bad_rows_are_named_by_line(old, new, message):
    body = SNAPSHOT.body.decode()
    assert old in body
    with pytest.raises(SourceParseError, match=message) as err:
        src.parse(body.replace(old, new, 1).encode(), SNAPSHOT.origin)
    assert err.value.line is not None


def test_fiscal_quarters_are_placed_in_the_calendar_quarter_that_holds_most_of_them(sql_warehouse):
    """NVIDIA's FY2025 Q3 (Aug-Oct 2024) ended 2024-10-27: minus 45 days is 2024-09-12, calendar 2024Q3. A calendar
    quarter (Microsoft's capex, ending 2025-12-31) stays itself."""
    assert query(sql_warehouse, "SELECT quarter_end::VARCHAR, quality FROM core.market_anchors WHERE "
                                "series = 'nvidia_datacenter_revenue' AND period_label = 'FY2025 Q3'") == [
        ("2024-09-30", "secondary")]  # CRN's report of the results
    assert query(sql_warehouse, "SELECT DISTINCT quarter_end = period_end FROM core.market_anchors "
                                "WHERE entity = 'Microsoft'") == [(True,)]
    # at least 8 quarters for the series that exist publicly by quarter
    quarters = dict(query(sql_warehouse, "SELECT entity, count(DISTINCT quarter_end) FROM core.market_anchors "
                                         "WHERE metric IN ('revenue', 'capex') GROUP BY 1"))
    assert all(quarters[e] >= 8 for e in ("NVIDIA", "AMD", "Microsoft", "Alphabet", "Amazon", "Meta"))
