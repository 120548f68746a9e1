"""Curated service aliases: which domains and Wikipedia articles measure which AI service.

inputs/curated/services.csv: service, operator, alias, alias_kind (domain | wikipedia_article), note.
Traffic sources name domains or articles; core.traffic_monthly maps them to one service through this table.
"""
from .curated import Field, curated_source


def domain_lower_case(source: str, origin: str, row: dict) -> None:
    """Domains compare case-insensitively; Wikipedia titles and product names are case-sensitive."""
    if row["alias_kind"] == "domain":
        row["alias"] = row["alias"].lower()


SOURCE = curated_source(
    "services",
    domain="traffic",
    description="One row per alias (web domain or Wikipedia article) that measures an AI service.",
    file="services.csv",
    fields=(
        Field("service", "VARCHAR", "Canonical service name, e.g. ChatGPT"),
        Field("operator", "VARCHAR", "Company running the service"),
        Field("alias", "VARCHAR", "Domain (lower case) or Wikipedia article title"),
        Field("alias_kind", "VARCHAR", "domain, wikipedia_article or product_name (as trackers name the product)",
              choices=("domain", "wikipedia_article", "product_name")),
        Field("note", "VARCHAR", "Why this alias belongs to the service", empty="", header_required=False),
    ),
    keys=("alias_kind", "alias"),
    row_rules=(domain_lower_case,),
)
parse = SOURCE.parse
