-- Price history of H100 GPU-hours: every change opens a row (valid_from) and closes the previous one (valid_to).
SELECT provider, accelerator_variant, region, price_type, usd_per_gpu_hour, valid_from, valid_to
FROM core.gpu_hour_prices
WHERE accelerator = 'H100'
ORDER BY provider, accelerator_variant, region, price_type, valid_from;
