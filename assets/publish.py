"""The publish step: gate checks on the working file, then an atomic copy to build/aicompute.duckdb, and the same
tables as a Parquet set under build/parquet/current (assets/parquet_export.py)."""
import json

import dagster as dg

from infra.resources import WarehouseResource

from . import parquet_export, refresh_diff
from .build import force_rebuild, stale_models
from .checks import run_gate
from .freshness import VIEW as FRESHNESS_VIEW, ensure_source_freshness, stale_sources
from .sql_graph import sql_models
from infra.tables import WAREHOUSE_POOL

# Run tag set by the refresh runner (pipelines/refresh.py): its plan, {"run": {asset: why}, "skip": {asset: why}}.
PLAN_TAG = "aicompute/plan"


def plan_metadata(tags: dict) -> dict:
    """The run's plan as a table in the publish step's metadata: what this refresh ran and skipped, and why."""
    if PLAN_TAG not in tags:
        return {}
    plan = json.loads(tags[PLAN_TAG])
    rows = [f"| {key} | {verdict} | {why} |" for verdict in ("run", "skip") for key, why in plan[verdict].items()]
    return {"refresh_plan": dg.MetadataValue.md("| asset | plan | why |\n|---|---|---|\n" + "\n".join(rows)),
            "assets_run": len(plan["run"]), "assets_skipped": len(plan["skip"])}


def parquet_partitions() -> dict[str, str]:
    """schema.table -> the date column whose year partitions its Parquet files (schema.yml parquet_partition)."""
    return {m.table: m.schema["parquet_partition"] for m in sql_models() if m.schema.get("parquet_partition")}


def publish_parquet(context, warehouse: WarehouseResource) -> dict:
    """The Parquet set beside the DuckDB file (assets/parquet_export.py): written when the published content
    changed or the set is missing, swapped in atomically; its manifest's place in the metadata."""
    result = parquet_export.export(warehouse.published_path, warehouse.parquet_dir, context.run.run_id, parquet_partitions())
    if result.written:
        context.log.info(f"wrote {result.tables} Parquet tables ({result.rows:,} rows) to {result.directory}")
    return {"parquet_manifest": dg.MetadataValue.path(str(warehouse.parquet_dir / parquet_export.CURRENT /
                                                          parquet_export.MANIFEST)),
            "parquet_tables": result.tables, "parquet_rewritten": result.written}


def diff_metadata(conn, changed: list[tuple]) -> dict:
    """meta.refresh_diff as the publish step's metadata: the tables this publish changed and the largest changes."""
    rows = [f"| {t} | {b if b is not None else '—'} | {a if a is not None else '—'} | {ad} | {rm} | "
            f"{ch if ch is not None else '—'} | {note or ''} |" for t, b, a, ad, rm, ch, note in changed]
    top = refresh_diff.largest_changes(conn, 40, by_table=True)
    tops = [f"| {t} | {m} | {k} | {o if o is None else f'{o:,.6g}'} | {n if n is None else f'{n:,.6g}'} |"
            for t, m, k, o, n in top]
    return {"tables_changed": len(changed),
            "refresh_diff": dg.MetadataValue.md(
                "| table | rows before | rows after | added | removed | changed | note |\n|---|---|---|---|---|---|---|\n"
                + "\n".join(rows) if rows else "nothing changed against the previous publish"),
            "largest_changes": dg.MetadataValue.md(
                "| table | measure | key | old | new |\n|---|---|---|---|---|\n" + "\n".join(tops)
                if tops else "no headline measure changed")}


def stale_table(stale: list[tuple[str, int | None, int]]) -> str:
    if not stale:
        return "every source is fresh"
    rows = [f"| {name} | {'never observed' if age is None else age} | {limit} |" for name, age, limit in stale]
    return "| source | age (days) | stale after (days) |\n|---|---|---|\n" + "\n".join(rows)


class PublishGateError(RuntimeError):
    pass


def build_publish_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key="published_warehouse",
        group_name="publish",
        deps=upstream,
        kinds={"duckdb"},
        owners=["team:data"],
        pool=WAREHOUSE_POOL,
        check_specs=[dg.AssetCheckSpec("sources_fresh", asset="published_warehouse", blocking=False,
                                       description=f"Warns when a source's newest figure is older than its "
                                                   f"stale_after_days ({FRESHNESS_VIEW})")],
        description="The analysts' DuckDB file (build/aicompute.duckdb). Runs every blocking check again on "
                    "the working file and refuses marts older than their inputs, then checkpoints it, copies it beside "
                    "the published file and renames it into place; a published file that already holds the working "
                    "file's data is not rewritten. A failed check or a crash leaves the published file as it was.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        # One hold of the working file from the gate checks to the copy: no other writer can slip in between.
        with warehouse.writer_lock():
            return publish_checked(context, warehouse)

    def publish_checked(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        failures = []
        with warehouse.connect() as conn:
            ensure_source_freshness(conn)
            stale = stale_sources(conn)
            # A model older than its inputs (a run that ingested a payload and then stopped, or a plan made before
            # another refresh changed the file) would publish new raw rows beside old marts: refuse it.
            failures += [f"{model.key}: built from older inputs; refresh it before publishing" for model in stale_models(conn)]
            for gate, outcome in run_gate(conn):
                if not outcome.passed:
                    failures.append(f"{gate.asset_key.to_user_string()}:{gate.name}: {outcome.description}")
        if failures:
            raise PublishGateError("not published, blocking checks failed on the working file:\n  " + "\n  ".join(failures))
        common = {"open_with": f"duckdb -readonly {warehouse.published_path}", **plan_metadata(context.run.tags),
                  "stale_sources": dg.MetadataValue.md(stale_table(stale))}
        freshness = dg.AssetCheckResult(
            check_name="sources_fresh", passed=not stale, severity=dg.AssetCheckSeverity.WARN,
            description=f"{len(stale)} stale source(s): " + ", ".join(name for name, *_ in stale) if stale
            else "every source's newest figure is within its stale_after_days",
            metadata={"stale_sources": len(stale)})
        if not force_rebuild() and warehouse.published_is_current():
            # Nothing changed since the last publish: rewriting the same data would only cost a copy.
            context.log.info(f"{warehouse.published_path} already holds the working file's data; not rewritten")
            return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(warehouse.published_path)),
                                                  "republished": False, **common, **publish_parquet(context, warehouse)},
                                        check_results=[freshness])
        with warehouse.connect() as conn:  # what this publish changes, written into the file it publishes
            changes = diff_metadata(conn, refresh_diff.write(conn, warehouse.published_path))
        result = warehouse.publish(log=context.log)
        context.log.info(f"published {result.path} ({result.size_bytes:,} bytes, {result.tables} tables)")
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "size_bytes": result.size_bytes,
            "tables": result.tables,
            "republished": True,
            **changes,
            **common,
            **publish_parquet(context, warehouse),
        }, check_results=[freshness])

    return published_warehouse
