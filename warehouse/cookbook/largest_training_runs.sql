-- The largest training runs on record and their H100-years at base utilisation.
SELECT model, organization, publication_date, training_compute_flop, round(pf_days) AS pf_days,
       round(accelerator_years) AS h100_years, round(cost_usd / 1e6, 1) AS cost_musd_at_cheapest_h100
FROM marts.training_demand
WHERE accelerator = 'H100' AND scenario = 'base' AND training_compute_flop IS NOT NULL
ORDER BY training_compute_flop DESC
LIMIT 20;
