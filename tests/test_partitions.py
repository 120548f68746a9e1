"""Monthly partitions of Wikipedia pageviews: a backfill of a month range writes each month once, however often
it is re-run, and the daily refresh job leaves the partitioned asset alone."""
from datetime import date

import dagster as dg
import pytest

from assets.partitioned import MONTHS, month_url, wikimedia_pageviews_monthly
from pipelines.definitions import defs
from infra.resources import SourceFetcher, WarehouseResource
from tests.helpers import step_errors

pytestmark = pytest.mark.refresh  # Dagster runs of the partitioned asset


def backfill(tmp_path, months):
    resources = {"warehouse": WarehouseResource(directory=str(tmp_path)), "fetcher": SourceFetcher(mode="snapshot")}
    instance = dg.DagsterInstance.ephemeral()
    return [dg.materialize([wikimedia_pageviews_monthly], partition_key=m, resources=resources, instance=instance,
                           raise_on_error=False) for m in months]


def test_backfill_is_idempotent_per_month(tmp_path):
    assert all(r.success for r in backfill(tmp_path, ["2023-01-01", "2023-02-01", "2023-01-01"]))
    with WarehouseResource(directory=str(tmp_path)).connect() as conn:
        rows = conn.execute("SELECT period_start::VARCHAR, views FROM raw.wikimedia_pageviews_monthly ORDER BY 1").fetchall()
    assert rows == [("2023-01-01", 5349371), ("2023-02-01", 5947457)]


def test_a_month_missing_from_the_payload_fails_clearly(tmp_path):
    (result,) = backfill(tmp_path, ["2026-10-01"])
    assert not result.success
    assert "source 'wikimedia_pageviews_monthly'" in step_errors(result) and "no pageviews for 2026-10" in step_errors(result)


def test_partitions_and_jobs():
    assert MONTHS.get_first_partition_key() == "2022-12-01"
    assert month_url(date(2023, 12, 1)).endswith("/20231201/20240101")
    assert defs.resolve_job_def("pageviews_backfill").partitions_def == MONTHS
    refresh_keys = defs.resolve_job_def("refresh").asset_layer.executable_asset_keys
    assert dg.AssetKey(["raw", "wikimedia_pageviews_monthly"]) not in refresh_keys
