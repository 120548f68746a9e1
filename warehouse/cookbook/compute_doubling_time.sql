-- How fast does training compute grow? Doubling time and growth per year by window.
SELECT window_name, subset, n_models, round(doubling_time_months, 1) AS doubling_time_months,
       round(growth_per_year, 2) AS growth_per_year, round(r_squared, 2) AS r_squared
FROM marts.compute_trend
ORDER BY window_start, subset;
