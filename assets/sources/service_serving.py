"""Curated: which accelerator family serves each AI service, and which API model prices its tokens for comparison.

inputs/curated/service_serving.csv: service, serving_accelerator, api_provider, api_model, source_url, note.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, read_csv_records

NAME = "service_serving"


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, seen = [], set()
    for line, rec in read_csv_records(NAME, origin, payload,
                                      ["service", "serving_accelerator", "api_provider", "api_model", "source_url"]):
        if rec["service"] in seen:
            raise SourceParseError(NAME, origin, f"duplicate service {rec['service']!r}", line=line, column="service")
        seen.add(rec["service"])
        if not rec["source_url"].startswith("https://"):
            raise SourceParseError(NAME, origin, "source_url must be an https URL", line=line, column="source_url")
        rows.append({**{k: rec[k] for k in ("service", "serving_accelerator", "api_provider", "api_model")},
                     "serving_url": rec["source_url"], "note": rec.get("note", "")})
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per AI service: the accelerator family that serves it and the API model that prices its tokens.",
    snapshot=CURATED_DIR / "service_serving.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("service", "VARCHAR", "Canonical service name (core.services)"),
        Column("serving_accelerator", "VARCHAR", "Accelerator family serving it (core.accelerators.family)"),
        Column("api_provider", "VARCHAR", "Provider of the comparison API price (core.token_prices.provider)"),
        Column("api_model", "VARCHAR", "Model of the comparison API price (core.token_prices.model)"),
        Column("serving_url", "VARCHAR", "Where the serving fact comes from"),
        Column("note", "VARCHAR", "Caveats", required=False),
    ),
    keys=("service",),
)
