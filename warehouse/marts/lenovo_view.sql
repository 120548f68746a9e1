-- One row per calendar quarter x server vendor x scenario: Lenovo beside Dell, HPE, Supermicro and Inspur, the server
-- makers the seed note's claim is about. Per quarter: IDC's worldwide server revenue and unit share and the vendor's
-- rank among the companies IDC names that quarter (servers_revenue, servers_units; quarterly releases only), the
-- vendor's share of the TOP500 systems on the lists published in the quarter, Lenovo ISG revenue and Lenovo's AI
-- infrastructure revenue where disclosed (core.market_anchors, placed in the calendar quarter holding most of the
-- fiscal quarter), and the vendor's exposure to the modelled AI demand in each scenario (marts.vendor_exposure,
-- servers_revenue of that quarter). A quarter appears when any of these has a figure; a missing figure is NULL,
-- never carried from another quarter. Scenarios: low, central and high estimates of exposure_usd.
CREATE OR REPLACE TABLE marts.lenovo_view AS
WITH peers(vendor) AS (  -- the server makers compared (core.vendors names)
    VALUES ('Lenovo'), ('Dell'), ('HPE'), ('Supermicro'), ('Inspur')
), idc_named AS (  -- quarterly IDC shares of the companies IDC named
    SELECT m.segment, m.period, m.period_start AS quarter_start, m.vendor, m.share_pct, m.source_url,
           rank() OVER (PARTITION BY m.segment, m.period ORDER BY m.share_pct DESC) AS named_rank,
           count(*) OVER (PARTITION BY m.segment, m.period) AS companies_named
    FROM core.market_share m JOIN core.vendors v ON v.vendor = m.vendor AND v.vendor_kind = 'company'
    WHERE m.segment IN ('servers_revenue', 'servers_units') AND m.share_pct IS NOT NULL
      AND m.period LIKE '____-Q_'
), idc AS (  -- a rank only where the quarter's table is IDC's full top 5: with a company missing (2017-Q3 revenue
             -- lacks IBM: its only full table is on a page the https rule refuses) a rank among the rest would be wrong
    SELECT *, CASE WHEN companies_named >= top_n THEN named_rank END AS share_rank
    FROM idc_named CROSS JOIN (SELECT idc_top_vendors AS top_n FROM core.scenario_assumptions WHERE scenario = 'base')
), top500 AS (  -- a list's systems share, in the quarter of its publication
    SELECT date_trunc('quarter', period_start)::DATE AS quarter_start, vendor, sum(share_pct) AS top500_systems_share_pct,
           sum(units) AS top500_systems, string_agg(DISTINCT period, ', ') AS top500_lists
    FROM core.market_share WHERE segment = 'top500_systems'
    GROUP BY ALL
), anchors AS (
    SELECT date_trunc('quarter', quarter_end)::DATE AS quarter_start,
           sum(value) FILTER (WHERE entity = 'Lenovo ISG') AS isg_revenue_usd,
           sum(value) FILTER (WHERE entity LIKE 'Lenovo AI%') AS ai_infrastructure_revenue_usd,
           string_agg(DISTINCT source_url, ' ') AS anchor_source_urls
    FROM core.market_anchors
    WHERE series = 'lenovo_isg_revenue' AND metric = 'revenue'
      AND period_label LIKE '% Q_'  -- quarterly figures only: an annual total is not a quarter's
    GROUP BY ALL
), exposure AS (
    SELECT period_start AS quarter_start, vendor, scenario, exposure_usd, demand_period, issue
    FROM marts.vendor_exposure WHERE segment = 'servers_revenue' AND period LIKE '____-Q_'
), quarters AS (
    SELECT quarter_start FROM idc UNION SELECT quarter_start FROM top500 UNION SELECT quarter_start FROM anchors
)
SELECT q.quarter_start, strftime(q.quarter_start, '%Y') || '-Q' || quarter(q.quarter_start) AS quarter, p.vendor,
       s.scenario, r.share_pct AS server_revenue_share_pct, r.share_rank AS server_revenue_rank,
       u.share_pct AS server_unit_share_pct, u.share_rank AS server_unit_rank,
       t.top500_systems_share_pct, t.top500_systems, t.top500_lists,
       CASE p.vendor WHEN 'Lenovo' THEN a.isg_revenue_usd END AS isg_revenue_usd,
       CASE p.vendor WHEN 'Lenovo' THEN a.ai_infrastructure_revenue_usd END AS ai_infrastructure_revenue_usd,
       e.exposure_usd, e.demand_period, e.issue AS exposure_issue,
       coalesce(r.source_url, u.source_url) AS idc_source_url,
       CASE p.vendor WHEN 'Lenovo' THEN a.anchor_source_urls END AS anchor_source_urls,
       'shares and ranks: IDC quarterly releases (core.market_share); TOP500: systems on the quarter''s lists / 500; '
       || 'ISG and AI revenue: core.market_anchors; exposure_usd: marts.vendor_exposure servers_revenue' AS formula
FROM quarters q CROSS JOIN peers p CROSS JOIN (VALUES ('low'), ('base'), ('high')) s(scenario)
LEFT JOIN idc r ON r.segment = 'servers_revenue' AND r.quarter_start = q.quarter_start AND r.vendor = p.vendor
LEFT JOIN idc u ON u.segment = 'servers_units' AND u.quarter_start = q.quarter_start AND u.vendor = p.vendor
LEFT JOIN top500 t ON t.quarter_start = q.quarter_start AND t.vendor = p.vendor
LEFT JOIN anchors a ON a.quarter_start = q.quarter_start
LEFT JOIN exposure e ON e.quarter_start = q.quarter_start AND e.vendor = p.vendor AND e.scenario = s.scenario
ORDER BY q.quarter_start, p.vendor <> 'Lenovo', p.vendor, CASE s.scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE marts.lenovo_view IS 'One row per calendar quarter x server vendor (Lenovo, Dell, HPE, Supermicro, Inspur) x scenario: IDC share and rank, TOP500 share, Lenovo ISG and AI revenue, exposure to the modelled AI demand. Scenarios: low, central and high estimates of exposure_usd';
COMMENT ON COLUMN marts.lenovo_view.quarter_start IS 'First day of the calendar quarter';
COMMENT ON COLUMN marts.lenovo_view.quarter IS 'Calendar quarter, YYYY-Qn';
COMMENT ON COLUMN marts.lenovo_view.vendor IS 'Server vendor (core.vendors)';
COMMENT ON COLUMN marts.lenovo_view.scenario IS 'low, base or high: low, central and high estimates of exposure_usd';
COMMENT ON COLUMN marts.lenovo_view.server_revenue_share_pct IS 'IDC worldwide server vendor revenue share in the quarter (percent)';
COMMENT ON COLUMN marts.lenovo_view.server_revenue_rank IS 'Rank among the companies IDC named that quarter by revenue share (1 = largest; ODM Direct and the rest of the market not ranked); NULL where the quarter names fewer than idc_top_vendors companies';
COMMENT ON COLUMN marts.lenovo_view.server_unit_share_pct IS 'IDC worldwide server unit share in the quarter (percent)';
COMMENT ON COLUMN marts.lenovo_view.server_unit_rank IS 'Rank among the companies IDC named that quarter by unit share; NULL where fewer than idc_top_vendors are named';
COMMENT ON COLUMN marts.lenovo_view.top500_systems_share_pct IS 'Share of the systems on the TOP500 list(s) published in the quarter (percent)';
COMMENT ON COLUMN marts.lenovo_view.top500_systems IS 'Systems on that list (count)';
COMMENT ON COLUMN marts.lenovo_view.top500_lists IS 'The list edition(s), YYYY-MM';
COMMENT ON COLUMN marts.lenovo_view.isg_revenue_usd IS 'Lenovo: Infrastructure Solutions Group revenue of the fiscal quarter held mostly in this calendar quarter (USD)';
COMMENT ON COLUMN marts.lenovo_view.ai_infrastructure_revenue_usd IS 'Lenovo: AI server / infrastructure revenue where disclosed (USD)';
COMMENT ON COLUMN marts.lenovo_view.exposure_usd IS 'Exposure to the modelled AI demand at the quarter''s IDC revenue share (marts.vendor_exposure, USD)';
COMMENT ON COLUMN marts.lenovo_view.demand_period IS 'Period whose modelled demand the exposure used';
COMMENT ON COLUMN marts.lenovo_view.exposure_issue IS 'Why the exposure is missing or borrowed, from marts.vendor_exposure';
COMMENT ON COLUMN marts.lenovo_view.idc_source_url IS 'Page of the IDC figure';
COMMENT ON COLUMN marts.lenovo_view.anchor_source_urls IS 'Pages of the ISG and AI revenue figures';
COMMENT ON COLUMN marts.lenovo_view.formula IS 'Where each column comes from';
