"""Prime Intellect marketplace summary (JSON Lines): real daily statistics, and broken lines named by number."""
import json

import pytest

from assets.sources import primeintellect_prices as src
from infra.sources import SourceParseError, read_snapshot

SNAPSHOT = read_snapshot(src.SOURCE)


def test_daily_min_and_median_per_gpu_and_provider():
    rows = src.parse(SNAPSHOT.body, SNAPSHOT.origin)
    assert rows["quoted_at"].dt.date.nunique() == 29
    assert set(rows["accelerator_variant"]) == {"A100_80GB PCIe", "A100_80GB SXM4", "B200_180GB", "GH200_96GB",
                                                "H100_80GB PCIe", "H100_80GB SXM5", "H200_141GB"}
    first = rows[(rows["accelerator_variant"] == "A100_80GB PCIe")
                 & (rows["quoted_at"] == rows["quoted_at"].min())].set_index(["provider", "price_type"])
    assert first.loc[("primeintellect", "marketplace_min"), "usd_per_gpu_hour"] == 0.98
    assert first.loc[("primeintellect", "marketplace_median"), "usd_per_gpu_hour"] == 1.64
    assert first.loc[("runpod", "marketplace_avg"), "usd_per_gpu_hour"] == 1.65
    assert first.loc[("hyperstack", "marketplace_min"), "offers"] == 5
    assert not rows.duplicated(list(src.SOURCE.keys)).any()


def _lines():
    return [json.loads(line) for line in SNAPSHOT.body.decode().splitlines()]


def _body(lines):
    return "\n".join(json.dumps(x) for x in lines).encode()


def test_broken_lines_are_named():
    lines = _lines()
    del lines[2]["price_stats"]
    with pytest.raises(SourceParseError, match=r"line 3.*required field\(s\) missing: price_stats"):
        src.parse(_body(lines), "f.jsonl")
    lines = _lines()
    lines[0]["by_provider"]["runpod"]["min"] = "cheap"
    with pytest.raises(SourceParseError, match=r"line 1.*by_provider.runpod.min is not a non-negative number"):
        src.parse(_body(lines), "f.jsonl")
    with pytest.raises(SourceParseError, match=r"line 1.*not valid JSON"):
        src.parse(SNAPSHOT.body[:500], "f.jsonl")
    lines = _lines()
    lines[4]["timestamp"] = "yesterday"
    with pytest.raises(SourceParseError, match=r"line 5.*timestamp"):
        src.parse(_body(lines), "f.jsonl")
