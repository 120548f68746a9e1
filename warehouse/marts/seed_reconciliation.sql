-- One row per quantitative figure of the seed note: published value, the pipeline's recomputation, relative error.
-- A blocking check fails the refresh (nothing is published) when a figure drifts past its tolerance.
CREATE OR REPLACE TABLE marts.seed_reconciliation AS
WITH chatgpt_jan_2023 AS (
    SELECT * FROM marts.monthly_inference_cost
    WHERE service = 'ChatGPT' AND month = DATE '2023-01-01' AND method = 'seed_note' AND scenario = 'base'
), lambda_case AS (
    SELECT * FROM marts.training_demand WHERE model = 'GPT-3 175B' AND scenario = 'lambda_reference'
), computed(figure, computed_value, formula, inputs) AS (
    SELECT 'chatgpt_2023_01_cost_usd', cost_usd, 'visits x usd_per_interaction',
           printf('visits=%.0f, usd_per_interaction=%g', visits, usd_per_interaction) FROM chatgpt_jan_2023
    UNION ALL
    SELECT 'chatgpt_2023_01_compute_pf_days', compute_pf_days,
           'cost_usd x reference_training_compute_pf_days / reference_training_cost_usd',
           printf('cost_usd=%.0f', cost_usd) FROM chatgpt_jan_2023
    UNION ALL
    SELECT 'gpt3_175b_training_pf_days', training_compute_pf_days, 'training_compute_flop / flop_per_pf_day',
           printf('training_compute_flop=%.3g (%s)', training_compute_flop, method) FROM core.models WHERE model = 'GPT-3 175B'
    UNION ALL
    SELECT 'gpt3_xl_training_pf_days', training_compute_pf_days, '6 x parameters x training_tokens / flop_per_pf_day',
           printf('parameters=%.3g, training_tokens=%.3g (%s)', parameters, training_tokens, method)
    FROM core.models WHERE model = 'GPT-3 XL'
    UNION ALL
    SELECT 'gpt3_v100_gpu_years_lambda', accelerator_years, 'FLOP / sustained_flop_per_s / 3600 / hours_per_year',
           printf('sustained_flop_per_s=%.3g', sustained_flop_per_s) FROM lambda_case
    UNION ALL
    SELECT 'gpt3_training_cost_usd_lambda', cloud_cost_usd, 'accelerator_hours x usd_per_gpu_hour',
           printf('accelerator_hours=%.0f, usd_per_gpu_hour=%g', accelerator_hours, usd_per_gpu_hour) FROM lambda_case
    UNION ALL
    SELECT 'megatron_implied_v100_flop_per_s', sustained_flop_per_s, 'FLOP / (megatron_v100_years x hours_per_year x 3600)',
           printf('training_compute_flop=%.3g', training_compute_flop)
    FROM marts.training_demand WHERE model = 'GPT-3 175B' AND scenario = 'megatron_reference'
    UNION ALL
    SELECT 'compute_growth_per_year_openai', pow(2, 12 / openai_compute_doubling_months), '2 ^ (12 / openai_compute_doubling_months)',
           printf('openai_compute_doubling_months=%g', openai_compute_doubling_months)
    FROM core.scenario_assumptions WHERE scenario = 'base'
    UNION ALL
    SELECT 'openai_doubling_months_2012_2018', doubling_time_months,
           'least-squares fit of log2 FLOP on date over the largest run of each year, 2012-2018 (marts.compute_trend)',
           printf('n=%d, largest=%s, 90%% interval %.1f-%.1f months', n_models, largest_model,
                  coalesce(doubling_time_months_low, 'nan'::DOUBLE), coalesce(doubling_time_months_high, 'nan'::DOUBLE))
    FROM marts.compute_trend WHERE window_name = '2012-2018 largest'
), intervals(figure, computed_low, computed_high) AS (  -- a comparison agrees when the published value is inside the fit's 90 % interval
    SELECT 'openai_doubling_months_2012_2018', doubling_time_months_low, doubling_time_months_high
    FROM marts.compute_trend WHERE window_name = '2012-2018 largest'
)
SELECT s.figure, s.kind, s.published_value, c.computed_value, i.computed_low, i.computed_high, s.unit,
       abs(c.computed_value - s.published_value) / abs(s.published_value) AS rel_error,
       s.rel_tolerance,
       coalesce(abs(c.computed_value - s.published_value) / abs(s.published_value) <= s.rel_tolerance
                OR (s.kind = 'comparison' AND s.published_value BETWEEN i.computed_low AND i.computed_high), false) AS within_tolerance,
       c.formula, c.inputs, s.figure_url AS source_url
FROM core.seed_figures s LEFT JOIN computed c USING (figure) LEFT JOIN intervals i USING (figure)
ORDER BY s.figure;

COMMENT ON TABLE marts.seed_reconciliation IS 'One row per figure of the seed note: published vs recomputed, with relative error and tolerance';
COMMENT ON COLUMN marts.seed_reconciliation.figure IS 'Figure identifier (inputs/curated/seed_figures.csv)';
COMMENT ON COLUMN marts.seed_reconciliation.kind IS 'arithmetic (the note''s arithmetic recomputed: the blocking check seed_figures_reproduced) or comparison (the note''s claim beside our fit: the warning check seed_claims_compared)';
COMMENT ON COLUMN marts.seed_reconciliation.published_value IS 'Value printed in the seed note, in unit';
COMMENT ON COLUMN marts.seed_reconciliation.computed_value IS 'Value the pipeline computes, in unit (NULL: not computable from current data)';
COMMENT ON COLUMN marts.seed_reconciliation.computed_low IS 'comparison: lower end of the fit''s 90 % interval, in unit';
COMMENT ON COLUMN marts.seed_reconciliation.computed_high IS 'comparison: upper end of the fit''s 90 % interval, in unit';
COMMENT ON COLUMN marts.seed_reconciliation.unit IS 'Unit of both values';
COMMENT ON COLUMN marts.seed_reconciliation.rel_error IS '|computed - published| / published (ratio)';
COMMENT ON COLUMN marts.seed_reconciliation.rel_tolerance IS 'Largest acceptable rel_error (ratio)';
COMMENT ON COLUMN marts.seed_reconciliation.within_tolerance IS 'rel_error <= rel_tolerance, or for a comparison the published value inside the fit''s 90 % interval (false when not computable)';
COMMENT ON COLUMN marts.seed_reconciliation.formula IS 'How the pipeline computes the figure';
COMMENT ON COLUMN marts.seed_reconciliation.inputs IS 'Input values used';
COMMENT ON COLUMN marts.seed_reconciliation.source_url IS 'Where the figure or its inputs were published';
