"""A saved Similarweb website-overview page: the monthly visits history embedded in its `__APP_DATA__` JSON.

https://www.similarweb.com/website/<domain>/ (free page; Similarweb has no free API). The page assigns
`window.__APP_DATA__ = {...}` in a <script>; ["layout"]["data"] holds domain, snapshotDate and
traffic.visitsHistory {"YYYY-MM-01": visits}. The recorded page is google.com saved 2023-02 (data to 2022-12),
kept by carlosngo/similarweb_scraper. Figures are Similarweb's estimates, quoted with the page URL.
"""
import json

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import DuplicateKeyError, conform, json_number, parse_month, unique_keys
from .pricing_common import load_html

NAME = "similarweb_page"
MARKER = "__APP_DATA__"
URL = "https://www.similarweb.com/website/google.com/"
EXPECTED_DOMAIN = URL.rstrip("/").rsplit("/", 1)[1]  # the page's data must describe the domain its URL names
# More monthly visits than any website has (google.com: ~90 billion): a corrupt figure is refused, not stored.
MAX_MONTHLY_VISITS = 1e12


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    soup = load_html(NAME, origin, payload)
    script = next((s.string for s in soup.find_all("script") if s.string and MARKER in s.string), None)
    if script is None:
        raise SourceParseError(NAME, origin, f"no <script> assigns {MARKER}: the page layout changed")
    body = script[script.index(MARKER) + len(MARKER):].lstrip()
    if not body.startswith("="):
        raise SourceParseError(NAME, origin, f"{MARKER} is not followed by '='")
    try:
        doc, _ = json.JSONDecoder(object_pairs_hook=unique_keys).raw_decode(body[1:].lstrip().lstrip("("))
    except json.JSONDecodeError as exc:
        raise SourceParseError(NAME, origin, f"{MARKER} is not valid JSON ({exc.msg})") from None
    except DuplicateKeyError as exc:
        raise SourceParseError(NAME, origin, f"{MARKER}: {exc}") from None
    try:
        data = doc["layout"]["data"]
        domain, history = data["domain"], data["traffic"]["visitsHistory"]
    except (KeyError, TypeError) as exc:
        raise SourceParseError(NAME, origin, f"required field missing in {MARKER}: {exc}") from None
    if str(domain).lower() != EXPECTED_DOMAIN:
        raise SourceParseError(NAME, origin, f"the page's data is for domain {domain!r}, but its URL is {EXPECTED_DOMAIN}'s "
                               f"({URL}): a payload for another domain")
    if not isinstance(history, dict) or not history:
        raise SourceParseError(NAME, origin, "traffic.visitsHistory is empty or not an object")
    rows = []
    for month, visits in history.items():
        json_number(NAME, origin, f"traffic.visitsHistory[{month!r}]", visits, maximum=MAX_MONTHLY_VISITS)
        rows.append({"domain": str(domain).lower(), "month": parse_month(NAME, origin, None, "visitsHistory", month),
                     "visits": float(visits), "snapshot_date": data.get("snapshotDate")})
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="traffic",
    description="One row per domain x month: total visits (all devices) from a Similarweb website page's visits history.",
    snapshot=CAPTURES_DIR / "similarweb_website_google.com_2023-02.html",
    parse=parse,
    url=URL,
    observed_at_column="month", observed_at_basis="period",
    format="html",
    licence="Similarweb estimates quoted from its public website page (no free API)",
    cadence="monthly: a new month of estimates early each month",
    stale_after_days=62,
    columns=(
        Column("domain", "VARCHAR", "Domain the page describes, lower case"),
        Column("month", "DATE", "First day of the month"),
        Column("visits", "DOUBLE", "Total visits in the month (count), Similarweb estimate"),
        Column("snapshot_date", "VARCHAR", "Similarweb's snapshotDate of the page data", required=False),
    ),
    keys=("domain", "month"),
)
