"""meta.source_freshness: per source, how old its newest figure is and whether that is older than it should be.

A VIEW, so that an analyst reading the published file sees ages as of the moment of the query, not of the last
refresh. Generated from the registry (each source's cadence and stale_after_days) by the publish step; its SQL is
fingerprinted in meta.build_fingerprints, so a changed threshold republishes the file.
"""
from __future__ import annotations

import hashlib

import duckdb

from infra.sources import Source
from infra.tables import ensure_meta, quote_identifier, sql_literal, table_exists

from .sources import SOURCES

VIEW = "meta.source_freshness"
COLUMNS = {
    "source": "Registry source (raw table raw.<source>)",
    "domain": "traffic, hardware, pricing, vendor_share, models, assumptions",
    "web_url": "Where the source is published (live URL; NULL for a curated file)",
    "cadence": "How often the upstream publishes, as declared beside the source",
    "stale_after_days": "Older than this (days) is stale; NULL: configuration that no date makes old",
    "captures": "Captures (payload batches) in raw.<source>",
    "oldest_observed_at": "Oldest observed_at in raw.<source>: where its history starts",
    "newest_observed_at": "Newest observed_at in raw.<source> (of its rows dated by the payload itself, when it has such rows): when its newest figure was true",
    "last_fetched_at": "When this pipeline last read a payload of it that was new",
    "payload_changed_at": "The capture date of its newest payload (when its content last changed)",
    "age_days": "Days from newest_observed_at to now (at query time)",
    "stale": "true: age_days > stale_after_days, or no row at all",
}


def _source_sql(source: Source) -> str:
    registry = (f"{sql_literal(source.name)} AS source, {sql_literal(source.domain)} AS domain, "
                f"{sql_literal(source.url) if source.url else 'NULL'} AS web_url, "
                f"{sql_literal(source.cadence or 'by hand: an analyst edits the file')} AS cadence, "
                f"{source.stale_after_days if source.stale_after_days is not None else 'NULL'}::INTEGER AS stale_after_days")
    # a source whose rows carry their own dates is as new as its newest dated row (an undated row, dated by its
    # capture, would make an old dataset look new)
    own = f" FILTER (WHERE observed_at_basis = {sql_literal(source.observed_at_basis)})" \
        if source.observed_at_column else ""
    return (f"SELECT {registry}, count(DISTINCT payload_sha256) AS captures, min(observed_at){own} AS oldest_observed_at, "
            f"max(observed_at){own} AS newest_observed_at, max(fetched_at) AS last_fetched_at, "
            f"max(captured_at) AS payload_changed_at FROM raw.{quote_identifier(source.name)}")


def view_sql(sources: tuple[Source, ...] = SOURCES) -> str:
    union = "\n    UNION ALL ".join(_source_sql(s) for s in sources)
    return (f"CREATE OR REPLACE VIEW {VIEW} AS\nWITH per_source AS (\n    {union}\n)\n"
            "SELECT *, date_diff('day', newest_observed_at, now()) AS age_days,\n"
            "       coalesce(date_diff('day', newest_observed_at, now()) > stale_after_days,\n"
            "                stale_after_days IS NOT NULL) AS stale\n"
            "FROM per_source ORDER BY stale DESC, domain, source")


def ensure_source_freshness(conn: duckdb.DuckDBPyConnection, sources: tuple[Source, ...] = SOURCES) -> None:
    """(Re)create the view when every raw table exists (a source never ingested is a failed refresh, not stale)."""
    if not all(table_exists(conn, s.table) for s in sources):
        return
    sql = view_sql(sources)
    ensure_meta(conn)
    conn.execute(sql)
    conn.execute(f"COMMENT ON VIEW {VIEW} IS {sql_literal(__doc__.split(chr(10))[0])}")
    for column, text in COLUMNS.items():
        conn.execute(f"COMMENT ON COLUMN {VIEW}.{column} IS {sql_literal(text)}")
    conn.execute("INSERT OR REPLACE INTO meta.build_fingerprints VALUES (?, ?, now())",
                 ["meta/source_freshness", hashlib.sha256(sql.encode()).hexdigest()])


def stale_sources(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, int | None, int]]:
    """(source, age_days, stale_after_days) of every stale source, oldest first; [] when the view is absent."""
    exists = conn.execute("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'meta' "
                          "AND view_name = 'source_freshness'").fetchone()[0]
    if not exists:
        return []
    return conn.execute(f"SELECT source, age_days, stale_after_days FROM {VIEW} WHERE stale "
                        "ORDER BY age_days DESC NULLS FIRST").fetchall()
