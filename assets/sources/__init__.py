"""The source registry: one line per source. Each entry becomes raw.<name> plus its blocking checks.

To add a source: copy a source module (parse + SOURCE), put its recorded payload in snapshots/ (or its
curated CSV under inputs/curated/), copy its test in tests/sources/, and add one line here.
"""
from . import assumptions, seed_figures, services, similarweb_visits, wikimedia_pageviews
# hardware, vendor share and models (issue 3)
from . import (accelerator_aliases, accelerator_datasheets, accelerator_families, epoch_ml_hardware, epoch_notable_models,
               idc_china_accelerators, idc_server_tracker, models_curated, techpowerup_gpus, top500, top500_sublist, vendors)
# pricing and traffic sources (issue 3)
from . import azure_retail_prices, gpu_cloud_pages, gpu_price_aliases, primeintellect_prices, token_prices
from . import epoch_usage_reports, similarweb_page, statcounter_ai_share, tranco
# marts configuration (issue 4)
from . import reference_accelerators, service_serving
from infra.sources import Source

SOURCES: tuple[Source, ...] = (
    assumptions.SOURCE,
    seed_figures.SOURCE,
    services.SOURCE,
    similarweb_visits.SOURCE,
    wikimedia_pageviews.SOURCE,
    # hardware, vendor share and models (issue 3)
    epoch_ml_hardware.SOURCE,
    techpowerup_gpus.SOURCE,
    accelerator_datasheets.SOURCE,
    accelerator_aliases.SOURCE,
    accelerator_families.SOURCE,
    vendors.SOURCE,
    top500.SOURCE,
    top500_sublist.SOURCE,
    idc_server_tracker.SOURCE,
    idc_china_accelerators.SOURCE,
    epoch_notable_models.SOURCE,
    models_curated.SOURCE,
    # pricing and traffic sources (issue 3)
    gpu_price_aliases.SOURCE,
    azure_retail_prices.SOURCE,
    gpu_cloud_pages.LAMBDA,
    gpu_cloud_pages.MODAL,
    gpu_cloud_pages.COREWEAVE,
    gpu_cloud_pages.RUNPOD,
    primeintellect_prices.SOURCE,
    token_prices.LITELLM_SOURCE,
    token_prices.OPENROUTER_SOURCE,
    epoch_usage_reports.SOURCE,
    similarweb_page.SOURCE,
    statcounter_ai_share.SOURCE,
    tranco.LIST_SOURCE,
    tranco.RANKS_SOURCE,
    # marts configuration (issue 4)
    reference_accelerators.SOURCE,
    service_serving.SOURCE,
)

SOURCES_BY_NAME = {s.name: s for s in SOURCES}
