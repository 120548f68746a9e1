"""Prime Intellect GPU marketplace: daily price summary per GPU type (x socket), across and per provider.

JSON Lines, one object per (snapshot time, gpu_type, socket_type): price_stats{min, median, ...} over every offer
on the marketplace, and by_provider{<provider>: {count, min, avg}} (USD per GPU-hour). The recorded file is the
last 30-minute snapshot of each UTC day (2025-10-19..2025-11-16) as kept by tugot17/gpu-price-tracker (MIT).
Rows: provider 'primeintellect' with price_type marketplace_min / marketplace_median (all offers), and each
listed provider with marketplace_min / marketplace_avg. quoted_at (and so observed_at) is the snapshot's own timestamp, so the
price history in core.gpu_hour_prices follows the marketplace's days, not our fetches.
Live mode has no public endpoint for this summary: the URL is the tracker's file on GitHub.
"""
import json
from datetime import datetime

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import DuplicateKeyError, conform, json_number, require_fields, unique_keys
from .pricing_common import PRICE_COLUMNS

NAME = "primeintellect_prices"
URL = "https://raw.githubusercontent.com/tugot17/gpu-price-tracker/main/data/summary/primeintellect.jsonl"
FIELDS = ("timestamp", "gpu_type", "price_stats", "by_provider")
MARKETPLACE = "primeintellect"
AGGREGATE_STATS = (("min", "marketplace_min"), ("median", "marketplace_median"))
PROVIDER_STATS = (("min", "marketplace_min"), ("avg", "marketplace_avg"))


def _price(origin: str, line: int, where: str, value) -> float:
    return float(json_number(NAME, origin, where, value, line=line))


def parse(payload: bytes, origin: str) -> pd.DataFrame:

    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceParseError(NAME, origin, f"not UTF-8 text: {exc}") from exc
    rows = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw, object_pairs_hook=unique_keys)
        except json.JSONDecodeError as exc:
            raise SourceParseError(NAME, origin, f"not valid JSON ({exc.msg})", line=line) from None
        except DuplicateKeyError as exc:
            raise SourceParseError(NAME, origin, str(exc), line=line) from None
        if not isinstance(rec, dict):
            raise SourceParseError(NAME, origin, "line is not a JSON object", line=line)
        missing = [f for f in FIELDS if f not in rec]
        if missing:
            raise SourceParseError(NAME, origin, f"required field(s) missing: {', '.join(missing)}", line=line)
        try:
            observed = datetime.fromisoformat(str(rec["timestamp"]).replace("Z", "+00:00"))
        except ValueError:
            raise SourceParseError(NAME, origin, f"timestamp is not ISO 8601: {rec['timestamp']!r}", line=line) from None
        gpu, socket = rec["gpu_type"], rec.get("socket_type")
        if not isinstance(gpu, str) or not gpu:
            raise SourceParseError(NAME, origin, f"gpu_type is not a name: {gpu!r}", line=line)
        variant = f"{gpu} {socket}" if socket else gpu
        base = {"accelerator_variant": variant, "gpu_type": gpu, "socket_type": socket, "quoted_at": observed,
                "gpus_per_instance": 1}
        stats = rec["price_stats"]
        if not isinstance(stats, dict):
            raise SourceParseError(NAME, origin, "price_stats is not an object", line=line)
        require_fields(NAME, f"{origin}, line {line}, price_stats", stats, [k for k, _ in AGGREGATE_STATS])
        for key, price_type in AGGREGATE_STATS:
            price = _price(origin, line, f"price_stats.{key}", stats[key])
            rows.append({**base, "provider": MARKETPLACE, "price_type": price_type, "usd_per_gpu_hour": price,
                         "offers": (rec.get("availability") or {}).get("total")})
        if not isinstance(rec["by_provider"], dict):
            raise SourceParseError(NAME, origin, "by_provider is not an object", line=line)
        for provider, pstats in rec["by_provider"].items():
            if not isinstance(pstats, dict):
                raise SourceParseError(NAME, origin, f"by_provider.{provider} is not an object", line=line)
            require_fields(NAME, f"{origin}, line {line}, by_provider.{provider}", pstats, [k for k, _ in PROVIDER_STATS])
            for key, price_type in PROVIDER_STATS:
                price = _price(origin, line, f"by_provider.{provider}.{key}", pstats[key])
                rows.append({**base, "provider": provider, "price_type": price_type, "usd_per_gpu_hour": price,
                             "offers": pstats.get("count")})
    df = pd.DataFrame(rows)
    if not df.empty:
        df["usd_per_instance_hour"] = df["usd_per_gpu_hour"]
    return conform(SOURCE, origin, df)


SOURCE = Source(
    name=NAME,
    domain="pricing",
    description="One row per marketplace snapshot x GPU type x provider x statistic (min, median, avg): "
                "USD per GPU-hour on the Prime Intellect marketplace.",
    snapshot=CAPTURES_DIR / "primeintellect_gpu_price_summary_daily_last.jsonl",
    parse=parse,
    url=URL,
    observed_at_column="quoted_at", observed_at_basis="payload",
    format="json",
    licence="MIT (tugot17/gpu-price-tracker); prices from the Prime Intellect marketplace",
    cadence="daily: the tracker appends one summary per day",
    stale_after_days=7,
    columns=(
        *PRICE_COLUMNS,
        Column("gpu_type", "VARCHAR", "Marketplace GPU type, e.g. H100_80GB"),
        Column("socket_type", "VARCHAR", "PCIe, SXM4, SXM5 or NULL", required=False),
        Column("offers", "INTEGER", "Offers behind the statistic (count)", required=False),
    ),
    keys=("quoted_at", "accelerator_variant", "provider", "price_type"),
)
