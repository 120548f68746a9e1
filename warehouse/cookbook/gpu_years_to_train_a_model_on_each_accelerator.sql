-- GPU-years and dollars to train a model on each reference accelerator and on its own hardware, per scenario, by
-- Epoch's three cost methods (nominal USD; 2023 USD columns sit beside in the mart). Change the model name.
SELECT basis, accelerator, accelerator_variant, scenario, round(pf_days, 1) AS pf_days,
       round(sustained_flop_per_s / 1e12, 1) AS sustained_tflop_per_s, utilisation_basis,
       round(accelerator_years, 1) AS accelerator_years, round(cluster_accelerators) AS cluster_accelerators,
       priced_product, price_month, price_after_training, round(usd_per_gpu_hour, 2) AS usd_per_gpu_hour,
       round(cloud_cost_usd) AS cloud_cost_usd, round(capex_energy_cost_usd) AS capex_energy_cost_usd,
       round(acquisition_cost_usd) AS acquisition_cost_usd, issue
FROM marts.training_demand
WHERE model = 'GPT-3 175B'
ORDER BY basis, accelerator, scenario;
