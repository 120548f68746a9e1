-- One row per service x month x method x scenario: what serving an AI service cost that month (USD, PF-days).
-- Months and services are those of marts.service_demand (launch to the last month a driver covers; gap months
-- keep their row with no cost and say why). Each month is priced on that month's serving stack and prices.
--   seed_note  the note's own arithmetic for its own month (ChatGPT, 2023-01): visits (Similarweb) x
--              usd_per_interaction; PF-days price that cost at GPT-3's training cost per PF-day
--              (reference_training_compute_pf_days / reference_training_cost_usd). Reproduces $6.16M and 4,874.4.
--   top_down   messages (interactions) x usd_per_interaction; PF-days = cost / the month's USD per PF-day on the
--              costed product (index median / (peak x inference_utilisation x 3600) x flop_per_pf_day). Not for
--              reported_tokens drivers: a day of API tokens is not a count of interactions.
--   bottom_up  input and output tokens x the month's USD per Mtok of the stack's model on its costed product
--              (marts.serving_cost_per_mtok, rented; owned TCO beside it); FLOP = 2 x active parameters x tokens.
--              The price month is the latest with a price-index median up to the month (price_month says which).
-- Scenarios: low, central and high estimates of cost (low demand x low cost per token).
CREATE OR REPLACE TABLE marts.monthly_inference_cost AS
WITH demand AS (
    SELECT d.*, s.costed_product, s.precision, s.serving_accelerator
    FROM marts.service_demand d
    LEFT JOIN core.service_serving s ON s.service = d.service AND s.valid_from = d.stack_valid_from
), seed_note AS (
    SELECT t.service, t.month, 'seed_note' AS method, a.scenario, t.value AS visits, a.usd_per_interaction,
           t.value * a.usd_per_interaction AS cost_usd,
           t.value * a.usd_per_interaction * a.reference_training_compute_pf_days / a.reference_training_cost_usd AS compute_pf_days,
           'cost_usd = visits x usd_per_interaction; compute_pf_days = cost_usd x reference_training_compute_pf_days / reference_training_cost_usd' AS formula,
           'observed' AS status, 'visits_x_queries' AS driver, t.source_url AS driver_source_url,
           t.observed_at AS driver_observed_at, t.quality
    FROM core.traffic_monthly t CROSS JOIN core.scenario_assumptions a
    WHERE t.service = 'ChatGPT' AND t.month = DATE '2023-01-01'  -- the seed note's service and month
      AND t.source = 'similarweb' AND t.metric = 'visits'
), cost_per_token AS (
    SELECT * FROM marts.serving_cost_per_mtok
), priced AS (  -- the month's cost per token of the stack's model on its costed product, latest price month up to it
    SELECT d.*, c.month AS price_month, c.active_parameters, c.spec_accelerator, c.usd_per_gpu_hour_rented,
           c.usd_per_mtok_input_rented, c.usd_per_mtok_output_rented, c.usd_per_mtok_input_owned,
           c.usd_per_mtok_output_owned, c.gpu_hours_per_mtok_input, c.gpu_hours_per_mtok_output,
           c.api_model, c.api_usd_per_mtok_input, c.api_usd_per_mtok_output
    FROM demand d
    ASOF LEFT JOIN cost_per_token c
        ON c.model_served = d.model_served AND c.product = d.costed_product AND c.precision = d.precision
       AND c.scenario = d.scenario AND c.month <= d.month
), per_pf_day AS (
    SELECT p.*, a.usd_per_interaction, a.inference_flop_per_param_token, a.flop_per_pf_day,
           r.peak_flop_per_s, a.inference_utilisation,
           p.usd_per_gpu_hour_rented / (r.peak_flop_per_s * a.inference_utilisation * 3600) * a.flop_per_pf_day
               AS usd_per_pf_day  -- 3600 s per hour
    FROM priced p JOIN core.scenario_assumptions a USING (scenario)
    LEFT JOIN core.accelerator_peak_rates r ON r.accelerator = p.spec_accelerator AND r.precision = p.precision
), top_down AS (
    SELECT service, month, 'top_down' AS method, scenario, price_month, messages, usd_per_interaction,
           messages * usd_per_interaction AS cost_usd,
           messages * usd_per_interaction / usd_per_pf_day AS compute_pf_days, usd_per_pf_day,
           'cost_usd = messages x usd_per_interaction; compute_pf_days = cost_usd / usd_per_pf_day of the month '
           || '(usd_per_gpu_hour / (peak x inference_utilisation x 3600) x flop_per_pf_day)' AS formula,
           CASE WHEN status = 'gap' THEN 'gap: no driver this month (marts.service_demand)'
                WHEN messages IS NULL THEN 'the driver reports tokens, not interactions: no top_down figure'
                WHEN usd_per_pf_day IS NULL THEN 'no price of ' || costed_product || ' up to this month: no PF-days' END AS issue
    FROM per_pf_day
), bottom_up AS (
    SELECT service, month, 'bottom_up' AS method, scenario, price_month, messages, tokens, input_tokens, output_tokens,
           active_parameters, inference_flop_per_param_token * active_parameters * tokens AS flop,
           inference_flop_per_param_token * active_parameters * tokens / flop_per_pf_day AS compute_pf_days,
           input_tokens / 1e6 * gpu_hours_per_mtok_input + output_tokens / 1e6 * gpu_hours_per_mtok_output AS accelerator_hours,  -- 1e6 tokens per Mtok
           usd_per_gpu_hour_rented AS usd_per_gpu_hour,
           input_tokens / 1e6 * usd_per_mtok_input_rented + output_tokens / 1e6 * usd_per_mtok_output_rented AS cost_usd,
           input_tokens / 1e6 * usd_per_mtok_input_owned + output_tokens / 1e6 * usd_per_mtok_output_owned AS owned_cost_usd,
           api_model, input_tokens / 1e6 * api_usd_per_mtok_input + output_tokens / 1e6 * api_usd_per_mtok_output AS api_cost_usd,
           'flop = 2 x active_parameters x tokens; cost_usd = input_tokens / 1e6 x usd_per_mtok_input + output_tokens / 1e6 '
           || 'x usd_per_mtok_output (marts.serving_cost_per_mtok, rented; owned_cost_usd on owned TCO); api_cost_usd = the '
           || 'same tokens at the API model''s prices in force' AS formula,
           CASE WHEN status = 'gap' THEN 'gap: no driver this month (marts.service_demand)'
                WHEN costed_product IS NULL THEN 'no serving stack for ' || service || ' this month'
                WHEN price_month IS NULL THEN 'no price-index month of ' || costed_product || ' up to this month'
                WHEN owned_cost_usd IS NULL THEN 'no purchase price of ' || costed_product || ': no owned cost' END AS issue
    FROM per_pf_day
), modelled AS (
    SELECT * FROM top_down UNION ALL BY NAME SELECT * FROM bottom_up
)
SELECT * FROM (
SELECT m.*, d.operator, d.scope, d.status, d.driver, d.quality, d.model_served, d.serving_accelerator,
       d.costed_product, d.precision, d.driver_source_url, d.driver_observed_at,
       d.next_driver_source_url, d.next_driver_observed_at
FROM modelled m
JOIN demand d ON d.service = m.service AND d.month = m.month AND d.scenario = m.scenario
UNION ALL BY NAME
SELECT s.*, 'service' AS scope, 'OpenAI' AS operator FROM seed_note s
)
ORDER BY service, month, method DESC, CASE scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE marts.monthly_inference_cost IS 'One row per service x month x method x scenario: monthly inference cost in USD and PF-days (seed_note, top_down, bottom_up), on the month''s serving stack and prices. Scenarios: low, central and high estimates of cost';
COMMENT ON COLUMN marts.monthly_inference_cost.service IS 'Canonical service name';
COMMENT ON COLUMN marts.monthly_inference_cost.month IS 'First day of the month';
COMMENT ON COLUMN marts.monthly_inference_cost.method IS 'seed_note (the note''s own arithmetic, ChatGPT 2023-01), top_down (messages x USD per interaction) or bottom_up (tokens x roofline cost per token)';
COMMENT ON COLUMN marts.monthly_inference_cost.scenario IS 'low, base or high: low, central and high estimates of cost';
COMMENT ON COLUMN marts.monthly_inference_cost.operator IS 'Company running the service';
COMMENT ON COLUMN marts.monthly_inference_cost.scope IS 'service, or aggregate (never summed with the services it covers)';
COMMENT ON COLUMN marts.monthly_inference_cost.status IS 'observed, interpolated, carried or gap: how the month''s driver was obtained (marts.service_demand)';
COMMENT ON COLUMN marts.monthly_inference_cost.driver IS 'Demand driver of the month (marts.service_demand.driver)';
COMMENT ON COLUMN marts.monthly_inference_cost.quality IS 'Quality of the driver figure: primary, secondary, estimate (interpolated, carried, derived from a share), or verify';
COMMENT ON COLUMN marts.monthly_inference_cost.visits IS 'seed_note: monthly visits (count, Similarweb)';
COMMENT ON COLUMN marts.monthly_inference_cost.messages IS 'Messages (interactions) in the month (count)';
COMMENT ON COLUMN marts.monthly_inference_cost.usd_per_interaction IS 'seed_note and top_down: assumed serving cost of one interaction (USD)';
COMMENT ON COLUMN marts.monthly_inference_cost.usd_per_pf_day IS 'top_down: the month''s cost of a PF-day on the costed product (USD per PF-day)';
COMMENT ON COLUMN marts.monthly_inference_cost.cost_usd IS 'Monthly inference cost (USD): the headline measure; bottom_up on rented accelerators';
COMMENT ON COLUMN marts.monthly_inference_cost.owned_cost_usd IS 'bottom_up: the same tokens on owned accelerators, TCO (USD)';
COMMENT ON COLUMN marts.monthly_inference_cost.compute_pf_days IS 'Monthly inference compute (PF-days, 1 PF-day = 8.64e19 FLOP); seed_note at GPT-3''s training cost per PF-day, top_down at the month''s, bottom_up from FLOP';
COMMENT ON COLUMN marts.monthly_inference_cost.formula IS 'How the row was computed';
COMMENT ON COLUMN marts.monthly_inference_cost.driver_source_url IS 'Web page of the driver''s observation (for interpolated months: the earlier one)';
COMMENT ON COLUMN marts.monthly_inference_cost.driver_observed_at IS 'When that observation was true';
COMMENT ON COLUMN marts.monthly_inference_cost.next_driver_source_url IS 'Interpolated months: web page of the later observation';
COMMENT ON COLUMN marts.monthly_inference_cost.next_driver_observed_at IS 'Interpolated months: when the later observation was true';
COMMENT ON COLUMN marts.monthly_inference_cost.tokens IS 'bottom_up: tokens processed in the month (input + output)';
COMMENT ON COLUMN marts.monthly_inference_cost.input_tokens IS 'bottom_up: prompt tokens in the month';
COMMENT ON COLUMN marts.monthly_inference_cost.output_tokens IS 'bottom_up: generated tokens in the month';
COMMENT ON COLUMN marts.monthly_inference_cost.active_parameters IS 'bottom_up: active parameters per token of the month''s model in this scenario (count)';
COMMENT ON COLUMN marts.monthly_inference_cost.flop IS 'bottom_up: inference compute in the month (FLOP = 2 x active_parameters x tokens)';
COMMENT ON COLUMN marts.monthly_inference_cost.model_served IS 'Model of the month''s serving stack';
COMMENT ON COLUMN marts.monthly_inference_cost.serving_accelerator IS 'Accelerator family serving it (inputs/curated/service_serving.csv)';
COMMENT ON COLUMN marts.monthly_inference_cost.costed_product IS 'Product whose speed and price cost the tokens (marts.gpu_price_index)';
COMMENT ON COLUMN marts.monthly_inference_cost.precision IS 'Precision served';
COMMENT ON COLUMN marts.monthly_inference_cost.price_month IS 'Month of the price-index median used (the latest up to the month)';
COMMENT ON COLUMN marts.monthly_inference_cost.accelerator_hours IS 'bottom_up: paid accelerator-hours in the month, idle share included (hours)';
COMMENT ON COLUMN marts.monthly_inference_cost.usd_per_gpu_hour IS 'bottom_up: the price-index median used (USD per GPU-hour)';
COMMENT ON COLUMN marts.monthly_inference_cost.api_model IS 'bottom_up: API model whose prices price the same tokens';
COMMENT ON COLUMN marts.monthly_inference_cost.api_cost_usd IS 'bottom_up: the month''s tokens at that API''s prices in force (USD), for comparison';
COMMENT ON COLUMN marts.monthly_inference_cost.issue IS 'NULL, or why a figure is missing';
