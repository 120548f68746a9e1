"""IDC Worldwide Quarterly Server Tracker: vendor shares, revenue and units quoted from IDC press releases.

Curated (IDC data is proprietary; only press-release figures are public): warehouse/curated/idc_server_tracker.csv,
one row per published figure with the page it was read from. Vendor tables were common until ~2021; later
releases give only top-5 shares or market totals. Licence: quotes of IDC press releases.
"""
from .framework import REPO_ROOT, Source
from .market_figures import COLUMNS, KEYS, parse_figures

NAME = "idc_server_tracker"


def parse(payload: bytes, origin: str):
    return parse_figures(SOURCE, payload, origin)


SOURCE = Source(
    name=NAME,
    family="vendor_share",
    description="One row per figure of an IDC server tracker press release: a vendor's share, revenue or units in a quarter.",
    snapshot=REPO_ROOT / "warehouse" / "curated" / "idc_server_tracker.csv",
    parse=parse,
    format="csv",
    licence="Quotes of IDC press releases (figures via the page in figure_url)",
    columns=COLUMNS,
    keys=KEYS,
)
