-- Which chip vendors capture the accelerator demand (base scenario), NVIDIA against the Chinese vendors.
SELECT segment, period, vendor, share_pct, round(units) AS accelerators, round(exposure_usd / 1e6, 1) AS exposure_musd
FROM marts.vendor_exposure
WHERE category = 'accelerators' AND scenario = 'base'
ORDER BY segment, exposure_usd DESC;
