-- marts.token_price_history: how the API price of each model moved, period by period, as the dated sources saw it.
-- One row per canonical model x seller (provider) x source x price period, priced rows only (price_flag = ok: a zero
-- or missing price is never a price), with the blended 3:1 price, its change from the previous period of the same
-- model, seller and source, and how long the price was seen. The canonical id joins LiteLLM's and OpenRouter's
-- names of one model (core.token_prices); a model's first-party price is its maker's own API (provider openai,
-- anthropic, gemini ... in LiteLLM), and OpenRouter's passes the maker's price through.
CREATE OR REPLACE TABLE marts.token_price_history AS
WITH priced AS (
    SELECT * FROM core.token_prices WHERE price_flag = 'ok'
)
SELECT canonical_model, provider, source, model, mode, variant,
       usd_per_mtok_input, usd_per_mtok_output, usd_per_mtok_cached_input, usd_per_mtok_blended_3_1,
       lag(usd_per_mtok_blended_3_1) OVER w AS previous_usd_per_mtok_blended_3_1,
       usd_per_mtok_blended_3_1 / lag(usd_per_mtok_blended_3_1) OVER w - 1 AS change_vs_previous,
       valid_from, valid_to, last_observed_at, observations, stale, delisted,
       date_diff('day', valid_from, coalesce(valid_to, last_observed_at)) AS days_seen,
       source_url,
       'blended = (3 x input + output) / 4 USD per million tokens; change = blended / previous blended - 1' AS formula
FROM priced
WINDOW w AS (PARTITION BY canonical_model, provider, source, model ORDER BY valid_from)
ORDER BY canonical_model, provider, source, model, valid_from;

COMMENT ON TABLE marts.token_price_history IS 'One row per canonical model x seller x source x price period (priced rows only): USD per million tokens, the blended 3:1 price and its change from the previous period';
COMMENT ON COLUMN marts.token_price_history.canonical_model IS 'One id per model across LiteLLM and OpenRouter names (core.token_prices)';
COMMENT ON COLUMN marts.token_price_history.provider IS 'Seller of the tokens (LiteLLM provider, or openrouter)';
COMMENT ON COLUMN marts.token_price_history.source IS 'Registry source of the price';
COMMENT ON COLUMN marts.token_price_history.model IS 'The source''s own model name';
COMMENT ON COLUMN marts.token_price_history.mode IS 'chat, embedding, completion, image_generation ...';
COMMENT ON COLUMN marts.token_price_history.variant IS 'OpenRouter variant suffix (free, beta ...); empty for the model itself';
COMMENT ON COLUMN marts.token_price_history.usd_per_mtok_input IS 'USD per million input tokens';
COMMENT ON COLUMN marts.token_price_history.usd_per_mtok_output IS 'USD per million output tokens';
COMMENT ON COLUMN marts.token_price_history.usd_per_mtok_cached_input IS 'USD per million cached input tokens; NULL when not published';
COMMENT ON COLUMN marts.token_price_history.usd_per_mtok_blended_3_1 IS 'Blended USD per million tokens at 3 input : 1 output tokens';
COMMENT ON COLUMN marts.token_price_history.previous_usd_per_mtok_blended_3_1 IS 'Blended price of the previous period of the same model, seller and source; NULL for the first';
COMMENT ON COLUMN marts.token_price_history.change_vs_previous IS 'Blended price / previous blended price - 1 (ratio; -0.5 = halved)';
COMMENT ON COLUMN marts.token_price_history.valid_from IS 'First observation at this price (capture date)';
COMMENT ON COLUMN marts.token_price_history.valid_to IS 'First observation at the next price; NULL = the latest known';
COMMENT ON COLUMN marts.token_price_history.last_observed_at IS 'Last observation at this price';
COMMENT ON COLUMN marts.token_price_history.observations IS 'Captures that saw this price';
COMMENT ON COLUMN marts.token_price_history.delisted IS 'true: the latest price known, but the source''s newer captures no longer list the model';
COMMENT ON COLUMN marts.token_price_history.stale IS 'true: the latest price known, last observed more than price_stale_after_months before the build day';
COMMENT ON COLUMN marts.token_price_history.days_seen IS 'Days from valid_from to valid_to (or to the last observation, for the latest price)';
COMMENT ON COLUMN marts.token_price_history.source_url IS 'Web page or API that published the price';
COMMENT ON COLUMN marts.token_price_history.formula IS 'How the derived columns are computed';
