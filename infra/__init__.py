"""The base every other package imports: where things live (infra.paths), what a source is (infra.sources), the
DuckDB I/O helpers (infra.tables), the publish mechanics (infra.publish) and the Dagster resources
(infra.resources). Nothing here imports assets/ or pipelines/."""
