-- One row per segment x vendor x scenario: the AI compute demand turned into units and dollars for each supplier.
-- Demand, in fleet-reference accelerators (reference_accelerators.csv, H100): the sustained load of the latest
-- month of bottom-up inference per service, plus a year of training runs (notable models published in the
-- training_window_days up to the latest publication in core.models). Servers = accelerators / accelerators_per_server.
-- A vendor's units = demand units x its share (core.market_share, latest period the vendor has a figure in that
-- segment); exposure_usd = units x asp_usd. Aggregate rows (Total, ODM Direct, Others) are left out.
CREATE OR REPLACE TABLE marts.vendor_exposure AS
WITH fleet AS (
    SELECT r.family, t.peak_flop_per_s AS training_peak_flop_per_s, i.peak_flop_per_s AS inference_peak_flop_per_s
    FROM core.reference_accelerators r
    JOIN core.accelerator_peak_rates t ON t.family = r.family AND t.is_family_reference AND t.precision = r.training_precision
    JOIN core.accelerator_peak_rates i ON i.family = r.family AND i.is_family_reference AND i.precision = r.inference_precision
    WHERE r.fleet_reference
), inference AS (  -- sustained FLOP/s of the latest month of each service
    SELECT scenario, sum(flop / (datediff('day', month, month + INTERVAL 1 MONTH) * 86400)) AS sustained_flop_per_s  -- 86400 s per day
    FROM (SELECT * FROM marts.monthly_inference_cost WHERE method = 'bottom_up' AND flop IS NOT NULL AND scope = 'service'
          QUALIFY month = max(month) OVER (PARTITION BY service, scenario))
    GROUP BY scenario
), training AS (  -- FLOP of one year of notable training runs
    SELECT sum(training_compute_flop) AS flop_per_year, min(publication_date) AS window_start, max(publication_date) AS window_end,
           count(*) AS models
    FROM core.models
    WHERE training_compute_flop IS NOT NULL
      AND publication_date > (SELECT max(publication_date) FROM core.models)
                             - to_days((SELECT training_window_days FROM core.scenario_assumptions WHERE scenario = 'base')::INTEGER)
), demand AS (
    SELECT a.scenario,
           i.sustained_flop_per_s / (f.inference_peak_flop_per_s * a.inference_utilisation) AS inference_accelerators,
           t.flop_per_year / (f.training_peak_flop_per_s * a.training_utilisation * a.hours_per_year * 3600) AS training_accelerators,  -- 3600 s per hour
           a.accelerators_per_server, a.accelerator_asp_usd, a.server_asp_usd, f.family AS fleet_reference
    FROM core.scenario_assumptions a CROSS JOIN fleet f CROSS JOIN training t JOIN inference i ON i.scenario = a.scenario
    WHERE a.scenario IN ('low', 'base', 'high')
), shares AS (  -- a vendor listed twice in one segment and period (e.g. two NVIDIA accelerator lines in TOP500) counts once, summed
    SELECT category, segment, period, vendor, sum(share_pct) AS share_pct, any_value(source_url) AS source_url,
           CASE max(CASE quality WHEN 'primary' THEN 1 WHEN 'secondary' THEN 2 WHEN 'estimate' THEN 3 ELSE 4 END)
               WHEN 1 THEN 'primary' WHEN 2 THEN 'secondary' WHEN 3 THEN 'estimate' ELSE 'verify' END AS share_quality
    FROM (
        SELECT s.category, m.segment, m.period, m.vendor, m.share_pct, m.source_url, m.quality
        FROM core.market_share m
        JOIN core.segment_categories s USING (segment)
        JOIN core.vendors v ON v.vendor = m.vendor
        WHERE v.vendor_kind <> 'aggregate' AND m.share_pct IS NOT NULL
        QUALIFY m.period_end = max(m.period_end) OVER (PARTITION BY m.segment, m.vendor)
    )
    GROUP BY ALL
)
SELECT s.category, s.segment, s.period, s.vendor, d.scenario, s.share_pct,
       d.inference_accelerators + d.training_accelerators AS demand_accelerators,
       CASE s.category WHEN 'accelerators' THEN d.inference_accelerators + d.training_accelerators
                       ELSE (d.inference_accelerators + d.training_accelerators) / d.accelerators_per_server END AS demand_units,
       CASE s.category WHEN 'accelerators' THEN d.inference_accelerators + d.training_accelerators
                       ELSE (d.inference_accelerators + d.training_accelerators) / d.accelerators_per_server END * s.share_pct / 100 AS units,
       CASE s.category WHEN 'accelerators' THEN d.accelerator_asp_usd ELSE d.server_asp_usd END AS asp_usd,
       CASE s.category WHEN 'accelerators' THEN d.inference_accelerators + d.training_accelerators
                       ELSE (d.inference_accelerators + d.training_accelerators) / d.accelerators_per_server END
           * s.share_pct / 100 * CASE s.category WHEN 'accelerators' THEN d.accelerator_asp_usd ELSE d.server_asp_usd END AS exposure_usd,
       d.fleet_reference, s.source_url AS share_source_url, s.share_quality,
       'demand_accelerators = inference sustained FLOP/s / (peak x inference_utilisation) + a year of training FLOP / '
       || '(peak x training_utilisation x hours_per_year x 3600); servers = accelerators / accelerators_per_server; '
       || 'units = demand_units x share_pct / 100; exposure_usd = units x asp_usd' AS formula
FROM shares s CROSS JOIN demand d
ORDER BY s.category, s.segment, d.scenario, exposure_usd DESC;

COMMENT ON TABLE marts.vendor_exposure IS 'One row per segment x vendor x scenario: units and USD of AI compute demand each supplier captures at its market share';
COMMENT ON COLUMN marts.vendor_exposure.category IS 'accelerators (chips) or servers';
COMMENT ON COLUMN marts.vendor_exposure.segment IS 'Market-share segment of core.market_share the share comes from';
COMMENT ON COLUMN marts.vendor_exposure.period IS 'Period of that share figure (latest the vendor has in the segment)';
COMMENT ON COLUMN marts.vendor_exposure.vendor IS 'Canonical vendor (core.vendors)';
COMMENT ON COLUMN marts.vendor_exposure.scenario IS 'low, base or high: every assumption at its low, base or high value in assumptions.csv. Not ordered by exposure: a low utilisation needs more accelerators, so low can show more units than high';
COMMENT ON COLUMN marts.vendor_exposure.share_pct IS 'Vendor share of the segment (percent)';
COMMENT ON COLUMN marts.vendor_exposure.demand_accelerators IS 'Accelerators (fleet-reference equivalents) the demand needs: inference load + a year of training';
COMMENT ON COLUMN marts.vendor_exposure.demand_units IS 'Demand in the category''s units: accelerators, or servers = accelerators / accelerators_per_server';
COMMENT ON COLUMN marts.vendor_exposure.units IS 'The vendor''s units at its share (count)';
COMMENT ON COLUMN marts.vendor_exposure.asp_usd IS 'Average selling price per unit (USD, assumptions.csv)';
COMMENT ON COLUMN marts.vendor_exposure.exposure_usd IS 'units x asp_usd (USD)';
COMMENT ON COLUMN marts.vendor_exposure.fleet_reference IS 'Accelerator family demand is counted in';
COMMENT ON COLUMN marts.vendor_exposure.share_source_url IS 'Where the share figure was published';
COMMENT ON COLUMN marts.vendor_exposure.formula IS 'How the row was computed';
COMMENT ON COLUMN marts.vendor_exposure.share_quality IS 'Quality of the share figure (the worst of its rows): primary, secondary, estimate, verify (verify before use)';
