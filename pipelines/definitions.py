"""The code location: every asset, check, job, schedule and resource of aicompute."""
import dagster as dg

from assets.ingest import RAW_ASSETS
from assets.sql_models import MODEL_ASSETS
from assets.partitioned import GROUP as BACKFILL_GROUP, pageviews_backfill, wikimedia_pageviews_monthly
from assets.publish import build_publish_asset
from assets.reports import REPORT_ASSETS
from infra.resources import SourceFetcher, WarehouseResource
from infra.sources import MODE_ENV, SOURCE_MODE_TAG, source_mode

BUILD_ASSETS = [*RAW_ASSETS, *MODEL_ASSETS]
PUBLISH_ASSET = build_publish_asset([key for a in BUILD_ASSETS for key in a.keys])
ALL_ASSETS = [*BUILD_ASSETS, PUBLISH_ASSET, *REPORT_ASSETS, wikimedia_pageviews_monthly]

# The whole graph, sources to published file. In-process: the multiprocess executor costs ~2 s per step
# here and the graph is small; writes are serial anyway (one DuckDB writer).
refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(BACKFILL_GROUP),  # partitioned: pageviews_backfill
    executor_def=dg.in_process_executor,
    description="Fetch every source, rebuild core and marts, run the blocking checks, publish the warehouse.",
)


@dg.schedule(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=f"Daily refresh at 06:00 UTC of every asset, then publish, in the source mode {MODE_ENV} sets "
                f"where the UI runs (snapshot by default: the recorded payloads; live: fetch every source). The "
                f"run's {SOURCE_MODE_TAG} tag says which.",
)
def daily_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """The mode is read when the schedule ticks and handed to the run explicitly (the fetcher's config and a tag), so
    the run shows what it did instead of leaving it to the run process's environment."""
    mode = source_mode()
    return dg.RunRequest(run_config={"resources": {"fetcher": {"config": {"mode": mode}}}},
                         tags={SOURCE_MODE_TAG: mode})


defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[refresh_job, pageviews_backfill],
    schedules=[daily_refresh],
    resources={"warehouse": WarehouseResource(), "fetcher": SourceFetcher()},
    executor=dg.in_process_executor,
)
