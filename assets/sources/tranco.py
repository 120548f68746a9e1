"""Tranco research ranking of popular domains: the list's metadata (JSON) and its ranks (headerless CSV).

Two sources:
- tranco_list: https://tranco-list.eu/api/lists/date/latest?subdomains=true -> {list_id, created_on,
  configuration{startDate, endDate, providers ...}, download}. Dates the ranks (the CSV carries no date).
- tranco_ranks: https://tranco-list.eu/download/<list_id>/1000000 -> headerless "rank,domain" lines. The recorded
  file is an excerpt (top 5 + AI hosts) of list V348N. Limitation: the live URL is that list's; following the
  metadata's `download` field needs a two-step fetch the framework does not have (one URL per source).
Licence: Tranco is free to use; cite Le Pochat et al., "Tranco: A Research-Oriented Top Sites Ranking Hardened
Against Manipulation", NDSS 2019. Since 2023-08 it includes Cloudflare Radar data (CC BY-NC 4.0).
"""
import csv
import io
from datetime import datetime

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, load_json, parse_number, require_fields

LIST = "tranco_list"
RANKS = "tranco_ranks"
LICENCE = "Tranco (cite Le Pochat et al., NDSS 2019); includes Cloudflare Radar data (CC BY-NC 4.0)"


def parse_list(payload: bytes, origin: str) -> pd.DataFrame:
    doc = load_json(LIST, origin, payload)
    if not isinstance(doc, dict):
        raise SourceParseError(LIST, origin, "expected a JSON object")
    require_fields(LIST, origin, doc, ["list_id", "created_on", "configuration"])
    config = doc["configuration"]
    if not isinstance(config, dict):
        raise SourceParseError(LIST, origin, "configuration is not an object")
    require_fields(LIST, f"{origin} configuration", config, ["startDate", "endDate"])
    try:
        start, end = (datetime.strptime(config[k], "%Y-%m-%d").date() for k in ("startDate", "endDate"))
        created = datetime.fromisoformat(doc["created_on"])
    except (TypeError, ValueError) as exc:
        raise SourceParseError(LIST, origin, f"bad date in the list metadata: {exc}") from None
    row = {"list_id": str(doc["list_id"]), "created_on": created, "start_date": start, "end_date": end,
           "providers": ",".join(config.get("providers") or []), "download_url": doc.get("download")}
    return conform(LIST_SOURCE, origin, pd.DataFrame([row]))


def parse_ranks(payload: bytes, origin: str) -> pd.DataFrame:
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceParseError(RANKS, origin, f"not UTF-8 text: {exc}") from exc
    rows = []
    for line, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not cells:
            continue
        if line == 1 and [c.strip().lower() for c in cells] == ["rank", "domain"]:
            continue  # a header line, should the download ever add one
        if len(cells) != 2:
            raise SourceParseError(RANKS, origin, f"expected 2 cells 'rank,domain', got {len(cells)}", line=line)
        rank = parse_number(RANKS, origin, line, "rank", cells[0].strip(), minimum=1, integer=True)
        domain = cells[1].strip().lower()
        if "." not in domain or " " in domain:
            raise SourceParseError(RANKS, origin, f"not a domain: {domain!r}", line=line, column="domain")
        rows.append({"rank": rank, "domain": domain})
    return conform(RANKS_SOURCE, origin, pd.DataFrame(rows))


LIST_SOURCE = Source(
    name=LIST, domain="traffic", description="One row per Tranco list: its id and the date window it ranks.",
    snapshot=CAPTURES_DIR / "tranco_list_date_subdomains.json", parse=parse_list,
    url="https://tranco-list.eu/api/lists/date/latest?subdomains=true", format="json", licence=LICENCE,
    observed_at_column="start_date", observed_at_basis="period",
    cadence="daily (a new list every day)",
    stale_after_days=7,
    columns=(
        Column("list_id", "VARCHAR", "Tranco list id, e.g. V348N"),
        Column("created_on", "TIMESTAMP", "When Tranco generated the list"),
        Column("start_date", "DATE", "First day of the data window"),
        Column("end_date", "DATE", "Last day of the data window"),
        Column("providers", "VARCHAR", "Rankings combined, comma-separated", required=False),
        Column("download_url", "VARCHAR", "Where the list's ranks are downloaded", required=False),
    ),
    keys=("list_id",),
)

RANKS_SOURCE = Source(
    name=RANKS, domain="traffic", description="One row per domain: its rank in the Tranco list (1 = most popular).",
    snapshot=CAPTURES_DIR / "tranco_subdomain_list_V348N_excerpt.csv", parse=parse_ranks,
    url="https://tranco-list.eu/download/V348N/1000000", format="csv", licence=LICENCE,
    cadence="fixed: a permanent list id (V348N); a new id means a new list",
    stale_after_days=7,
    columns=(
        Column("rank", "INTEGER", "Rank in the list (1 = most popular)"),
        Column("domain", "VARCHAR", "Domain or subdomain, lower case"),
    ),
    keys=("domain",),
)
