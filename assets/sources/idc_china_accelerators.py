"""IDC China AI accelerator shipments (2025) and AI-server market, as summarised by Reuters / China Daily.

Curated: inputs/curated/idc_china_accelerators.csv, one row per published figure (units or share of a
vendor, market totals) with the page it was read from. Licence: quotes of IDC figures in the press.
"""
from .curated import curated_source
from .market_figures import FIELDS, KEYS, normalise_unit

SOURCE = curated_source(
    "idc_china_accelerators",
    domain="vendor_share",
    description="One row per published IDC figure on China's AI accelerators and AI servers: a vendor's units or share.",
    file="idc_china_accelerators.csv",
    licence="Quotes of IDC figures in press articles (page in figure_url)",
    fields=FIELDS,
    keys=KEYS,
    observed_at="period_start", observed_at_basis="period", stale_after_days=400,
    row_rules=(normalise_unit,),
)
parse = SOURCE.parse
