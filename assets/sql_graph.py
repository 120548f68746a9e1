"""The SQL models, and every fact about the graph derived from their SQL, as dbt derives them from `ref()`.

A layer is a folder of warehouse/: `<layer>/schema.yml` lists its models in the order a reader meets them, with
each one's grain, accepted values and ranges (assets/checks.py turns those into blocking checks);
`<layer>/<name>.sql` builds the table `<layer>.<name>`. Nothing else declares a model.

What a model reads and the assumptions it uses are parsed from its SQL with sqlglot. A model's file may hold only
CREATE TABLE/VIEW (with or without an AS query), INSERT and COMMENT ON statements; the tables every query in
them reads count (an UPDATE, a DROP or a bare SELECT is refused, naming the file):
- `staging.<source>` is the raw asset raw/<source> (its staging view is created with the raw table, see
  infra/tables.py); `core.<name>` and `marts.<name>` are the SQL models of those names;
- a column read from `core.scenario_assumptions` is an assumption the model needs (as is a name compared with
  `name = '...'` on `core.assumptions`).
Layer rules, checked when the graph is built: core reads staging and core; marts read core and other marts; no
model reads raw or a layer above its own.

Parsing all models takes ~0.2 s plus sqlglot's import; the result is cached per SQL text in .cache/sql_graph/ so a
code-location load with unchanged SQL does not import sqlglot at all.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml

from infra.paths import REPO_ROOT, SQL_DIR

MODEL_LAYERS = ("core", "marts")  # built by SQL models, in this order
STAGING = "staging"
SCENARIO_ASSUMPTIONS = "core.scenario_assumptions"  # one column per assumption
ASSUMPTIONS = "core.assumptions"  # one row per assumption x scenario
# What each layer may read. raw is read only by the staging views.
MAY_READ = {"core": {"staging", "core"}, "marts": {"core", "marts"}}
# What a model's entry in schema.yml may say: a misspelt key is an error, not a silently missing check.
# as_of_build_day: the SQL reads current_date (a staleness flag), so the model is rebuilt once a day even when its
# inputs did not change
# row_checks: [{name, rule, why}], each a blocking check that no row makes the SQL boolean `rule` false (NULL passes:
# a figure missing is not a contradiction), named `name` under the model's asset (assets/checks.py, check_row_rule)
# parquet_partition: a DATE/TIMESTAMP column; the table's Parquet files are partitioned by its year (year=YYYY/)
ENTRY_KEYS = {"name", "grain", "accepted_values", "ranges", "scenario_range", "one_column_per_assumption",
              "as_of_build_day", "row_checks", "parquet_partition"}
ROW_CHECK_KEYS = {"name", "rule", "why"}
# the names of the checks schema_checks derives from the other keys: a row check cannot take one
BUILT_IN_CHECKS = {"one_row_per_grain", "accepted_values", "values_in_range", "scenarios_ordered"}
CACHE_DIR = REPO_ROOT / ".cache" / "sql_graph"
# The Python step run after the SQL of a model whose entry says one_column_per_assumption (assets/build.py,
# describe_assumption_columns): part of that model's code version. Bump it when what the step writes changes.
DESCRIBE_ASSUMPTION_COLUMNS = "describe_assumption_columns/1: COMMENT ON each column from core.assumptions (note, unit)"


class GraphError(ValueError):
    """A model's SQL or schema entry breaks a rule of the graph (reads a layer it may not, an unknown model, ...)."""


@dataclass(frozen=True)
class SqlModel:
    """One SQL file warehouse/<layer>/<name>.sql, its schema entry, and what its SQL reads."""

    layer: str  # core or marts
    name: str
    deps: tuple[str, ...]  # asset keys as "layer/name": raw/<source> for a staging view, else the model
    sql: str = field(repr=False)  # the file's text, read once when the graph is loaded; what the build runs
    requires_assumptions: tuple[str, ...] = ()
    schema: dict = field(default_factory=dict, compare=False, hash=False)  # its entry in <layer>/schema.yml
    every_capture: tuple[str, ...] = ()  # the staging views it reads that keep every capture (part of its code)

    @property
    def key(self) -> str:
        return f"{self.layer}/{self.name}"

    @property
    def table(self) -> str:
        return f"{self.layer}.{self.name}"

    @property
    def repo_path(self) -> str:
        return f"warehouse/{self.layer}/{self.name}.sql"

    @cached_property
    def code_version(self) -> str:
        """Its SQL, how the staging views it reads are cut (latest or every capture) and the Python step run after
        its SQL (one_column_per_assumption): a change to any is a change of the model's code."""
        code = self.sql + "".join(f"\nevery_capture:{name}" for name in self.every_capture)
        if self.schema.get("one_column_per_assumption"):
            code += f"\nafter:{DESCRIBE_ASSUMPTION_COLUMNS}"
        return hashlib.sha256(code.encode()).hexdigest()[:16]

    @property
    def grain(self) -> tuple[str, ...]:
        return tuple(self.schema.get("grain") or ())


# ------------------------------------------------------------------ the schema files

def layer_schema(layer: str, sql_dir: Path = SQL_DIR) -> dict:
    path = sql_dir / layer / "schema.yml"
    try:
        schema = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GraphError(f"{path}: cannot read the layer's schema file: {exc}") from exc
    if not isinstance(schema, dict):
        raise GraphError(f"{path}: expected a mapping at the top level")
    return schema


def every_capture_sources(sql_dir: Path = SQL_DIR) -> frozenset[str]:
    """Raw tables whose staging view keeps every capture (price histories); the others keep the latest capture."""
    return frozenset(layer_schema(STAGING, sql_dir).get("every_capture") or {})


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _entry_fault(entry: dict) -> str | None:
    """What is wrong with the types of a model's schema entry (the checks would otherwise fail at run time, or
    check nothing), or None."""
    grain = entry.get("grain", [])
    if not isinstance(grain, list) or not all(isinstance(c, str) and c for c in grain):
        return f"grain must be a list of column names, got {grain!r}"
    accepted = entry.get("accepted_values", {})
    if not isinstance(accepted, dict) or not all(isinstance(c, str) and isinstance(v, list) for c, v in accepted.items()):
        return f"accepted_values must map each column to a list of values, got {accepted!r}"
    ranges = entry.get("ranges", {})
    if not isinstance(ranges, dict) or not all(isinstance(c, str) and isinstance(b, dict) for c, b in ranges.items()):
        return f"ranges must map each column to {{min, max}}, got {ranges!r}"
    for column, bounds in ranges.items():
        if unknown := set(bounds) - {"min", "max"}:
            return f"ranges of {column!r}: unknown key(s) {', '.join(sorted(map(str, unknown)))} (known: max, min)"
        for bound, value in bounds.items():
            if not _is_number(value):
                return f"ranges of {column!r}: {bound} must be a number, got {value!r}"
    if "scenario_range" in entry:
        spec = entry["scenario_range"]
        measures = spec.get("measure") if isinstance(spec, dict) else None
        measures = [measures] if isinstance(measures, str) else measures
        if (not isinstance(spec, dict) or set(spec) != {"measure", "by"} or not isinstance(measures, list)
                or not measures or not all(isinstance(m, str) and m for m in measures)
                or not isinstance(spec["by"], list) or not all(isinstance(c, str) and c for c in spec["by"])):
            return f"scenario_range must be {{measure: column or [columns], by: [columns]}}, got {spec!r}"
    if "parquet_partition" in entry and not (isinstance(entry["parquet_partition"], str) and entry["parquet_partition"]):
        return f"parquet_partition must be a column name, got {entry['parquet_partition']!r}"
    if not isinstance(entry.get("one_column_per_assumption", False), bool):
        return "one_column_per_assumption must be true or false"
    row_checks = entry.get("row_checks", [])
    if not isinstance(row_checks, list) or not all(isinstance(r, dict) and set(r) == ROW_CHECK_KEYS for r in row_checks):
        return f"row_checks must be a list of {{name, rule, why}}, got {row_checks!r}"
    for check in row_checks:
        if not all(isinstance(check[k], str) and check[k].strip() for k in ROW_CHECK_KEYS):
            return f"row_checks: name, rule and why must be non-empty text, got {check!r}"
        if not check["name"].isidentifier() or check["name"] in BUILT_IN_CHECKS:
            return f"row_checks: name {check['name']!r} must be an identifier other than {', '.join(sorted(BUILT_IN_CHECKS))}"
    names = [c["name"] for c in row_checks]
    if duplicated := sorted({n for n in names if names.count(n) > 1}):
        return f"row_checks: name(s) listed twice: {', '.join(duplicated)}"
    return None


def schema_entries(layer: str, sql_dir: Path = SQL_DIR) -> list[dict]:
    path = sql_dir / layer / "schema.yml"
    entries = layer_schema(layer, sql_dir).get("models") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise GraphError(f"{path}: models must be a list of mappings (- name: ..., grain: [...])")
    names = [e.get("name") for e in entries]
    if any(not isinstance(n, str) or not n for n in names):
        raise GraphError(f"{path}: every model entry needs a name")
    for entry in entries:
        if unknown := set(entry) - ENTRY_KEYS:
            raise GraphError(f"{path}: model {entry['name']!r} has unknown key(s) {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(sorted(ENTRY_KEYS))})")
        if fault := _entry_fault(entry):
            raise GraphError(f"{path}: model {entry['name']!r}: {fault}")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise GraphError(f"{path}: model(s) listed twice: {', '.join(duplicated)}")
    files = {p.stem for p in (sql_dir / layer).glob("*.sql")}
    if files - set(names):
        raise GraphError(f"{path}: no entry for {', '.join(sorted(files - set(names)))}.sql: add one (name, grain)")
    if set(names) - files:
        raise GraphError(f"{path}: entry without a SQL file: {', '.join(sorted(set(names) - files))}")
    return entries


# ------------------------------------------------------------------ what a SQL text reads

def _parse_reads(sql: str) -> dict:
    """{"tables": schema.table names read by any statement's query (CTE names and the CREATE/INSERT target
    excluded), "assumptions": names}. GraphError for SQL that does not parse or a statement of another kind."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.optimizer.scope import traverse_scope

    try:
        statements = sqlglot.parse(sql, read="duckdb")
    except sqlglot.errors.SqlglotError as exc:
        raise GraphError(f"cannot parse the SQL: {exc}") from exc
    tables: set[str] = set()
    assumptions: set[str] = set()
    for statement in statements:
        if statement is None or isinstance(statement, (exp.Semicolon, exp.Comment)):
            continue  # an empty statement (or only a comment after the last ;); COMMENT ON: documentation
        if not (isinstance(statement, exp.Create) and statement.kind in ("TABLE", "VIEW")
                or isinstance(statement, exp.Insert)):
            raise GraphError(f"a {statement.key.upper()} statement ({statement.sql('duckdb')[:60]}...): a model's SQL "
                             "may only CREATE a table or view, INSERT and COMMENT ON")
        query = statement.expression  # what it reads: the AS query or the inserted query; the target is not a read
        if query is None:
            continue  # CREATE TABLE t (columns): reads nothing
        for table in query.find_all(exp.Table):
            if table.db:
                tables.add(f"{table.db}.{table.name}")
        if not isinstance(query, exp.Query):
            continue  # INSERT ... VALUES: no scopes (a subquery in it still counted above)
        for scope in traverse_scope(query):
            selected = {alias: source for alias, (_, source) in scope.selected_sources.items()}  # FROM and JOINs
            wide = {alias for alias, source in selected.items()
                    if isinstance(source, exp.Table) and f"{source.db}.{source.name}" == SCENARIO_ASSUMPTIONS}
            long = {alias for alias, source in selected.items()
                    if isinstance(source, exp.Table) and f"{source.db}.{source.name}" == ASSUMPTIONS}
            only = next(iter(selected)) if len(selected) == 1 else None  # unqualified columns belong to it
            for column in scope.columns:
                if column.table in wide or (not column.table and only in wide):
                    assumptions.add(column.name)
            for eq in scope.expression.find_all(exp.EQ):  # name = 'x' on the long table
                col, lit = eq.left, eq.right
                if isinstance(col, exp.Column) and col.name == "name" and isinstance(lit, exp.Literal) \
                        and (col.table in long or (not col.table and only in long)):
                    assumptions.add(lit.this)
    assumptions.discard("scenario")
    return {"tables": sorted(tables), "assumptions": sorted(assumptions)}


def reads(sql: str) -> dict:
    """_parse_reads, cached on disk per SQL text and parser version (sqlglot is imported only on a miss)."""
    key = hashlib.sha256((sql + _PARSER_VERSION).encode()).hexdigest()
    cached = CACHE_DIR / f"{key}.json"
    try:
        return json.loads(cached.read_text())
    except (OSError, ValueError):
        pass
    result = _parse_reads(sql)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(result))
        tmp.replace(cached)  # atomic: a concurrent reader sees the whole file or none
    except OSError:
        pass  # a read-only checkout still works, it parses every time
    return result


def _parser_version() -> str:
    import importlib.metadata
    try:
        sqlglot_version = importlib.metadata.version("sqlglot")
    except importlib.metadata.PackageNotFoundError:
        sqlglot_version = "?"
    code = Path(__file__).read_bytes()
    return hashlib.sha256(code).hexdigest()[:16] + sqlglot_version


_PARSER_VERSION = _parser_version()


# ------------------------------------------------------------------ the graph

def _dependency(layer: str, name: str, table: str, models: set[str]) -> str:
    schema, _, rel = table.partition(".")
    if schema not in MAY_READ[layer]:
        raise GraphError(f"warehouse/{layer}/{name}.sql reads {table}: a {layer} model may read only "
                         f"{' and '.join(sorted(MAY_READ[layer]))}")
    if schema == STAGING:
        return f"raw/{rel}"
    if f"{schema}/{rel}" not in models:
        raise GraphError(f"warehouse/{layer}/{name}.sql reads {table}, which no SQL model builds")
    return f"{schema}/{rel}"


def load_models(sql_dir: Path = SQL_DIR) -> tuple[SqlModel, ...]:
    """Every SQL model in build order (each after the models it reads), with deps derived from its SQL."""
    entries = [(layer, entry) for layer in MODEL_LAYERS for entry in schema_entries(layer, sql_dir)]
    names = {f"{layer}/{e['name']}" for layer, e in entries}
    histories = every_capture_sources(sql_dir)
    models = {}
    for layer, entry in entries:
        name = entry["name"]
        path = sql_dir / layer / f"{name}.sql"
        sql = path.read_text()  # the only read of a model's SQL: parsed, hashed and run from this text
        try:
            parsed = reads(sql)
        except GraphError as exc:
            raise GraphError(f"{path}: {exc}") from exc
        deps = sorted({_dependency(layer, name, t, names) for t in parsed["tables"] if t != f"{layer}.{name}"})
        every = tuple(d.split("/")[1] for d in deps if d.startswith("raw/") and d.split("/")[1] in histories)
        models[f"{layer}/{name}"] = SqlModel(layer, name, tuple(deps), sql, tuple(parsed["assumptions"]), entry, every)
    return tuple(_build_order(models))


def _build_order(models: dict[str, SqlModel]) -> list[SqlModel]:
    from graphlib import CycleError, TopologicalSorter

    sorter = TopologicalSorter({key: [d for d in m.deps if d in models] for key, m in models.items()})
    try:
        order = list(sorter.static_order())
    except CycleError as exc:
        raise GraphError(f"the SQL models read each other in a cycle: {' -> '.join(exc.args[1])}") from exc
    return [models[key] for key in order]


@cache
def sql_models() -> tuple[SqlModel, ...]:
    return load_models()
