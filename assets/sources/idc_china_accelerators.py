"""IDC China AI accelerator shipments (2025) and AI-server market, as summarised by Reuters / China Daily.

Curated: inputs/curated/idc_china_accelerators.csv, one row per published figure (units or share of a
vendor, market totals) with the page it was read from. Licence: quotes of IDC figures in the press.
"""
from infra.paths import CURATED_DIR
from infra.sources import Source
from .market_figures import COLUMNS, KEYS, parse_figures

NAME = "idc_china_accelerators"


def parse(payload: bytes, origin: str):
    return parse_figures(SOURCE, payload, origin)


SOURCE = Source(
    name=NAME,
    domain="vendor_share",
    description="One row per published IDC figure on China's AI accelerators and AI servers: a vendor's units or share.",
    snapshot=CURATED_DIR / "idc_china_accelerators.csv",
    parse=parse,
    format="csv",
    licence="Quotes of IDC figures in press articles (page in figure_url)",
    columns=COLUMNS,
    keys=KEYS,
)
