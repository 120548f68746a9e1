"""Bad rows in the real curated CSVs (inputs/curated/assumptions.csv and every curated source of the registry):
the parser's error names the file, the line and the column, and a refresh with the bad file publishes nothing.

tests/sources/test_curated.py covers synthetic one-row assumptions files and tests/test_refresh.py a few
whole-refresh cases for assumptions.csv; here every curated source gets the faults that apply to it, on its real
file, through its raw asset and the publish step (the full-refresh path of a bad file is tests/test_refresh.py's)."""
import csv
import io
from pathlib import Path

import pytest

from assets.sources import SOURCES, SOURCES_BY_NAME
from assets.sources.parsing import read_csv_records
from infra.sources import Source, SourceParseError
from tests.helpers import REPO, run_assets, step_errors

from .support import raw_counts, sha256_file

CURATED = [s for s in SOURCES if s.curated]

# (source, CSV column, bad value, what the error must say). Every curated source needs at least one row here.
CELL_FAULTS = [
    ("assumptions", "value", "1O0", "not a number: '1O0'"),
    ("assumptions", "low", "-0.01", "below the allowed minimum 0"),  # a negative price
    ("assumptions", "high", "0.000001", "needs low <= value <= high"),  # low > high (reported on 'low')
    ("assumptions", "unit", "usd_per_furlong", "unknown unit 'usd_per_furlong'"),
    ("assumptions", "value", "", "empty value where a number is required"),
    ("similarweb_visits", "month", "2023-13", "not a YYYY-MM month: '2023-13'"),
    ("similarweb_visits", "month", "Jan 2023", "not a YYYY-MM month"),
    ("similarweb_visits", "value", "1,2.3.4", "not a number"),
    ("similarweb_visits", "value", "-616000000", "below the allowed minimum 0"),
    ("similarweb_visits", "value", "inf", "not a finite number"),
    ("similarweb_visits", "unit", "visits_per_day", "unknown unit 'visits_per_day'"),
    ("similarweb_visits", "source_url", "press release", "source_url must be the https page"),
    ("seed_figures", "published_value", "six million", "not a number: 'six million'"),
    ("seed_figures", "rel_tolerance", "-0.001", "below the allowed minimum 0"),
    ("services", "alias_kind", "url", "unknown alias_kind 'url'"),
    ("accelerator_datasheets", "fp32_flop_per_s", "1O0", "not a number: '1O0'"),
    ("accelerator_datasheets", "accelerator", "", "empty accelerator"),
    ("accelerator_aliases", "units_per_alias", "1O0", "not a number: '1O0'"),
    ("accelerator_families", "accelerator", "", "empty accelerator"),
    ("vendors", "vendor", "", "empty vendor"),
    ("idc_server_tracker", "value", "1O0", "not a number: '1O0'"),
    ("idc_server_tracker", "period", "abc", "not a period"),
    ("idc_china_accelerators", "value", "1O0", "not a number: '1O0'"),
    ("models_curated", "parameters", "1O0", "not a number: '1O0'"),
    ("market_anchors", "value", "1e30", "above the allowed maximum"),
    ("market_anchors", "quality", "audited", "unknown quality 'audited'"),
    ("models_curated", "model", "", "empty model"),
    ("gpu_price_aliases", "gpus_per_instance", "1O0", "not a number: '1O0'"),
    ("gpu_price_aliases", "match_kind", "abc", "unknown match_kind 'abc'"),
    ("gpu_price_tiers", "tier", "rental", "unknown tier 'rental'"),
    ("gpu_price_tiers", "index_quote", "maybe", "maybe"),
    ("gpu_providers", "provider", "", "empty"),
    ("model_aliases", "pattern", "(unclosed", "invalid regex"),
    ("reference_accelerators", "training_precision", "abc", "unknown precision 'abc'"),
    ("service_serving", "source_url", "abc", "source_url must be the https page"),
    ("service_serving", "active_parameters", "1e15", "above the allowed maximum"),
    ("service_serving", "scope", "total", "unknown scope 'total'"),
    ("usage_report_corrections", "metric", "weekly_users", "unknown metric 'weekly_users'"),
    ("assumptions", "effect", "up", "unknown effect 'up'"),
    ("segment_categories", "category", "chips", "unknown category 'chips'"),
    ("trend_windows", "window_start", "2010", "not a YYYY-MM-DD date"),
    ("report_series", "chart", "pie", "unknown chart 'pie'"),
]
# where the error points when it is not the mutated column
REPORTED_COLUMN = {("assumptions", "high"): "low"}


def rows_of(source: Source, body: bytes | None = None) -> list[list[str]]:
    return list(csv.reader(io.StringIO((body or source.snapshot.read_bytes()).decode("utf-8-sig"), newline="")))


def to_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def last_record_line(source: Source) -> int:
    """The file line where the last record starts (records may span lines: quoted notes)."""
    body = to_bytes(rows_of(source))
    return read_csv_records(source.name, "x", body, [])[-1][0]


def with_bad_cell(source: Source, column: str, value: str) -> bytes:
    rows = rows_of(source)
    rows[-1][rows[0].index(column)] = value
    return to_bytes(rows)


def with_duplicated_last_row(source: Source) -> bytes:
    rows = rows_of(source)
    return to_bytes(rows + [rows[-1]])


def test_every_curated_source_has_cell_faults():
    assert {s.name for s in CURATED} <= {name for name, *_ in CELL_FAULTS}
    assert "assumptions" in {s.name for s in CURATED}


@pytest.mark.parametrize("name, column, value, message", CELL_FAULTS, ids=lambda v: str(v)[:20])
def test_bad_cell_in_the_real_file_names_file_line_and_column(name, column, value, message):
    source = SOURCES_BY_NAME[name]
    origin = source.origin("snapshot")
    with pytest.raises(SourceParseError) as err:
        source.parse(with_bad_cell(source, column, value), origin)
    reported = REPORTED_COLUMN.get((name, column), column)
    assert f"source '{name}' ({origin}, line {last_record_line(source)}, column '{reported}')" in str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize("source", CURATED, ids=lambda s: s.name)
def test_duplicate_key_in_the_real_file_names_file_and_line(source):
    origin = source.origin("snapshot")
    duplicated = with_duplicated_last_row(source)
    line = read_csv_records(source.name, origin, duplicated, [])[-1][0]
    with pytest.raises(SourceParseError, match="duplicate|already maps|already has") as err:
        source.parse(duplicated, origin)
    assert f"source '{source.name}' ({origin}, line {line}" in str(err.value)


@pytest.mark.parametrize("source", CURATED, ids=lambda s: s.name)
def test_row_with_a_missing_cell_names_file_and_line(source):
    rows = rows_of(source)
    body = to_bytes(rows[:-1]) + ",".join(rows[-1][:2]).encode() + b"\n"  # a row cut short
    with pytest.raises(SourceParseError, match="fewer cells than the header") as err:
        source.parse(body, "f.csv")
    assert f"(f.csv, line {last_record_line(source)})" in str(err.value)


@pytest.mark.parametrize("source", CURATED, ids=lambda s: s.name)
def test_bad_curated_file_fails_its_raw_asset_and_publishes_nothing(warehouse, tmp_path, source):
    name, column, value, message = next(f for f in CELL_FAULTS if f[0] == source.name)
    bad = tmp_path / f"bad_{Path(source.snapshot).name}"
    bad.write_bytes(with_bad_cell(source, column, value))
    published_before = sha256_file(warehouse.published_path)
    raw_before = raw_counts(warehouse.work_path)

    result = run_assets(Path(warehouse.root), [["raw", source.name], ["published_warehouse"]],
                        snapshot_overrides={source.name: str(bad)})

    assert not result.success
    assert [e.step_key for e in result.all_events if e.is_step_failure] == [f"raw__{source.name}"]
    errors = step_errors(result)
    assert f"source '{name}' ({bad}, line {last_record_line(source)}, column '{column}')" in errors
    assert message in errors
    assert sha256_file(warehouse.published_path) == published_before
    assert raw_counts(warehouse.work_path) == raw_before
    assert "published_warehouse" not in {e.step_key for e in result.all_events if e.is_step_start}


def test_a_bad_source_shows_its_message_first_and_fails_nothing_downstream(warehouse, tmp_path):
    """What the operator sees when one source breaks in a refresh of it and everything downstream of it: only its raw
    asset fails, with a dg.Failure whose message (shown first in the UI, and by `make refresh`) names the source, the
    file, the line, the column and the fault, with those as metadata and no chained traceback under it. Dagster does
    not run the steps downstream of a failed step and records no failure for them (they are "not executed");
    `make refresh` lists them on one line."""
    from dagster import AssetKey, AssetSelection

    from pipelines.definitions import defs
    from pipelines.refresh import failure_message, not_run

    source = SOURCES_BY_NAME["trend_windows"]
    bad = tmp_path / "trend_windows.csv"
    bad.write_bytes(with_bad_cell(source, "window_start", "2010"))
    downstream = AssetSelection.assets(AssetKey(["raw", source.name])).downstream().resolve(defs.resolve_asset_graph())
    selection = sorted(k.to_user_string() for k in downstream)
    assert {"core/trend_windows", "marts/compute_trend", "published_warehouse"} <= set(selection)
    published_before = sha256_file(warehouse.published_path)

    result = run_assets(Path(warehouse.root), [k.split("/") for k in selection],
                        snapshot_overrides={source.name: str(bad)})

    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "raw__trend_windows"
    message = (f"source 'trend_windows' ({bad}, line {last_record_line(source)}, column 'window_start'): "
               "not a YYYY-MM-DD date: '2010'")
    data = failure.step_failure_data
    assert data.user_failure_data.description == message == failure_message(data)
    assert data.error.message.strip().endswith(message) and data.error.cause is None
    assert {k: v.value for k, v in data.user_failure_data.metadata.items() if k in ("source", "line", "column")} == \
        {"source": "trend_windows", "line": last_record_line(source), "column": "window_start"}
    # downstream: not started, not failed; the published file is the last good one
    assert {e.step_key for e in result.all_events if e.is_step_start} == {"raw__trend_windows"}
    assert not_run(result, selection) == [k for k in selection if k != "raw/trend_windows"]
    assert sha256_file(warehouse.published_path) == published_before


def test_assumptions_file_is_the_one_in_the_repo():
    assert SOURCES_BY_NAME["assumptions"].snapshot == REPO / "inputs" / "curated" / "assumptions.csv"
