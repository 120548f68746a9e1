"""Saved pricing pages of GPU clouds (HTML, parsed with beautifulsoup4 + lxml): four sources, one per provider.

Each parser finds its rows with CSS selectors / attributes (never by position) and raises SourceParseError when
a selector finds nothing: these pages change their markup often, and zero rows must never pass silently.
- gpu_cloud_lambda: https://lambda.ai/pricing. Rows tr[data-plan] in tab panels ("8x", "4x" ...: GPUs per
  instance, from the tab button the panel is labelled by); price cell td[data-label^="PRICE/GPU/HR"] per GPU-hour.
- gpu_cloud_modal: https://modal.com/pricing. div.line-item: first <p> = GPU name, p.price = "$0.001097 / sec"
  per GPU-second, x SECONDS_PER_HOUR. CPU ("/ core / sec") and memory ("/ GiB / sec") items are skipped.
- gpu_cloud_coreweave: https://www.coreweave.com/gpu-cloud-pricing (2023 capture). div.table-body-row;
  a[data-product] = GPU; the <strong> "$4.76" = per GPU-hour. The recorded excerpt's last row is cut off
  (no price): a trailing row without a price is skipped, one in the middle is an error.
- gpu_cloud_runpod: https://www.runpod.io/pricing. a.gpu-pricing-row; the name in
  .gpu-pricing-row__model-wrapper; prices in the attributes data-secure-cloud-price / data-community-cloud-price
  of div.cc-gpu-price (USD per GPU-hour; the visible text "0" is filled by script). Zero-width characters in the
  names are removed. The recorded excerpt starts inside its first row (H200) and ends inside its last (A100 PCIe):
  both are absent; a trailing row with neither name nor price is skipped. Secure cloud -> price_type on_demand, community cloud -> community.
Licence: the providers' public price pages (facts, quoted with their URL); captures via the Internet Archive.
"""
import re

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Source, SourceParseError
from .parsing import conform
from .pricing_common import PRICE_COLUMNS, SECONDS_PER_HOUR, clean_text, load_html, parse_money, require_found

PER_SECOND = re.compile(r"^\$\s*([0-9]*\.?[0-9]+)\s*/\s*sec$")
GPUS_TAB = re.compile(r"^(\d+)x$")
LICENCE = "Provider's public pricing page (prices quoted as facts with their URL)"


def _price_source(name: str, url: str, snapshot: str, parse, description: str) -> Source:
    return Source(name=name, domain="pricing", description=description, snapshot=CAPTURES_DIR / snapshot,
                  parse=parse, url=url, format="html", licence=LICENCE, columns=PRICE_COLUMNS,
                  cadence="irregular: when the provider changes its price list",
                  stale_after_days=90,
                  keys=("accelerator_variant", "price_type", "gpus_per_instance"))


# ------------------------------------------------------------------------------------------------ Lambda
def parse_lambda(payload: bytes, origin: str) -> pd.DataFrame:
    name = "gpu_cloud_lambda"
    soup = load_html(name, origin, payload)
    rows = []
    for i, tr in enumerate(require_found(name, origin, soup.select("tr[data-plan]"), "tr[data-plan]")):
        where = f"tr[data-plan] #{i + 1}"
        plan = clean_text(tr["data-plan"])
        panel = tr.find_parent(attrs={"role": "tabpanel"})
        tab = soup.find(id=panel.get("aria-labelledby")) if panel else None
        match = GPUS_TAB.match(clean_text(tab.get_text())) if tab else None
        if not match:
            raise SourceParseError(name, origin, f"{where}: no '<n>x' tab labels its table (GPUs per instance unknown)")
        gpus = int(match.group(1))
        price_td = tr.select_one('td[data-label^="PRICE/GPU/HR"]')
        vram_td = tr.select_one('td[data-label="VRAM/GPU"]')
        if price_td is None:
            raise SourceParseError(name, origin, f"{where} ({plan}): price cell td[data-label^='PRICE/GPU/HR'] missing")
        per_gpu = parse_money(name, origin, price_td.get_text(), f"{where} ({plan}) price")
        variant = f"{plan} {clean_text(vram_td.get_text())}" if vram_td else plan
        rows.append({"provider": "lambda", "accelerator_variant": variant, "price_type": "on_demand",
                     "gpus_per_instance": gpus, "usd_per_gpu_hour": per_gpu, "usd_per_instance_hour": per_gpu * gpus})
    return conform(LAMBDA, origin, pd.DataFrame(rows))


# ------------------------------------------------------------------------------------------------ Modal
def parse_modal(payload: bytes, origin: str) -> pd.DataFrame:
    name = "gpu_cloud_modal"
    soup = load_html(name, origin, payload)
    rows = []
    for i, item in enumerate(require_found(name, origin, soup.select("div.line-item"), "div.line-item")):
        price_p = item.select_one("p.price")
        if price_p is None:
            continue
        match = PER_SECOND.match(clean_text(price_p.get_text()))
        if not match:  # per core-second or per GiB-second: not a GPU
            continue
        first_p = item.find("p")
        gpu = clean_text(first_p.get_text()) if first_p is not None and first_p is not price_p else ""
        if not gpu:
            raise SourceParseError(name, origin, f"div.line-item #{i + 1}: per-second price without a GPU name")
        per_hour = float(match.group(1)) * SECONDS_PER_HOUR
        rows.append({"provider": "modal", "accelerator_variant": gpu, "price_type": "on_demand",
                     "gpus_per_instance": 1, "usd_per_gpu_hour": per_hour, "usd_per_instance_hour": per_hour})
    if not rows:
        raise SourceParseError(name, origin, "no div.line-item with a '$x / sec' GPU price: the page layout changed")
    return conform(MODAL, origin, pd.DataFrame(rows))


# ------------------------------------------------------------------------------------------------ CoreWeave
def parse_coreweave(payload: bytes, origin: str) -> pd.DataFrame:
    name = "gpu_cloud_coreweave"
    soup = load_html(name, origin, payload)
    found = require_found(name, origin, soup.select("div.table-body-row"), "div.table-body-row")
    rows = []
    for i, row in enumerate(found):
        where = f"div.table-body-row #{i + 1}"
        product = row.select_one("a[data-product]")
        if product is None:
            raise SourceParseError(name, origin, f"{where}: a[data-product] (the GPU) missing")
        gpu = clean_text(product.get_text())
        strong = next((s for s in row.select("strong") if clean_text(s.get_text()).startswith("$")), None)
        if strong is None:
            if i == len(found) - 1:
                continue  # the recorded excerpt is cut inside its last row
            raise SourceParseError(name, origin, f"{where} ({gpu}): no <strong>$price</strong>")
        per_gpu = parse_money(name, origin, strong.get_text(), f"{where} ({gpu}) price")
        rows.append({"provider": "coreweave", "accelerator_variant": gpu, "price_type": "on_demand",
                     "gpus_per_instance": 1, "usd_per_gpu_hour": per_gpu, "usd_per_instance_hour": per_gpu})
    return conform(COREWEAVE, origin, pd.DataFrame(rows))


# ------------------------------------------------------------------------------------------------ RunPod
RUNPOD_PRICES = (("data-secure-cloud-price", "on_demand"), ("data-community-cloud-price", "community"))


def parse_runpod(payload: bytes, origin: str) -> pd.DataFrame:
    name = "gpu_cloud_runpod"
    soup = load_html(name, origin, payload)
    rows = []
    found = require_found(name, origin, soup.select("a.gpu-pricing-row"), "a.gpu-pricing-row")
    for i, row in enumerate(found):
        where = f"a.gpu-pricing-row #{i + 1}"
        label = row.select_one(".gpu-pricing-row__model-wrapper")
        gpu = clean_text(label.get_text()) if label else ""
        if not gpu and i == len(found) - 1 and row.select_one("div.cc-gpu-price") is None:
            continue  # the recorded excerpt is cut inside its last row
        if not gpu:
            raise SourceParseError(name, origin, f"{where}: GPU name (.gpu-pricing-row__model-wrapper) missing")
        price_div = row.select_one("div.cc-gpu-price")
        if price_div is None:
            raise SourceParseError(name, origin, f"{where} ({gpu}): div.cc-gpu-price missing")
        found_any = False
        for attr, price_type in RUNPOD_PRICES:
            text = clean_text(price_div.get(attr))
            if not text:
                continue
            try:
                price = float(text)
            except ValueError:
                raise SourceParseError(name, origin, f"{where} ({gpu}): {attr} is not a number: {text!r}") from None
            if price <= 0:
                continue  # not offered in this cloud
            found_any = True
            rows.append({"provider": "runpod", "accelerator_variant": gpu, "price_type": price_type,
                         "gpus_per_instance": 1, "usd_per_gpu_hour": price, "usd_per_instance_hour": price})
        if not found_any:
            raise SourceParseError(name, origin, f"{where} ({gpu}): no data-secure-cloud-price or "
                                   "data-community-cloud-price attribute")
    return conform(RUNPOD, origin, pd.DataFrame(rows))


LAMBDA = _price_source("gpu_cloud_lambda", "https://lambda.ai/pricing",
                       "lambda_ai_pricing_20260109103934_excerpt.html", parse_lambda,
                       "One row per Lambda on-demand instance type (GPU x VRAM x GPUs per instance): price per GPU-hour.")
MODAL = _price_source("gpu_cloud_modal", "https://modal.com/pricing",
                      "modal_pricing_after_click_2025-06-12.html", parse_modal,
                      "One row per Modal GPU: serverless price per GPU-second converted to per GPU-hour.")
COREWEAVE = _price_source("gpu_cloud_coreweave", "https://www.coreweave.com/gpu-cloud-pricing",
                          "coreweave_gpu-cloud-pricing_20230921194906_excerpt.html", parse_coreweave,
                          "One row per CoreWeave GPU: the GPU component's price per GPU-hour.")
RUNPOD = _price_source("gpu_cloud_runpod", "https://www.runpod.io/pricing",
                       "runpod_pricing_20250909131230_excerpt.html", parse_runpod,
                       "One row per RunPod GPU x cloud (secure = on_demand, community): price per GPU-hour.")
