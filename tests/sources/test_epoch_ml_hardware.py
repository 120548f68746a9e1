"""Epoch ML hardware: the parser on the real recorded CSV (175 accelerators), and its errors on broken ones."""
import pytest

from assets.sources import epoch_ml_hardware as src
from infra.sources import SourceParseError, read_snapshot

SNAPSHOT = read_snapshot(src.SOURCE)


def rows():
    return src.parse(SNAPSHOT.body, SNAPSHOT.origin).set_index("hardware_name")


def test_parses_the_recorded_csv():
    df = rows()
    assert len(df) == 175
    h100 = df.loc["NVIDIA H100 SXM5 80GB"]
    assert h100["manufacturer"] == "NVIDIA"
    assert str(h100["release_date"]) == "2022-09-20"
    assert h100["fp16_tensor_flop_per_s"] == 989.4e12
    assert h100["tf32_flop_per_s"] == 494.7e12
    assert h100["fp32_flop_per_s"] == 66.91e12
    assert h100["int8_op_per_s"] == 1979e12
    assert h100["memory_bytes"] == 80e9 and h100["memory_bandwidth_bytes_per_s"] == 3.35e12
    assert h100["tdp_w"] == 700 and h100["release_price_usd"] == 33600
    assert df.loc["Baidu Kunlun R200 (150W)", "manufacturer"] == "Kunlunxin Baidu"
    assert df["release_date"].isna().sum() == 14  # Epoch gives no date for announced-only chips


def test_renamed_memory_column_is_accepted():
    old = SNAPSHOT.body.replace(b"Memory (bytes)", b"Memory size per board (Byte)")
    df = src.parse(old, "old.csv").set_index("hardware_name")
    assert df.loc["NVIDIA H100 SXM5 80GB", "memory_bytes"] == 80e9


def test_missing_column_names_the_accepted_headers():
    broken = SNAPSHOT.body.replace(b"TDP (W)", b"Power")
    with pytest.raises(SourceParseError, match=r"source 'epoch_ml_hardware' \(f.csv, line 1, column 'tdp_w'\): .*'TDP \(W\)'"):
        src.parse(broken, "f.csv")


def test_bad_number_names_line_and_column():
    broken = SNAPSHOT.body.replace(b"989400000000000.0", b"989.4 TFLOPS", 1)
    with pytest.raises(SourceParseError) as err:
        src.parse(broken, "f.csv")
    assert "column 'Tensor-FP16/BF16 performance (FLOP/s)'" in str(err.value) and "line " in str(err.value)


def test_duplicate_accelerator_is_rejected():
    header, first = SNAPSHOT.body.split(b"\n")[:2]
    with pytest.raises(SourceParseError, match="line 3.*duplicate key"):
        src.parse(header + b"\n" + first + b"\n" + first + b"\n", "f.csv")
