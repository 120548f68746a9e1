"""The source registry: one line per source. Each entry becomes raw.<name> plus its blocking checks.

To add a source: copy a source module (parse + SOURCE), put its recorded payload in snapshots/ (or its
curated CSV under warehouse/curated/), copy its test in tests/sources/, and add one line here.
"""
from . import assumptions, seed_figures, services, similarweb_visits, wikimedia_pageviews
# hardware, vendor share and models (issue 3)
from . import accelerator_aliases, accelerator_datasheets, accelerator_families, epoch_ml_hardware, techpowerup_gpus
from .framework import Source

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
)

SOURCES_BY_NAME = {s.name: s for s in SOURCES}
