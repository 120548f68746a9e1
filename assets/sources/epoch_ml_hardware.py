"""Epoch AI "Machine Learning Hardware": one row per accelerator with its peak throughput by precision.

Live CSV https://epoch.ai/data/ml_hardware.csv (regenerated daily), licence CC BY 4.0 (credit Epoch AI).
Columns are found by header name with aliases: Epoch reorders columns and renames some between snapshots
(an older file says "Memory size per board (Byte)" where this one says "Memory (bytes)").
Empty cells are NULL (Epoch leaves a figure empty when no datasheet gives it); 14 rows have no release date.
"""
import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_iso_date, parse_number, read_csv_by_headers, reject_duplicates

NAME = "epoch_ml_hardware"
URL = "https://epoch.ai/data/ml_hardware.csv"

# canonical column -> header texts accepted (newest first)
HEADERS = {
    "hardware_name": ("Hardware name", "Name of the hardware", "Hardware"),
    "manufacturer": ("Manufacturer",),
    "hardware_type": ("Type",),
    "release_date": ("Release date",),
    "release_price_usd": ("Release price (USD)", "Release price"),
    "fp64_flop_per_s": ("FP64 (double precision) performance (FLOP/s)", "FP64 performance (FLOP/s)"),
    "fp32_flop_per_s": ("FP32 (single precision) performance (FLOP/s)", "FP32 performance (FLOP/s)"),
    "tf32_flop_per_s": ("TF32 (TensorFloat-32) performance (FLOP/s)", "TF32 performance (FLOP/s)"),
    "fp16_flop_per_s": ("FP16 (half precision) performance (FLOP/s)", "FP16 performance (FLOP/s)"),
    "fp16_tensor_flop_per_s": ("Tensor-FP16/BF16 performance (FLOP/s)", "Tensor FP16/BF16 performance (FLOP/s)"),
    "fp8_flop_per_s": ("FP8 performance (FLOP/s)",),
    "fp4_flop_per_s": ("FP4 performance (FLOP/s)",),
    "int8_op_per_s": ("INT8 performance (OP/s)",),
    "memory_bytes": ("Memory (bytes)", "Memory size per board (Byte)", "Memory size per board (bytes)"),
    "memory_bandwidth_bytes_per_s": ("Memory bandwidth (byte/s)", "Memory bandwidth (bytes/s)"),
    "tdp_w": ("TDP (W)",),
    "last_modified": ("Last modified",),
}
# Precisions added by Epoch over time (FP8, FP4) or descriptive fields: an older snapshot may lack them.
OPTIONAL = ("hardware_type", "release_price_usd", "fp64_flop_per_s", "tf32_flop_per_s", "fp8_flop_per_s",
            "fp4_flop_per_s", "int8_op_per_s", "last_modified")
NUMERIC = ("release_price_usd", "fp64_flop_per_s", "fp32_flop_per_s", "tf32_flop_per_s", "fp16_flop_per_s",
           "fp16_tensor_flop_per_s", "fp8_flop_per_s", "fp4_flop_per_s", "int8_op_per_s", "memory_bytes",
           "memory_bandwidth_bytes_per_s", "tdp_w")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    cols, records = read_csv_by_headers(NAME, origin, payload, HEADERS, OPTIONAL)
    rows = [_row(origin, line, rec, cols) for line, rec in records]
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


def _row(origin: str, line: int, rec: dict, cols: dict) -> dict:
    def text(name):
        return rec[cols[name]] if name in cols else ""

    row = {"hardware_name": text("hardware_name"), "manufacturer": text("manufacturer") or None,
           "hardware_type": text("hardware_type") or None, "line": line}
    if not row["hardware_name"]:
        raise SourceParseError(NAME, origin, "empty hardware name", line=line, column=cols["hardware_name"])
    row["release_date"] = parse_iso_date(NAME, origin, line, cols["release_date"], text("release_date"), allow_empty=True)
    for name in NUMERIC:
        row[name] = parse_number(NAME, origin, line, cols.get(name, name), text(name), allow_empty=True, minimum=0)
    row["last_modified"] = text("last_modified") or None
    return row


SOURCE = Source(
    name=NAME,
    domain="hardware",
    description="One row per accelerator in Epoch AI's ML hardware database: vendor, release, peak FLOP/s by precision, memory, TDP.",
    snapshot=CAPTURES_DIR / "epoch_ml_hardware.csv",
    parse=parse,
    url=URL,
    observed_at_column="release_date", observed_at_basis="publication",
    format="csv",
    licence="CC BY 4.0 (Epoch AI, Machine Learning Hardware)",
    cadence="irregular, weeks: Epoch adds accelerators as they are announced",
    stale_after_days=180,
    columns=(
        Column("hardware_name", "VARCHAR", "Accelerator name as Epoch writes it, e.g. NVIDIA H100 SXM5 80GB"),
        Column("manufacturer", "VARCHAR", "Manufacturer as Epoch writes it, e.g. Kunlunxin Baidu", required=False),
        Column("hardware_type", "VARCHAR", "GPU, TPU, NPU, XPU-R, ... (Epoch's Type)", required=False),
        Column("release_date", "DATE", "Release date (NULL when Epoch gives none)", required=False),
        Column("release_price_usd", "DOUBLE", "Release price per unit (USD)", required=False),
        Column("fp64_flop_per_s", "DOUBLE", "Peak FP64 throughput (FLOP/s)", required=False),
        Column("fp32_flop_per_s", "DOUBLE", "Peak FP32 throughput, non-tensor (FLOP/s)", required=False),
        Column("tf32_flop_per_s", "DOUBLE", "Peak TF32 tensor throughput, dense (FLOP/s)", required=False),
        Column("fp16_flop_per_s", "DOUBLE", "Peak FP16 throughput, non-tensor (FLOP/s)", required=False),
        Column("fp16_tensor_flop_per_s", "DOUBLE", "Peak FP16/BF16 tensor throughput, dense (FLOP/s)", required=False),
        Column("fp8_flop_per_s", "DOUBLE", "Peak FP8 tensor throughput (FLOP/s)", required=False),
        Column("fp4_flop_per_s", "DOUBLE", "Peak FP4 tensor throughput (FLOP/s)", required=False),
        Column("int8_op_per_s", "DOUBLE", "Peak INT8 throughput (OP/s)", required=False),
        Column("memory_bytes", "DOUBLE", "On-board memory (bytes)", required=False),
        Column("memory_bandwidth_bytes_per_s", "DOUBLE", "Memory bandwidth (bytes/s)", required=False),
        Column("tdp_w", "DOUBLE", "Thermal design power (W)", required=False),
        Column("last_modified", "VARCHAR", "Epoch's Last modified timestamp of the row", required=False),
        Column("line", "INTEGER", "Line of the CSV the row starts on"),
    ),
    keys=("hardware_name",),
)
