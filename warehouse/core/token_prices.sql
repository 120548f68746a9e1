-- One row per provider x model x source x price period: LLM API prices in USD per million tokens (input, output).
-- History: built from EVERY raw fetch; consecutive fetches at the same prices collapse into one row; valid_from =
-- first fetch at those prices, valid_to = first fetch at the next different prices (NULL = current). An unchanged
-- refresh adds no rows. Models without a fixed per-token price (OpenRouter '-1' routers) are left out.
-- 1e6 below is the unit definition USD/token -> USD per million tokens (1 Mtok = 1,000,000 tokens).
CREATE OR REPLACE TABLE core.token_prices AS
WITH observed AS (
    SELECT provider, model, input_usd_per_token, output_usd_per_token, observed_at, source, source_url
    FROM staging.litellm_prices
    UNION ALL BY NAME
    SELECT provider, model, input_usd_per_token, output_usd_per_token, observed_at, source, source_url
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
           any_value(input_usd_per_token) AS input_usd_per_token, any_value(output_usd_per_token) AS output_usd_per_token,
           min(observed_at) AS valid_from, arg_min(source_url, observed_at) AS source_url
    FROM runs
    GROUP BY ALL
)
SELECT provider, model,
       input_usd_per_token * 1e6 AS usd_per_mtok_input,
       output_usd_per_token * 1e6 AS usd_per_mtok_output,
       valid_from,
       lead(valid_from) OVER (PARTITION BY source, provider, model ORDER BY valid_from) AS valid_to,
       source, source_url
FROM periods
ORDER BY provider, model, source, valid_from;

COMMENT ON TABLE core.token_prices IS 'One row per provider x model x source x price period: LLM API prices in USD per million tokens, with valid_from/valid_to history';
COMMENT ON COLUMN core.token_prices.provider IS 'Seller of the tokens: LiteLLM''s litellm_provider (openai, azure, bedrock ...) or openrouter';
COMMENT ON COLUMN core.token_prices.model IS 'Model as the source names it (LiteLLM key, OpenRouter id)';
COMMENT ON COLUMN core.token_prices.usd_per_mtok_input IS 'Price of one million input (prompt) tokens (USD); NULL when not published';
COMMENT ON COLUMN core.token_prices.usd_per_mtok_output IS 'Price of one million output (completion) tokens (USD); NULL when not published';
COMMENT ON COLUMN core.token_prices.valid_from IS 'First fetch at these prices';
COMMENT ON COLUMN core.token_prices.valid_to IS 'First fetch at the next different prices; NULL = current';
COMMENT ON COLUMN core.token_prices.source IS 'Registry source (raw table) the price came from';
COMMENT ON COLUMN core.token_prices.source_url IS 'URL fetched (live) or repo file read (snapshot) when the price was first seen';
