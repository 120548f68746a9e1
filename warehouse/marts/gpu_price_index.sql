-- marts.gpu_price_index: what an hour of one GPU product cost, month by month, by tier.
--
-- Methodology (a provider-weighted median, like a statistical office's price index):
-- 1. Quotes: every price period of core.gpu_hour_prices with a standard product (H100 SXM, H100 PCIe, A100 SXM
--    80 GB, ...: never a family, so SXM and PCIe never mix), an hourly tier, and index_quote = true (a provider's
--    own price, not a marketplace aggregate or a bound).
-- 2. A quote counts in a month when it was observed that month (the months from its valid_from to its
--    last_observed_at: no other price of that key was seen between), or, in the months after, as that key's
--    latest observation for at most price_index_carry_months months (carried), and never past the month before
--    the key's next price (valid_to) nor past the newest observation of any source (no extrapolation). Months are
--    UTC months (the build runs its SQL with TimeZone = UTC).
-- 3. One vote per provider: a provider's vote in a month is the median of its quotes observed that month, or, if
--    it has none, the median of its carried quotes (its latest observations within the carry window).
-- 4. p10 / median / p90 are over the provider votes (quantile_cont). providers = votes, quotes = quote rows behind
--    them, carried_quotes = votes that are carried. With fewer than price_index_min_providers providers the
--    month is withheld: the statistics are NULL and withheld = true (the row stays, so a gap is visible).
CREATE OR REPLACE TABLE marts.gpu_price_index AS
WITH params AS (
    SELECT price_index_carry_months::INTEGER AS carry_months, price_index_min_providers::INTEGER AS min_providers
    FROM core.scenario_assumptions WHERE scenario = 'base'
), quotes AS (
    SELECT provider, product, tier, usd_per_gpu_hour, valid_to, source,
           date_trunc('month', valid_from) AS first_month, date_trunc('month', last_observed_at) AS last_month,
           last_observed_at
    FROM core.gpu_hour_prices
    WHERE index_quote AND product IS NOT NULL AND usd_per_gpu_hour IS NOT NULL AND tier <> 'purchase'
), horizon AS (  -- the newest month any quote was observed: months after it would be extrapolation
    SELECT max(last_month) AS newest_month FROM quotes
), quote_months AS (
    SELECT q.*, m.month, m.month > q.last_month AS carried
    FROM quotes q, params p, horizon h,
         LATERAL (SELECT unnest(generate_series(
             q.first_month,
             -- the observed months always count; the cap (carry window, next price, newest data) bounds the carry
             greatest(q.last_month,
                      least(q.last_month + to_months(p.carry_months), h.newest_month,
                            coalesce(date_trunc('month', q.valid_to) - INTERVAL 1 MONTH, h.newest_month))),
             INTERVAL 1 MONTH))::DATE AS month) m
), provider_votes AS (  -- observed quotes outvote carried ones: a provider's fresh price replaces its old one
    SELECT month, product, tier, provider,
           median(usd_per_gpu_hour) FILTER (WHERE NOT carried OR NOT has_observed) AS usd_per_gpu_hour,
           count(*) FILTER (WHERE NOT carried OR NOT has_observed) AS quotes,
           NOT any_value(has_observed) AS carried,
           max(last_observed_at) AS newest_observed_at,
           list(DISTINCT source ORDER BY source) AS sources
    FROM (SELECT *, bool_or(NOT carried) OVER (PARTITION BY month, product, tier, provider) AS has_observed
          FROM quote_months)
    GROUP BY ALL
), indexed AS (
    SELECT month, product, tier,
           quantile_cont(usd_per_gpu_hour, 0.1) AS p10, median(usd_per_gpu_hour) AS p50,
           quantile_cont(usd_per_gpu_hour, 0.9) AS p90,
           count(*) AS providers, sum(quotes) AS quotes, count(*) FILTER (WHERE carried) AS carried_quotes,
           max(newest_observed_at) AS newest_observed_at,
           list(DISTINCT provider ORDER BY provider) AS provider_list,
           flatten(list(sources)) AS source_lists
    FROM provider_votes
    GROUP BY ALL
)
SELECT i.month, i.product, i.tier,
       CASE WHEN i.providers >= p.min_providers THEN i.p10 END AS usd_per_gpu_hour_p10,
       CASE WHEN i.providers >= p.min_providers THEN i.p50 END AS usd_per_gpu_hour_median,
       CASE WHEN i.providers >= p.min_providers THEN i.p90 END AS usd_per_gpu_hour_p90,
       i.providers, i.quotes, i.carried_quotes,
       i.providers < p.min_providers AS withheld,
       i.newest_observed_at, array_to_string(i.provider_list, ', ') AS provider_names,
       array_to_string(list_sort(list_distinct(i.source_lists)), ', ') AS sources,
       'median over providers of each provider''s median USD per GPU-hour (observed this month, else its latest '
           || 'quote within ' || p.carry_months || ' months); withheld under ' || p.min_providers || ' providers'
           AS formula
FROM indexed i, params p
ORDER BY i.product, i.tier, i.month;

COMMENT ON TABLE marts.gpu_price_index IS 'One row per month x standard GPU product x price tier: the provider-weighted p10 / median / p90 of USD per GPU-hour (methodology at the top of warehouse/marts/gpu_price_index.sql)';
COMMENT ON COLUMN marts.gpu_price_index.month IS 'First day of the month';
COMMENT ON COLUMN marts.gpu_price_index.product IS 'Standard product (core.gpu_hour_prices.product): H100 SXM, H100 PCIe, A100 SXM 80 GB, A100 40 GB, H200, B200, ...';
COMMENT ON COLUMN marts.gpu_price_index.tier IS 'Price tier: on_demand, spot, marketplace, reserved_1y, reserved_3y, reserved_5y';
COMMENT ON COLUMN marts.gpu_price_index.usd_per_gpu_hour_p10 IS '10th percentile of the provider votes (USD per GPU-hour); NULL when withheld';
COMMENT ON COLUMN marts.gpu_price_index.usd_per_gpu_hour_median IS 'Median of the provider votes (USD per GPU-hour); NULL when withheld';
COMMENT ON COLUMN marts.gpu_price_index.usd_per_gpu_hour_p90 IS '90th percentile of the provider votes (USD per GPU-hour); NULL when withheld';
COMMENT ON COLUMN marts.gpu_price_index.providers IS 'Providers voting this month (one vote each: the median of its quotes)';
COMMENT ON COLUMN marts.gpu_price_index.quotes IS 'Quote rows (price periods of core.gpu_hour_prices) behind the votes';
COMMENT ON COLUMN marts.gpu_price_index.carried_quotes IS 'Votes carried from a provider''s latest quote of an earlier month (within price_index_carry_months)';
COMMENT ON COLUMN marts.gpu_price_index.withheld IS 'true: fewer than price_index_min_providers providers quote it this month; the statistics are NULL';
COMMENT ON COLUMN marts.gpu_price_index.newest_observed_at IS 'Newest observation behind the month''s votes';
COMMENT ON COLUMN marts.gpu_price_index.provider_names IS 'The providers voting, comma-separated';
COMMENT ON COLUMN marts.gpu_price_index.sources IS 'Registry sources of the quotes, comma-separated';
COMMENT ON COLUMN marts.gpu_price_index.formula IS 'How the row is computed';
