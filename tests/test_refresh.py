"""The session's refresh (a full materialisation into an empty warehouse), and refreshes of a copy of it: seed
figures, provenance, history and the publish contract. `run_refresh` is the whole `refresh` job (what the daily
schedule runs, every asset); `run_planned_refresh` is what `make refresh` runs (only what changed, and the publish)."""

import json
import re
import shutil

import dagster as dg
import duckdb
import pytest

from tests.helpers import published_path, query, rebuilt_by_asset, run_planned_refresh, run_refresh, step_errors

SEED_SQL = ("SELECT cost_usd, compute_pf_days FROM marts.monthly_inference_cost WHERE service = 'ChatGPT' "
            "AND month = DATE '2023-01-01' AND method = 'seed_note' AND scenario = ?")


def test_seed_figures(refreshed):
    cost, pf_days = query(refreshed, SEED_SQL, ["base"])[0]
    assert cost == pytest.approx(6_160_000, rel=1e-3)
    assert pf_days == pytest.approx(4874.4, rel=1e-3)
    assert pf_days == pytest.approx(3640 * 6.16 / 4.6, rel=1e-9)
    low, high = query(refreshed, SEED_SQL, ["low"])[0][0], query(refreshed, SEED_SQL, ["high"])[0][0]
    assert low == pytest.approx(616e6 * 0.0036) and high == pytest.approx(616e6 * 0.03)


def test_mart_has_one_row_per_grain_and_its_formula(refreshed):
    rows = query(refreshed, "SELECT count(*), count(DISTINCT (service, month, method, scenario)), "
                            "count(*) FILTER (WHERE formula IS NULL OR (cost_usd IS NULL AND issue IS NULL)) "
                            "FROM marts.monthly_inference_cost")
    total, distinct, unexplained = rows[0]
    demand_rows = query(refreshed, "SELECT count(*) FROM marts.service_demand")[0][0]
    # top_down and bottom_up for every service x month x scenario of the demand, and the seed note's month
    assert total == distinct == 2 * demand_rows + 3 and unexplained == 0  # a missing cost always says why
    assert query(refreshed, "SELECT typeof(month) FROM marts.monthly_inference_cost LIMIT 1")[0][0] == "DATE"


def test_reconciliation_rows_within_tolerance(refreshed):
    rows = dict(query(refreshed, "SELECT figure, within_tolerance FROM marts.seed_reconciliation ORDER BY figure"))
    assert rows["chatgpt_2023_01_compute_pf_days"] and rows["chatgpt_2023_01_cost_usd"]


def test_raw_rows_carry_provenance(refreshed):
    api = ("https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/ChatGPT/"
           "monthly/20221101/20260930")
    rows = query(refreshed, "SELECT DISTINCT source, source_url, recorded_file, observed_at_basis, captured_at::VARCHAR, "
                            "length(payload_sha256), fetched_at IS NOT NULL FROM raw.wikimedia_pageviews")
    # the web API that published the figures, the repo file they were read from, and the capture's own date
    # (inputs/captures/captures.csv), never the refresh time
    assert rows == [("wikimedia_pageviews", api, "inputs/captures/wikimedia_pageviews_ChatGPT_monthly.json", "period",
                     "2026-10-01 00:00:00+00", 64, True)]
    # each monthly figure is dated by the month it counts (the payload's timestamp 2023010100)
    assert query(refreshed, "SELECT observed_at::DATE::VARCHAR, views FROM raw.wikimedia_pageviews "
                            "WHERE period_start = DATE '2023-01-01'") == [("2023-01-01", 5349371)]
    traffic = query(refreshed, "SELECT value, source_url FROM core.traffic_monthly WHERE service = 'ChatGPT' "
                               "AND month = DATE '2023-01-01' AND metric = 'wikipedia_pageviews'")
    assert traffic == [(5349371.0, api)]


def test_every_core_and_mart_column_is_commented(refreshed):
    undocumented = query(refreshed, "SELECT schema_name || '.' || table_name || '.' || column_name FROM duckdb_columns() "
                                    "WHERE schema_name IN ('core', 'marts') AND (comment IS NULL OR comment = '')")
    assert undocumented == []


@pytest.fixture(scope="module")
def job_history(baseline_dir, tmp_path_factory):
    """A copy of the session's warehouse refreshed twice more by the whole `refresh` job (what the daily schedule
    runs): once with nothing changed, then with usd_per_interaction's low bound changed from 0.0036 to 0.004.
    Returns (directory, the unchanged run, the changed run, the changed assumptions file)."""
    root = tmp_path_factory.mktemp("job_history") / "warehouse"
    shutil.copytree(baseline_dir, root)
    unchanged = run_refresh(root)
    changed = root.parent / "assumptions.csv"
    changed.write_text(open("inputs/curated/assumptions.csv").read().replace("usd_per_interaction,0.01,0.0036,",
                                                                        "usd_per_interaction,0.01,0.004,"))
    after_change = run_refresh(root, snapshot_overrides={"assumptions": str(changed)})
    assert unchanged.success and after_change.success, step_errors(unchanged) + step_errors(after_change)
    return root, unchanged, after_change, changed


def test_unchanged_payloads_append_nothing(job_history):
    published = published_path(job_history[0])  # refreshed twice after the session's refresh; wikimedia never changed
    assert query(published, "SELECT count(*), count(DISTINCT fetched_at) FROM raw.wikimedia_pageviews")[0] == (46, 1)


def test_open_analyst_session_survives_a_refresh_and_new_sessions_see_new_data(warehouse_copy, tmp_path):
    published = published_path(warehouse_copy)
    analyst = duckdb.connect(str(published), read_only=True)  # held open through the next refresh
    before = analyst.execute(SEED_SQL, ["low"]).fetchone()

    changed = tmp_path / "assumptions.csv"
    original = open("inputs/curated/assumptions.csv").read()
    # change the low case only: the base case must still reproduce the seed note, or nothing publishes
    changed.write_text(original.replace("usd_per_interaction,0.01,0.0036,", "usd_per_interaction,0.01,0.005,"))
    result = run_planned_refresh(warehouse_copy, snapshot_overrides={"assumptions": str(changed)})
    assert result.success, step_errors(result)

    assert analyst.execute(SEED_SQL, ["low"]).fetchone() == before  # the old session keeps its consistent view
    analyst.close()
    assert before[0] == pytest.approx(616e6 * 0.0036)
    assert query(published, SEED_SQL, ["low"])[0][0] == pytest.approx(616e6 * 0.005)  # a new one sees the new data
    rows = query(published, "SELECT count(*), count(DISTINCT payload_sha256) FROM raw.assumptions")[0]
    assumptions = len(open("inputs/curated/assumptions.csv").read().strip().splitlines()) - 1
    assert rows == (2 * assumptions, 2)  # history: both versions of the file are kept


@pytest.mark.parametrize("content, message", [
    (None, "snapshot file is missing"),
    ("", "snapshot file is empty"),
    ("name,value,low,unit,source_url\nx,1,1,usd,https://a\n", "required column(s) missing: high"),
    ("name,value,low,high,unit,effect,source_url,note\nusd_per_interaction,0.01,0.02,0.03,usd_per_interaction,raises,https://a,\n",
     "line 2, column 'low'"),
])
def test_bad_input_fails_clearly_and_publishes_nothing(warehouse_copy, tmp_path, content, message):
    published = published_path(warehouse_copy)
    before = published.read_bytes()
    bad = tmp_path / "bad_assumptions.csv"
    if content is not None:
        bad.write_text(content)
    result = run_planned_refresh(warehouse_copy, snapshot_overrides={"assumptions": str(bad)})
    assert not result.success
    errors = step_errors(result)
    assert "source 'assumptions'" in errors and str(bad) in errors and message in errors
    assert published.read_bytes() == before


def test_truncated_json_snapshot_fails_and_publishes_nothing(warehouse_copy, tmp_path):
    published = published_path(warehouse_copy)
    before = published.read_bytes()
    bad = tmp_path / "truncated.json"
    bad.write_bytes(open("inputs/captures/wikimedia_pageviews_ChatGPT_monthly.json", "rb").read()[:3000])
    result = run_refresh(warehouse_copy, snapshot_overrides={"wikimedia_pageviews": str(bad)})
    assert not result.success
    assert f"source 'wikimedia_pageviews' ({bad}" in step_errors(result)
    assert published.read_bytes() == before
    assert not list(warehouse_copy.glob(".*.publishing"))


def test_seed_drift_fails_the_blocking_check_and_publishes_nothing(warehouse_copy, tmp_path):
    published = published_path(warehouse_copy)
    before = published.read_bytes()
    drifted = tmp_path / "assumptions.csv"
    drifted.write_text(open("inputs/curated/assumptions.csv").read().replace("usd_per_interaction,0.01,", "usd_per_interaction,0.02,"))
    result = run_planned_refresh(warehouse_copy, snapshot_overrides={"assumptions": str(drifted)})
    assert not result.success
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed = [(ev.check_name, ev.description) for ev in evaluations
              if not ev.passed and ev.severity == dg.AssetCheckSeverity.ERROR]  # warnings (reconciliation) do not block
    assert [name for name, _ in failed] == ["seed_figures_reproduced"]
    assert "chatgpt_2023_01_cost_usd (published 6.16e+06, computed 12320000" in failed[0][1]
    assert published.read_bytes() == before


def test_models_whose_inputs_did_not_change_are_not_rebuilt(baseline_rebuilt, job_history):
    first = baseline_rebuilt  # the session's refresh, into an empty warehouse
    assert first and all(first.values())
    second = rebuilt_by_asset(job_history[1])
    assert second.keys() == first.keys() and not any(second.values())
    third = rebuilt_by_asset(job_history[2])
    assert third["core/assumptions"] and third["marts/monthly_inference_cost"] and third["marts/seed_reconciliation"]
    assert not third["core/traffic_monthly"] and not third["core/services"]


def test_a_planned_refresh_of_a_change_publishes_the_same_data_as_the_whole_job(job_history, warehouse_copy):
    """make refresh (only what changed) and the daily schedule's whole job publish the same data for one change."""
    root, _, _, changed = job_history
    result = run_planned_refresh(warehouse_copy, reports=True, snapshot_overrides={"assumptions": str(changed)})
    assert result.success, step_errors(result)
    ran = {e.step_key for e in result.all_events if e.is_step_start}
    assert {"raw__assumptions", "charts_report", "data_dictionary"} <= ran and "core__traffic_monthly" not in ran
    for table in ("marts.monthly_inference_cost", "marts.training_demand", "marts.vendor_exposure",
                  "marts.seed_reconciliation", "core.assumptions", "raw.assumptions"):
        # the clocks of the fetch (and the fetched file's path) differ between the two runs; the figures may not
        sql = (f"SELECT * EXCLUDE (fetched_at, captured_at, recorded_file, observed_at) FROM {table} ORDER BY ALL"
               if table.startswith("raw") else f"SELECT * FROM {table} ORDER BY ALL")
        assert query(published_path(warehouse_copy), sql) == query(published_path(root), sql), table


def test_refresh_diff_shows_the_one_change_and_only_it(job_history):
    """usd_per_interaction's low bound 0.0036 -> 0.004: meta.refresh_diff names the assumption row, the low scenario
    row and the low-scenario rows of the inference cost that carry it, and no other table; the largest change is the
    largest top-down low cost, raised by 0.004 / 0.0036; the Parquet set was rewritten with it."""
    root = job_history[0]
    published = published_path(root)
    changed = {t: (a, r, c) for t, a, r, c in query(
        published, "SELECT table_name, added, removed, changed FROM meta.refresh_diff "
                   "WHERE coalesce(added, 0) + coalesce(removed, 0) + coalesce(changed, 0) > 0 OR note IS NOT NULL")}
    # every low-scenario row that carries usd_per_interaction: the top-down months (gaps too: the column changes) and
    # the seed note's month
    top_down_low = query(published, "SELECT count(*) FROM marts.monthly_inference_cost WHERE scenario = 'low' "
                                    "AND method IN ('top_down', 'seed_note')")[0][0]
    assert changed == {"core.assumptions": (0, 0, 1), "core.scenario_assumptions": (0, 0, 1),
                       "marts.monthly_inference_cost": (0, 0, top_down_low)}
    key, old, new = query(published, "SELECT row_key, old_value, new_value FROM meta.refresh_diff_changes "
                                     "ORDER BY abs(change) DESC LIMIT 1")[0]
    assert key.endswith("| top_down | low") and new / old == pytest.approx(0.004 / 0.0036)
    assert new == query(published, "SELECT max(cost_usd) FROM marts.monthly_inference_cost WHERE method = 'top_down' "
                                   "AND scenario = 'low'")[0][0]
    manifest = json.loads((root / "parquet" / "current" / "manifest.json").read_text())
    assert manifest["content_state"] and len(list((root / "parquet" / ".generations").iterdir())) <= 2
    # the report's "what changed" section lists those three tables and the largest change first under its table
    from assets.reports import changes_section
    with duckdb.connect(str(published), read_only=True) as conn:
        section = changes_section(conn)
    assert re.findall(r"<td>((?:core|marts)\.\w+)</td>", section)[:3] == sorted(changed, key=lambda t: (-sum(changed[t]), t))
    assert "first publish" not in section and key in section


def test_no_figure_is_dated_by_the_refresh_unless_its_basis_says_fetch(refreshed):
    """observed_at is when the figure was true; only rows nothing else dates (configuration) take the fetch time,
    and they say so in observed_at_basis."""
    from assets.sources import SOURCES
    for source in SOURCES:
        bad, fetch_dated = query(refreshed, f"SELECT count(*) FILTER (WHERE observed_at = fetched_at AND "
                                            f"observed_at_basis <> 'fetch'), count(*) FILTER (WHERE observed_at_basis = "
                                            f"'fetch') FROM raw.{source.name}")[0]
        assert bad == 0, source.name
        if fetch_dated:  # only configuration sources (no date makes them old) and figures without any date
            assert source.curated and source.observed_at_column is None, source.name
    # every price history starts at its real dates, years before the refresh
    assert query(refreshed, "SELECT min(valid_from)::DATE::VARCHAR FROM core.gpu_hour_prices") == [("2010-11-09",)]
    assert query(refreshed, "SELECT count(*) FROM meta.source_freshness") == [(len(SOURCES),)]
