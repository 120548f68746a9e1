"""Epoch AI "All ML systems" (the full view of its AI models database): the wider and newer sibling of
epoch_notable_models, with what training economics needs: Epoch's confidence and estimation method, compute lower
and upper bounds, training hardware, hardware quantity, chip-hours, training time, utilisation (MFU), power draw,
numerical format and Epoch's own cost estimate (2023 USD).

Live CSV https://epoch.ai/data/all_ai_models.csv, licence CC BY 4.0 (credit Epoch AI). The recorded capture is the
2025-08 export kept in epoch-research/training-cost-trends (data folder), cut to the columns read here (rows and
cells unchanged). TRAPS handled here: multi-valued cells are comma-separated inside quotes (Organization,
Training hardware, estimation method); the cost column carries a "$" prefix; numbers come in scientific notation;
names carry trailing spaces and non-breaking spaces (kept as written: core.models normalises); one MFU is
written in percent (GPT3-2.7B (FlashAttention-2): 72.0), so a value from 2 to 100 is read as percent (between 1 and
2 is refused); Epoch lists
"P-LLama3" twice, once without compute: where a model repeats, the one row with training compute is kept, and two
rows that both carry compute (or neither) are refused rather than guessed between.
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_iso_date, parse_number, read_csv_by_headers, reject_duplicates

NAME = "epoch_all_ml_systems"
URL = "https://epoch.ai/data/all_ai_models.csv"
HEADERS = {
    "model": ("Model", "System"),
    "domain": ("Domain",),
    "organization": ("Organization",),
    "publication_date": ("Publication date",),
    "link": ("Link",),
    "parameters": ("Parameters",),
    "training_compute_flop": ("Training compute (FLOP)",),
    "training_compute_flop_low": ("Training compute lower bound",),
    "training_compute_flop_high": ("Training compute upper bound",),
    "training_dataset_size": ("Training dataset size (datapoints)", "Training dataset size (total)"),
    "epochs": ("Epochs",),
    "base_model": ("Base model",),
    "training_time_hours": ("Training time (hours)",),
    "training_hardware": ("Training hardware",),
    "hardware_quantity": ("Hardware quantity",),
    "hardware_utilisation_mfu": ("Hardware utilization (MFU)",),
    "training_chip_hours": ("Training chip-hours",),
    "epoch_cost_2023_usd": ("Training compute cost (2023 USD)",),
    "numerical_format": ("Numerical format",),
    "training_power_draw_w": ("Training power draw (W)",),
    "estimation_method": ("Training compute estimation method",),
    "confidence": ("Confidence",),
    "compute_rank_when_published": ("Compute rank when published",),
    "country": ("Country (of organization)",),
    "accessibility": ("Model accessibility",),
    "notability_criteria": ("Notability criteria",),
}
REQUIRED = ("model", "publication_date", "training_compute_flop", "confidence", "estimation_method")
OPTIONAL = tuple(name for name in HEADERS if name not in REQUIRED)
TEXT = ("model", "domain", "organization", "link", "base_model", "training_hardware", "numerical_format", "estimation_method",
        "confidence", "country", "accessibility", "notability_criteria")
# Above any real run by orders of magnitude (the largest on record: ~5e26 FLOP, ~2e12 parameters, ~3e13 tokens,
# ~2e5 chips, a few months, ~$1e9 and ~1.5e8 W): a corrupt or mis-scaled figure is refused, not stored.
MAXIMA = {"parameters": 1e15, "training_compute_flop": 1e30, "training_compute_flop_low": 1e30,
          "training_compute_flop_high": 1e30, "training_dataset_size": 1e17, "epochs": 1e6, "training_time_hours": 1e5,
          "hardware_quantity": 1e7, "hardware_utilisation_mfu": 100, "training_chip_hours": 1e11,
          "epoch_cost_2023_usd": 1e11, "training_power_draw_w": 1e10, "compute_rank_when_published": 1e5}
INTEGERS = ("compute_rank_when_published",)
# An MFU cell from 2 to 100 is a percent (Epoch writes 72.0 once); between 1 and 2 it is refused, not guessed.
MFU_PERCENT_FROM = 2


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    cols, records = read_csv_by_headers(NAME, origin, payload, HEADERS, OPTIONAL)
    df = pd.DataFrame([_row(origin, line, rec, cols) for line, rec in records])
    df = _one_row_per_model(origin, df)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


def _row(origin, line, rec, cols) -> dict:
    def text(name):
        return rec[cols[name]] if name in cols else ""

    if not text("model").strip():
        raise SourceParseError(NAME, origin, "empty model name", line=line, column=cols["model"])
    row = {name: text(name) or None for name in TEXT}
    row["line"] = line
    row["publication_date"] = parse_iso_date(NAME, origin, line, cols["publication_date"], text("publication_date"),
                                             allow_empty=True)
    for name, maximum in MAXIMA.items():
        cell = text(name).lstrip("$") if name == "epoch_cost_2023_usd" else text(name)
        row[name] = parse_number(NAME, origin, line, cols.get(name, name), cell, allow_empty=True, minimum=0,
                                 maximum=maximum, integer=name in INTEGERS)
    mfu = row["hardware_utilisation_mfu"]
    if mfu is not None and mfu > 1:
        if mfu < MFU_PERCENT_FROM:  # 1.5: neither a ratio nor a plausible percent
            raise SourceParseError(NAME, origin, f"MFU {mfu:g} is above 1 and too small to be a percent", line=line,
                                   column=cols["hardware_utilisation_mfu"])
        row["hardware_utilisation_mfu"] = mfu / 100  # written in percent (72.0 for 72 %)
    low, high = row["training_compute_flop_low"], row["training_compute_flop_high"]
    if low is not None and high is not None and low > high:
        raise SourceParseError(NAME, origin, f"compute lower bound {low:g} above the upper bound {high:g}", line=line,
                               column=cols["training_compute_flop_low"])
    return row


def _one_row_per_model(origin: str, df: pd.DataFrame) -> pd.DataFrame:
    """Keep the row with compute where a model repeats (same organization and date) and only one of its rows has
    compute; refuse the rest, and two different models under one name."""
    repeated = df[df.duplicated("model", keep=False)]
    drop = []
    for model, rows in repeated.groupby("model"):
        with_compute = rows[rows["training_compute_flop"].notna()]
        if rows[["organization", "publication_date"]].astype(str).drop_duplicates().shape[0] > 1:
            raise SourceParseError(NAME, origin, f"model name {model!r} on lines {', '.join(map(str, rows['line']))} "
                                   "names models of different organizations or dates", line=int(rows["line"].iloc[-1]))
        if len(with_compute) != 1:
            raise SourceParseError(NAME, origin, f"model {model!r} repeats on lines {', '.join(map(str, rows['line']))} "
                                   f"and {len(with_compute)} of its rows carry training compute: cannot tell which "
                                   "one is Epoch's", line=int(rows["line"].iloc[-1]))
        drop += list(rows.index.difference(with_compute.index))
    return df.drop(index=drop)


SOURCE = Source(
    name=NAME,
    domain="models",
    description="One row per model in Epoch AI's full database: training compute with its bounds, confidence and "
                "estimation method, hardware, chip count, chip-hours, MFU, power draw and Epoch's cost estimate.",
    snapshot=CAPTURES_DIR / "epoch_all_ml_systems_full_view_2025-08_excerpt.csv",
    parse=parse,
    url=URL,
    observed_at_column="publication_date", observed_at_basis="publication",
    format="csv",
    licence="CC BY 4.0 (Epoch AI, AI models database)",
    cadence="weekly: Epoch adds and revises models continuously",
    stale_after_days=120,
    columns=(
        Column("model", "VARCHAR", "Model name as Epoch writes it (trailing and non-breaking spaces kept)"),
        Column("domain", "VARCHAR", "Domain(s), e.g. Language", required=False),
        Column("organization", "VARCHAR", "Developing organization(s), comma-separated", required=False),
        Column("publication_date", "DATE", "Publication or announcement date", required=False),
        Column("link", "VARCHAR", "Paper or announcement", required=False),
        Column("parameters", "DOUBLE", "Parameters (count)", required=False),
        Column("training_compute_flop", "DOUBLE", "Training compute (FLOP): Epoch's figure", required=False),
        Column("training_compute_flop_low", "DOUBLE", "Epoch's lower bound of training compute (FLOP)", required=False),
        Column("training_compute_flop_high", "DOUBLE", "Epoch's upper bound of training compute (FLOP)", required=False),
        Column("training_dataset_size", "DOUBLE", "Training dataset size (datapoints: tokens for language models)",
               required=False),
        Column("epochs", "DOUBLE", "Passes over the training dataset (count)", required=False),
        Column("base_model", "VARCHAR", "The model this one was fine-tuned from (its compute includes the base's)",
               required=False),
        Column("training_time_hours", "DOUBLE", "Wall-clock training time (hours)", required=False),
        Column("training_hardware", "VARCHAR", "Training hardware as Epoch names it (comma-separated when several)",
               required=False),
        Column("hardware_quantity", "DOUBLE", "Accelerators used (count)", required=False),
        Column("hardware_utilisation_mfu", "DOUBLE", "Model FLOP utilisation of the run (ratio 0-1)", required=False),
        Column("training_chip_hours", "DOUBLE", "Accelerator-hours of the run (chip-hours)", required=False),
        Column("epoch_cost_2023_usd", "DOUBLE", "Epoch's own estimate of the training cost (2023 USD)", required=False),
        Column("numerical_format", "VARCHAR", "Training number format, e.g. BF16", required=False),
        Column("training_power_draw_w", "DOUBLE", "Power draw of the training cluster (W)", required=False),
        Column("estimation_method", "VARCHAR", "How Epoch got the compute: Reported, Operation counting, Hardware, "
               "Benchmarks, Third-party estimation, Cost, ... (comma-separated when several)", required=False),
        Column("confidence", "VARCHAR", "Epoch's confidence: Confident, Likely, Speculative, Unknown", required=False),
        Column("compute_rank_when_published", "INTEGER", "Epoch's compute rank of the model when published",
               required=False),
        Column("country", "VARCHAR", "Country of the organization(s)", required=False),
        Column("accessibility", "VARCHAR", "Model accessibility (open weights, API, hosted, unreleased)", required=False),
        Column("notability_criteria", "VARCHAR", "Why Epoch lists the model as notable (empty: not notable)",
               required=False),
        Column("line", "INTEGER", "Line of the CSV the row starts on"),
    ),
    keys=("model",),
)
