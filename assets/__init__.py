"""Asset code by layer: sources/ (fetch + parse per source), ingest (raw.*), models (core.*, marts.*), publish."""
