-- The cheapest current on-demand USD per GPU-hour of each accelerator family, and who offers it.
SELECT accelerator, min(usd_per_gpu_hour) AS usd_per_gpu_hour, arg_min(provider, usd_per_gpu_hour) AS provider,
       count(*) AS offers
FROM core.gpu_hour_prices
WHERE price_type = 'on_demand' AND valid_to IS NULL AND accelerator IS NOT NULL
GROUP BY accelerator
ORDER BY usd_per_gpu_hour;
