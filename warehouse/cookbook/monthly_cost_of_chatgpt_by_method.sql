-- Monthly cost of ChatGPT by method (top-down vs bottom-up) and scenario, with the API-price comparison.
SELECT month, method, scenario, round(cost_usd) AS cost_usd, round(compute_pf_days, 1) AS compute_pf_days,
       round(api_cost_usd) AS api_cost_usd, issue
FROM marts.monthly_inference_cost
WHERE service = 'ChatGPT'
ORDER BY month, method DESC, scenario;
