-- One row per source x provider x model x price period: LLM API prices in USD per million tokens (input, output,
-- cached input, and the blended 3:1 price), with the canonical model id shared across sources.
-- History: built from EVERY raw capture (the recorded dated captures of LiteLLM's price file and OpenRouter's model
-- list, then each live fetch); consecutive observations at the same prices collapse into one row; valid_from =
-- first observation at those prices, last_observed_at = the last one, valid_to = first observation at the next
-- different prices (NULL = the latest known; stale when last seen more than price_stale_after_months ago).
-- A period is defined by the input and output prices; its cached-input price is the latest non-zero one published
-- within it (sources add, drop and zero that field between captures without any change of price).
-- Observation time = raw observed_at: the capture's date (a price file has no per-price date).
-- canonical_model: the normalised name (last path segment, lower-case, no cloud prefix like bedrock's 'anthropic.',
-- no '-v1:0' version, no '-latest', no ':free' style variant (kept in `variant`), '.' between digits written '-'),
-- then the first matching line of inputs/curated/model_aliases.csv.
-- A zero or missing price is flagged (price_flag) and has no blended price: it is never used as a price.
-- Models without a fixed per-token price (OpenRouter '-1' routers) are left out.
-- 1e6 below is the unit definition USD/token -> USD per million tokens (1 Mtok = 1,000,000 tokens); the blend
-- weights 3 input tokens to 1 output token (the convention of public LLM price comparisons, written here once).
CREATE OR REPLACE TABLE core.token_prices AS
WITH observed AS (
    SELECT provider, model, mode, input_usd_per_token, output_usd_per_token, cached_input_usd_per_token,
           observed_at, observed_at_basis, source, source_url, recorded_file, payload_sha256
    FROM staging.litellm_prices
    UNION ALL BY NAME
    SELECT provider, model,
           CASE WHEN modality IS NULL THEN NULL
                WHEN split_part(modality, '->', 2) = 'text' THEN 'chat'
                WHEN split_part(modality, '->', 2) LIKE '%image%' THEN 'image_generation'
                ELSE split_part(modality, '->', 2) END AS mode,
           input_usd_per_token, output_usd_per_token, cached_input_usd_per_token,
           observed_at, observed_at_basis, source, source_url, recorded_file, payload_sha256
    FROM staging.openrouter_models WHERE NOT variable_pricing
), runs AS (
    SELECT *, sum(CASE WHEN changed THEN 1 ELSE 0 END) OVER (
                  PARTITION BY source, provider, model ORDER BY observed_at ROWS UNBOUNDED PRECEDING) AS run
    FROM (
        SELECT *, coalesce(
                   lag(input_usd_per_token) OVER w IS DISTINCT FROM input_usd_per_token
                   OR lag(output_usd_per_token) OVER w IS DISTINCT FROM output_usd_per_token
                   OR row_number() OVER w = 1, true) AS changed
        FROM observed
        WINDOW w AS (PARTITION BY source, provider, model ORDER BY observed_at)
    )
), periods AS (
    SELECT source, provider, model, run,
           arg_max(mode, observed_at) AS mode,
           any_value(input_usd_per_token) AS input_usd_per_token, any_value(output_usd_per_token) AS output_usd_per_token,
           arg_max(cached_input_usd_per_token, observed_at) FILTER (WHERE cached_input_usd_per_token > 0)
               AS cached_input_usd_per_token,
           min(observed_at) AS valid_from, max(observed_at) AS last_observed_at, count(*) AS observations,
           arg_min(observed_at_basis, observed_at) AS observed_at_basis,
           arg_min(source_url, observed_at) AS source_url, arg_min(recorded_file, observed_at) AS recorded_file,
           arg_min(payload_sha256, observed_at) AS payload_sha256
    FROM runs
    GROUP BY ALL
), segments AS (
    SELECT *, regexp_extract(lower(model), '([^/]+)$', 1) AS segment FROM periods
), normalised AS (
    SELECT *,
           regexp_extract(regexp_replace(segment, '-v[0-9]+(:[0-9]+)?$', ''), ':([a-z0-9._-]+)$', 1) AS variant,
           regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
               segment,
               '-v[0-9]+(:[0-9]+)?$', ''),                                   -- bedrock version suffix
               ':[a-z0-9._-]+$', ''),                                        -- OpenRouter variant (:free, :beta ...)
               '^((us|eu|apac|global)\.)?(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer)\.', ''),
               '-latest$', ''),
               '([0-9])\.([0-9])', '\1-\2', 'g') AS normalised_model
    FROM segments
), canonical AS (
    SELECT n.*, coalesce(regexp_replace(n.normalised_model, '^(?:' || a.pattern || ')$', a.canonical),
                         n.normalised_model) AS canonical_model
    FROM normalised n
    LEFT JOIN staging.model_aliases a ON regexp_full_match(n.normalised_model, a.pattern)
    QUALIFY row_number() OVER (PARTITION BY n.source, n.provider, n.model, n.run ORDER BY a.priority NULLS LAST) = 1
)
SELECT c.canonical_model, c.provider, c.model, c.mode, c.variant,
       c.input_usd_per_token * 1e6 AS usd_per_mtok_input,
       c.output_usd_per_token * 1e6 AS usd_per_mtok_output,
       c.cached_input_usd_per_token * 1e6 AS usd_per_mtok_cached_input,
       CASE WHEN c.input_usd_per_token IS NULL OR c.output_usd_per_token IS NULL THEN 'missing'
            WHEN c.input_usd_per_token = 0 OR c.output_usd_per_token = 0 THEN 'zero'
            ELSE 'ok' END AS price_flag,
       CASE WHEN c.input_usd_per_token > 0 AND c.output_usd_per_token > 0
            THEN (3 * c.input_usd_per_token + c.output_usd_per_token) / 4 * 1e6 END AS usd_per_mtok_blended_3_1,
       c.valid_from,
       lead(c.valid_from) OVER (PARTITION BY c.source, c.provider, c.model ORDER BY c.valid_from) AS valid_to,
       c.last_observed_at, c.observations,
       valid_to IS NULL AND c.last_observed_at < current_date - to_months(s.price_stale_after_months) AS stale,
       -- the source's newer captures no longer list it: a latest price, not a current one
       valid_to IS NULL AND c.last_observed_at < max(c.last_observed_at) OVER (PARTITION BY c.source) AS delisted,
       c.observed_at_basis, c.source, c.source_url, c.recorded_file, c.payload_sha256
FROM canonical c
CROSS JOIN (SELECT price_stale_after_months::INTEGER AS price_stale_after_months
            FROM core.scenario_assumptions WHERE scenario = 'base') s
ORDER BY canonical_model, provider, model, source, valid_from;

COMMENT ON TABLE core.token_prices IS 'One row per source x provider x model x price period: LLM API prices in USD per million tokens (input, output, cached input, blended 3:1), with the canonical model id and a valid_from/valid_to history dated by the captures';
COMMENT ON COLUMN core.token_prices.canonical_model IS 'One id per model across LiteLLM and OpenRouter names (normalised, then inputs/curated/model_aliases.csv), e.g. gpt-4o, claude-3-5-sonnet, gemini-1-5-pro';
COMMENT ON COLUMN core.token_prices.provider IS 'Seller of the tokens: LiteLLM''s litellm_provider (openai, azure, bedrock ...) or openrouter';
COMMENT ON COLUMN core.token_prices.model IS 'Model as the source names it (LiteLLM key, OpenRouter id)';
COMMENT ON COLUMN core.token_prices.mode IS 'chat, embedding, completion, image_generation ... (LiteLLM mode; OpenRouter: from the output modality)';
COMMENT ON COLUMN core.token_prices.variant IS 'OpenRouter variant suffix (free, beta, extended, thinking ...); empty for the model itself';
COMMENT ON COLUMN core.token_prices.usd_per_mtok_input IS 'Price of one million input (prompt) tokens (USD); NULL when not published';
COMMENT ON COLUMN core.token_prices.usd_per_mtok_output IS 'Price of one million output (completion) tokens (USD); NULL when not published';
COMMENT ON COLUMN core.token_prices.usd_per_mtok_cached_input IS 'Price of one million input tokens read from the prompt cache (USD); NULL when not published';
COMMENT ON COLUMN core.token_prices.price_flag IS 'ok; zero (an input or output price of 0: a free tier or a placeholder, not a price); missing (input or output not published)';
COMMENT ON COLUMN core.token_prices.usd_per_mtok_blended_3_1 IS 'Blended USD per million tokens at 3 input : 1 output tokens; NULL unless price_flag = ok';
COMMENT ON COLUMN core.token_prices.valid_from IS 'First observation at these prices (raw observed_at: the capture date)';
COMMENT ON COLUMN core.token_prices.valid_to IS 'First observation at the next different prices; NULL = the latest known (see stale)';
COMMENT ON COLUMN core.token_prices.last_observed_at IS 'Last observation at these prices';
COMMENT ON COLUMN core.token_prices.observations IS 'Captures that saw these prices';
COMMENT ON COLUMN core.token_prices.stale IS 'true: the latest prices known of this model, last observed more than price_stale_after_months before the build day';
COMMENT ON COLUMN core.token_prices.delisted IS 'true: the latest prices known of this model, but the source''s newer captures no longer list it';
COMMENT ON COLUMN core.token_prices.observed_at_basis IS 'What dated the first observation: capture or fetch (raw observed_at_basis)';
COMMENT ON COLUMN core.token_prices.source IS 'Registry source (raw table) the price came from';
COMMENT ON COLUMN core.token_prices.source_url IS 'Web page or API that published the price when it was first seen';
COMMENT ON COLUMN core.token_prices.recorded_file IS 'File the first observation was read from (a recorded capture in the repo or an archived live payload)';
COMMENT ON COLUMN core.token_prices.payload_sha256 IS 'sha256 of the payload of the first observation';
