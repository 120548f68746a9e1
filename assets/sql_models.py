"""Core and mart assets: each is one SQL file warehouse/<layer>/<name>.sql plus its entry in
warehouse/<layer>/schema.yml (assets/sql_graph.py reads both; dependencies and assumptions come from the SQL).

The SQL file starts with `--` comment lines (the asset's description in the UI), builds its table with
CREATE OR REPLACE and documents it with COMMENT ON TABLE/COLUMN (the column descriptions in the UI and in
the data dictionary come from there).
"""

import dagster as dg

from infra.resources import WarehouseResource

from .build import SQL_MODELS, SqlModel, build_model
from .checks import check_specs_for, run_checks
from .lineage import column_lineage
from infra.tables import WAREHOUSE_POOL, table_metadata


def _header(sql: str) -> str:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return "\n".join(lines).strip()


def lineage_metadata(context: dg.AssetExecutionContext, conn, table: str, sql: str, code_version: str,
                     deps: list[str]) -> dict:
    """`dagster/column_lineage` for a mart. Lineage is documentation, not data: a query sqlglot cannot trace
    logs a warning and shows the reason in the metadata instead of failing the refresh."""
    try:
        traced = column_lineage(conn, table, sql, code_version, deps)
    except Exception as exc:  # noqa: BLE001 - sqlglot raises many types; none of them should stop a publish
        context.log.warning(f"column lineage of {table} not traced: {type(exc).__name__}: {exc}")
        return {"column_lineage_error": dg.MetadataValue.text(f"{type(exc).__name__}: {exc}")}
    return {"dagster/column_lineage": dg.TableColumnLineage(deps_by_column={
        column: [dg.TableColumnDep(asset_key=dg.AssetKey([s, t]), column_name=c) for s, t, c in upstream]
        for column, upstream in traced.items() if upstream})}


def sql_model_asset(model: SqlModel) -> dg.AssetsDefinition:
    @dg.asset(
        key=[model.layer, model.name],
        group_name=model.layer,
        deps=[dg.AssetKey(d.split("/")) for d in model.deps],
        kinds={"duckdb", "sql"},
        description=_header(model.sql) + f"\n\nTable {model.table}, built by {model.repo_path}.",
        owners=["team:data"],
        code_version=model.code_version,
        pool=WAREHOUSE_POOL,
        check_specs=check_specs_for(dg.AssetKey([model.layer, model.name])),
        metadata={"sql_file": model.repo_path,
                  **({"grain": " x ".join(model.grain)} if model.grain else {}),
                  **({"assumptions_used": ", ".join(model.requires_assumptions)} if model.requires_assumptions else {})},
    )
    def _model(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as conn:
            built = build_model(conn, model)  # not rebuilt: the "rebuilt: false" metadata says so in the UI
            metadata = table_metadata(conn, model.table)
            if model.layer == "marts":
                metadata.update(lineage_metadata(context, conn, model.table, model.sql, model.code_version,
                                                 list(model.deps)))
            checks = run_checks(conn, context.asset_key)
        metadata.update({"rebuilt": built.rebuilt, "input_fingerprint": built.fingerprint or ""})
        return dg.MaterializeResult(metadata=metadata,
                                    data_version=dg.DataVersion(built.fingerprint) if built.fingerprint else None,
                                    check_results=checks)

    return _model


MODEL_ASSETS = [sql_model_asset(m) for m in SQL_MODELS]
