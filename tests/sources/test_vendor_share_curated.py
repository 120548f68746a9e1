"""Curated vendor-share files (IDC server tracker, IDC China accelerators, vendors) and their errors."""
import pytest

from assets.sources import idc_china_accelerators, idc_server_tracker, vendors
from infra.sources import SourceParseError, read_snapshot

HEADER = "period,segment,vendor,metric,value,unit,qualifier,source_url,quality,note\n"


def parsed(module):
    p = read_snapshot(module.SOURCE)
    return module.parse(p.body, p.origin)


def test_idc_server_tracker_figures():
    df = parsed(idc_server_tracker)
    lenovo = df[(df["vendor"] == "Lenovo") & (df["metric"] == "share")]
    revenue = lenovo[lenovo["segment"] == "servers_revenue"].set_index("period")["value"]
    assert len(revenue) == 18 and revenue["2018-Q2"] == 6.9 and revenue["2020-Q2"] == 6.1 and revenue["2024-Q4"] == 4.9
    assert revenue["2025-Q3"] == 3.6  # IDC via TTM, the quarter's other vendors not transcribed
    units = lenovo[lenovo["segment"] == "servers_units"].set_index("period")["value"]
    assert units["2021-Q2"] == 6.2 and units["2019-Q4"] == 6.9  # IDC 4Q19 table: 233,896 of 3,403,323 servers
    total_4q19 = df[(df["period"] == "2019-Q4") & (df["segment"] == "servers_units") & (df["vendor"] == "Total")]
    assert total_4q19["value"].tolist() == [3_403_323]
    # a quarter's table is whole: the 4Q18 unit shares (year-ago column of the 4Q19 release) add up to 100 %
    q4_18 = df[(df["period"] == "2018-Q4") & (df["segment"] == "servers_units") & (df["metric"] == "share")
               & (df["vendor"] != "Total")]
    assert q4_18["value"].sum() == pytest.approx(100.0)
    total = df[(df["period"] == "2020-Q2") & (df["vendor"] == "Total")].iloc[0]
    assert total["value"] == pytest.approx(24_037.1e6) and total["unit"] == "usd"  # USD million -> USD
    assert str(total["period_start"]) == "2020-04-01" and str(total["period_end"]) == "2020-06-30"
    assert df["figure_url"].str.startswith("https://").all()
    assert df[df["qualifier"] == ">"]["vendor"].tolist() == ["NVIDIA"]


def test_idc_china_accelerators_figures():
    df = parsed(idc_china_accelerators)
    units = df[(df["metric"] == "units") & (df["period"] == "2025")].set_index("vendor")["value"]
    assert units["NVIDIA"] == 2_200_000 and units["Huawei (Ascend)"] == 812_000 and units["Total"] == 4_000_000
    h1 = df[df["period"] == "2025-H1"]
    assert str(h1["period_end"].iloc[0]) == "2025-06-30"
    # earlier periods: IDC's market total and the Chinese vendors together only ("more than" figures)
    earlier = df[df["period"].isin(["2023-H1", "2024"]) & (df["metric"] == "units")].set_index(["period", "vendor"])
    assert earlier["value"].to_dict() == {("2023-H1", "Total"): 500_000, ("2023-H1", "Chinese vendors (total)"): 50_000,
                                          ("2024", "Total"): 2_700_000, ("2024", "Chinese vendors (total)"): 820_000}
    assert set(earlier["qualifier"]) == {">"}


@pytest.mark.parametrize("row, where, message", [
    ("2024-Q5,s,v,share,1,percent,,https://a,secondary,\n", "column 'period'", "not a period"),
    ("2024,s,v,share,101,percent,,https://a,secondary,\n", "column 'value'", "above 100"),
    ("2024,s,v,share,1,usd_million,,https://a,secondary,\n", "column 'unit'", "does not fit metric"),
    ("2024,s,v,share,1,percent,,same,secondary,\n", "column 'source_url'", "https page"),
    ("2024,s,v,volume,1,count,,https://a,secondary,\n", "column 'metric'", "unknown metric"),
])
def test_bad_figure_rows_name_line_and_column(row, where, message):
    with pytest.raises(SourceParseError) as err:
        idc_server_tracker.parse((HEADER + row).encode(), "f.csv")
    assert f"source 'idc_server_tracker' (f.csv, line 2, {where}" in str(err.value) and message in str(err.value)


def test_vendors_map_joint_ventures_and_lenovo():
    df = parsed(vendors).set_index("vendor")
    assert df.loc["Lenovo", "name_zh"] == "联想"
    assert "HPE/New H3C Group" in df.loc["HPE", "aliases"]
    assert {"Inspur/Inspur Power Systems", "IEIT Systems (Inspur)"} <= set(df.loc["Inspur", "aliases"])


def test_alias_naming_two_vendors_is_rejected():
    text = "vendor,name_zh,vendor_kind,segments,aliases,note\nA,,company,servers,X,\nB,,company,servers,x,\n"
    with pytest.raises(SourceParseError, match=r"line 3, column 'aliases'.*already names 'A'"):
        vendors.parse(text.encode(), "f.csv")
