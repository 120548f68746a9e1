"""Wikimedia pageviews REST API: monthly views of the English Wikipedia article "ChatGPT".

A proxy for public attention, next to the Similarweb visit figures. Licence CC0 (Wikimedia).
The API answers 403 to a generic User-Agent: the shared session sends a descriptive one.
"""
from datetime import datetime

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, json_number, load_json, require_fields

NAME = "wikimedia_pageviews"
URL = ("https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/"
       "ChatGPT/monthly/20221101/20260930")
# What the URL asks for (project and article are path segments of URL): a payload about another article or wiki
# is refused, not stored under ChatGPT's name.
EXPECTED = {"project": "en.wikipedia", "article": "ChatGPT"}
# No article is viewed more than this in a month (English Wikipedia's total is ~10 billion a month): a corrupt
# count is refused, not stored.
MAX_MONTHLY_VIEWS = 10_000_000_000
ITEM_FIELDS = ("project", "article", "granularity", "timestamp", "access", "agent", "views")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    doc = load_json(NAME, origin, payload)
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
        for field, expected in EXPECTED.items():
            if item[field] != expected:
                raise SourceParseError(NAME, origin, f"items[{i}].{field} is {item[field]!r}, but the source's URL asks "
                                       f"for {expected!r}: a payload for another page")
        views = item["views"]
        json_number(NAME, origin, f"items[{i}].views", views, integer=True, maximum=MAX_MONTHLY_VIEWS)
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
