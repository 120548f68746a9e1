"""Time-partitioned ingest for backfills from the UI: Wikipedia pageviews of AI services, one partition per month.

The daily refresh reads the whole pageviews history in one payload (raw.wikimedia_pageviews). This asset is the
backfill path: select a range of months in the Dagster UI (job `pageviews_backfill`) and each month is fetched on
its own (live: the API's range for that month; snapshot: that month of the recorded payload) and written
idempotently, delete-then-insert of that month's rows with parameters, so re-running a month never duplicates it.
It sits in its own group, `backfill`, outside the `refresh` job: nothing else reads it, and a partitioned asset in a
selection makes the UI's "Materialize all" ask for partitions.
"""
import dataclasses
from datetime import date

import dagster as dg

from infra.resources import SourceFetcher, WarehouseResource

from .ingest import source_failure
from .sources import wikimedia_pageviews
from .sql_graph import every_capture_sources
from infra.sources import SourceError, SourceFetchError, with_provenance
from infra.tables import WAREHOUSE_POOL, append_rows, ensure_raw_table, table_metadata

GROUP = "backfill"
MONTHS = dg.MonthlyPartitionsDefinition(start_date="2022-12-01")
SOURCE = dataclasses.replace(
    wikimedia_pageviews.SOURCE, name="wikimedia_pageviews_monthly",
    description="One row per Wikipedia article x access x agent x month: pageviews, written one month partition at a time.")
URL_TEMPLATE = ("https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/"
                "ChatGPT/monthly/{start}/{end}")


def month_url(month: date) -> str:
    end = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return URL_TEMPLATE.format(start=month.strftime("%Y%m%d"), end=end.strftime("%Y%m%d"))


@dg.asset(
    key=["raw", "wikimedia_pageviews_monthly"],
    partitions_def=MONTHS,
    group_name=GROUP,
    kinds={"duckdb", "json"},
    owners=["team:data"],
    tags={"domain": SOURCE.domain, "curated": "false"},
    pool=WAREHOUSE_POOL,
    description=__doc__,
)
def wikimedia_pageviews_monthly(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                                fetcher: SourceFetcher) -> dg.MaterializeResult:
    month = date.fromisoformat(context.partition_key)
    mode = fetcher.resolved_mode()
    try:
        payload = fetcher.fetch(dataclasses.replace(SOURCE, url=month_url(month)), archive_dir=warehouse.archive_dir)
        rows = wikimedia_pageviews.parse(payload.body, payload.origin)
        rows = rows[rows["period_start"] == month]
        if rows.empty:
            raise SourceFetchError(SOURCE.name, payload.origin, f"no pageviews for {month:%Y-%m} in the payload")
    except SourceError as exc:
        raise source_failure(exc, mode) from None
    rows = with_provenance(rows, payload, SOURCE)
    rows["source"] = SOURCE.name
    with warehouse.connect() as conn:
        ensure_raw_table(conn, SOURCE, SOURCE.name in every_capture_sources())
        conn.execute("BEGIN TRANSACTION")  # the month's rows are replaced whole or not at all
        try:
            conn.execute(f"DELETE FROM {SOURCE.table} WHERE period_start = ?", [month])
            append_rows(conn, SOURCE.table, rows)
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        metadata = table_metadata(conn, SOURCE.table, "WHERE period_start = ?", [month])
    return dg.MaterializeResult(metadata={**metadata, "month": month.isoformat(), "payload_sha256": payload.sha256,
                                          "source_mode": mode})


pageviews_backfill = dg.define_asset_job(
    "pageviews_backfill", selection=[wikimedia_pageviews_monthly],  # partitioned by MONTHS, inferred from the asset
    executor_def=dg.in_process_executor,
    description="Backfill Wikipedia pageviews month by month (select a partition range in the UI).")
