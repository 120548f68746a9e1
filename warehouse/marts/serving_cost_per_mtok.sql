-- One row per month x model x costed product x precision x scenario: what a million input and a million output
-- tokens cost to serve, from a roofline model, on the rented GPU-hour of the month and on owned hardware (TCO),
-- beside the model's API price that month and the implied gross margin.
-- Models: every model of the dated serving stack (core.service_serving) with its active parameters N (low, central,
-- high estimates by scenario); products: every product the stack is costed as; precisions: fp16_tensor, and fp8
-- where the product has an fp8 rate; months: those with a price-index median for the product (on_demand, else
-- marketplace: marts.gpu_price_index, withheld months left out).
-- Roofline, per accelerator:
--   prefill (compute-bound): seconds per input token = inference_flop_per_param_token x N / (peak x inference_utilisation)
--   decode (memory-bound, one step serves decode_batch_size sequences): bytes per step = N x bytes per parameter
--     + decode_batch_size x decode_context_tokens x KV-cache bytes per token (kv_cache_bytes_per_token_per_billion
--     _parameters x N / 1e9); seconds per output token = max(bytes per step / (HBM bandwidth x decode_bandwidth_
--     utilisation), decode_batch_size x FLOP per token / (peak x inference_utilisation)) / decode_batch_size
--   GPU-hours per Mtok = 1e6 x seconds per token / 3600 / serving_fleet_busy_share (fleets are sized for the peak)
-- Sharding a model over several accelerators divides bytes and FLOP per accelerator as it multiplies accelerators,
-- so the cost per token does not depend on it (perfect parallelism; communication is left out).
-- Cost bases: rented = the month's price-index median USD per GPU-hour; owned = purchase price (latest observed up
-- to the month) x (1 + tco_overhead_ratio) / (accelerator_life_years x hours_per_year) + TDP kW x datacenter_pue x
-- usd_per_kwh. Blended = prompt_token_share x input + (1 - prompt_token_share) x output.
-- API: median over providers of the model's prices in force in the month (core.token_prices, price_flag ok).
-- Scenarios: low, central and high estimates of the cost per token (the low scenario takes the small model, high
-- utilisation, large batches, a high prompt share).
CREATE OR REPLACE TABLE marts.serving_cost_per_mtok AS
WITH models AS (
    SELECT DISTINCT model_served, active_parameters, active_parameters_low, active_parameters_high, api_model
    FROM core.service_serving
), products AS (
    SELECT DISTINCT s.costed_product AS product, p.accelerator AS family
    FROM core.service_serving s JOIN core.gpu_hour_prices p ON p.product = s.costed_product
), specs AS (  -- the family reference of the product's family: its rates, bandwidth and power
    SELECT pr.product, a.accelerator AS spec_accelerator, r.precision, r.peak_flop_per_s,
           a.memory_bandwidth_bytes_per_s, a.tdp_w
    FROM products pr
    JOIN core.accelerators a ON a.family = pr.family AND a.is_family_reference
    JOIN core.accelerator_peak_rates r ON r.accelerator = a.accelerator AND r.precision IN ('fp16_tensor', 'fp8')
    WHERE r.peak_flop_per_s IS NOT NULL
), price AS (  -- one index median per product x month: on_demand where quoted, else marketplace
    SELECT product, month, tier AS price_tier, usd_per_gpu_hour_median, providers AS price_providers
    FROM marts.gpu_price_index
    WHERE NOT withheld AND tier IN ('on_demand', 'marketplace') AND product IN (SELECT product FROM products)
    QUALIFY row_number() OVER (PARTITION BY product, month ORDER BY CASE tier WHEN 'on_demand' THEN 0 ELSE 1 END) = 1
), purchase AS (  -- purchase quotes per product and day (median of the day's quotes)
    SELECT product, valid_from::DATE AS quoted_on, median(usd_per_gpu_purchase) AS usd_per_gpu_purchase
    FROM core.gpu_hour_prices WHERE tier = 'purchase' AND usd_per_gpu_purchase > 0 AND product IS NOT NULL
    GROUP BY ALL
), api AS (  -- the model's API prices in force in a month: median over providers
    SELECT m.month, t.canonical_model AS api_model, median(t.usd_per_mtok_input) AS api_usd_per_mtok_input,
           median(t.usd_per_mtok_output) AS api_usd_per_mtok_output, count(*) AS api_quotes
    FROM (SELECT DISTINCT month FROM price) m
    JOIN core.token_prices t ON t.valid_from < m.month + INTERVAL 1 MONTH AND (t.valid_to IS NULL OR t.valid_to > m.month)
    WHERE t.price_flag = 'ok' AND t.mode = 'chat' AND coalesce(t.variant, '') = ''
      AND t.canonical_model IN (SELECT api_model FROM models)
    GROUP BY ALL
), grid AS (
    SELECT p.month, m.model_served, m.api_model, s.product, s.spec_accelerator, s.precision, s.peak_flop_per_s,
           s.memory_bandwidth_bytes_per_s, s.tdp_w, p.price_tier, p.usd_per_gpu_hour_median, p.price_providers,
           a.scenario,
           CASE a.scenario WHEN 'low' THEN m.active_parameters_low WHEN 'base' THEN m.active_parameters
                           ELSE m.active_parameters_high END AS active_parameters,
           CASE s.precision WHEN 'fp8' THEN a.bytes_per_parameter_8bit ELSE a.bytes_per_parameter_16bit END AS bytes_per_parameter,
           a.inference_flop_per_param_token, a.inference_utilisation, a.decode_bandwidth_utilisation, a.decode_batch_size,
           a.decode_context_tokens, a.kv_cache_bytes_per_token_per_billion_parameters, a.serving_fleet_busy_share,
           a.tco_overhead_ratio, a.accelerator_life_years, a.hours_per_year, a.datacenter_pue, a.usd_per_kwh,
           a.prompt_token_share
    FROM price p JOIN specs s USING (product) CROSS JOIN models m CROSS JOIN core.scenario_assumptions a
), roofline AS (
    SELECT g.*, q.usd_per_gpu_purchase, q.quoted_on AS purchase_quoted_on,
           g.inference_flop_per_param_token * g.active_parameters / (g.peak_flop_per_s * g.inference_utilisation)
               AS prefill_seconds_per_token,
           g.active_parameters * g.bytes_per_parameter + g.decode_batch_size * g.decode_context_tokens
               * g.kv_cache_bytes_per_token_per_billion_parameters * g.active_parameters / 1e9 AS decode_bytes_per_step,  -- 1e9 parameters per billion
           greatest((g.active_parameters * g.bytes_per_parameter + g.decode_batch_size * g.decode_context_tokens
                         * g.kv_cache_bytes_per_token_per_billion_parameters * g.active_parameters / 1e9)
                        / (g.memory_bandwidth_bytes_per_s * g.decode_bandwidth_utilisation),
                    g.decode_batch_size * g.inference_flop_per_param_token * g.active_parameters
                        / (g.peak_flop_per_s * g.inference_utilisation)) / g.decode_batch_size AS decode_seconds_per_token
    FROM grid g ASOF LEFT JOIN purchase q ON q.product = g.product AND q.quoted_on < g.month + INTERVAL 1 MONTH
), hours AS (
    SELECT *,
           1e6 * prefill_seconds_per_token / 3600 / serving_fleet_busy_share AS gpu_hours_per_mtok_input,  -- 1e6 tokens per Mtok, 3600 s per hour
           1e6 * decode_seconds_per_token / 3600 / serving_fleet_busy_share AS gpu_hours_per_mtok_output,
           usd_per_gpu_purchase * (1 + tco_overhead_ratio) / (accelerator_life_years * hours_per_year)
               + tdp_w / 1000 * datacenter_pue * usd_per_kwh AS usd_per_gpu_hour_owned  -- 1000 W per kW
    FROM roofline
), costed AS (
    SELECT h.*, api.api_usd_per_mtok_input, api.api_usd_per_mtok_output, api.api_quotes,
           h.gpu_hours_per_mtok_input * h.usd_per_gpu_hour_median AS usd_per_mtok_input_rented,
           h.gpu_hours_per_mtok_output * h.usd_per_gpu_hour_median AS usd_per_mtok_output_rented,
           h.gpu_hours_per_mtok_input * h.usd_per_gpu_hour_owned AS usd_per_mtok_input_owned,
           h.gpu_hours_per_mtok_output * h.usd_per_gpu_hour_owned AS usd_per_mtok_output_owned
    FROM hours h LEFT JOIN api ON api.month = h.month AND api.api_model = h.api_model
), blended AS (
    SELECT *,
           prompt_token_share * usd_per_mtok_input_rented + (1 - prompt_token_share) * usd_per_mtok_output_rented
               AS usd_per_mtok_blended_rented,
           prompt_token_share * usd_per_mtok_input_owned + (1 - prompt_token_share) * usd_per_mtok_output_owned
               AS usd_per_mtok_blended_owned,
           prompt_token_share * api_usd_per_mtok_input + (1 - prompt_token_share) * api_usd_per_mtok_output
               AS api_usd_per_mtok_blended
    FROM costed
)
SELECT month, model_served, product, precision, scenario, spec_accelerator, active_parameters, api_model,
       prefill_seconds_per_token, decode_bytes_per_step, decode_seconds_per_token,
       gpu_hours_per_mtok_input, gpu_hours_per_mtok_output,
       usd_per_gpu_hour_median AS usd_per_gpu_hour_rented, price_tier, price_providers,
       usd_per_gpu_purchase, purchase_quoted_on, usd_per_gpu_hour_owned,
       usd_per_mtok_input_rented, usd_per_mtok_output_rented, usd_per_mtok_blended_rented,
       usd_per_mtok_input_owned, usd_per_mtok_output_owned, usd_per_mtok_blended_owned,
       api_usd_per_mtok_input, api_usd_per_mtok_output, api_usd_per_mtok_blended, api_quotes,
       1 - usd_per_mtok_blended_rented / api_usd_per_mtok_blended AS gross_margin_rented,
       1 - usd_per_mtok_blended_owned / api_usd_per_mtok_blended AS gross_margin_owned,
       'prefill s/token = 2 x N / (peak x inference_utilisation); decode s/token = max(bytes per step / (bandwidth x '
       || 'decode_bandwidth_utilisation), batch x 2 x N / (peak x inference_utilisation)) / batch; GPU-h/Mtok = 1e6 x '
       || 's/token / 3600 / serving_fleet_busy_share; USD/Mtok = GPU-h/Mtok x USD/GPU-hour (rented: index median; '
       || 'owned: purchase x (1 + tco_overhead_ratio) / (life x hours_per_year) + TDP x PUE x USD/kWh); blended = '
       || 'prompt_token_share x input + (1 - prompt_token_share) x output; gross margin = 1 - cost / API price' AS formula,
       CASE WHEN usd_per_gpu_purchase IS NULL THEN 'no purchase price of ' || product || ' observed by this month: no owned cost'
            WHEN api_model IS NULL THEN 'no API model to compare'
            WHEN api_usd_per_mtok_input IS NULL THEN 'no price of ' || api_model || ' in force this month' END AS issue
FROM blended
ORDER BY month, model_served, product, precision, CASE scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE marts.serving_cost_per_mtok IS 'One row per month x model x costed product x precision x scenario: roofline cost of a million input and output tokens, rented and owned, beside the API price. Scenarios: low, central and high estimates of the cost per token';
COMMENT ON COLUMN marts.serving_cost_per_mtok.month IS 'First day of the month (one with a price-index median for the product)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.model_served IS 'Model of the serving stack (core.service_serving.model_served)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.product IS 'Product whose speed and price are used (marts.gpu_price_index.product)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.precision IS 'fp16_tensor (2 bytes per weight) or fp8 (1 byte), with the product''s peak rate at that precision';
COMMENT ON COLUMN marts.serving_cost_per_mtok.scenario IS 'low, base or high: low, central and high estimates of the cost per token';
COMMENT ON COLUMN marts.serving_cost_per_mtok.spec_accelerator IS 'core.accelerators row whose peak rate, HBM bandwidth and TDP are used (the family reference)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.active_parameters IS 'Active parameters per token in this scenario (count)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.api_model IS 'core.token_prices.canonical_model compared';
COMMENT ON COLUMN marts.serving_cost_per_mtok.prefill_seconds_per_token IS 'Accelerator-seconds per input token, compute-bound (s)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.decode_bytes_per_step IS 'Bytes read per decode step: weights + the batch''s KV cache (bytes)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.decode_seconds_per_token IS 'Accelerator-seconds per output token: the slower of memory and compute per step, over the batch (s)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.gpu_hours_per_mtok_input IS 'Paid accelerator-hours per million input tokens, idle share included (hours)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.gpu_hours_per_mtok_output IS 'Paid accelerator-hours per million output tokens, idle share included (hours)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_gpu_hour_rented IS 'Price-index median of the month (USD per GPU-hour)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.price_tier IS 'Tier of that median: on_demand, else marketplace';
COMMENT ON COLUMN marts.serving_cost_per_mtok.price_providers IS 'Providers behind the median (count)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_gpu_purchase IS 'Latest purchase price of the product observed by the month (USD per accelerator)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.purchase_quoted_on IS 'When that purchase price was observed';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_gpu_hour_owned IS 'Owned TCO per accelerator-hour: amortised purchase with overhead + energy (USD per GPU-hour)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_mtok_input_rented IS 'Cost of a million input tokens on rented accelerators (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_mtok_output_rented IS 'Cost of a million output tokens on rented accelerators (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_mtok_blended_rented IS 'Rented cost of a million tokens at prompt_token_share (USD per Mtok): the headline measure';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_mtok_input_owned IS 'Cost of a million input tokens on owned accelerators (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_mtok_output_owned IS 'Cost of a million output tokens on owned accelerators (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.usd_per_mtok_blended_owned IS 'Owned cost of a million tokens at prompt_token_share (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.api_usd_per_mtok_input IS 'API input price in force this month, median over providers (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.api_usd_per_mtok_output IS 'API output price in force this month, median over providers (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.api_usd_per_mtok_blended IS 'API price at prompt_token_share (USD per Mtok)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.api_quotes IS 'Provider price rows behind the API median (count)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.gross_margin_rented IS '1 - rented blended cost / API blended price (ratio; negative = the API price is below the modelled cost)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.gross_margin_owned IS '1 - owned blended cost / API blended price (ratio)';
COMMENT ON COLUMN marts.serving_cost_per_mtok.formula IS 'How the row was computed';
COMMENT ON COLUMN marts.serving_cost_per_mtok.issue IS 'NULL, or why a figure of the row is missing';
