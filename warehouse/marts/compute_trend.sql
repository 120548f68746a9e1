-- One row per named window x subset (core.trend_windows): log-linear fit of training compute (log2 FLOP) against
-- publication date, with a 90 % interval.
-- Subsets, reproducible from core.models alone (no flag that stopped being maintained):
--   all               every model with a training compute
--   frontier          a model is frontier when fewer than frontier_top_n models published on or before its date had
--                     more compute: the top 10 by compute at publication
--   largest_per_year  the largest run of each calendar year (OpenAI's 'AI and Compute' method)
-- slope = doublings per year (least squares); its standard error se = sqrt(SSE / (n - 2) / Sxx). The 90 % interval is
-- slope +/- t x se, t the Student-t 95th percentile for n - 2 degrees of freedom, from the normal quantile
-- trend_interval_z by the Cornish-Fisher expansion (three terms: within 0.3 % of the exact t from 5 degrees of
-- freedom up). doubling_time_months = 12 / slope (its interval inverts the slope's); growth_per_year = 2 ^ slope.
-- The aggregates run in a fixed order (by date, then compute): a parallel sum's order would change the last digits between runs.
CREATE OR REPLACE TABLE marts.compute_trend AS
WITH settings AS (
    SELECT frontier_top_n, trend_interval_z AS z FROM core.scenario_assumptions WHERE scenario = 'base'
), models AS (
    SELECT model, publication_date, training_compute_flop FROM core.models
    WHERE training_compute_flop > 0 AND publication_date IS NOT NULL
), ranked AS (  -- how many models published on or before this one had more compute
    SELECT m.model, count(b.model) AS larger_before
    FROM models m LEFT JOIN models b
      ON b.publication_date <= m.publication_date AND b.training_compute_flop > m.training_compute_flop
    GROUP BY m.model
), points AS (
    SELECT m.model, m.publication_date, log2(m.training_compute_flop) AS log2_flop,
           epoch(m.publication_date) / (365.25 * 86400) AS years,  -- seconds per (Julian) year
           r.larger_before < s.frontier_top_n AS frontier,
           -- one run per year: a tie in compute goes to the earlier publication (then the name), not to both
           row_number() OVER (PARTITION BY year(m.publication_date)
                              ORDER BY m.training_compute_flop DESC, m.publication_date, m.model) = 1 AS largest_of_year
    FROM models m JOIN ranked r USING (model) CROSS JOIN settings s
), fits AS (
    SELECT w.window_name, w.subset, w.window_start, coalesce(w.window_end, max(p.publication_date)) AS window_end,
           regr_slope(p.log2_flop, p.years ORDER BY p.years, p.log2_flop) AS doublings_per_year, regr_r2(p.log2_flop, p.years ORDER BY p.years, p.log2_flop) AS r_squared,
           regr_count(p.log2_flop, p.years ORDER BY p.years, p.log2_flop) AS n_models, regr_sxx(p.log2_flop, p.years ORDER BY p.years, p.log2_flop) AS sxx,
           regr_syy(p.log2_flop, p.years ORDER BY p.years, p.log2_flop) AS syy, regr_sxy(p.log2_flop, p.years ORDER BY p.years, p.log2_flop) AS sxy,
           arg_max(p.model, p.log2_flop) AS largest_model,
           -- the fitted line passes through the means; a chart draws it, and its interval's fan, from there
           avg(p.years ORDER BY p.years, p.log2_flop) AS mean_years, avg(p.log2_flop ORDER BY p.years, p.log2_flop) AS fit_centre_log2_flop
    FROM core.trend_windows w JOIN points p
      ON p.publication_date >= w.window_start AND (w.window_end IS NULL OR p.publication_date <= w.window_end)
     AND (w.subset = 'all' OR (w.subset = 'frontier' AND p.frontier) OR (w.subset = 'largest_per_year' AND p.largest_of_year))
    GROUP BY w.window_name, w.subset, w.window_start, w.window_end
), errors AS (
    SELECT f.*, s.z, n_models - 2 AS dof,
           sqrt(greatest(syy - sxy * sxy / sxx, 0) / (n_models - 2) / sxx) AS slope_se
    FROM fits f CROSS JOIN settings s WHERE n_models > 2
), intervals AS (
    SELECT *,  -- the expansion is poor below 3 degrees of freedom (12 % short at 1): no interval there
           CASE WHEN dof >= 3 THEN z + (pow(z, 3) + z) / (4 * dof) + (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / (96 * pow(dof, 2))
             + (3 * pow(z, 7) + 19 * pow(z, 5) + 17 * pow(z, 3) - 15 * z) / (384 * pow(dof, 3)) END AS t_quantile
    FROM errors
)
SELECT window_name, subset, window_start, window_end, n_models, largest_model, doublings_per_year, slope_se,
       t_quantile, doublings_per_year - t_quantile * slope_se AS doublings_per_year_low,
       doublings_per_year + t_quantile * slope_se AS doublings_per_year_high,
       12 / doublings_per_year AS doubling_time_months,
       CASE WHEN doublings_per_year - t_quantile * slope_se > 0 THEN 12 / (doublings_per_year + t_quantile * slope_se) END
           AS doubling_time_months_low,
       CASE WHEN doublings_per_year - t_quantile * slope_se > 0 THEN 12 / (doublings_per_year - t_quantile * slope_se) END
           AS doubling_time_months_high,
       pow(2, doublings_per_year) AS growth_per_year, pow(2, doublings_per_year - t_quantile * slope_se) AS growth_per_year_low,
       pow(2, doublings_per_year + t_quantile * slope_se) AS growth_per_year_high, r_squared,
       to_timestamp(mean_years * 365.25 * 86400)::DATE AS fit_centre_date, fit_centre_log2_flop,
       'least squares of log2(training_compute_flop) on publication date in years; 90 % interval = slope +/- t(0.95, n - 2) '
       || 'x se; doubling_time_months = 12 / slope; growth_per_year = 2 ^ slope' AS formula
FROM intervals
ORDER BY window_start, subset, window_name;

COMMENT ON TABLE marts.compute_trend IS 'One row per window x subset: growth of training compute over time from a log-linear fit, with a 90 % interval';
COMMENT ON COLUMN marts.compute_trend.window_name IS 'Name of the window, e.g. 2012-2018';
COMMENT ON COLUMN marts.compute_trend.subset IS 'all (every model with compute), frontier (top frontier_top_n by compute at publication) or largest_per_year (the largest run of each year)';
COMMENT ON COLUMN marts.compute_trend.window_start IS 'First publication date in the window';
COMMENT ON COLUMN marts.compute_trend.window_end IS 'Last publication date in the window (the latest model for open windows)';
COMMENT ON COLUMN marts.compute_trend.n_models IS 'Models in the fit';
COMMENT ON COLUMN marts.compute_trend.largest_model IS 'The model with the most training compute in the fit';
COMMENT ON COLUMN marts.compute_trend.fit_centre_date IS 'Mean publication date of the fitted models: the fitted line and the ends of its interval pass through (fit_centre_date, fit_centre_log2_flop)';
COMMENT ON COLUMN marts.compute_trend.fit_centre_log2_flop IS 'Mean log2(training FLOP) of the fitted models (the fitted line''s value at fit_centre_date)';
COMMENT ON COLUMN marts.compute_trend.doublings_per_year IS 'Slope of log2(FLOP) per year';
COMMENT ON COLUMN marts.compute_trend.slope_se IS 'Standard error of the slope (doublings per year)';
COMMENT ON COLUMN marts.compute_trend.t_quantile IS 'Student-t 95th percentile for n_models - 2 degrees of freedom (Cornish-Fisher from trend_interval_z)';
COMMENT ON COLUMN marts.compute_trend.doublings_per_year_low IS 'Lower end of the slope''s 90 % interval';
COMMENT ON COLUMN marts.compute_trend.doublings_per_year_high IS 'Upper end of the slope''s 90 % interval';
COMMENT ON COLUMN marts.compute_trend.doubling_time_months IS 'Months for training compute to double';
COMMENT ON COLUMN marts.compute_trend.doubling_time_months_low IS 'Shortest doubling time in the 90 % interval (months); NULL when the interval includes no growth';
COMMENT ON COLUMN marts.compute_trend.doubling_time_months_high IS 'Longest doubling time in the 90 % interval (months); NULL when the interval includes no growth';
COMMENT ON COLUMN marts.compute_trend.growth_per_year IS 'Factor by which training compute grows per year';
COMMENT ON COLUMN marts.compute_trend.growth_per_year_low IS 'Lower end of the 90 % interval of growth_per_year';
COMMENT ON COLUMN marts.compute_trend.growth_per_year_high IS 'Upper end of the 90 % interval of growth_per_year';
COMMENT ON COLUMN marts.compute_trend.r_squared IS 'Coefficient of determination of the fit';
COMMENT ON COLUMN marts.compute_trend.formula IS 'How the fit was computed';
