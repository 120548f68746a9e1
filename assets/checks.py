"""Blocking data checks. Each is a plain function of a DuckDB connection, so the same code runs as a
Dagster asset check (visible per asset in the UI) and as the publish gate (run again on the working file
just before it is copied, whatever subset of assets the run materialised).

A raw table's checks come from its source definition (required columns, keys); a SQL model's from its entry in
warehouse/<layer>/schema.yml (grain, accepted_values, ranges, scenario_range). A few checks warn instead of
blocking (blocking=False): they show in the UI and the refresh summary and never stop a publish."""

from dataclasses import dataclass, field
from functools import cache
from typing import Callable

import dagster as dg
import duckdb

from infra.sources import PROVENANCE_COLUMNS, Source
from infra.tables import LATEST_CAPTURE, quote_identifier, table_columns, table_exists

from .sources import SOURCES
from .sql_graph import SqlModel, sql_models


@dataclass
class Outcome:
    passed: bool
    description: str
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GateCheck:
    name: str
    asset_key: dg.AssetKey
    description: str
    run: Callable[..., Outcome]  # (conn, catalog=None) -> Outcome
    blocking: bool = True


def raw_columns(conn: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """raw table name -> its column names, read from the catalog once for all the raw checks of a gate."""
    columns: dict[str, set[str]] = {}
    for table, column in conn.execute("SELECT table_name, column_name FROM duckdb_columns() "
                                      "WHERE schema_name = 'raw'").fetchall():
        columns.setdefault(table, set()).add(column)
    return columns


def check_raw_table(conn: duckdb.DuckDBPyConnection, source: Source,
                    catalog: dict[str, set[str]] | None = None) -> Outcome:
    """The latest fetch is non-empty, has the required columns without NULLs, and its keys are unique.
    catalog: raw_columns(conn), when the caller checks many tables at once."""
    table = source.table
    present = (catalog if catalog is not None else raw_columns(conn)).get(source.name)
    if not present:
        return Outcome(False, f"{table} does not exist")
    # source_url is NULL only for configuration rows no web page published (a curated mapping or window)
    required = [c.name for c in source.columns if c.required] + [c for c in PROVENANCE_COLUMNS if c != "source_url"]
    missing = [c for c in required if c not in present]
    if missing:
        return Outcome(False, f"{table} lacks required columns: {', '.join(missing)}")
    latest = f"(SELECT * FROM {table} {LATEST_CAPTURE})"
    null_counts = "".join(f", count(*) FILTER (WHERE {quote_identifier(c)} IS NULL)" for c in required)  # names from code
    rows, *counts = conn.execute(f"SELECT count(*){null_counts} FROM {latest}").fetchone()
    if rows == 0:
        return Outcome(False, f"{table}: the latest fetch has no rows", {"rows": rows})
    nulls = {c: n for c, n in zip(required, counts) if n}
    if nulls:
        return Outcome(False, f"{table}: NULLs in required columns {nulls}", {"rows": rows})
    keys = ", ".join(quote_identifier(k) for k in source.keys)
    dupes = conn.execute(f"SELECT count(*) FROM (SELECT {keys} FROM {latest} GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
    if dupes:
        return Outcome(False, f"{table}: {dupes} duplicate keys ({keys}) in the latest fetch", {"rows": rows, "duplicate_keys": dupes})
    return Outcome(True, f"{rows} rows, required columns present and non-null, keys ({keys}) unique",
                   {"rows": rows})


def check_unique(table: str, keys: tuple[str, ...]) -> Callable[..., Outcome]:
    """The table is non-empty and its grain columns (schema.yml grain) identify its rows."""
    def run(conn, catalog=None):
        if not table_exists(conn, table):
            return Outcome(False, f"{table} does not exist")
        present = table_columns(conn, table)
        if missing := [k for k in keys if k not in present]:
            return Outcome(False, "; ".join(f"{table} has no grain column {k!r} (schema.yml grain)" for k in missing))
        rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        cols = ", ".join(quote_identifier(k) for k in keys)  # column names from schema.yml
        dupes = conn.execute(f"SELECT count(*) FROM (SELECT {cols} FROM {table} GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        grain = ", ".join(keys)
        if rows == 0 or dupes:
            return Outcome(False, f"{table}: {rows} rows, {dupes} duplicate keys ({grain})", {"rows": rows})
        return Outcome(True, f"{rows} rows, one per ({grain})", {"rows": rows})
    return run


def check_accepted_values(table: str, accepted: dict[str, list]) -> Callable[..., Outcome]:
    """Every non-NULL value of each column is one of its accepted values (schema.yml accepted_values)."""
    def run(conn, catalog=None):
        present = table_columns(conn, table)
        faults = []
        for column, values in accepted.items():
            if column not in present:
                faults.append(f"{table} has no column {column!r} (schema.yml accepted_values)")
                continue
            # the column name comes from schema.yml (code), the values travel as a parameter
            quoted = quote_identifier(column)
            bad = conn.execute(f"SELECT DISTINCT {quoted}::VARCHAR FROM {table} WHERE {quoted} IS NOT NULL "
                               f"AND NOT list_contains(?, {quoted}::VARCHAR) ORDER BY 1 LIMIT 5",
                               [[str(v) for v in values]]).fetchall()
            if bad:
                faults.append(f"{column}: {', '.join(repr(b) for (b,) in bad)} not in {values}")
        if faults:
            return Outcome(False, f"{table}: " + "; ".join(faults))
        return Outcome(True, "; ".join(f"{c} in {v}" for c, v in accepted.items()))
    return run


def check_ranges(table: str, ranges: dict[str, dict]) -> Callable[..., Outcome]:
    """Every non-NULL value of each column is a finite number within [min, max] (schema.yml ranges)."""
    def run(conn, catalog=None):
        present = table_columns(conn, table)
        faults = []
        for column, bounds in ranges.items():
            if column not in present:
                faults.append(f"{table} has no column {column!r} (schema.yml ranges)")
                continue
            low, high = bounds.get("min"), bounds.get("max")
            value = f"{quote_identifier(column)}::DOUBLE"  # column name from schema.yml; bounds travel as parameters
            infinite, below, above = conn.execute(
                f"SELECT count(*) FILTER (WHERE NOT isfinite({value})), count(*) FILTER (WHERE {value} < ?), "
                f"count(*) FILTER (WHERE {value} > ?) FROM {table}", [low, high]).fetchone()
            if infinite or below or above:
                faults.append(f"{column}: {infinite} not finite, {below} below {low}, {above} above {high}")
        if faults:
            return Outcome(False, f"{table}: " + "; ".join(faults))
        return Outcome(True, "; ".join(f"{c} finite in [{b.get('min', '-inf')}, {b.get('max', 'inf')}]"
                                       for c, b in ranges.items()))
    return run


def check_scenario_range(table: str, measure: str | list[str], by: list[str]) -> Callable[..., Outcome]:
    """Scenarios are a range: on the headline measure (and any other measure listed), low <= base <= high within
    every group of `by`; a group missing a scenario, or where some scenarios have a value and others none, is as
    wrong (schema.yml scenario_range)."""
    if isinstance(measure, list):
        checks = [check_scenario_range(table, m, by) for m in measure]

        def run_all(conn, catalog=None):
            outcomes = [check(conn, catalog) for check in checks]
            failed = [o for o in outcomes if not o.passed]
            return failed[0] if failed else Outcome(True, "; ".join(o.description for o in outcomes))
        return run_all

    def run(conn, catalog=None):
        present = table_columns(conn, table)
        if missing := [c for c in [measure, "scenario", *by] if c not in present]:
            return Outcome(False, f"{table} has no column(s) {', '.join(map(repr, missing))} (schema.yml scenario_range)")
        keys = ", ".join(quote_identifier(c) for c in by)  # column names from schema.yml
        value = quote_identifier(measure)
        rows = conn.execute(f"""
            SELECT {keys}, low, base, high FROM (
                SELECT {keys}, any_value({value}) FILTER (WHERE scenario = 'low') AS low,
                       any_value({value}) FILTER (WHERE scenario = 'base') AS base,
                       any_value({value}) FILTER (WHERE scenario = 'high') AS high,
                       count({value}) FILTER (WHERE scenario IN ('low', 'base', 'high')) AS valued,
                       count(DISTINCT scenario) FILTER (WHERE scenario IN ('low', 'base', 'high')) AS scenarios
                FROM {table} GROUP BY ALL)
            WHERE scenarios > 0 AND (scenarios < 3 OR valued NOT IN (0, 3) OR NOT coalesce(low <= base AND base <= high, valued = 0))
            ORDER BY ALL LIMIT 6""").fetchall()
        if rows:
            shown = "; ".join(f"{', '.join(map(str, r[:-3]))}: low {r[-3]}, base {r[-2]}, high {r[-1]}" for r in rows[:5])
            return Outcome(False, f"{table}: {measure} not low <= base <= high in {len(rows)}{'+' if len(rows) > 5 else ''} "
                                  f"group(s) of ({', '.join(by)}): {shown}")
        return Outcome(True, f"{measure}: low <= base <= high in every group of ({', '.join(by)})")
    return run


def check_row_rule(table: str, rule: str, grain: tuple[str, ...]) -> Callable[..., Outcome]:
    """No row makes the SQL boolean `rule` false (schema.yml row_checks); NULL passes (a missing figure is not a
    contradiction). A failure names the first rows by their grain."""
    def run(conn, catalog=None):
        if not table_exists(conn, table):
            return Outcome(False, f"{table} does not exist")
        keys = ", ".join(quote_identifier(k) for k in grain) or "*"  # column names and rule from schema.yml (code)
        try:
            bad = conn.execute(f"SELECT {keys} FROM {table} WHERE ({rule}) IS FALSE ORDER BY ALL").fetchall()
        except duckdb.Error as exc:
            return Outcome(False, f"{table}: the rule {rule!r} does not run: {exc}")
        if bad:
            shown = "; ".join(", ".join(map(str, r)) for r in bad[:10])
            return Outcome(False, f"{table}: {len(bad)} row(s) break {rule!r}: {shown}{' ...' if len(bad) > 10 else ''}",
                           {"rows": len(bad)})
        return Outcome(True, f"every row satisfies {rule!r} (or lacks a figure it needs)")
    return run


def schema_checks(model: SqlModel) -> list[GateCheck]:
    """The blocking checks of a SQL model's entry in warehouse/<layer>/schema.yml."""
    key = dg.AssetKey([model.layer, model.name])
    checks = []
    if model.grain:
        checks.append(GateCheck("one_row_per_grain", key, f"One row per {' x '.join(model.grain)}",
                                check_unique(model.table, model.grain)))
    if accepted := model.schema.get("accepted_values"):
        checks.append(GateCheck("accepted_values", key, f"Accepted values of {', '.join(accepted)} (schema.yml)",
                                check_accepted_values(model.table, accepted)))
    if ranges := model.schema.get("ranges"):
        checks.append(GateCheck("values_in_range", key, f"Finite values within range: {', '.join(ranges)} "
                                "(schema.yml)", check_ranges(model.table, ranges)))
    if spec := model.schema.get("scenario_range"):
        measures = spec["measure"] if isinstance(spec["measure"], str) else ", ".join(spec["measure"])
        checks.append(GateCheck("scenarios_ordered", key, f"Scenarios are a range: {measures} low <= base <= high "
                                f"per {' x '.join(spec['by'])} (schema.yml)",
                                check_scenario_range(model.table, spec["measure"], spec["by"])))
    for row_check in model.schema.get("row_checks") or ():
        checks.append(GateCheck(row_check["name"], key, f"{row_check['why']} (schema.yml row_checks: {row_check['rule']})",
                                check_row_rule(model.table, row_check["rule"], model.grain)))
    return checks


def seed_rows_check(kind: str) -> Callable[..., Outcome]:
    """Every figure of the seed note of this kind (arithmetic: recomputed; comparison: set beside our fit) is within
    its tolerance."""
    def run(conn, catalog=None):
        if not table_exists(conn, "marts.seed_reconciliation"):
            return Outcome(False, "marts.seed_reconciliation does not exist")
        rows = conn.execute("SELECT figure, published_value, computed_value, rel_error, rel_tolerance, within_tolerance "
                            "FROM marts.seed_reconciliation WHERE kind = ? ORDER BY figure", [kind]).fetchall()
        bad = [r[:5] for r in rows if not r[5]]  # within_tolerance: rel_error, or a comparison's 90 % interval
        rows = [r[:5] for r in rows]
        table = "\n".join(f"| {f} | {p:,.4g} | {'—' if c is None else f'{c:,.6g}'} | "
                          f"{'—' if e is None else f'{e:.2e}'} | {t:g} |" for f, p, c, e, t in rows)
        md = "| figure | published | computed | rel_error | tolerance |\n|---|---|---|---|---|\n" + table
        if not rows:
            return Outcome(False, f"marts.seed_reconciliation has no {kind} figure")
        if bad:
            return Outcome(False, "outside tolerance: " + ", ".join(
                f"{f} (published {p:g}, computed {c})" for f, p, c, _, _ in bad), {"figures": dg.MetadataValue.md(md)})
        return Outcome(True, f"all {len(rows)} seed figures ({kind}) within tolerance", {"figures": dg.MetadataValue.md(md)})
    return run


check_seed_reconciliation = seed_rows_check("arithmetic")


def check_inference_reconciled(conn: duckdb.DuckDBPyConnection, catalog=None) -> Outcome:
    """Warning: the modelled base inference cost is within [reconciliation_ratio_min, reconciliation_ratio_max] of
    every Likely or Confident reported figure (marts.inference_reconciliation)."""
    if not table_exists(conn, "marts.inference_reconciliation"):
        return Outcome(False, "marts.inference_reconciliation does not exist")
    rows = conn.execute("SELECT company, reported_id, reported_inference_usd, modelled_cost_usd, ratio, "
                        "CASE WHEN complete THEN coverage ELSE coverage || ' (incomplete)' END "
                        "FROM marts.inference_reconciliation WHERE scenario = 'base' AND confidence IN ('Likely', 'Confident') "
                        "AND (within_band IS NOT TRUE OR NOT complete) ORDER BY company, reported_id").fetchall()
    md = "| company | reported figure | reported USD | modelled USD | ratio | coverage |\n|---|---|---|---|---|---|\n" + "\n".join(
        f"| {c} | {i} | {r:,.0f} | {'—' if m is None else f'{m:,.0f}'} | {'—' if x is None else f'{x:.2f}'} | {cov} |"
        for c, i, r, m, x, cov in rows)
    if rows:
        return Outcome(False, f"{len(rows)} Likely/Confident reported figure(s) outside the band or not fully modelled: "
                       + ", ".join(f"{i} (ratio {'none' if x is None else f'{x:.2f}'}; {cov})" for _, i, _, _, x, cov in rows),
                       {"outside": dg.MetadataValue.md(md)})
    return Outcome(True, "every Likely or Confident reported inference figure is fully modelled and within the band")


def check_compute_identities(conn: duckdb.DuckDBPyConnection, catalog=None) -> Outcome:
    """Warning: every model's training compute is within training_identity_tolerance of 6 x parameters x tokens and
    of chip-hours x peak x MFU (marts.compute_identities); lists the models outside."""
    if not table_exists(conn, "marts.compute_identities"):
        return Outcome(False, "marts.compute_identities does not exist")
    total, = conn.execute("SELECT count(*) FROM marts.compute_identities").fetchone()
    rows = conn.execute("SELECT identity, model, given_flop, identity_flop, ratio, confidence, by_construction "
                        "FROM marts.compute_identities WHERE NOT within_tolerance "
                        "ORDER BY identity, abs(ln(ratio)) DESC, model").fetchall()
    md = ("| identity | model | given FLOP | identity FLOP | ratio | confidence | Epoch used this identity |\n"
          "|---|---|---|---|---|---|---|\n" + "\n".join(
              f"| {i} | {m} | {g:.3g} | {x:.3g} | {r:.2f} | {c} | {'yes' if b else 'no'} |" for i, m, g, x, r, c, b in rows))
    if rows:
        return Outcome(False, f"{len(rows)} of {total} model identities outside tolerance: " + ", ".join(
            f"{m} ({i} ratio {r:.2f})" for i, m, _, _, r, _, _ in rows[:20]) + (" ..." if len(rows) > 20 else ""),
            {"outside": dg.MetadataValue.md(md)})
    return Outcome(True, f"all {total} model identities within tolerance")


@cache
def gate_checks() -> tuple[GateCheck, ...]:
    checks = [GateCheck(f"{s.name}_valid", dg.AssetKey(["raw", s.name]),
                        f"Latest fetch of raw.{s.name}: non-empty, required columns present, keys unique",
                        lambda conn, catalog=None, s=s: check_raw_table(conn, s, catalog)) for s in SOURCES]
    for model in sql_models():
        checks += schema_checks(model)
    checks.append(GateCheck("seed_figures_reproduced", dg.AssetKey(["marts", "seed_reconciliation"]),
                            "Every figure of the seed note recomputed within its tolerance", check_seed_reconciliation))
    checks.append(GateCheck("seed_claims_compared", dg.AssetKey(["marts", "seed_reconciliation"]),
                            "Warning: the note's claims (OpenAI's 3.4-month doubling) beside the warehouse's own fit, within "
                            "tolerance", seed_rows_check("comparison"), blocking=False))
    checks.append(GateCheck("inference_reconciled", dg.AssetKey(["marts", "inference_reconciliation"]),
                            "Warning: modelled base inference cost, every service-month costed, within "
                            "reconciliation_ratio_min..max of each Likely or Confident reported figure", check_inference_reconciled, blocking=False))
    checks.append(GateCheck("compute_identities_hold", dg.AssetKey(["marts", "compute_identities"]),
                            "Warning: training compute within training_identity_tolerance of 6 x parameters x tokens and "
                            "of chip-hours x peak x MFU", check_compute_identities, blocking=False))
    return tuple(checks)


def run_gate(conn: duckdb.DuckDBPyConnection) -> list[tuple[GateCheck, Outcome]]:
    """Every blocking check on one connection (the publish gate), reading the raw catalog once."""
    catalog = raw_columns(conn)
    return [(gate, gate.run(conn, catalog)) for gate in gate_checks() if gate.blocking]


# The checks run inside the step of the asset they check (check_specs), on the same connection: one Dagster step
# per asset instead of two keeps the refresh fast, and the UI still shows each check under its asset.

def check_specs_for(key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    return [dg.AssetCheckSpec(g.name, asset=key, description=g.description, blocking=g.blocking)
            for g in gate_checks() if g.asset_key == key]


def run_checks(conn: duckdb.DuckDBPyConnection, key: dg.AssetKey) -> list[dg.AssetCheckResult]:
    results = []
    for gate in gate_checks():
        if gate.asset_key == key:
            outcome = gate.run(conn)
            results.append(dg.AssetCheckResult(check_name=gate.name, passed=outcome.passed, description=outcome.description,
                                               metadata=outcome.metadata,
                                               severity=dg.AssetCheckSeverity.ERROR if gate.blocking else dg.AssetCheckSeverity.WARN))
    return results
