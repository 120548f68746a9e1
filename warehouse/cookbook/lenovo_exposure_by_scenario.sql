-- Lenovo's exposure to AI compute demand, by segment and scenario (servers: IDC tracker and TOP500 shares).
SELECT segment, period, scenario, share_pct, round(units) AS servers, asp_usd, round(exposure_usd / 1e6, 1) AS exposure_musd,
       share_source_url
FROM marts.vendor_exposure
WHERE vendor = 'Lenovo'
ORDER BY segment, scenario;
