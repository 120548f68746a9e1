-- GPU-years (and dollars) to train a model on each reference accelerator, per scenario. Change the model name.
SELECT accelerator, scenario, round(pf_days, 1) AS pf_days, round(sustained_flop_per_s / 1e12, 1) AS sustained_tflop_per_s,
       round(accelerator_years, 1) AS accelerator_years, usd_per_gpu_hour, price_provider, round(cost_usd) AS cost_usd, issue
FROM marts.training_demand
WHERE model = 'GPT-3 175B'
ORDER BY accelerator, scenario;
