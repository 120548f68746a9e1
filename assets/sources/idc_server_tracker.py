"""IDC Worldwide Quarterly Server Tracker: vendor shares, revenue and units quoted from IDC press releases.

Curated (IDC data is proprietary; only press-release figures are public): inputs/curated/idc_server_tracker.csv,
one row per published figure with the page it was read from. Vendor tables were common until ~2021; later
releases give only top-5 shares or market totals. Licence: quotes of IDC press releases.
"""
from infra.paths import CURATED_DIR
from infra.sources import Source
from .market_figures import COLUMNS, KEYS, parse_figures

NAME = "idc_server_tracker"


def parse(payload: bytes, origin: str):
    return parse_figures(SOURCE, payload, origin)


SOURCE = Source(
    name=NAME,
    domain="vendor_share",
    description="One row per figure of an IDC server tracker press release: a vendor's share, revenue or units in a quarter.",
    snapshot=CURATED_DIR / "idc_server_tracker.csv",
    parse=parse,
    format="csv",
    licence="Quotes of IDC press releases (figures via the page in figure_url)",
    columns=COLUMNS,
    keys=KEYS,
)
