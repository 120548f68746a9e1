"""Curated accelerator datasheets: chips the feeds lack (Enflame i20, L40S) or describe poorly (Kunlunxin R200,
T-Head Hanguang 800), transcribed from vendor or press pages. In core.accelerators a row here wins over Epoch's
row for the same accelerator. Uncertain figures are said so in `note`; unknown ones stay empty (NULL).

inputs/curated/accelerator_datasheets.csv, one row per accelerator, with the page its figures come from.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number, read_csv_records
from .parsing import parse_iso_date, reject_duplicates, require_url

NAME = "accelerator_datasheets"
REQUIRED = ("accelerator", "vendor", "release_date", "source_url")
FIGURES = ("fp32_flop_per_s", "tf32_flop_per_s", "fp16_tensor_flop_per_s", "fp8_flop_per_s", "int8_op_per_s",
           "memory_bytes", "memory_bandwidth_bytes_per_s", "tdp_w", "release_price_usd")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows = []
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED + FIGURES)):
        for column in ("accelerator", "vendor"):
            if not rec[column]:
                raise SourceParseError(NAME, origin, f"empty {column}", line=line, column=column)
        row = {"accelerator": rec["accelerator"], "vendor": rec["vendor"], "name_zh": rec.get("name_zh") or None,
               "release_date": parse_iso_date(NAME, origin, line, "release_date", rec["release_date"]),
               "figure_url": require_url(NAME, origin, line, "source_url", rec["source_url"]),
               "note": rec.get("note", ""), "line": line}
        row.update({f: parse_number(NAME, origin, line, f, rec[f], allow_empty=True, minimum=0) for f in FIGURES})
        rows.append(row)
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


SOURCE = Source(
    name=NAME,
    domain="hardware",
    description="One row per curated accelerator datasheet: peak FLOP/s, memory, TDP, with the vendor or press page.",
    snapshot=CURATED_DIR / "accelerator_datasheets.csv",
    parse=parse,
    format="csv",
    licence="Figures quoted from the vendor or press page in figure_url",
    columns=(
        Column("accelerator", "VARCHAR", "Canonical accelerator name, e.g. Enflame i20"),
        Column("vendor", "VARCHAR", "Vendor (canonical name of core.vendors)"),
        Column("name_zh", "VARCHAR", "Chinese product name, e.g. 云燧i20", required=False),
        Column("release_date", "DATE", "Release or announcement date"),
        Column("fp32_flop_per_s", "DOUBLE", "Peak FP32 (FLOP/s)", required=False),
        Column("tf32_flop_per_s", "DOUBLE", "Peak TF32 tensor, dense (FLOP/s)", required=False),
        Column("fp16_tensor_flop_per_s", "DOUBLE", "Peak FP16/BF16 tensor, dense (FLOP/s)", required=False),
        Column("fp8_flop_per_s", "DOUBLE", "Peak FP8 tensor, dense (FLOP/s)", required=False),
        Column("int8_op_per_s", "DOUBLE", "Peak INT8, dense (OP/s)", required=False),
        Column("memory_bytes", "DOUBLE", "Memory (bytes)", required=False),
        Column("memory_bandwidth_bytes_per_s", "DOUBLE", "Memory bandwidth (bytes/s)", required=False),
        Column("tdp_w", "DOUBLE", "Thermal design power (W)", required=False),
        Column("release_price_usd", "DOUBLE", "Release price per unit (USD)", required=False),
        Column("figure_url", "VARCHAR", "Vendor or press page the figures were read from"),
        Column("note", "VARCHAR", "What is uncertain and why", required=False),
        Column("line", "INTEGER", "Line of the curated CSV"),
    ),
    keys=("accelerator",),
)
