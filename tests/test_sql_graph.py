"""The graph is derived from the SQL: dependencies, assumptions, build order and layer rules (assets/sql_graph.py);
a toy mart needs one SQL file and one schema entry, nothing else."""
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assets.sql_graph import GraphError, load_models, reads

REPO = Path(__file__).resolve().parents[1]
TOY_SQL = textwrap.dedent("""\
    -- One row per organization: how many models with a training compute figure it published.
    CREATE OR REPLACE TABLE marts.toy_mart AS
    SELECT organization, count(*) AS models, any_value(a.hours_per_year) AS hours_per_year
    FROM core.models CROSS JOIN core.scenario_assumptions a
    WHERE training_compute_flop IS NOT NULL AND organization IS NOT NULL AND a.scenario = 'base'
    GROUP BY organization;
    COMMENT ON TABLE marts.toy_mart IS 'One row per organization: models with training compute';
""")
TOY_ENTRY = "  - name: toy_mart\n    grain: [organization]\n    ranges: {models: {min: 1}}\n"


def _warehouse_copy(tmp_path: Path) -> Path:
    sql_dir = tmp_path / "warehouse"
    shutil.copytree(REPO / "warehouse", sql_dir)
    return sql_dir


def test_reads_finds_tables_and_assumptions_through_aliases_and_unqualified_columns():
    sql = """CREATE OR REPLACE TABLE marts.x AS
             WITH c AS (SELECT flop_per_pf_day FROM core.scenario_assumptions WHERE scenario = 'base')
             SELECT m.model, b.hours_per_year, c.flop_per_pf_day,
                    (SELECT any_value(source_url) FROM core.assumptions WHERE name = 'megatron_v100_years') AS url
             FROM core.models m JOIN core.scenario_assumptions b ON b.scenario = 'base' CROSS JOIN c;
             COMMENT ON TABLE marts.x IS 'x';"""
    parsed = reads(sql)
    assert parsed["tables"] == ["core.assumptions", "core.models", "core.scenario_assumptions"]
    assert parsed["assumptions"] == ["flop_per_pf_day", "hours_per_year", "megatron_v100_years"]


def test_models_come_in_build_order_with_deps_from_their_sql():
    models = load_models()
    order = [m.key for m in models]
    for position, model in enumerate(models):
        for dep in model.deps:
            assert not dep.startswith(("core/", "marts/")) or order.index(dep) < position, (model.key, dep)
    by_key = {m.key: m for m in models}
    assert by_key["marts/compute_trend"].deps == ("core/models", "core/scenario_assumptions", "core/trend_windows")
    assert by_key["core/services"].deps == ("raw/services",)
    assert "inference_flop_per_param_token" in by_key["marts/monthly_inference_cost"].requires_assumptions
    assert by_key["core/gpu_hour_prices"].every_capture  # reads price histories: part of its code version


def test_a_mart_reading_staging_is_refused_with_the_file_named(tmp_path):
    sql_dir = _warehouse_copy(tmp_path)
    (sql_dir / "marts" / "sneaky.sql").write_text("CREATE OR REPLACE TABLE marts.sneaky AS SELECT * FROM staging.services;")
    with (sql_dir / "marts" / "schema.yml").open("a") as f:
        f.write("  - name: sneaky\n    grain: [alias]\n")
    with pytest.raises(GraphError, match=r"warehouse/marts/sneaky.sql reads staging.services: a marts model may read only core and marts"):
        load_models(sql_dir)


def test_every_history_staging_view_is_a_registered_source():
    from assets.sources import SOURCES
    from assets.sql_graph import every_capture_sources

    assert every_capture_sources() <= {s.name for s in SOURCES}


def test_a_misspelt_schema_key_is_refused(tmp_path):
    sql_dir = _warehouse_copy(tmp_path)
    schema = sql_dir / "marts" / "schema.yml"
    schema.write_text(schema.read_text().replace("  - name: compute_trend\n    grain:", "  - name: compute_trend\n    grian:"))
    with pytest.raises(GraphError, match=r"model 'compute_trend' has unknown key\(s\) grian"):
        load_models(sql_dir)


def test_a_sql_file_without_a_schema_entry_is_refused(tmp_path):
    sql_dir = _warehouse_copy(tmp_path)
    (sql_dir / "marts" / "toy_mart.sql").write_text(TOY_SQL)
    with pytest.raises(GraphError, match=r"marts/schema.yml: no entry for toy_mart.sql"):
        load_models(sql_dir)


def test_models_reading_each_other_in_a_cycle_are_refused(tmp_path):
    sql_dir = _warehouse_copy(tmp_path)
    for name, other in (("ping", "pong"), ("pong", "ping")):
        (sql_dir / "marts" / f"{name}.sql").write_text(f"CREATE OR REPLACE TABLE marts.{name} AS SELECT * FROM marts.{other};")
        with (sql_dir / "marts" / "schema.yml").open("a") as f:
            f.write(f"  - name: {name}\n    grain: [x]\n")
    with pytest.raises(GraphError, match="cycle"):
        load_models(sql_dir)


@pytest.mark.slow  # copies the repo and builds the warehouse in a subprocess (~10 s)
def test_a_toy_mart_needs_one_sql_file_and_one_schema_entry(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo, ignore=shutil.ignore_patterns(".git", ".venv", "build", ".cache", ".dagster_home",
                                                               "__pycache__", ".pytest_cache", ".hypothesis"))
    (repo / "warehouse" / "marts" / "toy_mart.sql").write_text(TOY_SQL)
    with (repo / "warehouse" / "marts" / "schema.yml").open("a") as f:
        f.write(TOY_ENTRY)
    script = textwrap.dedent("""\
        import dagster as dg, duckdb
        from pipelines.definitions import defs
        from assets.build import build_all
        from assets.checks import gate_checks
        graph = defs.resolve_asset_graph()
        key = dg.AssetKey(["marts", "toy_mart"])
        print("deps", sorted(p.to_user_string() for p in graph.get(key).parent_keys))
        print("assumptions", graph.get(key).metadata["assumptions_used"])
        print("published_waits", key in graph.get(dg.AssetKey("published_warehouse")).parent_keys)
        conn = duckdb.connect()
        build_all(conn)
        print("checks", sorted((g.name, g.run(conn).passed) for g in gate_checks() if g.asset_key == key))
        print("rows", conn.execute("SELECT count(*), sum(models) FROM marts.toy_mart").fetchone())
        print("expected", conn.execute("SELECT count(DISTINCT organization), count(*) FROM core.models "
                                       "WHERE training_compute_flop IS NOT NULL AND organization IS NOT NULL").fetchone())
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(repo)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = dict(line.split(" ", 1) for line in proc.stdout.splitlines())
    assert out["deps"] == "['core/models', 'core/scenario_assumptions']"
    assert out["assumptions"] == "hours_per_year"
    assert out["published_waits"] == "True"
    assert out["checks"] == "[('one_row_per_grain', True), ('values_in_range', True)]"
    assert out["rows"] == out["expected"]


def test_an_insert_select_counts_its_reads_and_a_create_without_a_query_reads_nothing():
    sql = """CREATE OR REPLACE TABLE marts.x (model VARCHAR, hours DOUBLE);
             INSERT INTO marts.x SELECT m.model, a.hours_per_year FROM core.models m, core.scenario_assumptions a;
             INSERT INTO marts.x (model) WITH r AS (SELECT model FROM raw.models) SELECT model FROM r;
             COMMENT ON TABLE marts.x IS 'x';;
             -- a comment after the last statement"""
    parsed = reads(sql)
    assert parsed["tables"] == ["core.models", "core.scenario_assumptions", "raw.models"]
    assert parsed["assumptions"] == ["hours_per_year"]


def _add_model(sql_dir: Path, layer: str, name: str, sql: str, entry: str | None = None) -> None:
    (sql_dir / layer / f"{name}.sql").write_text(sql)
    with (sql_dir / layer / "schema.yml").open("a") as f:
        f.write(entry if entry is not None else f"  - name: {name}\n    grain: [x]\n")


def test_an_insert_reading_raw_breaks_the_layer_rule(tmp_path):
    sql_dir = _warehouse_copy(tmp_path)
    _add_model(sql_dir, "marts", "sneaky", "CREATE OR REPLACE TABLE marts.sneaky (alias VARCHAR);\n"
                                           "INSERT INTO marts.sneaky SELECT alias FROM raw.services;")
    with pytest.raises(GraphError, match=r"warehouse/marts/sneaky.sql reads raw.services: a marts model may read only"):
        load_models(sql_dir)


@pytest.mark.parametrize("statement", ["UPDATE marts.sneaky SET x = 1 FROM raw.services",
                                       "DELETE FROM marts.sneaky WHERE x IN (SELECT 1 FROM raw.services)",
                                       "DROP TABLE core.models", "SELECT * FROM raw.services",
                                       "CREATE MACRO marts.f(x) AS x + 1"])
def test_a_statement_that_is_not_create_insert_or_comment_is_refused_with_the_file_named(tmp_path, statement):
    sql_dir = _warehouse_copy(tmp_path)
    _add_model(sql_dir, "marts", "sneaky", f"CREATE OR REPLACE TABLE marts.sneaky AS SELECT 1 AS x;\n{statement};")
    with pytest.raises(GraphError, match=r"warehouse/marts/sneaky.sql: .*statement .*may only"):
        load_models(sql_dir)


def test_sql_that_does_not_parse_is_refused_with_the_file_named(tmp_path):
    sql_dir = _warehouse_copy(tmp_path)
    _add_model(sql_dir, "marts", "broken", "CREATE OR REPLACE TABLE marts.broken AS SELECT (1 FROM core.models;")
    with pytest.raises(GraphError, match=r"warehouse/marts/broken.sql: cannot parse"):
        load_models(sql_dir)


@pytest.mark.parametrize("models", ["models: [compute_trend]", "models: {name: compute_trend}", "models: nope"])
def test_a_schema_entry_that_is_not_a_mapping_is_refused_with_the_file_named(tmp_path, models):
    sql_dir = _warehouse_copy(tmp_path)
    (sql_dir / "marts" / "schema.yml").write_text(models + "\n")
    with pytest.raises(GraphError, match=r"warehouse/marts/schema.yml: .*mapping"):
        load_models(sql_dir)


@pytest.mark.parametrize("entry, error", [
    ("grain: service", r"grain must be a list of column names"),
    ("grain: [service, 3]", r"grain must be a list of column names"),
    ("accepted_values: [top_down, bottom_up]", r"accepted_values must map each column to a list of values"),
    ("accepted_values: {method: top_down}", r"accepted_values must map each column to a list of values"),
    ("ranges: {cost_usd: 0}", r"ranges must map each column to \{min, max\}"),
    ("ranges: {cost_usd: {minimum: 0}}", r"ranges of 'cost_usd': unknown key\(s\) minimum"),
    ("ranges: {cost_usd: {min: zero}}", r"ranges of 'cost_usd': min must be a number"),
    ("ranges: {cost_usd: {max: true}}", r"ranges of 'cost_usd': max must be a number"),
    ("one_column_per_assumption: yes please", r"one_column_per_assumption must be true or false"),
    ("scenario_range: {measure: [], by: [service]}", r"scenario_range must be \{measure: column or \[columns\], by"),
    ("scenario_range: {measure: [cost_usd, 3], by: [service]}", r"scenario_range must be \{measure: column or \[columns\], by"),
    ("row_checks: {name: x, rule: 'true', why: y}", r"row_checks must be a list of \{name, rule, why\}"),
    ("row_checks: [{name: x, rule: 'true'}]", r"row_checks must be a list of \{name, rule, why\}"),
    ("row_checks: [{name: values_in_range, rule: 'true', why: y}]", r"row_checks: name 'values_in_range' must be an identifier"),
    ("row_checks: [{name: x, rule: 'true', why: y}, {name: x, rule: 'false', why: z}]", r"row_checks: name\(s\) listed twice: x"),
])
def test_schema_values_of_the_wrong_type_are_refused_with_file_and_model_named(tmp_path, entry, error):
    sql_dir = _warehouse_copy(tmp_path)
    schema = sql_dir / "marts" / "schema.yml"
    text = schema.read_text()
    start = text.index("  - name: monthly_inference_cost\n")
    end = text.index("  - name: training_demand\n")
    schema.write_text(text[:start] + f"  - name: monthly_inference_cost\n    {entry}\n" + text[end:])
    with pytest.raises(GraphError, match=r"warehouse/marts/schema.yml: model 'monthly_inference_cost': " + error):
        load_models(sql_dir)


def test_a_model_sql_is_read_from_its_own_sql_dir(tmp_path):
    sql_dir = _warehouse_copy(tmp_path)
    path = sql_dir / "marts" / "compute_trend.sql"
    path.write_text(path.read_text() + "\n-- edited in the copy\n")
    model = next(m for m in load_models(sql_dir) if m.key == "marts/compute_trend")
    assert model.sql == path.read_text()
    assert model.code_version != next(m for m in load_models() if m.key == "marts/compute_trend").code_version
