"""Dated captures: the manifest of recorded payloads, ingesting several captures of one source in date order and
idempotently, and the two clocks (observed_at with its basis, fetched_at) on every raw row."""
from dataclasses import replace
from datetime import datetime, timezone

import duckdb
import pytest

from assets.build import ingest, ingest_all
from assets.sources import SOURCES, gpu_cloud_pages, similarweb_visits, wikimedia_pageviews
from infra.captures import HEADER, ManifestError, captures_for, parse_manifest
from infra.paths import CAPTURES_DIR
from infra.sources import SourceFetchError, read_snapshot, recorded_payloads
from infra.tables import LATEST_CAPTURE

HEAD = ",".join(HEADER) + "\n"
ROW = "gpu_cloud_coreweave,coreweave_gpu-cloud-pricing_20230921194906_excerpt.html,{at},Wayback,https://x.example/p,o,l\n"


def test_every_fetched_source_has_a_dated_capture_and_its_snapshot_is_the_newest():
    for source in SOURCES:
        captures = captures_for(source.name)
        if source.curated:
            assert not captures, f"{source.name}: curated files are dated by their rows, not listed as captures"
            continue
        assert captures, f"{source.name}: no row in inputs/captures/captures.csv"
        assert captures[-1].file == source.snapshot, f"{source.name}: the snapshot is not the newest capture"
        assert [c.captured_at for c in captures] == sorted(c.captured_at for c in captures)


@pytest.mark.parametrize("body, message", [
    ("source,file\n", "header must be"),
    (HEAD + ROW.format(at="21/09/2023"), "line 2: captured_at '21/09/2023' is not an ISO 8601 time"),
    (HEAD + ROW.format(at="2023-09-21T19:49:06"), "line 2: captured_at '2023-09-21T19:49:06' has no time zone"),
    (HEAD + ROW.format(at="2023-09-21T19:49:06Z") * 2, "line 3: a second capture of gpu_cloud_coreweave"),
    (HEAD + ROW.format(at="2023-09-21T19:49:06Z").replace("excerpt.html", "missing.html"), "does not exist"),
    (HEAD + ROW.format(at="2023-09-21T19:49:06Z").replace("https://x.example/p", "inputs/x.html"),
     "is not an https URL"),
])
def test_a_bad_manifest_row_is_named_by_line(body, message):
    with pytest.raises(ManifestError, match=message.replace("(", r"\(")):
        parse_manifest(body, CAPTURES_DIR / "captures.csv")


def test_captures_are_ingested_once_each_and_the_latest_is_the_newest_capture():
    source = gpu_cloud_pages.COREWEAVE
    [recorded] = recorded_payloads(source)
    assert recorded.captured_at == datetime(2023, 9, 21, 19, 49, 6, tzinfo=timezone.utc)
    older = replace(recorded, body=recorded.body.replace(b"$4.76", b"$4.25"),
                    captured_at=datetime(2023, 6, 1, tzinfo=timezone.utc))
    with duckdb.connect() as conn:
        first = ingest_all(conn, source, [recorded])
        # an older capture found later is still ingested (backfill), and does not become the latest
        assert ingest(conn, source, older).rows_appended == first.rows_appended
        assert ingest_all(conn, source, [older, recorded]).unchanged  # idempotent: a second refresh adds nothing
        batches = conn.execute("SELECT captured_at::DATE::VARCHAR, count(*) FROM raw.gpu_cloud_coreweave "
                               "GROUP BY 1 ORDER BY 1").fetchall()
        assert batches == [("2023-06-01", first.rows_appended), ("2023-09-21", first.rows_appended)]
        latest = conn.execute(f"SELECT DISTINCT captured_at::DATE::VARCHAR FROM raw.gpu_cloud_coreweave "
                              f"{LATEST_CAPTURE}").fetchall()  # what a latest-capture staging view holds
        assert latest == [("2023-09-21",)]
        # the figure is dated by its capture, the fetch by the refresh: two clocks, never one filled with the other
        rows = conn.execute("SELECT DISTINCT observed_at::DATE::VARCHAR, observed_at_basis, fetched_at > observed_at, "
                            "source_url, recorded_file FROM raw.gpu_cloud_coreweave "
                            "WHERE captured_at::DATE = DATE '2023-09-21'").fetchall()
        assert rows == [("2023-09-21", "capture", True,
                         "https://web.archive.org/web/20230921194906/https://www.coreweave.com/gpu-cloud-pricing",
                         "inputs/captures/coreweave_gpu-cloud-pricing_20230921194906_excerpt.html")]


def test_row_dates_beat_the_capture_date_and_curated_rows_say_where_they_were_published():
    with duckdb.connect() as conn:
        ingest(conn, wikimedia_pageviews.SOURCE, read_snapshot(wikimedia_pageviews.SOURCE))
        # each month's views are dated by the month (period), not by the capture of 2026-10
        assert conn.execute("SELECT DISTINCT observed_at_basis FROM raw.wikimedia_pageviews").fetchall() == [("period",)]
        assert conn.execute("SELECT count(*) FROM raw.wikimedia_pageviews "
                            "WHERE observed_at::DATE <> period_start").fetchone() == (0,)
        ingest(conn, similarweb_visits.SOURCE, read_snapshot(similarweb_visits.SOURCE))
        rows = conn.execute("SELECT observed_at::DATE::VARCHAR, observed_at_basis, source_url = figure_url, "
                            "recorded_file FROM raw.similarweb_visits WHERE domain = 'chat.openai.com' "
                            "AND month = DATE '2023-01-01' AND metric = 'visits'").fetchall()
        assert rows == [("2023-01-01", "period", True, "inputs/curated/similarweb_visits.csv")]


def test_a_replacement_file_of_unknown_date_is_dated_by_the_fetch(tmp_path):
    source = wikimedia_pageviews.SOURCE
    copy = tmp_path / "pageviews.json"
    copy.write_bytes(source.snapshot.read_bytes().replace(b'"views":5349371', b'"views":5349372'))
    [payload] = recorded_payloads(source, copy)
    assert payload.captured_at is None and payload.recorded_file == str(copy)


def test_an_edited_recorded_capture_is_refused():
    source = wikimedia_pageviews.SOURCE
    [recorded] = recorded_payloads(source)
    edited = replace(recorded, body=recorded.body.replace(b'"views":5349371', b'"views":5349372'))
    with duckdb.connect() as conn:
        ingest(conn, source, recorded)
        with pytest.raises(SourceFetchError, match="a recorded capture must not be edited"):
            ingest(conn, source, edited)
        assert conn.execute("SELECT count(DISTINCT payload_sha256) FROM raw.wikimedia_pageviews").fetchone() == (1,)


def test_a_warehouse_written_before_the_clocks_is_dated_on_upgrade():
    """Rows of a raw table from before the provenance clocks (no captured_at) must not hide the latest capture nor
    sit beside their re-read twin: batches still in the repo are re-read with their dates, the rest say 'fetch'."""
    source = similarweb_visits.SOURCE
    payload = read_snapshot(source)
    with duckdb.connect() as conn:
        rows = ingest(conn, source, payload).rows_appended
        old_live = replace(payload, body=payload.body + b"\n")  # an older version of the file, not in the repo
        conn.execute("UPDATE raw.similarweb_visits SET captured_at = NULL, observed_at = NULL, "
                      "observed_at_basis = NULL, recorded_file = NULL")
        conn.execute("INSERT INTO raw.similarweb_visits SELECT * REPLACE (? AS payload_sha256, "
                      "fetched_at - INTERVAL 1 DAY AS fetched_at) FROM raw.similarweb_visits", [old_live.sha256])
        conn.execute("DELETE FROM meta.build_fingerprints WHERE asset = 'raw/similarweb_visits/schema'")
        ingest(conn, source, read_snapshot(source))
        batches = conn.execute("SELECT payload_sha256 = ?, observed_at_basis, count(*) FROM raw.similarweb_visits "
                               "GROUP BY ALL ORDER BY ALL", [payload.sha256]).fetchall()
        assert batches == [(False, "fetch", rows), (True, "period", rows)]
        assert conn.execute(f"SELECT count(*) FROM (SELECT * FROM raw.similarweb_visits {LATEST_CAPTURE})").fetchone() == (rows,)
