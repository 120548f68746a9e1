"""Wikimedia pageviews REST API: monthly views of the English Wikipedia article "ChatGPT".

A proxy for public attention, next to the Similarweb visit figures. Licence CC0 (Wikimedia).
The API answers 403 to a generic User-Agent: the shared session sends a descriptive one.
"""
import json
from datetime import datetime

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, json_number, require_fields

NAME = "wikimedia_pageviews"
URL = ("https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/"
       "ChatGPT/monthly/20221101/20260930")
MAX_BIGINT = 2**63 - 1
ITEM_FIELDS = ("project", "article", "granularity", "timestamp", "access", "agent", "views")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    try:
        doc = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise SourceParseError(NAME, origin, f"not valid JSON ({exc})", line=line) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise SourceParseError(NAME, origin, "required field missing: top-level 'items' list")
    rows = []
    for i, item in enumerate(doc["items"]):
        if not isinstance(item, dict):
            raise SourceParseError(NAME, origin, f"items[{i}] is not an object")
        require_fields(NAME, f"{origin} items[{i}]", item, ITEM_FIELDS)
        try:
            period_start = datetime.strptime(str(item["timestamp"]), "%Y%m%d%H").date()
        except ValueError:
            raise SourceParseError(NAME, origin, f"items[{i}].timestamp is not YYYYMMDDHH: {item['timestamp']!r}") from None
        views = item["views"]
        json_number(NAME, origin, f"items[{i}].views", views, integer=True)
        if views > MAX_BIGINT:  # would otherwise fail later, in DuckDB, without naming the source
            raise SourceParseError(NAME, origin, f"items[{i}].views is out of range for BIGINT: {views!r}")
        rows.append({**{k: item[k] for k in ITEM_FIELDS if k not in ("timestamp", "views")},
                     "period_start": period_start, "views": views})
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per Wikipedia article x access x agent x period: pageviews of that article.",
    snapshot=CAPTURES_DIR / "wikimedia_pageviews_ChatGPT_monthly.json",
    parse=parse,
    url=URL,
    observed_at_column="period_start", observed_at_basis="period",
    format="json",
    licence="CC0 (Wikimedia Foundation pageviews API)",
    cadence="monthly: a month's figure once that month has closed",
    stale_after_days=62,
    columns=(
        Column("project", "VARCHAR", "Wiki project, e.g. en.wikipedia"),
        Column("article", "VARCHAR", "Article title as in the URL, e.g. ChatGPT"),
        Column("granularity", "VARCHAR", "monthly or daily"),
        Column("access", "VARCHAR", "all-access, desktop, mobile-app, mobile-web"),
        Column("agent", "VARCHAR", "user (humans) or spider/automated"),
        Column("period_start", "DATE", "First day of the period the views count"),
        Column("views", "BIGINT", "Pageviews in the period (count)"),
    ),
    keys=("project", "article", "granularity", "access", "agent", "period_start"),
)
