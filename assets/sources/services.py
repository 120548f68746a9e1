"""Curated service aliases: which domains and Wikipedia articles measure which AI service.

inputs/curated/services.csv: service, operator, alias, alias_kind (domain | wikipedia_article), note.
Traffic sources name domains or articles; core.traffic_monthly maps them to one service through this table.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, read_csv_records

NAME = "services"
ALIAS_KINDS = ("domain", "wikipedia_article", "product_name")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, seen = [], {}
    for line, rec in read_csv_records(NAME, origin, payload, ["service", "operator", "alias", "alias_kind"]):
        if rec["alias_kind"] not in ALIAS_KINDS:
            raise SourceParseError(NAME, origin, f"unknown alias_kind {rec['alias_kind']!r} (expected {ALIAS_KINDS})",
                                   line=line, column="alias_kind")
        key = (rec["alias_kind"], rec["alias"].lower() if rec["alias_kind"] == "domain" else rec["alias"])
        if key in seen:
            raise SourceParseError(NAME, origin, f"alias {key[1]!r} already maps a service on line {seen[key]}",
                                   line=line, column="alias")
        seen[key] = line
        if not rec["service"]:
            raise SourceParseError(NAME, origin, "empty service name", line=line, column="service")
        rows.append({"service": rec["service"], "operator": rec["operator"], "alias": key[1],
                     "alias_kind": rec["alias_kind"], "note": rec.get("note", "")})
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per alias (web domain or Wikipedia article) that measures an AI service.",
    snapshot=CURATED_DIR / "services.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("service", "VARCHAR", "Canonical service name, e.g. ChatGPT"),
        Column("operator", "VARCHAR", "Company running the service"),
        Column("alias", "VARCHAR", "Domain (lower case) or Wikipedia article title"),
        Column("alias_kind", "VARCHAR", "domain, wikipedia_article or product_name (as trackers name the product)"),
        Column("note", "VARCHAR", "Why this alias belongs to the service", required=False),
    ),
    keys=("alias_kind", "alias"),
)
