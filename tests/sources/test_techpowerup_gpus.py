"""TechPowerUp GPU list page: the parser on the saved HTML, and its errors when the page layout changes."""
import pytest

from assets.sources import techpowerup_gpus as src
from infra.sources import SourceParseError, read_snapshot

SNAPSHOT = read_snapshot(src.SOURCE)


def test_parses_the_saved_page():
    df = src.parse(SNAPSHOT.body, SNAPSHOT.origin)
    assert len(df) == 101
    assert df["vendor"].value_counts().to_dict() == {"NVIDIA": 51, "AMD": 27, "Intel": 23}
    h100 = df.set_index("product_name").loc["H100 PCIe"]
    assert h100["gpu_chip"] == "GH100" and str(h100["release_date"]) == "2022-03-22"
    assert h100["bus"] == "PCIe 5.0 x16"
    assert h100["memory_bytes"] == 80e9 and h100["memory_type"] == "HBM2e" and h100["memory_bus_bits"] == 5120
    assert h100["gpu_clock_mhz"] == 1125 and h100["memory_clock_mhz"] == 1000
    assert h100["product_url"] == "https://www.techpowerup.com/gpu-specs/h100-pcie.c3899"
    igp = df.set_index("product_name").loc["Radeon 680M"]
    assert igp["memory_type"] == "System Shared" and igp["memory_bytes"] != igp["memory_bytes"]  # NaN


def test_table_found_by_headers_not_position():
    moved = SNAPSHOT.body.replace(b'<table class="processors">', b'<table><tr><th>x</th></tr></table><table class="other">', 1)
    assert len(src.parse(moved, "f.html")) == 101


def test_renamed_header_fails_clearly():
    broken = SNAPSHOT.body.replace(b"<th>GPU Chip</th>", b"<th>Silicon</th>")
    with pytest.raises(SourceParseError, match=r"source 'techpowerup_gpus' \(f.html\): no table with the column headers"):
        src.parse(broken, "f.html")


def test_bad_memory_cell_names_row_and_column():
    broken = SNAPSHOT.body.replace(b"80 GB, HBM2e, 5120 bit", b"eighty gigs", 1)
    with pytest.raises(SourceParseError, match=r"table row \d+: memory.*column 'Memory'|column 'Memory'.*table row"):
        src.parse(broken, "f.html")
