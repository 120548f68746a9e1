"""Curated accelerator files (datasheets, aliases, families) on the real CSVs, and their errors on bad rows."""
import pytest

from assets.sources import accelerator_aliases, accelerator_datasheets, accelerator_families
from infra.sources import SourceParseError, read_snapshot


def parsed(module):
    p = read_snapshot(module.SOURCE)
    return module.parse(p.body, p.origin)


def test_datasheets_hold_the_chinese_chips_with_their_pages():
    df = parsed(accelerator_datasheets).set_index("accelerator")
    assert {"Enflame i20", "Kunlunxin R200", "T-Head Hanguang 800"} <= set(df.index)
    i20 = df.loc["Enflame i20"]
    assert i20["name_zh"] == "云燧i20" and i20["fp16_tensor_flop_per_s"] == 128e12 and i20["int8_op_per_s"] == 256e12
    assert i20["memory_bytes"] == 16e9 and i20["memory_bandwidth_bytes_per_s"] == 819e9 and i20["tdp_w"] == 150
    assert df.loc["Kunlunxin R200", "name_zh"] == "昆仑芯 R200"
    assert df.loc["T-Head Hanguang 800", "tdp_w"] == 280
    assert df["figure_url"].str.startswith("https://").all()


def test_aliases_and_families():
    aliases = parsed(accelerator_aliases).set_index("alias")
    assert aliases.loc["ND96isr_H100_v5", "units_per_alias"] == 8
    assert aliases.loc["H100 SXM5 80 GB", "accelerator"] == "NVIDIA H100 SXM5 80GB"
    families = parsed(accelerator_families)
    assert families.groupby("family")["is_family_reference"].sum().max() == 1


def test_datasheet_without_https_page_is_rejected():
    header = read_snapshot(accelerator_datasheets.SOURCE).body.decode().splitlines()[0]
    row = "X,Y,,2024-01-01,1,,,,,,,,,www.example.com,primary,\n"
    with pytest.raises(SourceParseError, match=r"line 2, column 'source_url'"):
        accelerator_datasheets.parse((header + "\n" + row).encode(), "f.csv")


def test_bad_alias_units_and_second_family_reference():
    with pytest.raises(SourceParseError, match=r"line 2, column 'units_per_alias'.*whole number"):
        accelerator_aliases.parse(b"alias,accelerator,units_per_alias,note\nx,y,1.5,\n", "f.csv")
    two_refs = b"accelerator,family,is_family_reference,data_center,note\na,H100,true,true,\nb,H100,true,true,\n"
    with pytest.raises(SourceParseError, match=r"line 3, column 'is_family_reference'.*already has a reference"):
        accelerator_families.parse(two_refs, "f.csv")


def test_a_family_has_one_data_center_flag():
    split = b"accelerator,family,is_family_reference,data_center,note\na,H100,true,true,\nb,H100,false,false,\n"
    with pytest.raises(SourceParseError, match=r"line 3, column 'data_center'.*family 'H100' is data_center=True on line 2"):
        accelerator_families.parse(split, "f.csv")
    rows = accelerator_families.parse(read_snapshot(accelerator_families.SOURCE).body, "accelerator_families.csv")
    flags = dict(zip(rows["family"], rows["data_center"]))
    assert flags["H100"] and flags["Ascend 910B"] and not flags["RTX 4090"] and not flags["RTX A6000"]
