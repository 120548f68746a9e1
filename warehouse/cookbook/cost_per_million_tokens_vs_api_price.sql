-- What does a million tokens of each served model cost on rented and on owned accelerators, against its API price?
-- Latest month with a price for each model and product, base scenario, the precision the stack serves.
SELECT c.month, c.model_served, c.product, c.precision, round(c.usd_per_gpu_hour_rented, 2) AS usd_per_gpu_hour,
       round(c.usd_per_mtok_input_rented, 3) AS input_usd_per_mtok, round(c.usd_per_mtok_output_rented, 3) AS output_usd_per_mtok,
       round(c.usd_per_mtok_blended_owned, 3) AS owned_blended_usd_per_mtok, c.api_model,
       round(c.api_usd_per_mtok_blended, 3) AS api_blended_usd_per_mtok, round(c.gross_margin_rented, 2) AS gross_margin_rented
FROM marts.serving_cost_per_mtok c
JOIN (SELECT DISTINCT model_served, costed_product, precision FROM core.service_serving) s
  ON s.model_served = c.model_served AND s.costed_product = c.product AND s.precision = c.precision
WHERE c.scenario = 'base'
QUALIFY c.month = max(c.month) OVER (PARTITION BY c.model_served, c.product)
ORDER BY c.product, c.model_served;
