-- One row per provider x GPU/instance name x region x price type x source x price period: USD per GPU-hour.
-- History: built from EVERY raw fetch (raw is append-only per changed payload). Consecutive observations of the
-- same key at the same price collapse into one row; valid_from = first observation at that price, valid_to =
-- first observation at the next different price (NULL = still current). An unchanged refresh adds no rows.
-- Observation time = the payload's own timestamp when it has one (Prime Intellect daily snapshots), else fetched_at.
-- The accelerator family comes from inputs/curated/gpu_price_aliases.csv (first matching line wins); names it
-- does not map keep a NULL family. Azure: Linux only (Windows includes the licence), no DevTest, and Reservation
-- meters only as their hourly equivalent: the term price / (years x the hours_per_year assumption), never as-is.
CREATE OR REPLACE TABLE core.gpu_hour_prices AS
WITH observations AS (
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance,
           CASE WHEN regexp_full_match(price_type, 'reserved_[0-9]+y')  -- the term's price spread over its hours
                THEN retail_price / (regexp_extract(price_type, 'reserved_([0-9]+)y', 1)::INTEGER * h.hours_per_year)
                ELSE usd_per_instance_hour END AS usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, fetched_at, source, source_url
    FROM staging.azure_retail_prices
    CROSS JOIN (SELECT hours_per_year FROM core.scenario_assumptions WHERE scenario = 'base') h
    WHERE os = 'linux' AND type <> 'DevTestConsumption' AND currency_code = 'USD'
      AND (price_type IN ('on_demand', 'spot', 'low_priority') AND usd_per_instance_hour IS NOT NULL
           OR regexp_full_match(price_type, 'reserved_[0-9]+y'))
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, fetched_at, source, source_url FROM staging.gpu_cloud_lambda
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, fetched_at, source, source_url FROM staging.gpu_cloud_modal
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, fetched_at, source, source_url FROM staging.gpu_cloud_coreweave
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, fetched_at, source, source_url FROM staging.gpu_cloud_runpod
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, fetched_at, source, source_url FROM staging.primeintellect_prices
), observed AS (  -- one observation per key and time; time-series payloads seen by several fetches count once
    SELECT * REPLACE (coalesce(observed_at, fetched_at) AS observed_at)
    FROM observations
    QUALIFY row_number() OVER (
        PARTITION BY source, provider, accelerator_variant, region, price_type, coalesce(observed_at, fetched_at)
        ORDER BY fetched_at DESC, usd_per_gpu_hour, usd_per_instance_hour) = 1
), runs AS (
    SELECT *, sum(CASE WHEN changed THEN 1 ELSE 0 END) OVER (
                  PARTITION BY source, provider, accelerator_variant, region, price_type ORDER BY observed_at
                  ROWS UNBOUNDED PRECEDING) AS run
    FROM (
        SELECT *, coalesce(
                   lag(usd_per_instance_hour) OVER w IS DISTINCT FROM usd_per_instance_hour
                   OR lag(usd_per_gpu_hour) OVER w IS DISTINCT FROM usd_per_gpu_hour
                   OR lag(gpus_per_instance) OVER w IS DISTINCT FROM gpus_per_instance
                   OR row_number() OVER w = 1, true) AS changed
        FROM observed
        WINDOW w AS (PARTITION BY source, provider, accelerator_variant, region, price_type ORDER BY observed_at)
    )
), periods AS (
    SELECT source, provider, accelerator_variant, region, price_type, run,
           any_value(gpus_per_instance) AS gpus_per_instance, any_value(usd_per_instance_hour) AS usd_per_instance_hour,
           any_value(usd_per_gpu_hour) AS usd_per_gpu_hour, min(observed_at) AS valid_from,
           arg_min(source_url, observed_at) AS source_url
    FROM runs
    GROUP BY ALL
), aliases AS (
    SELECT * FROM staging.gpu_price_aliases
), mapped AS (
    SELECT p.*, a.family, a.gpus_per_instance AS alias_gpus_per_instance
    FROM periods p
    LEFT JOIN aliases a
      ON (a.provider = '*' OR a.provider = p.provider)
     AND CASE a.match_kind
             WHEN 'regex' THEN regexp_matches(lower(p.accelerator_variant), a.pattern)
             ELSE contains(' ' || trim(regexp_replace(lower(p.accelerator_variant), '[^a-z0-9]+', ' ', 'g')) || ' ',
                           ' ' || a.pattern || ' ')
         END
    QUALIFY row_number() OVER (PARTITION BY p.source, p.provider, p.accelerator_variant, p.region, p.price_type, p.run
                               ORDER BY a.priority NULLS LAST) = 1
)
SELECT provider, family AS accelerator, accelerator_variant, region, price_type,
       coalesce(gpus_per_instance, alias_gpus_per_instance) AS gpus_per_instance,
       usd_per_instance_hour,
       coalesce(usd_per_gpu_hour, usd_per_instance_hour / coalesce(gpus_per_instance, alias_gpus_per_instance)) AS usd_per_gpu_hour,
       valid_from,
       lead(valid_from) OVER (PARTITION BY source, provider, accelerator_variant, region, price_type ORDER BY valid_from) AS valid_to,
       source, source_url
FROM mapped
ORDER BY provider, accelerator NULLS LAST, accelerator_variant, region, price_type, valid_from;

COMMENT ON TABLE core.gpu_hour_prices IS 'One row per provider x GPU/instance name x region x price type x source x price period: USD per GPU-hour, with valid_from/valid_to history';
COMMENT ON COLUMN core.gpu_hour_prices.provider IS 'Seller of the GPU time, e.g. azure, lambda, runpod, or a marketplace provider';
COMMENT ON COLUMN core.gpu_hour_prices.accelerator IS 'Accelerator family (shared vocabulary of core.accelerators.family, e.g. H100); NULL = name not mapped by inputs/curated/gpu_price_aliases.csv';
COMMENT ON COLUMN core.gpu_hour_prices.accelerator_variant IS 'The provider''s own instance or GPU name, e.g. ND96isrH100v5, NVIDIA H100 SXM 80 GB';
COMMENT ON COLUMN core.gpu_hour_prices.region IS 'Provider region (Azure armRegionName); NULL when the page does not say';
COMMENT ON COLUMN core.gpu_hour_prices.price_type IS 'on_demand, spot, low_priority, reserved_1y/3y/5y (hourly equivalent of the term price), community, marketplace_min, marketplace_median, marketplace_avg';
COMMENT ON COLUMN core.gpu_hour_prices.gpus_per_instance IS 'GPUs in the priced instance (from the payload, else the curated alias); NULL = unknown';
COMMENT ON COLUMN core.gpu_hour_prices.usd_per_instance_hour IS 'Price of the whole instance per hour (USD)';
COMMENT ON COLUMN core.gpu_hour_prices.usd_per_gpu_hour IS 'Price per GPU-hour (USD): as stated by the payload, else instance price / gpus_per_instance; NULL when the GPU count is unknown';
COMMENT ON COLUMN core.gpu_hour_prices.valid_from IS 'First observation (fetch time, or the payload''s own timestamp) at this price';
COMMENT ON COLUMN core.gpu_hour_prices.valid_to IS 'First observation at the next different price; NULL = current price';
COMMENT ON COLUMN core.gpu_hour_prices.source IS 'Registry source (raw table) the price came from';
COMMENT ON COLUMN core.gpu_hour_prices.source_url IS 'URL fetched (live) or repo file read (snapshot) when the price was first seen';
