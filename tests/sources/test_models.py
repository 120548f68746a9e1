"""Model sources: Epoch Notable AI Models on the real CSV, the curated GPT-3 rows, and broken inputs."""
import pytest

from assets.sources import epoch_notable_models, models_curated
from infra.sources import SourceParseError, read_snapshot

EPOCH = read_snapshot(epoch_notable_models.SOURCE)


def test_epoch_notable_models():
    df = epoch_notable_models.parse(EPOCH.body, EPOCH.origin).set_index("model")
    assert len(df) == 924 and df["training_compute_flop"].notna().sum() == 468
    gpt3 = df.loc["GPT-3 175B (davinci)"]
    assert gpt3["organization"] == "OpenAI" and str(gpt3["publication_date"]) == "2020-05-28"
    assert gpt3["parameters"] == 175e9 and gpt3["training_compute_flop"] == 3.14e23
    assert gpt3["training_dataset_size"] == 374e9 and gpt3["frontier_model"] == True  # noqa: E712
    assert gpt3["training_hardware"] == "NVIDIA Tesla V100 DGXS 32 GB"
    assert df["frontier_model"].sum() == 144


def test_epoch_missing_and_bad_columns():
    with pytest.raises(SourceParseError, match=r"required column\(s\) missing: training_compute_flop"):
        epoch_notable_models.parse(EPOCH.body.replace(b"Training compute (FLOP)", b"Compute", 1), "f.csv")
    broken = EPOCH.body.replace(b"2025-03-16", b"16/03/2025", 1)
    with pytest.raises(SourceParseError, match=r"line 2, column 'Publication date'.*YYYY-MM-DD"):
        epoch_notable_models.parse(broken, "f.csv")


def test_curated_gpt3_rows():
    p = read_snapshot(models_curated.SOURCE)
    df = models_curated.parse(p.body, p.origin).set_index("model")
    assert df.loc["GPT-3 175B", "training_compute_flop"] == 3.14e23
    assert df.loc["GPT-3 175B", "replaces"] == ["GPT-3 175B (davinci)"]
    assert df.loc["GPT-3 XL", "training_tokens"] == 3e11 and df["figure_url"].eq("https://arxiv.org/abs/2005.14165").all()


def test_curated_model_without_tokens_is_rejected():
    header = "model,organization,publication_date,parameters,training_tokens,training_compute_flop,confidence,replaces,source_url,note\n"
    with pytest.raises(SourceParseError, match=r"line 2, column 'training_tokens'"):
        models_curated.parse((header + "M,O,2020-01-01,1e9,,,,,https://a,\n").encode(), "f.csv")
