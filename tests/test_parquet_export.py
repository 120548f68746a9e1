"""The Parquet set beside the published DuckDB file: what the session's refresh wrote, read back with pandas and
compared with DuckDB, and the atomic swap of generations on a small warehouse."""
import json

import duckdb
import pandas as pd
import pytest

from assets import parquet_export


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order whatever order a reader returns them in."""
    key = frame.apply(lambda row: "|".join(map(str, row)), axis=1)
    return frame.assign(_key=key).sort_values("_key", kind="stable").drop(columns="_key").reset_index(drop=True)


def test_every_core_and_mart_table_reads_back_with_pandas_as_duckdb_has_it(baseline_dir):
    current = baseline_dir / "parquet" / "current"
    assert current.is_symlink() and (current / "manifest.json").is_file()
    manifest = json.loads((current / "manifest.json").read_text())
    with duckdb.connect(str(baseline_dir / "aicompute.duckdb"), read_only=True) as conn:
        tables = {f"{s}.{t}" for s, t in conn.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ('core', 'marts')").fetchall()}
        assert {t["table"] for t in manifest["tables"]} == tables
        assert manifest["run_id"] and manifest["content_state"]
        for table in manifest["tables"]:
            frame = pd.read_parquet(current / table["path"])
            if table["partition_by"]:
                frame = frame.drop(columns="year")  # the hive partition column, year(month)
            expected = conn.execute(f"SELECT * FROM {table['table']}").to_arrow_table().to_pandas()
            assert len(frame) == table["rows"] == len(expected), table["table"]
            assert [c["name"] for c in table["columns"]] == list(expected.columns)
            pd.testing.assert_frame_equal(canonical(frame[list(expected.columns)]), canonical(expected),
                                          check_dtype=False, check_categorical=False, obj=table["table"])
        comments = dict(((c, t), d) for c, t, d in conn.execute(
            "SELECT column_name, table_name, comment FROM duckdb_columns() WHERE schema_name = 'marts'").fetchall())
    by_name = {t["table"]: t for t in manifest["tables"]}
    cost = by_name["marts.monthly_inference_cost"]
    assert cost["partition_by"] == "year(month)"
    assert sorted(p.name for p in (current / cost["path"]).iterdir())[0] == "year=2020"
    training = by_name["marts.training_demand"]
    assert training["path"] == "marts/training_demand.parquet" and training["partition_by"] is None
    column = next(c for c in training["columns"] if c["name"] == "cost_usd")
    assert column["type"] == "DOUBLE" and column["comment"] == comments[("cost_usd", "training_demand")]
    assert by_name["core.gpu_hour_prices"]["newest_observed_at"] is not None  # its last_observed_at
    assert by_name["marts.gpu_price_index"]["newest_observed_at"] is not None and by_name["core.models"]["newest_observed_at"]


def small_warehouse(path, rows: int):
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS core; CREATE SCHEMA IF NOT EXISTS marts")
        conn.execute("CREATE OR REPLACE TABLE raw.r AS SELECT range AS i, now() AS fetched_at, 'x' AS payload_sha256, "
                     f"now() AS captured_at FROM range({rows})")
        conn.execute(f"CREATE OR REPLACE TABLE marts.m AS SELECT range AS i, DATE '2024-01-01' + INTERVAL (range * 50) DAY "
                     f"AS month FROM range({rows})")
        conn.execute("COMMENT ON COLUMN marts.m.i IS 'a counter'")
        conn.execute("CREATE OR REPLACE TABLE core.c AS SELECT 1 AS k, TIMESTAMPTZ '2025-05-01 00:00:00+00' AS observed_at")


def test_generations_swap_atomically_and_a_failed_export_leaves_current_alone(tmp_path):
    published, root = tmp_path / "w.duckdb", tmp_path / "parquet"
    small_warehouse(published, 10)
    first = parquet_export.export(published, root, "run-1", {"marts.m": "month"})
    assert first.written and first.tables == 2 and first.rows == 11
    manifest = parquet_export.current_manifest(root)
    m = next(t for t in manifest["tables"] if t["table"] == "marts.m")
    assert m["columns"][0] == {"name": "i", "type": "BIGINT", "comment": "a counter"}
    assert next(t for t in manifest["tables"] if t["table"] == "core.c")["newest_observed_at"].startswith("2025-05-01")
    assert sorted(p.name for p in (root / "current" / "marts" / "m").iterdir()) == ["year=2024", "year=2025"]

    again = parquet_export.export(published, root, "run-2", {"marts.m": "month"})
    assert not again.written and (root / "current").resolve() == first.directory

    held = (root / "current").resolve()  # a reader that opened the set before the next refresh
    small_warehouse(published, 20)
    second = parquet_export.export(published, root, "run-3", {"marts.m": "month"})
    assert second.written and (root / "current").resolve() == second.directory != held
    assert held.is_dir(), "the previous generation stays for readers still on it"
    assert parquet_export.current_manifest(root)["run_id"] == "run-3"

    small_warehouse(published, 30)
    with pytest.raises(parquet_export.ParquetExportError, match=r"marts.m: parquet_partition column 'period'"):
        parquet_export.export(published, root, "run-4", {"marts.m": "period"})
    assert (root / "current").resolve() == second.directory  # the failed export moved nothing
    assert sorted(p.name for p in (root / ".generations").iterdir()) == sorted([held.name, second.directory.name])

    third = parquet_export.export(published, root, "run-5", {"marts.m": "month"})
    assert not held.exists() and second.directory.is_dir() and third.directory.is_dir()  # two generations kept
    assert pd.read_parquet(root / "current" / "marts" / "m").shape == (30, 3)


def test_refresh_diff_of_a_damaged_previous_publish_says_so(tmp_path):
    """A published file that does not open is replaced by the publish; the diff records why it compared nothing."""
    from assets import refresh_diff

    work, previous = tmp_path / "work.duckdb", tmp_path / "published.duckdb"
    small_warehouse(work, 5)
    previous.write_bytes(b"not a duckdb file")
    with duckdb.connect(str(work)) as conn:
        changed = refresh_diff.write(conn, previous)
        rows = conn.execute("SELECT table_name, note FROM meta.refresh_diff").fetchall()
    assert rows == [(None, "previous publish published.duckdb could not be opened (IOException): nothing compared")]
    assert changed == [(None, None, None, None, None, None, rows[0][1])]
    with duckdb.connect(str(work)) as conn:  # no previous publish at all: every table is new
        first = refresh_diff.write(conn, tmp_path / "none.duckdb")
    assert {(t, n) for t, *_, n in first} == {("marts.m", "first publish"), ("core.c", "first publish")}
