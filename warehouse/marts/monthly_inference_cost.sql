-- One row per service x month x method x scenario: what serving the service cost that month.
-- top_down: cost_usd = visits x usd_per_interaction; compute_pf_days prices that cost at the reference
-- training run's USD per PF-day (GPT-3: 3,640 PF-days for 4.6M USD).
-- bottom_up: tokens = visits x queries_per_visit x tokens_per_query; FLOP = inference_flop_per_param_token (2) x
-- active parameters x tokens;
-- accelerator_hours = FLOP / (peak x inference_utilisation) / 3600 on the serving accelerator; cost at its cheapest
-- current on-demand USD per GPU-hour; api_cost_usd prices the same tokens at the service's API token prices.
CREATE OR REPLACE TABLE marts.monthly_inference_cost AS
WITH visits AS (
    SELECT service, month, value AS visits, source_url AS traffic_source_url, quality AS traffic_quality
    FROM core.traffic_monthly WHERE metric = 'visits' AND source = 'similarweb'  -- the curated figures; other visit sources are not reconciled
), serving AS (
    SELECT s.service, s.serving_accelerator, s.api_provider, s.api_model, r.inference_precision AS precision,
           x.accelerator AS accelerator_variant, x.peak_flop_per_s
    FROM core.service_serving s
    LEFT JOIN core.reference_accelerators r
           ON r.family = s.serving_accelerator
    LEFT JOIN core.accelerator_peak_rates x
           ON x.family = s.serving_accelerator AND x.is_family_reference AND x.precision = r.inference_precision
), price AS (
    SELECT accelerator AS family, min(usd_per_gpu_hour) AS usd_per_gpu_hour, arg_min(provider, usd_per_gpu_hour) AS price_provider
    FROM core.gpu_hour_prices
    WHERE price_type = 'on_demand' AND valid_to IS NULL AND accelerator IS NOT NULL AND usd_per_gpu_hour > 0
      -- the providers' own current lists; Epoch's database is a history of dated observations whose latest
      -- quote of a key may be years old (marts.gpu_price_index is where history is priced)
      AND source <> 'epoch_hardware_prices'
    GROUP BY accelerator
), api AS (
    SELECT provider, model, usd_per_mtok_input, usd_per_mtok_output FROM core.token_prices WHERE valid_to IS NULL
), top_down AS (
    SELECT v.service, v.month, 'top_down' AS method, a.scenario, v.visits, a.usd_per_interaction,
           v.visits * a.usd_per_interaction AS cost_usd,
           v.visits * a.usd_per_interaction * a.reference_training_compute_pf_days / a.reference_training_cost_usd AS compute_pf_days,
           'cost_usd = visits x usd_per_interaction; compute_pf_days = cost_usd x reference_training_compute_pf_days / reference_training_cost_usd' AS formula,
           v.traffic_source_url, v.traffic_quality
    FROM visits v CROSS JOIN core.scenario_assumptions a
), bottom_up_inputs AS (
    SELECT v.*, a.scenario, s.serving_accelerator AS accelerator, s.precision, s.peak_flop_per_s,
           a.inference_utilisation AS utilisation, a.inference_active_parameters AS active_parameters,
           v.visits * a.queries_per_visit * a.tokens_per_query AS tokens,
           a.inference_flop_per_param_token * a.inference_active_parameters * v.visits * a.queries_per_visit * a.tokens_per_query AS flop,
           a.flop_per_pf_day, p.usd_per_gpu_hour, p.price_provider, s.api_provider, s.api_model, a.prompt_token_share,
           api.usd_per_mtok_input, api.usd_per_mtok_output
    FROM visits v CROSS JOIN core.scenario_assumptions a
    LEFT JOIN serving s ON s.service = v.service
    LEFT JOIN price p ON p.family = s.serving_accelerator
    LEFT JOIN api ON api.provider = s.api_provider AND api.model = s.api_model
), bottom_up AS (
    SELECT service, month, 'bottom_up' AS method, scenario, visits, tokens, active_parameters, flop,
           flop / flop_per_pf_day AS compute_pf_days, accelerator, precision, peak_flop_per_s, utilisation,
           flop / (peak_flop_per_s * utilisation) / 3600 AS accelerator_hours,  -- 3600 s per hour
           usd_per_gpu_hour, price_provider,
           flop / (peak_flop_per_s * utilisation) / 3600 * usd_per_gpu_hour AS cost_usd,
           api_provider || '/' || api_model AS api_model,
           tokens / 1e6 * (prompt_token_share * usd_per_mtok_input + (1 - prompt_token_share) * usd_per_mtok_output) AS api_cost_usd,  -- 1e6 tokens per Mtok
           'tokens = visits x queries_per_visit x tokens_per_query; flop = 2 x active_parameters x tokens; '
           || 'accelerator_hours = flop / (peak_flop_per_s x utilisation) / 3600; cost_usd = accelerator_hours x usd_per_gpu_hour; '
           || 'api_cost_usd = tokens / 1e6 x (prompt_token_share x input + (1 - prompt_token_share) x output USD per Mtok)' AS formula,
           traffic_source_url, traffic_quality,
           CASE WHEN accelerator IS NULL THEN 'no serving accelerator for ' || service || ' in inputs/curated/service_serving.csv'
                WHEN peak_flop_per_s IS NULL THEN 'no ' || coalesce(precision, '?') || ' peak rate for ' || accelerator
                WHEN usd_per_gpu_hour IS NULL THEN 'no current on-demand price for ' || accelerator
                WHEN usd_per_mtok_input IS NULL THEN 'no current API price for ' || api_provider || '/' || api_model
           END AS issue
    FROM bottom_up_inputs
)
SELECT * FROM (SELECT * FROM top_down UNION ALL BY NAME SELECT * FROM bottom_up)
ORDER BY service, month, method DESC, CASE scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE marts.monthly_inference_cost IS 'One row per service x month x method x scenario: monthly inference cost in USD and PF-days, top-down and bottom-up';
COMMENT ON COLUMN marts.monthly_inference_cost.service IS 'Canonical service name';
COMMENT ON COLUMN marts.monthly_inference_cost.month IS 'First day of the month';
COMMENT ON COLUMN marts.monthly_inference_cost.method IS 'top_down (visits x USD per interaction) or bottom_up (tokens x FLOP per token on the serving accelerator)';
COMMENT ON COLUMN marts.monthly_inference_cost.scenario IS 'low, base or high: which assumption values were used';
COMMENT ON COLUMN marts.monthly_inference_cost.visits IS 'Monthly visits (count, Similarweb)';
COMMENT ON COLUMN marts.monthly_inference_cost.usd_per_interaction IS 'top_down: assumed serving cost of one visit (USD)';
COMMENT ON COLUMN marts.monthly_inference_cost.cost_usd IS 'Monthly inference cost (USD)';
COMMENT ON COLUMN marts.monthly_inference_cost.compute_pf_days IS 'Monthly inference compute (PF-days, 1 PF-day = 8.64e19 FLOP); top_down prices cost at the reference training run''s USD per PF-day';
COMMENT ON COLUMN marts.monthly_inference_cost.formula IS 'How the row was computed';
COMMENT ON COLUMN marts.monthly_inference_cost.traffic_source_url IS 'Where the visits figure was published';
COMMENT ON COLUMN marts.monthly_inference_cost.traffic_quality IS 'Quality of the visits figure: primary, secondary, estimate, or verify (a low-quality page: verify before use)';
COMMENT ON COLUMN marts.monthly_inference_cost.tokens IS 'bottom_up: tokens processed in the month (prompt + completion)';
COMMENT ON COLUMN marts.monthly_inference_cost.active_parameters IS 'bottom_up: active parameters per token of the serving model (count)';
COMMENT ON COLUMN marts.monthly_inference_cost.flop IS 'bottom_up: inference compute in the month (FLOP = 2 x active_parameters x tokens)';
COMMENT ON COLUMN marts.monthly_inference_cost.accelerator IS 'bottom_up: serving accelerator family (inputs/curated/service_serving.csv)';
COMMENT ON COLUMN marts.monthly_inference_cost.precision IS 'bottom_up: precision whose peak rate serving uses';
COMMENT ON COLUMN marts.monthly_inference_cost.peak_flop_per_s IS 'bottom_up: peak rate of the serving accelerator at that precision (FLOP/s)';
COMMENT ON COLUMN marts.monthly_inference_cost.utilisation IS 'bottom_up: inference_utilisation, sustained / peak (ratio)';
COMMENT ON COLUMN marts.monthly_inference_cost.accelerator_hours IS 'bottom_up: accelerator-hours in the month (hours)';
COMMENT ON COLUMN marts.monthly_inference_cost.usd_per_gpu_hour IS 'bottom_up: cheapest current on-demand price of the serving family (USD per GPU-hour)';
COMMENT ON COLUMN marts.monthly_inference_cost.price_provider IS 'bottom_up: provider of that price';
COMMENT ON COLUMN marts.monthly_inference_cost.api_model IS 'bottom_up: provider/model whose API token prices price the same tokens';
COMMENT ON COLUMN marts.monthly_inference_cost.api_cost_usd IS 'bottom_up: the month''s tokens at that API''s current prices (USD), for comparison';
COMMENT ON COLUMN marts.monthly_inference_cost.issue IS 'NULL, or why a bottom_up figure is missing';
