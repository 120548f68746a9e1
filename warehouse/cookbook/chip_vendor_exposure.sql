-- Which chip vendors capture the accelerator demand (base scenario), NVIDIA against the Chinese vendors, segment by
-- segment and period: worldwide shares against the modelled demand, China shares against China's own market.
SELECT segment, unit, region, period, basis, vendor, share_pct, round(units) AS accelerators,
       round(exposure_usd / 1e6, 1) AS exposure_musd, issue
FROM marts.vendor_exposure
WHERE category = 'accelerators' AND scenario = 'base'
ORDER BY segment, period_start, exposure_usd DESC NULLS LAST, share_pct DESC;
