-- The largest training runs on record: how Epoch got the compute, and what each cost on its own hardware by the
-- three methods (base scenario, millions of 2023 USD) beside Epoch's own estimate.
SELECT model, organization, publication_date, training_compute_flop, round(pf_days) AS pf_days, method, confidence,
       accelerator_variant, round(cluster_accelerators) AS accelerators,
       round(cloud_cost_2023_usd / 1e6, 1) AS cloud_musd_2023, round(capex_energy_cost_2023_usd / 1e6, 1) AS capex_energy_musd_2023,
       round(acquisition_cost_2023_usd / 1e6, 1) AS acquisition_musd_2023, round(epoch_cost_2023_usd / 1e6, 1) AS epoch_musd_2023,
       issue
FROM marts.training_demand
WHERE basis = 'as_trained' AND scenario = 'base' AND training_compute_flop IS NOT NULL
ORDER BY training_compute_flop DESC
LIMIT 20;
