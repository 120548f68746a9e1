"""epoch_compute_spend on Epoch's real file: the 11 reported compute-spend figures of OpenAI and Anthropic."""
import pytest

from assets.sources import epoch_compute_spend as src
from infra.sources import SourceParseError, read_snapshot

SNAPSHOT = read_snapshot(src.SOURCE)


def test_parses_the_reported_figures_with_their_split_and_confidence():
    rows = src.parse(SNAPSHOT.body, SNAPSHOT.origin).set_index("id")
    assert len(rows) == 11
    # the two inference figures the issue reconciles against: $1.8B in 2024 and $7B in 2025, both "Likely"
    inference = rows[(rows["company"] == "OpenAI") & rows["inference_usd"].notna()]
    assert [(str(r.period_end), r.inference_usd, r.confidence) for r in inference.itertuples()] == [
        ("2024-12-31", 1.8e9, "Likely"), ("2025-12-31", 7e9, "Likely")]
    assert rows.loc["OpenAI 2022 compute + data", "categories"] == ["R&D cloud compute", "Inference cloud compute", "Data"]
    assert rows.loc["OpenAI 2025 cloud compute", "exclude_from_graph"]  # Epoch's superseded figure, flagged
    assert rows.loc["Anthropic 2025 inference", "confidence"] == "Uncertain"


@pytest.mark.parametrize("old, new, message", [
    (",Likely,", ",Certain,", "unknown confidence 'Certain'"),
    ("1800000000", "1.8e20", "above the allowed maximum"),
])
def test_bad_cells_are_named_by_line(old, new, message):
    body = SNAPSHOT.body.decode()
    assert old in body
    with pytest.raises(SourceParseError, match=message) as err:
        src.parse(body.replace(old, new, 1).encode(), SNAPSHOT.origin)
    assert err.value.line is not None
