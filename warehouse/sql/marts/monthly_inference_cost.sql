-- One row per service x month x method x scenario: what serving the service cost that month.
-- top_down: cost_usd = visits x usd_per_interaction; compute_pf_days prices that cost at the reference
-- training run's USD per PF-day (GPT-3: 3,640 PF-days for 4.6M USD).
CREATE OR REPLACE TABLE marts.monthly_inference_cost AS
WITH visits AS (
    SELECT service, month, value AS visits, source_url AS traffic_source_url
    FROM core.traffic_monthly WHERE metric = 'visits' AND source = 'similarweb'  -- the curated figures; other visit sources are not reconciled
), a AS (
    PIVOT (SELECT name, scenario, value FROM core.assumptions) ON name USING any_value(value) GROUP BY scenario
)
SELECT v.service, v.month, 'top_down' AS method, a.scenario, v.visits,
       a.usd_per_interaction,
       v.visits * a.usd_per_interaction AS cost_usd,
       v.visits * a.usd_per_interaction * a.reference_training_compute_pf_days / a.reference_training_cost_usd AS compute_pf_days,
       'cost_usd = visits x usd_per_interaction; compute_pf_days = cost_usd x reference_training_compute_pf_days / reference_training_cost_usd' AS formula,
       v.traffic_source_url
FROM visits v CROSS JOIN a
ORDER BY service, month, method, CASE a.scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE marts.monthly_inference_cost IS 'One row per service x month x method x scenario: monthly inference cost in USD and PF-days';
COMMENT ON COLUMN marts.monthly_inference_cost.service IS 'Canonical service name';
COMMENT ON COLUMN marts.monthly_inference_cost.month IS 'First day of the month';
COMMENT ON COLUMN marts.monthly_inference_cost.method IS 'top_down (visits x USD per interaction)';
COMMENT ON COLUMN marts.monthly_inference_cost.scenario IS 'low, base or high: which assumption values were used';
COMMENT ON COLUMN marts.monthly_inference_cost.visits IS 'Monthly visits (count)';
COMMENT ON COLUMN marts.monthly_inference_cost.usd_per_interaction IS 'Assumed serving cost of one visit/interaction (USD)';
COMMENT ON COLUMN marts.monthly_inference_cost.cost_usd IS 'Monthly inference cost (USD)';
COMMENT ON COLUMN marts.monthly_inference_cost.compute_pf_days IS 'Monthly inference compute (PF-days, 1 PF-day = 8.64e19 FLOP)';
COMMENT ON COLUMN marts.monthly_inference_cost.formula IS 'How cost_usd and compute_pf_days were computed';
COMMENT ON COLUMN marts.monthly_inference_cost.traffic_source_url IS 'Where the visits figure was published';
