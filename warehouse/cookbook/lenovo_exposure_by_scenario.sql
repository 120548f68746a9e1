-- Lenovo beside Dell, HPE, Supermicro and Inspur, quarter by quarter: IDC server revenue share and rank, TOP500
-- systems share, Lenovo ISG revenue, and exposure to the modelled AI demand (low / base / high).
WITH e AS (
    PIVOT (SELECT quarter_start, vendor, scenario, exposure_usd FROM marts.lenovo_view) ON scenario USING any_value(exposure_usd)
)
SELECT v.quarter, v.vendor, v.server_revenue_share_pct, v.server_revenue_rank, v.server_unit_share_pct,
       v.top500_systems_share_pct, round(v.isg_revenue_usd / 1e9, 2) AS isg_revenue_usd_bn,
       round(e.low / 1e6, 1) AS exposure_low_usd_m, round(e.base / 1e6, 1) AS exposure_base_usd_m,
       round(e.high / 1e6, 1) AS exposure_high_usd_m, v.exposure_issue
FROM marts.lenovo_view v JOIN e USING (quarter_start, vendor)
WHERE v.scenario = 'base'
ORDER BY v.quarter_start, v.vendor <> 'Lenovo', v.vendor;
