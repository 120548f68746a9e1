-- One row per series x entity x reporting period x metric: the market-size anchors of the supply side (NVIDIA and
-- AMD data-center revenue, hyperscaler capex, Lenovo ISG revenue, IDC server-market totals and shares, China AI
-- accelerator shares), each with the page it was read from, its quality and the date it was true.
-- period_end is the calendar date the reporting period ended; quarter_end is the end of the calendar quarter that
-- holds most of a quarterly period: the quarter of period_end minus quarter_midpoint_offset_days (NVIDIA's fiscal
-- quarters end about a month after calendar quarters: FY2025 Q3, Aug-Oct 2024, ended 2024-10-27 -> 2024-09-30), so
-- series can be set beside each other by calendar quarter. Annual rows (period_label of a year) keep their year's
-- last quarter.
CREATE OR REPLACE TABLE core.market_anchors AS
SELECT series, entity, period_label, period_end,
       last_day(date_trunc('quarter', period_end - to_days(a.quarter_midpoint_offset_days::INTEGER)) + INTERVAL 2 MONTH)
           AS quarter_end,
       metric, value, unit, qualifier, quality, quote, publisher, published_date,
       observed_at, observed_at_basis, source_url, payload_sha256
FROM staging.market_anchors
CROSS JOIN (SELECT quarter_midpoint_offset_days FROM core.scenario_assumptions WHERE scenario = 'base') a
ORDER BY series, entity, period_end, metric;

COMMENT ON TABLE core.market_anchors IS 'One row per market-size anchor figure: series x entity x reporting period x metric, with its page, quality and date (inputs/curated/market_anchors.csv)';
COMMENT ON COLUMN core.market_anchors.series IS 'nvidia_datacenter_revenue, amd_datacenter_revenue, hyperscaler_capex, lenovo_isg_revenue, china_ai_accelerators (IDC''s server tracker figures are in core.market_share, from idc_server_tracker)';
COMMENT ON COLUMN core.market_anchors.entity IS 'Company or market, e.g. NVIDIA, Microsoft, Microsoft (incl. finance leases): a different entity is a different definition';
COMMENT ON COLUMN core.market_anchors.period_label IS 'The period as the company names it (fiscal quarters stay fiscal)';
COMMENT ON COLUMN core.market_anchors.period_end IS 'Calendar date the reporting period ended';
COMMENT ON COLUMN core.market_anchors.quarter_end IS 'Last day of the calendar quarter holding most of the period (the quarter of period_end minus quarter_midpoint_offset_days)';
COMMENT ON COLUMN core.market_anchors.metric IS 'revenue, capex (USD), share_pct (percent) or units';
COMMENT ON COLUMN core.market_anchors.value IS 'The figure, in unit';
COMMENT ON COLUMN core.market_anchors.unit IS 'usd, pct or units';
COMMENT ON COLUMN core.market_anchors.qualifier IS '> (a lower bound) or ~ (an approximation) as the source wrote it; empty for an exact figure';
COMMENT ON COLUMN core.market_anchors.quality IS 'primary (the company''s or IDC''s own text, reprinted verbatim), secondary (a third party''s report), estimate, verify';
COMMENT ON COLUMN core.market_anchors.quote IS 'The sentence the figure was read from';
COMMENT ON COLUMN core.market_anchors.publisher IS 'Who published the page';
COMMENT ON COLUMN core.market_anchors.published_date IS 'When the page was published, where it says';
COMMENT ON COLUMN core.market_anchors.observed_at IS 'When the figure was true: the end of its reporting period';
COMMENT ON COLUMN core.market_anchors.observed_at_basis IS 'period';
COMMENT ON COLUMN core.market_anchors.source_url IS 'Page the figure was transcribed from';
COMMENT ON COLUMN core.market_anchors.payload_sha256 IS 'sha256 of the curated file version the row came in';
