"""Column lineage of the marts (assets/lineage.py): traced by sqlglot from the real SQL models, kept in
meta.column_lineage, emitted as `dagster/column_lineage`, and shown in the data dictionary."""
import shutil

import dagster as dg
import duckdb

from assets.lineage import trace
from assets.sql_models import lineage_metadata
from tests.helpers import query


def upstream(published, table, column):
    return {r[0] for r in query(published, "SELECT upstream_table || '.' || upstream_column FROM meta.column_lineage "
                                           "WHERE table_name = ? AND column_name = ? AND upstream_table IS NOT NULL",
                                [table, column])}


def test_every_mart_column_has_a_lineage_row(refreshed):
    missing = query(refreshed, "SELECT c.table_schema || '.' || c.table_name, c.column_name "
                               "FROM information_schema.columns c ANTI JOIN meta.column_lineage l "
                               "ON l.table_name = c.table_schema || '.' || c.table_name AND l.column_name = c.column_name "
                               "WHERE c.table_schema = 'marts'")
    assert missing == []


def test_monthly_inference_cost_columns_trace_to_their_inputs(refreshed):
    mart = "marts.monthly_inference_cost"
    assert upstream(refreshed, mart, "visits") == {"core.traffic_monthly.value"}
    # an assumption: its column of core.scenario_assumptions, and only that (a positional reading of UNION ALL BY
    # NAME would pair it with bottom_up's `tokens` and add traffic_monthly.value)
    assert upstream(refreshed, mart, "usd_per_interaction") == {"core.scenario_assumptions.usd_per_interaction"}
    # cost_usd: the seed note's visits x usd_per_interaction, top_down's messages, bottom_up's tokens x cost per Mtok
    assert upstream(refreshed, mart, "cost_usd") >= {"core.traffic_monthly.value",
                                                     "core.scenario_assumptions.usd_per_interaction",
                                                     "marts.service_demand.messages",
                                                     "marts.service_demand.input_tokens",
                                                     "marts.serving_cost_per_mtok.usd_per_mtok_input_rented"}
    assert upstream(refreshed, mart, "formula") == set()  # a constant text


def test_vendor_exposure_lenovo_units_trace_to_market_share(refreshed):
    assert "core.market_share.share_pct" in upstream(refreshed, "marts.vendor_exposure", "units")
    assert upstream(refreshed, "marts.vendor_exposure", "vendor") == {"core.market_share.vendor"}


def test_union_by_name_is_matched_by_name_not_position():
    schema = {"core": {"t": {"a": "INT", "b": "INT"}, "u": {"b": "INT", "c": "INT"}}}
    sql = ("CREATE OR REPLACE TABLE marts.m AS SELECT * FROM (SELECT a, b FROM core.t "
           "UNION ALL BY NAME SELECT c, b FROM core.u);")
    assert trace(sql, "marts.m", schema) == {"a": [("core", "t", "a")],
                                             "b": [("core", "t", "b"), ("core", "u", "b")],
                                             "c": [("core", "u", "c")]}


def test_untraceable_sql_warns_instead_of_failing(refreshed, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(refreshed, copy)
    with duckdb.connect(str(copy)) as conn:
        md = lineage_metadata(dg.build_asset_context(), conn, "marts.broken", "CREATE TABLE marts.broken (x INT);",
                              "v1", ["core/models"])
    assert set(md) == {"column_lineage_error"} and "no CREATE TABLE marts.broken AS SELECT" in md["column_lineage_error"].text


def test_lineage_metadata_is_a_dagster_column_lineage(refreshed, tmp_path, monkeypatch):
    import assets.lineage

    monkeypatch.setattr(assets.lineage, "LINEAGE_CACHE_DIR", tmp_path / "cache")  # traced here, not read back
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(refreshed, copy)
    from infra.paths import SQL_DIR
    sql = (SQL_DIR / "marts" / "compute_trend.sql").read_text()
    with duckdb.connect(str(copy)) as conn:
        md = lineage_metadata(dg.build_asset_context(), conn, "marts.compute_trend", sql, "v-test", ["core/models"])
    deps = md["dagster/column_lineage"].deps_by_column
    assert deps["doubling_time_months"] == [dg.TableColumnDep(asset_key=dg.AssetKey(["core", "models"]),
                                                              column_name=c)
                                            for c in ("publication_date", "training_compute_flop")]
    assert "formula" not in deps
    assert list((tmp_path / "cache").glob("marts.compute_trend-*.json"))  # and kept for the next build


def test_data_dictionary_shows_what_each_mart_column_is_computed_from(refreshed):
    from assets import dictionary

    with duckdb.connect(str(refreshed), read_only=True) as conn:
        text = dictionary.render(conn)
    assert "| `usd_per_interaction` | DOUBLE |" in text
    line = next(l for l in text.splitlines() if l.startswith("| `usd_per_interaction` |"))
    assert line.endswith("| `core.scenario_assumptions.usd_per_interaction` |")

