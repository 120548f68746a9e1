"""TOP500: the June 2025 .xlsx list and the saved rank-1 sublist page, on the real payloads and broken ones."""
import io

import pandas as pd
import pytest

from assets.sources import top500, top500_sublist
from infra.sources import SourceParseError, read_snapshot

XLSX = read_snapshot(top500.SOURCE)
SUBLIST = read_snapshot(top500_sublist.SOURCE)


def test_june_2025_list():
    df = top500.parse(XLSX.body, XLSX.origin)
    assert len(df) == 500 and df["rank"].tolist() == list(range(1, 501))
    first = df.iloc[0]
    assert (first["system"], first["manufacturer"], first["country"]) == ("El Capitan", "HPE", "United States")
    assert first["accelerator"] == "AMD Instinct MI300A"
    assert first["rmax_tflop_per_s"] == 1_742_000 and first["rpeak_tflop_per_s"] == pytest.approx(2_746_376.09)
    assert first["total_cores"] == 11_039_616 and first["power_kw"] == pytest.approx(29_580.98)
    counts = df["manufacturer"].value_counts()
    assert counts["Lenovo"] == 136 and counts["HPE"] == 132 and counts["EVIDEN"] == 55 and counts["DELL"] == 41
    assert df["accelerator"].isna().sum() == 265
    assert df["system"].notna().all()  # unnamed systems fall back to the computer description


def _xlsx(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_excel(buf, index=False, engine="openpyxl")
    return buf.getvalue()


def test_broken_workbooks_fail_clearly():
    with pytest.raises(SourceParseError, match=r"source 'top500' \(f.xlsx\): not a readable .xlsx"):
        top500.parse(XLSX.body[:5000], "f.xlsx")
    sheet = pd.read_excel(io.BytesIO(XLSX.body), engine="openpyxl").head(3)
    with pytest.raises(SourceParseError, match=r"required column\(s\) missing: manufacturer"):
        top500.parse(_xlsx(sheet.drop(columns=["Manufacturer"])), "f.xlsx")
    sheet = sheet.astype({"Rmax [TFlop/s]": object})
    sheet.loc[1, "Rmax [TFlop/s]"] = "fast"
    with pytest.raises(SourceParseError, match=r"line 3, column 'Rmax \[TFlop/s\]'.*not a number"):
        top500.parse(_xlsx(sheet), "f.xlsx")


def test_renamed_vendor_column_is_accepted():
    sheet = pd.read_excel(io.BytesIO(XLSX.body), engine="openpyxl").head(3).rename(columns={"Manufacturer": "Vendor"})
    assert top500.parse(_xlsx(sheet), "f.xlsx")["manufacturer"].tolist() == ["HPE", "HPE", "Intel"]


def test_sublist_rank1_systems():
    df = top500_sublist.parse(SUBLIST.body, SUBLIST.origin)
    assert len(df) == 51
    summit = df.iloc[0]
    assert str(summit["list_edition"]) == "2018-06-01" and summit["system"] == "Summit" and summit["vendor"] == "IBM"
    assert summit["country"] == "United States" and summit["rmax_tflop_per_s"] == 122_300.0 and summit["cores"] == 2_282_544
    assert summit["system_url"] == "https://www.top500.org/system/179397"
    last = df.iloc[-1]
    assert (last["system"], last["vendor"], str(last["list_edition"])) == ("CM-5/1024", "Thinking Machines Corporation", "1993-06-01")
    assert pd.isna(last["power_kw"])


def test_sublist_layout_change_fails_clearly():
    with pytest.raises(SourceParseError, match="no table with the column headers"):
        top500_sublist.parse(SUBLIST.body.replace(b"<th>Rmax (TFlop/s)</th>", b"<th>Speed</th>"), "f.html")
    with pytest.raises(SourceParseError, match=r"column 'List'\): table row 2: list is not MM/YYYY"):
        top500_sublist.parse(SUBLIST.body.replace(b"06/2018", b"June 2018", 1), "f.html")
