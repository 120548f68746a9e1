"""IDC Worldwide Quarterly Server Tracker: vendor shares, revenue and units quoted from IDC press releases.

Curated (IDC data is proprietary; only press-release figures are public): inputs/curated/idc_server_tracker.csv,
one row per published figure with the page it was read from. Vendor tables were common until ~2021; later
releases give only top-5 shares or market totals. Licence: quotes of IDC press releases.
"""
from .curated import curated_source
from .market_figures import FIELDS, KEYS, normalise_unit

SOURCE = curated_source(
    "idc_server_tracker",
    domain="vendor_share",
    description="One row per figure of an IDC server tracker press release: a vendor's share, revenue or units in a quarter.",
    file="idc_server_tracker.csv",
    licence="Quotes of IDC press releases (figures via the page in figure_url)",
    fields=FIELDS,
    keys=KEYS,
    observed_at="period_start", observed_at_basis="period", stale_after_days=200,
    row_rules=(normalise_unit,),
)
parse = SOURCE.parse
