-- One row per segment x period x vendor x scenario: the AI compute demand of the period turned into units and
-- dollars for each supplier, like with like. A segment (core.segment_categories) has one unit and one region, and
-- every vendor of a segment-period comes from that period's release: shares of different periods never meet.
-- basis, by the segment's unit and region:
--   modelled_demand  worldwide revenue or unit shares: demand of the same period (or, flagged, of the nearest
--                    earlier quarter within 4 quarters) x the vendor's share. Demand, in accelerators: the modelled
--                    inference fleet (marts.monthly_inference_cost bottom_up accelerator_hours of the services, not
--                    the aggregates, / hours in the month, averaged over the period's months) + the training fleet
--                    (FLOP of the notable models published in the training_window_days up to the period's end /
--                    (fleet-reference peak x training_utilisation x the window's seconds)). Servers = accelerators /
--                    accelerators_per_server. exposure_usd = units x asp_usd.
--   market_size      China shares: the segment's own total of the period (IDC's units or revenue) x the share; the
--                    worldwide modelled demand is never used with a China share.
--   (none)           installed_systems (TOP500 counts): units = the vendor's systems on that list; no USD exposure.
-- vendor_segment_value_usd: the vendor's revenue in the segment where IDC published the period's total revenue.
-- Vendors are canonical (core.vendors and its aliases); aggregates (Total, ODM Direct, Others) and names core.vendors
-- does not know are left out. Scenarios: low, central and high estimates of exposure_usd.
CREATE OR REPLACE TABLE marts.vendor_exposure AS
WITH fleet AS (
    SELECT r.family, t.peak_flop_per_s AS training_peak_flop_per_s
    FROM core.reference_accelerators r
    JOIN core.accelerator_peak_rates t ON t.family = r.family AND t.is_family_reference AND t.precision = r.training_precision
    WHERE r.fleet_reference
), periods AS (
    SELECT DISTINCT m.segment, m.period, m.period_start, m.period_end FROM core.market_share m
), totals AS (
    SELECT segment, period, units AS total_units, value_usd AS total_value_usd FROM core.market_share WHERE vendor = 'Total'
), inference_months AS (  -- accelerators the modelled services keep busy or idle-but-paid in a month, per scenario
    SELECT month, scenario,
           sum(accelerator_hours / (datediff('day', month, month + INTERVAL 1 MONTH) * 24)) AS inference_accelerators  -- 24 h per day
    FROM marts.monthly_inference_cost
    WHERE method = 'bottom_up' AND scope = 'service' AND accelerator_hours IS NOT NULL
    GROUP BY ALL
), quarters AS (  -- calendar quarters with modelled inference: the fallback periods
    SELECT date_trunc('quarter', month)::DATE AS quarter_start, scenario, avg(inference_accelerators) AS inference_accelerators
    FROM inference_months GROUP BY ALL
), in_period AS (
    SELECT p.segment, p.period, i.scenario, avg(i.inference_accelerators) AS inference_accelerators
    FROM periods p JOIN inference_months i ON i.month BETWEEN p.period_start AND p.period_end
    GROUP BY ALL
), earlier AS (  -- the nearest earlier quarter with modelled inference, ending within 4 quarters before the period
    SELECT p.segment, p.period, q.scenario, q.quarter_start, q.inference_accelerators
    FROM periods p JOIN quarters q
      ON q.quarter_start < p.period_start AND q.quarter_start + INTERVAL 3 MONTH > p.period_start - INTERVAL 12 MONTH
    QUALIFY row_number() OVER (PARTITION BY p.segment, p.period, q.scenario ORDER BY q.quarter_start DESC) = 1
), training AS (  -- FLOP of the notable runs published in the training window ending at the period's end
    SELECT p.segment, p.period, a.scenario, sum(m.training_compute_flop) AS window_flop
    FROM periods p CROSS JOIN core.scenario_assumptions a
    LEFT JOIN core.models m
           ON m.training_compute_flop IS NOT NULL AND m.publication_date <= p.period_end
          AND m.publication_date > p.period_end - to_days(a.training_window_days::INTEGER)
    GROUP BY ALL
), period_demand AS (  -- no notable run in the training window: a training fleet of 0, not an unknown demand
    SELECT p.segment, p.period, a.scenario,
           coalesce(i.inference_accelerators, e.inference_accelerators) AS inference_accelerators,
           CASE WHEN i.inference_accelerators IS NOT NULL THEN p.period
                WHEN e.inference_accelerators IS NOT NULL THEN strftime(e.quarter_start, '%Y') || '-Q' || quarter(e.quarter_start)
           END AS demand_period,
           i.inference_accelerators IS NOT NULL AS demand_period_matched,
           coalesce(t.window_flop, 0) / (f.training_peak_flop_per_s * a.training_utilisation * a.training_window_days * 86400) AS training_accelerators,  -- 86400 s per day
           a.accelerators_per_server, a.accelerator_asp_usd, a.server_asp_usd, f.family AS fleet_reference
    FROM periods p CROSS JOIN core.scenario_assumptions a CROSS JOIN fleet f
    LEFT JOIN in_period i ON i.segment = p.segment AND i.period = p.period AND i.scenario = a.scenario
    LEFT JOIN earlier e ON e.segment = p.segment AND e.period = p.period AND e.scenario = a.scenario
    LEFT JOIN training t ON t.segment = p.segment AND t.period = p.period AND t.scenario = a.scenario
), shares AS (  -- a vendor listed twice in one segment and period (two NVIDIA accelerator lines in TOP500) counts once, summed
    SELECT m.segment, m.period, m.period_start, m.period_end, m.vendor, sum(m.share_pct) AS share_pct,
           sum(m.units) AS reported_units, any_value(m.source_url) AS source_url,
           CASE max(CASE m.quality WHEN 'primary' THEN 1 WHEN 'secondary' THEN 2 WHEN 'estimate' THEN 3 ELSE 4 END)
               WHEN 1 THEN 'primary' WHEN 2 THEN 'secondary' WHEN 3 THEN 'estimate' ELSE 'verify' END AS share_quality
    FROM core.market_share m JOIN core.vendors v ON v.vendor = m.vendor
    WHERE v.vendor_kind = 'company' AND m.share_pct IS NOT NULL
    GROUP BY ALL
), rows AS (
    SELECT c.category, s.segment, c.unit, c.region, s.period, s.period_start, s.period_end, s.vendor, d.scenario,
           s.share_pct, s.reported_units, s.source_url, s.share_quality, d.demand_period, d.demand_period_matched,
           d.inference_accelerators, d.training_accelerators, d.fleet_reference, d.accelerators_per_server,
           CASE c.category WHEN 'accelerators' THEN d.accelerator_asp_usd ELSE d.server_asp_usd END AS asp_usd,
           t.total_units, t.total_value_usd,
           CASE WHEN c.unit = 'installed_systems' THEN NULL
                WHEN c.region <> 'worldwide' THEN 'market_size'
                WHEN d.inference_accelerators IS NOT NULL THEN 'modelled_demand' END AS basis
    FROM shares s JOIN core.segment_categories c USING (segment)
    JOIN period_demand d ON d.segment = s.segment AND d.period = s.period
    LEFT JOIN totals t ON t.segment = s.segment AND t.period = s.period
    WHERE d.scenario IN ('low', 'base', 'high')
), units AS (
    SELECT *,
           CASE WHEN basis = 'modelled_demand' THEN inference_accelerators + training_accelerators END AS demand_accelerators,
           CASE WHEN basis = 'modelled_demand' THEN
                    CASE category WHEN 'accelerators' THEN inference_accelerators + training_accelerators
                                  ELSE (inference_accelerators + training_accelerators) / accelerators_per_server END
                WHEN basis = 'market_size' THEN total_units END AS demand_units
    FROM rows
)
SELECT category, segment, unit, region, period, period_start, period_end, vendor, scenario, share_pct, basis,
       CASE WHEN basis = 'modelled_demand' THEN demand_period END AS demand_period,
       CASE WHEN basis = 'modelled_demand' THEN demand_period_matched END AS demand_period_matched,
       inference_accelerators, training_accelerators, demand_accelerators, demand_units,
       CASE WHEN unit = 'installed_systems' THEN reported_units ELSE demand_units * share_pct / 100 END AS units,
       asp_usd,
       CASE WHEN basis = 'market_size' AND unit = 'revenue_share' THEN total_value_usd * share_pct / 100
            ELSE demand_units * share_pct / 100 * asp_usd END AS exposure_usd,
       total_value_usd * share_pct / 100 AS vendor_segment_value_usd,
       fleet_reference, source_url AS share_source_url, share_quality,
       CASE basis
           WHEN 'modelled_demand' THEN 'demand_accelerators = inference fleet (accelerator_hours / hours, mean over the '
               || 'period''s months) + training fleet (a training_window_days of notable runs / (peak x training_utilisation '
               || 'x window seconds)); demand_units = accelerators (/ accelerators_per_server for servers); units = '
               || 'demand_units x share_pct / 100; exposure_usd = units x asp_usd'
           WHEN 'market_size' THEN 'units = the segment''s total units of the period x share_pct / 100; exposure_usd = units x '
               || 'asp_usd, or the total revenue x share_pct / 100 for a revenue share'
           ELSE 'units = the vendor''s systems on the list; no USD exposure' END AS formula,
       CASE WHEN unit = 'installed_systems' THEN 'installed HPC systems on one TOP500 list: a count, not a market share'
            WHEN basis = 'market_size' AND coalesce(total_units, total_value_usd) IS NULL
                THEN 'no ' || region || ' market total published for ' || period
            WHEN basis IS NULL THEN 'no modelled AI demand in ' || period || ' or the 4 quarters before it'
            WHEN NOT demand_period_matched THEN 'demand of ' || demand_period || ', the nearest earlier quarter with modelled demand'
       END AS issue
FROM units
ORDER BY category, segment, period_start, CASE scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END,
         share_pct DESC, vendor;

COMMENT ON TABLE marts.vendor_exposure IS 'One row per segment x period x vendor x scenario: units and USD of the period''s AI compute demand each supplier captures at its share of a like-for-like segment (one unit, one region, one period). Scenarios: low, central and high estimates of exposure_usd';
COMMENT ON COLUMN marts.vendor_exposure.category IS 'accelerators (chips) or servers';
COMMENT ON COLUMN marts.vendor_exposure.segment IS 'Market-share segment of core.market_share the share comes from';
COMMENT ON COLUMN marts.vendor_exposure.unit IS 'What the share measures: revenue_share, unit_share, installed_systems (TOP500 counts)';
COMMENT ON COLUMN marts.vendor_exposure.region IS 'Region of the share: worldwide or china';
COMMENT ON COLUMN marts.vendor_exposure.period IS 'Period of the share figures (every vendor of a segment-period row set shares it)';
COMMENT ON COLUMN marts.vendor_exposure.period_start IS 'First day of the period';
COMMENT ON COLUMN marts.vendor_exposure.period_end IS 'Last day of the period';
COMMENT ON COLUMN marts.vendor_exposure.vendor IS 'Canonical vendor (core.vendors)';
COMMENT ON COLUMN marts.vendor_exposure.scenario IS 'low, base or high: low, central and high estimates of exposure_usd';
COMMENT ON COLUMN marts.vendor_exposure.share_pct IS 'Vendor share of the segment in the period (percent)';
COMMENT ON COLUMN marts.vendor_exposure.basis IS 'modelled_demand (worldwide shares x the period''s modelled demand), market_size (China shares x the segment''s own total), NULL (installed systems, or no demand to apply)';
COMMENT ON COLUMN marts.vendor_exposure.demand_period IS 'modelled_demand: the period whose demand was used (the share''s own, or the nearest earlier quarter within 4 quarters)';
COMMENT ON COLUMN marts.vendor_exposure.demand_period_matched IS 'modelled_demand: true when the demand is of the share''s own period, false when of an earlier quarter (flagged in issue)';
COMMENT ON COLUMN marts.vendor_exposure.inference_accelerators IS 'Accelerators the modelled inference of the services occupies (paid accelerator-hours / hours, mean over the period''s months; costed products, not H100-equivalents)';
COMMENT ON COLUMN marts.vendor_exposure.training_accelerators IS 'Fleet-reference accelerators running the notable training runs of the training window ending at the period''s end';
COMMENT ON COLUMN marts.vendor_exposure.demand_accelerators IS 'modelled_demand: inference + training accelerators';
COMMENT ON COLUMN marts.vendor_exposure.demand_units IS 'Demand in the segment''s units: accelerators, servers (accelerators / accelerators_per_server), or the China segment''s total units';
COMMENT ON COLUMN marts.vendor_exposure.units IS 'The vendor''s units: demand_units x share, or its TOP500 systems (count)';
COMMENT ON COLUMN marts.vendor_exposure.asp_usd IS 'Average selling price per unit (USD, assumptions.csv)';
COMMENT ON COLUMN marts.vendor_exposure.exposure_usd IS 'units x asp_usd, or the China total revenue x share (USD); NULL for installed systems';
COMMENT ON COLUMN marts.vendor_exposure.vendor_segment_value_usd IS 'The vendor''s revenue in the segment: IDC''s total revenue of the period x share (USD), where published';
COMMENT ON COLUMN marts.vendor_exposure.fleet_reference IS 'Accelerator family the training fleet is counted in';
COMMENT ON COLUMN marts.vendor_exposure.share_source_url IS 'Where the share figure was published';
COMMENT ON COLUMN marts.vendor_exposure.share_quality IS 'Quality of the share figure (the worst of its rows): primary, secondary, estimate, verify (verify before use)';
COMMENT ON COLUMN marts.vendor_exposure.formula IS 'How the row was computed';
COMMENT ON COLUMN marts.vendor_exposure.issue IS 'NULL, or why a figure is missing or borrowed from another period';
