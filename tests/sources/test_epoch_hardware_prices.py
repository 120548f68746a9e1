"""epoch_hardware_prices on Epoch's real file: 591 observations, the BOM header, per-chip prices, empty dates."""
import pytest

from assets.sources import epoch_hardware_prices as src
from infra.sources import SourceParseError, read_snapshot

SNAPSHOT = read_snapshot(src.SOURCE)


def test_parses_every_observation_with_its_date_and_url():
    rows = src.parse(SNAPSHOT.body, SNAPSHOT.origin)
    assert len(rows) == 591
    assert rows["price_date"].isna().sum() == 1  # one undated row, kept in raw, left out of core
    assert rows["usd_per_chip_hour_on_demand"].notna().sum() == 465
    assert rows["usd_per_chip_purchase"].notna().sum() == 122
    first = rows.iloc[0]  # line 2: the GTX 580's release price, the BOM stripped from 'Price source'
    assert (first["price_source_url"], str(first["price_date"]), first["usd_per_chip_purchase"]) == (
        "https://www.techpowerup.com/gpu-specs/geforce-gtx-580.c270", "2010-11-09", 499.0)
    aws = rows[(rows["line"] == 593)].iloc[0]  # $98.32 for 8 GPUs: Epoch already divided, 12.29 per chip-hour
    assert (aws["hardware_model"], aws["vendor"], aws["usd_per_chip_hour_on_demand"]) == (
        "NVIDIA H100 SXM5 80GB", "Amazon Web Services", 12.29)


@pytest.mark.parametrize("old, new, message", [
    (b",12.29,", b",1229000,", "above the allowed maximum"),  # a misplaced decimal
    (b",12.29,", b",inf,", "not a finite number"),
    (b"2025-03-17,NVIDIA H100 SXM5 80GB,NVIDIA,Amazon", b"17/03/2025,NVIDIA H100 SXM5 80GB,NVIDIA,Amazon",
     "not a YYYY-MM-DD date"),
])
def test_bad_cells_are_named_by_line(old, new, message):
    body = SNAPSHOT.body.replace(old, new, 1)
    assert body != SNAPSHOT.body
    with pytest.raises(SourceParseError, match=message) as err:
        src.parse(body, SNAPSHOT.origin)
    assert err.value.line is not None and SNAPSHOT.origin in str(err.value)
