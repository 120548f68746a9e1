"""Model sources: Epoch Notable AI Models on the real CSV, the curated GPT-3 rows, and broken inputs."""
import pytest

from assets.sources import epoch_all_ml_systems, epoch_notable_models, fred_ppi_hosting, models_curated
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


ALL_SYSTEMS = read_snapshot(epoch_all_ml_systems.SOURCE)


def test_epoch_all_ml_systems_on_the_2025_08_export():
    df = epoch_all_ml_systems.parse(ALL_SYSTEMS.body, ALL_SYSTEMS.origin).set_index("model")
    # 1,892 data rows; "P-LLama3" repeats (lines 419 and 422), the copy without compute is dropped
    assert len(df) == 1891 and df["training_compute_flop"].notna().sum() == 988
    assert df.loc["P-LLama3", "training_compute_flop"] == 7.20000786432e23 and df.loc["P-LLama3", "line"] == 419
    gpt4 = df.loc["GPT-4"]
    assert gpt4["training_compute_flop"] == 2.1e25 and gpt4["confidence"] == "Speculative"
    assert gpt4["estimation_method"] == "Hardware" and gpt4["training_hardware"] == "NVIDIA A100 SXM4 40 GB"
    assert (gpt4["hardware_quantity"], gpt4["training_chip_hours"], gpt4["training_time_hours"]) == (25000, 57e6, 2280)
    assert gpt4["hardware_utilisation_mfu"] == 0.34
    assert gpt4["epoch_cost_2023_usd"] == 40586592.58  # "$40586592.58" in the file
    assert df.loc["GPT3-2.7B (FlashAttention-2)", "hardware_utilisation_mfu"] == pytest.approx(0.72)  # written "72.0"
    assert df.loc["P-LLama3", "base_model"] == "Llama 3-8B"
    assert df.loc["Llama 3.1-405B", "estimation_method"] == "Reported,Operation counting"


def test_epoch_all_ml_systems_refuses_an_ambiguous_repeat_and_crossed_bounds():
    lines = ALL_SYSTEMS.body.decode().split("\n")
    header = lines[0]
    gpt4 = next(line for line in lines if line.startswith("GPT-4,"))
    with pytest.raises(SourceParseError, match=r"model 'GPT-4' repeats on lines 2, 3 and 2 of its rows carry training compute"):
        epoch_all_ml_systems.parse(("\n".join([header, gpt4, gpt4]) + "\n").encode(), "f.csv")
    cols = header.split(",")
    low, high = cols.index("Training compute lower bound"), cols.index("Training compute upper bound")
    row = ["x"] + [""] * (len(cols) - 1)
    row[cols.index("Publication date")], row[low], row[high] = "2024-01-01", "2e24", "1e24"
    with pytest.raises(SourceParseError, match=r"line 2, column 'Training compute lower bound'.*above the upper bound"):
        epoch_all_ml_systems.parse((header + "\n" + ",".join(row) + "\n").encode(), "f.csv")


def test_fred_deflator_series():
    capture = read_snapshot(fred_ppi_hosting.SOURCE)
    df = fred_ppi_hosting.parse(capture.body, capture.origin).set_index("month")
    assert len(df) == 295 and df["index_value"].iloc[0] == 100.0
    assert df[[str(m).startswith("2023") for m in df.index]]["index_value"].mean() == pytest.approx(118.126)
    missing = capture.body.replace(b"2022-12-01,117.038", b"2022-12-01,.")
    assert fred_ppi_hosting.parse(missing, "f.csv").set_index("month")["index_value"].isna().sum() == 1
    with pytest.raises(SourceParseError, match=r"column 'PCU518210518210'.*above the allowed maximum"):
        fred_ppi_hosting.parse(capture.body.replace(b"2022-12-01,117.038", b"2022-12-01,117038"), "f.csv")


def test_epoch_all_ml_systems_mfu_between_one_and_two_and_a_name_for_two_models_are_refused():
    lines = ALL_SYSTEMS.body.decode().split("\n")
    header, gpt4 = lines[0], next(line for line in lines if line.startswith("GPT-4,"))
    with pytest.raises(SourceParseError, match=r"line 2, column 'Hardware utilization \(MFU\)'.*too small to be a percent"):
        epoch_all_ml_systems.parse((header + "\n" + gpt4.replace(",0.34,", ",1.5,") + "\n").encode(), "f.csv")
    other = gpt4.replace("2023-03-15", "2024-01-01").replace("2.1e+25", "")
    with pytest.raises(SourceParseError, match=r"model name 'GPT-4' on lines 2, 3 names models of different organizations or dates"):
        epoch_all_ml_systems.parse(("\n".join([header, gpt4, other]) + "\n").encode(), "f.csv")
