-- One row per window marts.compute_trend fits: first and last publication date (NULL: open, up to the latest
-- model) and the model subset. Configuration, from inputs/curated/trend_windows.csv.
CREATE OR REPLACE TABLE core.trend_windows AS
SELECT window_name, window_start, window_end, subset, note
FROM staging.trend_windows
ORDER BY window_start, subset, window_name;

COMMENT ON TABLE core.trend_windows IS 'One row per window of the compute trend (configuration)';
COMMENT ON COLUMN core.trend_windows.window_name IS 'Name of the window, e.g. 2012-2018';
COMMENT ON COLUMN core.trend_windows.window_start IS 'First publication date in the window';
COMMENT ON COLUMN core.trend_windows.window_end IS 'Last publication date in the window; NULL: open, up to the latest model';
COMMENT ON COLUMN core.trend_windows.subset IS 'all (every model with compute) or frontier (Epoch''s frontier flag)';
COMMENT ON COLUMN core.trend_windows.note IS 'Why this window';
