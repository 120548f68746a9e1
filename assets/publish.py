"""The publish step: gate checks on the working file, then an atomic copy to warehouse/aicompute.duckdb."""

import dagster as dg

from pipelines.resources import WarehouseResource

from .checks import gate_checks
from .tables import WAREHOUSE_POOL


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
        description="The analysts' DuckDB file (warehouse/aicompute.duckdb). Runs every blocking check again on "
                    "the working file, then checkpoints it, copies it beside the published file and renames it "
                    "into place. A failed check or a crash leaves the published file as it was.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        failures = []
        with warehouse.connect() as conn:
            for gate in gate_checks():
                outcome = gate.run(conn)
                if not outcome.passed:
                    failures.append(f"{gate.asset_key.to_user_string()}:{gate.name}: {outcome.description}")
        if failures:
            raise PublishGateError("not published, blocking checks failed on the working file:\n  " + "\n  ".join(failures))
        result = warehouse.publish(log=context.log)
        context.log.info(f"published {result.path} ({result.size_bytes:,} bytes, {result.tables} tables)")
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "size_bytes": result.size_bytes,
            "tables": result.tables,
            "open_with": f"duckdb -readonly {result.path}",
        })

    return published_warehouse
