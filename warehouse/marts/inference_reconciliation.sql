-- One row per reported inference-spend figure x scenario: what the model says the company's services cost to serve
-- over the figure's period, beside what the company was reported to spend on inference compute.
-- Modelled = sum of marts.monthly_inference_cost bottom_up cost_usd (rented) over the company's services of scope
-- `service` (aggregates such as "OpenAI (all products)" are never added to their parts) and the period's months; a
-- run rate (Annualized) is its month's daily cost x 365. A month without a figure (a gap, or before a service's first driver)
-- adds nothing: `coverage` says, per service, how many of the period's months carry a figure, so an undercount is
-- visible, never silent; `complete` is false when any service-month lacks a cost. ratio = modelled / reported;
-- within_band: the base ratio inside [reconciliation_ratio_min, reconciliation_ratio_max]. A warning check lists the
-- Likely and Confident figures outside the band or not complete (a partial sum inside the band proves nothing).
-- Scenarios: low, central and high estimates of the modelled cost.
CREATE OR REPLACE TABLE marts.inference_reconciliation AS
WITH reported AS (
    SELECT * FROM core.compute_spend WHERE inference_usd IS NOT NULL
), services AS (
    SELECT DISTINCT service, operator FROM marts.monthly_inference_cost WHERE scope = 'service'
), months AS (
    SELECT r.id, s.service, unnest(generate_series(r.period_start, r.period_end, INTERVAL 1 MONTH))::DATE AS month
    FROM reported r JOIN services s ON s.operator = r.company
), costs AS (
    SELECT m.id, m.service, sc.scenario, count(c.cost_usd) AS months_costed, count(*) AS months_in_period,
           sum(c.cost_usd) AS cost_usd, sum(c.owned_cost_usd) AS owned_cost_usd, sum(c.api_cost_usd) AS api_cost_usd,
           sum(datediff('day', m.month, m.month + INTERVAL 1 MONTH)) AS days_in_period
    FROM months m
    JOIN (SELECT DISTINCT scenario FROM marts.monthly_inference_cost WHERE scenario IN ('low', 'base', 'high')) sc ON TRUE
    LEFT JOIN marts.monthly_inference_cost c
           ON c.service = m.service AND c.month = m.month AND c.method = 'bottom_up' AND c.scenario = sc.scenario
    GROUP BY ALL
), per_company AS (
    SELECT id, scenario, sum(cost_usd) AS cost_usd, sum(owned_cost_usd) AS owned_cost_usd, sum(api_cost_usd) AS api_cost_usd,
           max(days_in_period) AS days_in_period,
           sum(months_costed) AS service_months_costed, sum(months_in_period) AS service_months_in_period,
           string_agg(service || ' ' || months_costed || '/' || months_in_period, ', ' ORDER BY service) AS coverage
    FROM costs GROUP BY ALL
), bands AS (
    SELECT reconciliation_ratio_min, reconciliation_ratio_max FROM core.scenario_assumptions WHERE scenario = 'base'
)
SELECT r.company, r.id AS reported_id, p.scenario, r.period_type, r.period_start, r.period_end,
       r.inference_usd AS reported_inference_usd, r.confidence, r.exclude_from_graph,
       CASE r.period_type WHEN 'Annualized' THEN p.cost_usd / p.days_in_period * 365 ELSE p.cost_usd END AS modelled_cost_usd,  -- 365 days per year
       CASE r.period_type WHEN 'Annualized' THEN p.owned_cost_usd / p.days_in_period * 365 ELSE p.owned_cost_usd END AS modelled_owned_cost_usd,
       CASE r.period_type WHEN 'Annualized' THEN p.api_cost_usd / p.days_in_period * 365 ELSE p.api_cost_usd END AS modelled_api_cost_usd,
       CASE r.period_type WHEN 'Annualized' THEN p.cost_usd / p.days_in_period * 365 ELSE p.cost_usd END / r.inference_usd AS ratio,
       CASE WHEN p.scenario = 'base' THEN
                CASE r.period_type WHEN 'Annualized' THEN p.cost_usd / p.days_in_period * 365 ELSE p.cost_usd END / r.inference_usd
                    BETWEEN b.reconciliation_ratio_min AND b.reconciliation_ratio_max END AS within_band,
       p.service_months_costed = p.service_months_in_period AS complete,
       p.service_months_costed, p.service_months_in_period, p.coverage, r.source_url AS reported_source_url,
       r.observed_at AS reported_observed_at, r.report_date,
       'modelled_cost_usd = sum over the company''s services and the period''s months of monthly_inference_cost '
       || 'bottom_up cost_usd (/ days x 365 for an annualized run rate); ratio = modelled_cost_usd / reported_inference_usd' AS formula
FROM reported r JOIN per_company p ON p.id = r.id CROSS JOIN bands b
ORDER BY r.company, r.period_end, r.id, CASE p.scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE marts.inference_reconciliation IS 'One row per reported inference-spend figure x scenario: the modelled inference cost of the company''s services over the period beside the reported figure. Scenarios: low, central and high estimates of the modelled cost';
COMMENT ON COLUMN marts.inference_reconciliation.company IS 'Company (core.compute_spend.company = core.services.operator)';
COMMENT ON COLUMN marts.inference_reconciliation.reported_id IS 'Epoch''s id of the reported figure';
COMMENT ON COLUMN marts.inference_reconciliation.scenario IS 'low, base or high: low, central and high estimates of the modelled cost';
COMMENT ON COLUMN marts.inference_reconciliation.period_type IS 'Year or Annualized (a run rate at period_end)';
COMMENT ON COLUMN marts.inference_reconciliation.period_start IS 'First day of the period';
COMMENT ON COLUMN marts.inference_reconciliation.period_end IS 'Last day of the period';
COMMENT ON COLUMN marts.inference_reconciliation.reported_inference_usd IS 'Reported inference compute spend (USD)';
COMMENT ON COLUMN marts.inference_reconciliation.confidence IS 'Epoch''s confidence in the reported figure';
COMMENT ON COLUMN marts.inference_reconciliation.exclude_from_graph IS 'Epoch leaves the figure out of its graph (derived from a margin, not reported)';
COMMENT ON COLUMN marts.inference_reconciliation.modelled_cost_usd IS 'Modelled inference cost over the period, rented accelerators (USD): the headline measure';
COMMENT ON COLUMN marts.inference_reconciliation.modelled_owned_cost_usd IS 'The same on owned accelerators, TCO (USD)';
COMMENT ON COLUMN marts.inference_reconciliation.modelled_api_cost_usd IS 'The same tokens at the API models'' prices (USD): what a customer would pay';
COMMENT ON COLUMN marts.inference_reconciliation.ratio IS 'modelled_cost_usd / reported_inference_usd';
COMMENT ON COLUMN marts.inference_reconciliation.within_band IS 'base only: the ratio is within [reconciliation_ratio_min, reconciliation_ratio_max]';
COMMENT ON COLUMN marts.inference_reconciliation.complete IS 'Every service-month of the period has a modelled cost (false: the modelled figure is a partial sum)';
COMMENT ON COLUMN marts.inference_reconciliation.service_months_costed IS 'Service-months of the period with a modelled cost (count)';
COMMENT ON COLUMN marts.inference_reconciliation.service_months_in_period IS 'Service-months in the period (services x months)';
COMMENT ON COLUMN marts.inference_reconciliation.coverage IS 'Per service: months with a cost / months in the period (a month without one adds nothing)';
COMMENT ON COLUMN marts.inference_reconciliation.reported_source_url IS 'Web page that published the reported figure';
COMMENT ON COLUMN marts.inference_reconciliation.reported_observed_at IS 'When the reported figure was true';
COMMENT ON COLUMN marts.inference_reconciliation.report_date IS 'When it was reported';
COMMENT ON COLUMN marts.inference_reconciliation.formula IS 'How the row was computed';
