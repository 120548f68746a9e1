-- One row per segment x period x vendor: a vendor's share of a market, with units and value where published.
-- IDC press-release figures (servers_revenue, servers_units, gpu_servers_units, accelerators_china_units,
-- ai_servers_china_revenue; inputs/curated/idc_*.csv) and shares computed from the TOP500 list
-- (top500_systems: systems per manufacturer / systems on the list; top500_accelerated_systems: by accelerator vendor).
-- Vendors are canonical via core.vendors (IDC joint-venture lines included); unknown names are kept as reported.
-- Where a release gives units or revenue but no share and the segment's Total is published, share is computed.
-- quality: the curated rows' own (the worst of a vendor-period's rows: primary < secondary < estimate < verify);
-- TOP500 shares are computed from the list itself (primary). payload_sha256: the capture the figures came in.
CREATE OR REPLACE TABLE core.market_share AS
WITH vendor_names AS (
    SELECT vendor, lower(vendor) AS name_key FROM core.vendors
    UNION SELECT vendor, lower(unnest(aliases)) FROM core.vendors
), figures AS (
    SELECT * FROM staging.idc_server_tracker
    UNION ALL BY NAME
    SELECT * FROM staging.idc_china_accelerators
), idc AS (
    SELECT f.segment, f.period, f.period_start, f.period_end, coalesce(v.vendor, f.vendor) AS vendor, f.vendor AS reported_vendor,
           max(f.value) FILTER (WHERE f.metric = 'share') AS share_pct,
           max(f.value) FILTER (WHERE f.metric = 'units') AS units,
           max(f.value) FILTER (WHERE f.metric = 'revenue') AS value_usd,
           -- the share's qualifier where the share is published; else the units' (a share derived from bounds)
           nullif(first(nullif(f.qualifier, '') ORDER BY f.metric <> 'share', f.figure_url), '') AS qualifier,
           -- the share's page first, in a fixed order: the same inputs give the same row on every build
           first(f.source ORDER BY f.metric <> 'share', f.figure_url) AS source,
           first(f.figure_url ORDER BY f.metric <> 'share', f.figure_url) AS source_url,
           CASE max(CASE f.quality WHEN 'primary' THEN 1 WHEN 'secondary' THEN 2 WHEN 'estimate' THEN 3 ELSE 4 END)
               WHEN 1 THEN 'primary' WHEN 2 THEN 'secondary' WHEN 3 THEN 'estimate' ELSE 'verify' END AS quality,
           first(f.payload_sha256 ORDER BY f.metric <> 'share', f.figure_url) AS payload_sha256,
           nullif(string_agg(DISTINCT nullif(f.note, ''), '; ' ORDER BY nullif(f.note, '')), '') AS note
    FROM figures f LEFT JOIN vendor_names v ON v.name_key = lower(f.vendor)
    GROUP BY ALL
), idc_totals AS (
    SELECT segment, period, units AS total_units, value_usd AS total_value_usd, qualifier AS total_qualifier
    FROM idc WHERE vendor = 'Total'
), idc_shares AS (
    -- a share computed from a bound ('more than 820,000 of more than 2.7 million') is an approximation, not a bound
    SELECT i.* REPLACE (coalesce(i.share_pct, 100.0 * i.units / t.total_units, 100.0 * i.value_usd / t.total_value_usd) AS share_pct,
                        CASE WHEN i.share_pct IS NULL AND (i.qualifier IS NOT NULL OR t.total_qualifier IS NOT NULL)
                                  AND i.vendor <> 'Total' THEN '~' ELSE i.qualifier END AS qualifier),
           CASE WHEN i.share_pct IS NOT NULL THEN 'reported'
                WHEN coalesce(i.units / t.total_units, i.value_usd / t.total_value_usd) IS NOT NULL THEN 'computed_from_total'
           END AS share_method
    FROM idc i LEFT JOIN idc_totals t USING (segment, period)
), top500 AS (
    SELECT * FROM staging.top500
), top500_by_vendor AS (
    -- the accelerator vendor: the whole accelerator name where core.vendors knows it ('Matrix-2000' is NUDT's, 'Deep
    -- Computing Processor' Hygon's), else its first word ('NVIDIA H100', 'Nvidia H100 SXM5', 'AMD Instinct MI250X')
    SELECT 'top500_systems' AS segment, list_edition, manufacturer AS reported_vendor, source_url, payload_sha256 FROM top500
    UNION ALL
    SELECT 'top500_accelerated_systems', list_edition,
           CASE WHEN lower(accelerator) IN (SELECT name_key FROM vendor_names) THEN accelerator
                ELSE coalesce(split_part(accelerator, ' ', 1), '(none)') END, source_url, payload_sha256
    FROM top500
), top500_shares AS (
    SELECT t.segment, strftime(t.list_edition, '%Y-%m') AS period, t.list_edition AS period_start,
           last_day(t.list_edition) AS period_end, coalesce(v.vendor, t.reported_vendor) AS vendor, t.reported_vendor,
           100.0 * count(*) / any_value(n.systems) AS share_pct,  -- percent of the systems on the list
           'computed_from_list' AS share_method, count(*)::DOUBLE AS units, NULL::DOUBLE AS value_usd,
           NULL AS qualifier, 'top500' AS source, any_value(t.source_url) AS source_url, 'primary' AS quality,
           any_value(t.payload_sha256) AS payload_sha256, t.list_edition::TIMESTAMPTZ AS observed_at,
           'systems on the list: ' || any_value(n.systems) AS note
    FROM top500_by_vendor t
    JOIN (SELECT list_edition, count(*) AS systems FROM top500 GROUP BY ALL) n USING (list_edition)
    LEFT JOIN vendor_names v ON v.name_key = lower(t.reported_vendor)
    GROUP BY t.segment, t.list_edition, v.vendor, t.reported_vendor
)
SELECT segment, period, period_start, period_end, vendor, reported_vendor, share_pct, share_method, units, value_usd,
       qualifier, source, source_url, quality, period_start::TIMESTAMPTZ AS observed_at, payload_sha256, note
FROM idc_shares
UNION ALL BY NAME
SELECT * FROM top500_shares
ORDER BY segment, period_start, share_pct DESC NULLS LAST, vendor;

COMMENT ON TABLE core.market_share IS 'One row per segment x period x reported vendor: share of the market (percent), units and value where published (IDC quotes, TOP500 list)';
COMMENT ON COLUMN core.market_share.segment IS 'servers_revenue, servers_units, gpu_servers_units, accelerators_china_units, ai_servers_china_revenue, top500_systems, top500_accelerated_systems';
COMMENT ON COLUMN core.market_share.period IS 'Period label: YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM (TOP500 list edition)';
COMMENT ON COLUMN core.market_share.period_start IS 'First day of the period';
COMMENT ON COLUMN core.market_share.period_end IS 'Last day of the period';
COMMENT ON COLUMN core.market_share.vendor IS 'Canonical vendor (core.vendors), or the reported name when core.vendors does not know it';
COMMENT ON COLUMN core.market_share.reported_vendor IS 'Vendor as the source names it, e.g. HPE/New H3C Group, IEIT Systems (Inspur), DELL';
COMMENT ON COLUMN core.market_share.share_pct IS 'Share of the segment (percent, 0-100)';
COMMENT ON COLUMN core.market_share.share_method IS 'reported (published share), computed_from_total (units or revenue / the segment Total), computed_from_list (TOP500 systems / systems on the list)';
COMMENT ON COLUMN core.market_share.units IS 'Units: servers, accelerator cards or TOP500 systems (count)';
COMMENT ON COLUMN core.market_share.value_usd IS 'Revenue (USD)';
COMMENT ON COLUMN core.market_share.qualifier IS 'NULL for an exact figure, ''>'' / ''<'' / ''~'' when the source says over / under / about (the share''s where published; ''~'' for a share computed from a bound)';
COMMENT ON COLUMN core.market_share.source IS 'Registry source: idc_server_tracker, idc_china_accelerators or top500';
COMMENT ON COLUMN core.market_share.source_url IS 'Page the figure was read from (IDC quotes) or the list file fetched (TOP500)';
COMMENT ON COLUMN core.market_share.note IS 'Quote or caveat';
COMMENT ON COLUMN core.market_share.quality IS 'primary (the publisher''s own release or list), secondary (a third party quoting it), estimate, verify (a low-quality page: verify before use)';
COMMENT ON COLUMN core.market_share.payload_sha256 IS 'sha256 of the capture the figures came in';
COMMENT ON COLUMN core.market_share.observed_at IS 'When the share was true: the start of its period (the IDC quarter or year, the TOP500 list edition)';
