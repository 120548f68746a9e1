"""The code location: every asset, check, job, schedule and resource of aicompute."""
import dagster as dg

from assets.ingest import RAW_ASSETS
from assets.sql_models import MODEL_ASSETS
from assets.partitioned import pageviews_backfill, wikimedia_pageviews_monthly
from assets.publish import build_publish_asset
from assets.reports import REPORT_ASSETS
from infra.resources import SourceFetcher, WarehouseResource

BUILD_ASSETS = [*RAW_ASSETS, *MODEL_ASSETS]
PUBLISH_ASSET = build_publish_asset([key for a in BUILD_ASSETS for key in a.keys])
ALL_ASSETS = [*BUILD_ASSETS, PUBLISH_ASSET, *REPORT_ASSETS, wikimedia_pageviews_monthly]

# The whole graph, sources to published file. In-process: the multiprocess executor costs ~2 s per step
# here and the graph is small; writes are serial anyway (one DuckDB writer).
refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(wikimedia_pageviews_monthly),  # partitioned: backfill job
    executor_def=dg.in_process_executor,
    description="Fetch every source, rebuild core and marts, run the blocking checks, publish the warehouse.",
)

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Daily refresh at 06:00 UTC of every asset, then publish.",
)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[refresh_job, pageviews_backfill],
    schedules=[daily_refresh],
    resources={"warehouse": WarehouseResource(), "fetcher": SourceFetcher()},
    executor=dg.in_process_executor,
)
