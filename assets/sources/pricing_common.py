"""Shared pieces of the GPU-price sources (not a source itself: nothing here is in the registry).

Every GPU-price source emits the same normalised columns (PRICE_COLUMNS) next to its own, so that
core.gpu_hour_prices is one UNION ALL over raw tables; the accelerator family is resolved there, in SQL,
from inputs/curated/gpu_price_aliases.csv (raw.gpu_price_aliases).
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from infra.sources import Column, SourceParseError

# A unit definition (not an assumption): puts per-second prices on a per-hour basis.
SECONDS_PER_HOUR = 60 * 60

PRICE_COLUMNS = (
    Column("provider", "VARCHAR", "Seller of the GPU time, e.g. azure, lambda, runpod"),
    Column("accelerator_variant", "VARCHAR", "The provider's own name of the instance or GPU, e.g. ND96isrH100v5"),
    Column("region", "VARCHAR", "Provider region, when the payload has one", required=False),
    Column("price_type", "VARCHAR", "on_demand, spot, low_priority, reserved_1y, reserved_3y, community, "
                                    "marketplace_min, marketplace_median ..."),
    Column("gpus_per_instance", "INTEGER", "GPUs in the priced instance, when the payload says (else from "
                                           "inputs/curated/gpu_price_aliases.csv)", required=False),
    Column("usd_per_instance_hour", "DOUBLE", "Price of the whole instance per hour (USD), when known", required=False),
    Column("usd_per_gpu_hour", "DOUBLE", "Price per GPU-hour (USD) when the payload states it per GPU", required=False),
    Column("quoted_at", "TIMESTAMPTZ", "When the payload says the price was quoted (time-series payloads); NULL: the "
                                       "capture's date applies (provenance observed_at)", required=False),
)

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_MONEY = re.compile(r"^\$\s*([0-9][0-9,]*(?:\.[0-9]+)?)$")


def clean_text(text: str | None) -> str:
    """Visible text without zero-width characters and with collapsed whitespace."""
    return " ".join(_ZERO_WIDTH.sub("", text or "").split())


def load_html(source: str, origin: str, payload: bytes) -> BeautifulSoup:
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceParseError(source, origin, f"not UTF-8 text: {exc}") from exc
    return soup_of(source, origin, text)


def soup_of(source: str, origin: str, markup: bytes | str) -> BeautifulSoup:
    """bs4 + lxml; lxml refuses some bytes outright (a NUL in the declared charset: ValueError), a parse error."""
    try:
        return BeautifulSoup(markup, "lxml")
    except ValueError as exc:
        raise SourceParseError(source, origin, f"not parseable as HTML: {exc}") from exc


def parse_money(source: str, origin: str, text: str, where: str) -> float:
    """'$2.99' -> 2.99; anything else is a parse error naming where it was found."""
    match = _MONEY.match(clean_text(text))
    if not match:
        raise SourceParseError(source, origin, f"{where}: not a USD price: {text!r}")
    return float(match.group(1).replace(",", ""))


def require_found(source: str, origin: str, found, selector: str):
    """A selector that finds nothing means the page layout changed: fail loudly, never return zero rows."""
    if not found:
        raise SourceParseError(source, origin, f"selector {selector!r} found nothing: the page layout changed")
    return found
