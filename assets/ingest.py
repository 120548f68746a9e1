"""Ingest layer: one raw asset per registered source (fetch -> parse -> append with provenance)."""

from datetime import timedelta

import dagster as dg

from infra.resources import SourceFetcher, WarehouseResource
from infra.sources import Source, SourceError, SourceParseError
from infra.tables import LATEST_CAPTURE, WAREHOUSE_POOL, table_metadata

from .build import ingest_all
from .checks import check_specs_for, run_checks
from .sources import SOURCES, assumptions
from .sources.catalog import CURATED_CADENCE


def raw_freshness() -> dg.FreshnessPolicy:
    """Raw assets not fetched for this long show as late (warn) or failed in the UI: the assumptions
    raw_freshness_warn_hours and raw_freshness_fail_hours (base values), read from the curated file when the code
    location loads. A broken file stops the load with the parse error naming its line."""
    return dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=assumptions.base_value("raw_freshness_fail_hours")),
                                          warn_window=timedelta(hours=assumptions.base_value("raw_freshness_warn_hours")))


RAW_FRESHNESS = raw_freshness()


def source_failure(exc: SourceError, mode: str) -> dg.Failure:
    """A source that cannot be fetched or parsed, as the step failure the UI shows first: its message names the
    source, the file or URL and the fault, with those as metadata. Raised `from None`: the fault is a fact about the
    payload, not a bug, and a Python traceback under it would only bury the message."""
    origin = (dg.MetadataValue.url(exc.origin) if exc.origin.startswith(("http://", "https://"))
              else dg.MetadataValue.path(exc.origin))
    what = "the payload is not what the parser expects" if isinstance(exc, SourceParseError) \
        else "the payload could not be obtained"
    return dg.Failure(description=str(exc), allow_retries=False, metadata={
        "source": exc.source, "origin": origin, "fault": exc.detail, "kind": what, "source_mode": mode,
        **({"line": exc.line} if exc.line is not None else {}), **({"column": exc.column} if exc.column else {})})


def raw_asset(source: Source) -> dg.AssetsDefinition:
    @dg.asset(
        key=["raw", source.name],
        group_name="ingest",
        kinds={"duckdb", source.format},
        description=f"{source.description}\n\nraw.{source.name}: append-only, one batch per changed payload. "
                    f"Live URL: {source.url or '(curated file in the repo)'}. Licence: {source.licence or 'see source'}.",
        owners=list(source.owners),
        tags={"domain": source.domain, "curated": str(source.curated).lower()},
        metadata={"source_url": source.url or source.origin("snapshot"), "snapshot": source.origin("snapshot"),
                  "cadence": source.cadence or CURATED_CADENCE},
        pool=WAREHOUSE_POOL,
        freshness_policy=RAW_FRESHNESS,
        check_specs=check_specs_for(dg.AssetKey(["raw", source.name])),
    )
    def _raw(context: dg.AssetExecutionContext, warehouse: WarehouseResource, fetcher: SourceFetcher) -> dg.MaterializeResult:
        mode = fetcher.resolved_mode()
        try:
            payloads = fetcher.fetch_all(source, archive_dir=warehouse.archive_dir)
            payload = payloads[-1]  # the newest
            with warehouse.connect() as conn:
                # Payloads ingested before: no parse, no write (the "unchanged" metadata says so in the UI).
                result = ingest_all(conn, source, payloads)
                metadata = table_metadata(conn, source.table, LATEST_CAPTURE)
                checks = run_checks(conn, context.asset_key)
        except SourceError as exc:
            raise source_failure(exc, mode) from None
        metadata.update({
            "payload_sha256": payload.sha256,
            "captures": len(payloads),
            "payload_bytes": len(payload.body),
            "fetched_from": dg.MetadataValue.url(payload.origin) if payload.origin.startswith("http") else payload.origin,
            "rows_appended": result.rows_appended,
            "unchanged": result.unchanged,
            "source_mode": mode,
        })
        return dg.MaterializeResult(metadata=metadata, data_version=dg.DataVersion(payload.sha256), check_results=checks)

    return _raw


RAW_ASSETS = [raw_asset(s) for s in SOURCES]
