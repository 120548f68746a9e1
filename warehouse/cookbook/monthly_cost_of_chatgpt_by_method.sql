-- Monthly cost of ChatGPT by method (seed_note, top_down, bottom_up), base scenario with its low-high range: the
-- driver each month used (observed, interpolated or carried), the model and accelerator serving it, and the same
-- tokens at the API price.
WITH c AS (
    PIVOT (SELECT service, month, method, scenario, cost_usd FROM marts.monthly_inference_cost WHERE service = 'ChatGPT')
    ON scenario USING any_value(cost_usd)
)
SELECT m.month, m.method, m.status, m.driver, m.model_served, m.costed_product,
       round(c.low / 1e6, 1) AS low_usd_m, round(c.base / 1e6, 1) AS base_usd_m, round(c.high / 1e6, 1) AS high_usd_m,
       round(m.compute_pf_days) AS compute_pf_days, round(m.api_cost_usd / 1e6, 1) AS api_cost_usd_m, m.quality, m.issue
FROM marts.monthly_inference_cost m JOIN c USING (service, month, method)
WHERE m.service = 'ChatGPT' AND m.scenario = 'base'
ORDER BY m.month, m.method DESC;
