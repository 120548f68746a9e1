-- One row per named window x subset (core.trend_windows): log-linear fit of training compute (log2 FLOP) against
-- publication date.
-- slope = doublings per year; doubling_time_months = 12 / slope; growth_per_year = 2 ^ slope.
CREATE OR REPLACE TABLE marts.compute_trend AS
WITH points AS (
    SELECT model, publication_date, log2(training_compute_flop) AS log2_flop,
           epoch(publication_date) / (365.25 * 86400) AS years,  -- seconds per (Julian) year
           coalesce(frontier_model, false) AS frontier
    FROM core.models WHERE training_compute_flop > 0 AND publication_date IS NOT NULL
), fits AS (
    SELECT w.window_name, w.subset, w.window_start, coalesce(w.window_end, max(p.publication_date)) AS window_end,
           regr_slope(p.log2_flop, p.years) AS doublings_per_year, regr_r2(p.log2_flop, p.years) AS r_squared,
           count(*) AS n_models
    FROM core.trend_windows w JOIN points p
      ON p.publication_date >= w.window_start AND (w.window_end IS NULL OR p.publication_date <= w.window_end)
     AND (w.subset = 'all' OR p.frontier)
    GROUP BY w.window_name, w.subset, w.window_start, w.window_end
)
SELECT window_name, subset, window_start, window_end, n_models, doublings_per_year,
       12 / doublings_per_year AS doubling_time_months, pow(2, doublings_per_year) AS growth_per_year, r_squared,
       'least squares of log2(training_compute_flop) on publication date in years; doubling_time_months = 12 / slope; '
       || 'growth_per_year = 2 ^ slope' AS formula
FROM fits
ORDER BY window_start, subset, window_name;

COMMENT ON TABLE marts.compute_trend IS 'One row per window x subset: growth of training compute over time from a log-linear fit';
COMMENT ON COLUMN marts.compute_trend.window_name IS 'Name of the window, e.g. 2012-2018';
COMMENT ON COLUMN marts.compute_trend.subset IS 'all (every model with compute) or frontier (Epoch''s frontier flag)';
COMMENT ON COLUMN marts.compute_trend.window_start IS 'First publication date in the window';
COMMENT ON COLUMN marts.compute_trend.window_end IS 'Last publication date in the window (the latest model for open windows)';
COMMENT ON COLUMN marts.compute_trend.n_models IS 'Models in the fit';
COMMENT ON COLUMN marts.compute_trend.doublings_per_year IS 'Slope of log2(FLOP) per year';
COMMENT ON COLUMN marts.compute_trend.doubling_time_months IS 'Months for training compute to double';
COMMENT ON COLUMN marts.compute_trend.growth_per_year IS 'Factor by which training compute grows per year';
COMMENT ON COLUMN marts.compute_trend.r_squared IS 'Coefficient of determination of the fit';
COMMENT ON COLUMN marts.compute_trend.formula IS 'How the fit was computed';
