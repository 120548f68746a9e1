"""Core and mart assets: each is one SQL file under warehouse/sql/<layer>/ plus one `sql_model(...)` line.

The SQL file starts with `--` comment lines (the asset's description in the UI), builds its table with
CREATE OR REPLACE and documents it with COMMENT ON TABLE/COLUMN (the column descriptions in the UI and in
the data dictionary come from there).
"""

import hashlib
import os

import dagster as dg

from pipelines.resources import WarehouseResource
from warehouse import SQL_DIR

from .checks import check_specs_for, run_checks
from .lineage import column_lineage
from .tables import WAREHOUSE_POOL, input_fingerprint, run_sql_model, stored_fingerprint, table_exists, table_metadata

GROUPS = {"core": "core", "marts": "marts"}


class MissingAssumptionError(ValueError):
    pass


def _header(sql: str) -> str:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return "\n".join(lines).strip()


def require_assumptions(conn, names: tuple[str, ...], model: str) -> None:
    present = {r[0] for r in conn.execute("SELECT DISTINCT name FROM core.assumptions").fetchall()}
    missing = [n for n in names if n not in present]
    if missing:
        raise MissingAssumptionError(
            f"{model} needs assumption(s) {', '.join(missing)}: add a row (name, value, low, high, unit, "
            f"source_url, note) for each to warehouse/assumptions.csv")


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


def sql_model(layer: str, name: str, deps: list[str], requires_assumptions: tuple[str, ...] = (),
              kinds: set[str] | None = None) -> dg.AssetsDefinition:
    path = SQL_DIR / layer / f"{name}.sql"
    sql = path.read_text()
    table = f"{layer}.{name}"
    code_version = hashlib.sha256(sql.encode()).hexdigest()[:16]

    @dg.asset(
        key=[layer, name],
        group_name=GROUPS[layer],
        deps=[dg.AssetKey(d.split("/")) for d in deps],
        kinds=kinds or {"duckdb", "sql"},
        description=_header(sql) + f"\n\nTable {table}, built by warehouse/sql/{layer}/{name}.sql.",
        owners=["team:data"],
        code_version=code_version,
        pool=WAREHOUSE_POOL,
        check_specs=check_specs_for(dg.AssetKey([layer, name])),
        metadata={"sql_file": f"warehouse/sql/{layer}/{name}.sql",
                  **({"assumptions_used": ", ".join(requires_assumptions)} if requires_assumptions else {})},
    )
    def _model(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as conn:
            fingerprint = input_fingerprint(conn, code_version, deps)
            unchanged = (fingerprint is not None and not os.environ.get("AICOMPUTE_FORCE_REBUILD")
                         and stored_fingerprint(conn, f"{layer}/{name}") == fingerprint and table_exists(conn, table))
            if not unchanged:  # unchanged: the "rebuilt: false" metadata says so in the UI
                if requires_assumptions:
                    require_assumptions(conn, requires_assumptions, table)
                run_sql_model(conn, layer, name, fingerprint)
            metadata = table_metadata(conn, table)
            if layer == "marts":
                metadata.update(lineage_metadata(context, conn, table, sql, code_version, deps))
            checks = run_checks(conn, context.asset_key)
        metadata.update({"rebuilt": not unchanged, "input_fingerprint": fingerprint or ""})
        return dg.MaterializeResult(metadata=metadata, data_version=dg.DataVersion(fingerprint) if fingerprint else None,
                                    check_results=checks)

    return _model


# pricing (issue 3): raw tables core.gpu_hour_prices unions, plus the curated name -> family mapping
GPU_PRICE_DEPS = ["raw/gpu_price_aliases", "raw/azure_retail_prices", "raw/gpu_cloud_lambda", "raw/gpu_cloud_modal",
                  "raw/gpu_cloud_coreweave", "raw/gpu_cloud_runpod", "raw/primeintellect_prices"]

# traffic extras (issue 3), unioned into core.traffic_monthly
TRAFFIC_DEPS = ["raw/epoch_usage_reports", "raw/similarweb_page", "raw/statcounter_ai_share", "raw/tranco_list",
                "raw/tranco_ranks"]

MODEL_ASSETS = [
    sql_model("core", "assumptions", deps=["raw/assumptions"]),
    sql_model("core", "services", deps=["raw/services"]),
    sql_model("core", "traffic_monthly", deps=["raw/similarweb_visits", "raw/wikimedia_pageviews", "core/services",
                                               *TRAFFIC_DEPS]),
    # hardware, vendor share and models (issue 3)
    sql_model("core", "vendors", deps=["raw/vendors"]),
    sql_model("core", "accelerator_aliases", deps=["raw/accelerator_aliases", "raw/accelerator_datasheets",
                                                   "raw/epoch_ml_hardware", "raw/techpowerup_gpus"]),
    sql_model("core", "accelerators", deps=["core/accelerator_aliases", "core/vendors", "raw/accelerator_datasheets",
                                            "raw/epoch_ml_hardware", "raw/techpowerup_gpus", "raw/accelerator_families"]),
    sql_model("core", "market_share", deps=["core/vendors", "raw/idc_server_tracker", "raw/idc_china_accelerators",
                                            "raw/top500"]),
    sql_model("core", "models", deps=["raw/models_curated", "raw/epoch_notable_models", "core/assumptions"],
              requires_assumptions=("flop_per_pf_day", "training_flop_per_param_token")),
    sql_model("core", "accelerator_peak_rates", deps=["core/accelerators"]),
    # pricing (issue 3)
    sql_model("core", "gpu_hour_prices", deps=GPU_PRICE_DEPS),
    sql_model("core", "token_prices", deps=["raw/litellm_prices", "raw/openrouter_models"]),
    # marts (issue 4)
    sql_model("marts", "monthly_inference_cost",
              deps=["core/traffic_monthly", "core/assumptions", "core/accelerator_peak_rates", "core/gpu_hour_prices",
                    "core/token_prices", "raw/service_serving", "raw/reference_accelerators"],
              requires_assumptions=("usd_per_interaction", "reference_training_cost_usd", "reference_training_compute_pf_days",
                                    "queries_per_visit", "tokens_per_query", "inference_active_parameters",
                                    "inference_utilisation", "flop_per_pf_day", "prompt_token_share")),
    sql_model("marts", "training_demand",
              deps=["core/models", "core/accelerator_peak_rates", "core/gpu_hour_prices", "core/assumptions",
                    "raw/reference_accelerators"],
              requires_assumptions=("flop_per_pf_day", "hours_per_year", "training_utilisation",
                                    "lambda_v100_sustained_flop_per_s", "lambda_usd_per_v100_hour", "megatron_v100_years")),
    sql_model("marts", "vendor_exposure",
              deps=["marts/monthly_inference_cost", "core/models", "core/accelerator_peak_rates", "core/market_share",
                    "core/vendors", "core/assumptions", "raw/reference_accelerators"],
              requires_assumptions=("inference_utilisation", "training_utilisation", "hours_per_year",
                                    "accelerators_per_server", "accelerator_asp_usd", "server_asp_usd")),
    sql_model("marts", "compute_trend", deps=["core/models"]),
    sql_model("marts", "seed_reconciliation",
              deps=["raw/seed_figures", "marts/monthly_inference_cost", "marts/training_demand", "core/models",
                    "core/assumptions"],
              requires_assumptions=("openai_compute_doubling_months",)),
]
