"""The source registry: one line per source. Each entry becomes raw.<name>, its staging view and its blocking checks.

To add a source: copy a source module (parse + SOURCE) and put its recorded payload in inputs/captures/ - or, for
a curated CSV in inputs/curated/, write one declaration (assets/sources/curated.py) - copy its test in tests/sources/,
and add one line here.
"""
from . import assumptions, seed_figures, services, similarweb_visits, wikimedia_pageviews
# hardware, vendor share and models
from . import (accelerator_aliases, accelerator_datasheets, accelerator_families, epoch_all_ml_systems, epoch_ml_hardware,
               epoch_notable_models,
               idc_china_accelerators, idc_server_tracker, market_anchors, models_curated, techpowerup_gpus, top500, top500_sublist, vendors)
# pricing and traffic sources
from . import (azure_retail_prices, epoch_hardware_prices, fred_ppi_hosting, gpu_cloud_pages, gpu_price_aliases, gpu_price_tiers, gpu_providers,
               model_aliases, primeintellect_prices, token_prices)
from . import epoch_compute_spend, epoch_usage_reports, similarweb_page, statcounter_ai_share, tranco, usage_report_corrections
# configuration of the marts
from . import reference_accelerators, report_series, segment_categories, service_serving, trend_windows
from infra.sources import Source

SOURCES: tuple[Source, ...] = (
    assumptions.SOURCE,
    seed_figures.SOURCE,
    services.SOURCE,
    similarweb_visits.SOURCE,
    wikimedia_pageviews.SOURCE,
    # hardware, vendor share and models
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
    market_anchors.SOURCE,
    epoch_notable_models.SOURCE,
    epoch_all_ml_systems.SOURCE,
    models_curated.SOURCE,
    # pricing and traffic sources
    gpu_price_aliases.SOURCE,
    gpu_price_tiers.SOURCE,
    gpu_providers.SOURCE,
    azure_retail_prices.SOURCE,
    gpu_cloud_pages.LAMBDA,
    gpu_cloud_pages.MODAL,
    gpu_cloud_pages.COREWEAVE,
    gpu_cloud_pages.RUNPOD,
    primeintellect_prices.SOURCE,
    epoch_hardware_prices.SOURCE,
    fred_ppi_hosting.SOURCE,
    token_prices.LITELLM_SOURCE,
    token_prices.OPENROUTER_SOURCE,
    model_aliases.SOURCE,
    epoch_usage_reports.SOURCE,
    usage_report_corrections.SOURCE,
    epoch_compute_spend.SOURCE,
    similarweb_page.SOURCE,
    statcounter_ai_share.SOURCE,
    tranco.LIST_SOURCE,
    tranco.RANKS_SOURCE,
    # configuration of the marts
    reference_accelerators.SOURCE,
    service_serving.SOURCE,
    segment_categories.SOURCE,
    trend_windows.SOURCE,
    report_series.SOURCE,
)

SOURCES_BY_NAME = {s.name: s for s in SOURCES}
