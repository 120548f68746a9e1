-- One row per provider x GPU/instance name x region x price type x source x price period: USD per GPU-hour (and,
-- for the purchase tier, USD per GPU).
-- History: built from EVERY raw capture (raw is append-only per changed payload). Consecutive observations of the
-- same key at the same price collapse into one row; valid_from = first observation at that price, last_observed_at
-- = the last one, valid_to = first observation at the next different price (NULL = the latest price known).
-- Observation time = raw observed_at: the payload's own date (Prime Intellect timestamps, Epoch's Price date), else
-- the recorded capture's date (a Wayback timestamp ...), else the fetch time (observed_at_basis says which).
-- Product and family come from inputs/curated/gpu_price_aliases.csv (first matching line wins): the product is the
-- exact good (H100 SXM, H100 PCIe, A100 SXM 80 GB, A100 40 GB ...); NULL when the name does not say the variant.
-- Tier comes from inputs/curated/gpu_price_tiers.csv, provider ids from inputs/curated/gpu_providers.csv.
-- Azure: Linux only (Windows includes the licence), no DevTest, and Reservation meters only as their hourly
-- equivalent: the term price / (years x the hours_per_year assumption), never as-is.
-- Epoch: one row per observation becomes one row per priced column (on_demand, reserved_1y, reserved_3y,
-- purchase); undated rows are left out (an undated price cannot enter a history); several quotes of one
-- product by one vendor, region and day (different instance sizes) become their median.
-- stale: the latest price of its key was last observed more than price_stale_after_months before the build day.
CREATE OR REPLACE TABLE core.gpu_hour_prices AS
WITH epoch AS (
    SELECT source, coalesce(lower(vendor), 'list_price') AS provider, hardware_model AS accelerator_variant,
           location AS region, price_type, CAST(NULL AS INTEGER) AS gpus_per_instance,
           CAST(NULL AS DOUBLE) AS usd_per_instance_hour,
           median(usd) FILTER (WHERE price_type <> 'purchase') AS usd_per_gpu_hour,
           median(usd) FILTER (WHERE price_type = 'purchase') AS usd_per_gpu_purchase,
           observed_at, any_value(observed_at_basis) AS observed_at_basis, any_value(fetched_at) AS fetched_at,
           any_value(captured_at) AS captured_at,
           min(source_url) AS source_url, any_value(recorded_file) AS recorded_file,
           any_value(payload_sha256) AS payload_sha256
    FROM (UNPIVOT (SELECT * FROM staging.epoch_hardware_prices WHERE observed_at_basis = 'payload')
          ON usd_per_chip_hour_on_demand AS 'on_demand', usd_per_chip_hour_1y AS 'reserved_1y',
             usd_per_chip_hour_3y AS 'reserved_3y', usd_per_chip_purchase AS 'purchase'
          INTO NAME price_type VALUE usd)
    WHERE hardware_model IS NOT NULL
    GROUP BY source, provider, accelerator_variant, region, price_type, observed_at
), observations AS (
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance,
           CASE WHEN regexp_full_match(price_type, 'reserved_[0-9]+y')  -- the term's price spread over its hours
                THEN retail_price / (regexp_extract(price_type, 'reserved_([0-9]+)y', 1)::INTEGER * h.hours_per_year)
                ELSE usd_per_instance_hour END AS usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, observed_at_basis, captured_at, fetched_at, source, source_url, recorded_file,
           payload_sha256
    FROM staging.azure_retail_prices
    CROSS JOIN (SELECT hours_per_year FROM core.scenario_assumptions WHERE scenario = 'base') h
    WHERE os = 'linux' AND type <> 'DevTestConsumption' AND currency_code = 'USD'
      AND (price_type IN ('on_demand', 'spot', 'low_priority') AND usd_per_instance_hour IS NOT NULL
           OR regexp_full_match(price_type, 'reserved_[0-9]+y'))
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, observed_at_basis, captured_at, fetched_at, source, source_url, recorded_file,
           payload_sha256 FROM staging.gpu_cloud_lambda
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, observed_at_basis, captured_at, fetched_at, source, source_url, recorded_file,
           payload_sha256 FROM staging.gpu_cloud_modal
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, observed_at_basis, captured_at, fetched_at, source, source_url, recorded_file,
           payload_sha256 FROM staging.gpu_cloud_coreweave
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, observed_at_basis, captured_at, fetched_at, source, source_url, recorded_file,
           payload_sha256 FROM staging.gpu_cloud_runpod
    UNION ALL BY NAME
    SELECT provider, accelerator_variant, region, price_type, gpus_per_instance, usd_per_instance_hour,
           usd_per_gpu_hour, observed_at, observed_at_basis, captured_at, fetched_at, source, source_url, recorded_file,
           payload_sha256 FROM staging.primeintellect_prices
    UNION ALL BY NAME
    SELECT * FROM epoch
), named AS (  -- one provider id per seller (Epoch's "Lambda Labs" and Prime Intellect's "lambdalabs" are lambda)
    SELECT o.* REPLACE (coalesce(n.provider, lower(o.provider)) AS provider)
    FROM observations o LEFT JOIN staging.gpu_providers n ON n.name = lower(o.provider)
), observed AS (  -- one observation per key and time; time-series payloads seen by several captures count once
    SELECT *
    FROM named
    QUALIFY row_number() OVER (
        PARTITION BY source, provider, accelerator_variant, region, price_type, observed_at
        ORDER BY captured_at DESC, fetched_at DESC, usd_per_gpu_hour, usd_per_instance_hour) = 1
), runs AS (
    SELECT *, sum(CASE WHEN changed THEN 1 ELSE 0 END) OVER (
                  PARTITION BY source, provider, accelerator_variant, region, price_type ORDER BY observed_at
                  ROWS UNBOUNDED PRECEDING) AS run
    FROM (
        SELECT *, coalesce(
                   lag(usd_per_instance_hour) OVER w IS DISTINCT FROM usd_per_instance_hour
                   OR lag(usd_per_gpu_hour) OVER w IS DISTINCT FROM usd_per_gpu_hour
                   OR lag(usd_per_gpu_purchase) OVER w IS DISTINCT FROM usd_per_gpu_purchase
                   OR lag(gpus_per_instance) OVER w IS DISTINCT FROM gpus_per_instance
                   OR row_number() OVER w = 1, true) AS changed
        FROM observed
        WINDOW w AS (PARTITION BY source, provider, accelerator_variant, region, price_type ORDER BY observed_at)
    )
), periods AS (
    SELECT source, provider, accelerator_variant, region, price_type, run,
           any_value(gpus_per_instance) AS gpus_per_instance, any_value(usd_per_instance_hour) AS usd_per_instance_hour,
           any_value(usd_per_gpu_hour) AS usd_per_gpu_hour, any_value(usd_per_gpu_purchase) AS usd_per_gpu_purchase,
           min(observed_at) AS valid_from, max(observed_at) AS last_observed_at, count(*) AS observations,
           arg_min(observed_at_basis, observed_at) AS observed_at_basis,
           arg_min(source_url, observed_at) AS source_url, arg_min(recorded_file, observed_at) AS recorded_file,
           arg_min(payload_sha256, observed_at) AS payload_sha256
    FROM runs
    GROUP BY ALL
), mapped AS (
    SELECT p.*, a.family, a.product, a.gpus_per_instance AS alias_gpus_per_instance
    FROM periods p
    LEFT JOIN staging.gpu_price_aliases a
      ON (a.provider = '*' OR a.provider = p.provider)
     AND CASE a.match_kind
             WHEN 'regex' THEN regexp_matches(lower(p.accelerator_variant), a.pattern)
             ELSE contains(' ' || trim(regexp_replace(lower(p.accelerator_variant), '[^a-z0-9]+', ' ', 'g')) || ' ',
                           ' ' || a.pattern || ' ')
         END
    QUALIFY row_number() OVER (PARTITION BY p.source, p.provider, p.accelerator_variant, p.region, p.price_type, p.run
                               ORDER BY a.priority NULLS LAST) = 1
)
SELECT m.provider, m.family AS accelerator, m.product, m.accelerator_variant, m.region, m.price_type, t.tier,
       coalesce(t.index_quote, false) AS index_quote,
       coalesce(m.gpus_per_instance, m.alias_gpus_per_instance) AS gpus_per_instance,
       m.usd_per_instance_hour,
       coalesce(m.usd_per_gpu_hour, m.usd_per_instance_hour / coalesce(m.gpus_per_instance, m.alias_gpus_per_instance)) AS usd_per_gpu_hour,
       m.usd_per_gpu_purchase,
       m.valid_from, m.last_observed_at, m.observations,
       lead(m.valid_from) OVER (PARTITION BY m.source, m.provider, m.accelerator_variant, m.region, m.price_type ORDER BY m.valid_from) AS valid_to,
       valid_to IS NULL AND m.last_observed_at < current_date - to_months(s.price_stale_after_months) AS stale,
       m.observed_at_basis, m.source, m.source_url, m.recorded_file, m.payload_sha256
FROM mapped m
LEFT JOIN staging.gpu_price_tiers t ON t.price_type = m.price_type
CROSS JOIN (SELECT price_stale_after_months::INTEGER AS price_stale_after_months
            FROM core.scenario_assumptions WHERE scenario = 'base') s
ORDER BY provider, accelerator NULLS LAST, accelerator_variant, region, price_type, valid_from;

COMMENT ON TABLE core.gpu_hour_prices IS 'One row per provider x GPU/instance name x region x price type x source x price period: USD per GPU-hour (USD per GPU for the purchase tier), with valid_from/valid_to history dated by when each price was observed';
COMMENT ON COLUMN core.gpu_hour_prices.provider IS 'Seller of the GPU time, one id per seller (inputs/curated/gpu_providers.csv), e.g. azure, lambda, aws, runpod; list_price for Epoch purchase prices';
COMMENT ON COLUMN core.gpu_hour_prices.accelerator IS 'Accelerator family (shared vocabulary of core.accelerators.family, e.g. H100); NULL = name not mapped by inputs/curated/gpu_price_aliases.csv';
COMMENT ON COLUMN core.gpu_hour_prices.product IS 'Standard product, the exact good: H100 SXM, H100 PCIe, H100 NVL, A100 SXM 80 GB, A100 PCIe 80 GB, A100 40 GB, H200, B200, GB200, V100, MI300X ...; NULL = the name does not say which variant';
COMMENT ON COLUMN core.gpu_hour_prices.accelerator_variant IS 'The provider''s own instance or GPU name, e.g. ND96isrH100v5, NVIDIA H100 SXM5 80GB';
COMMENT ON COLUMN core.gpu_hour_prices.region IS 'Provider region or location; NULL when the source does not say';
COMMENT ON COLUMN core.gpu_hour_prices.price_type IS 'The source''s price type: on_demand, spot, low_priority, reserved_1y/3y/5y (hourly equivalent of the term price), community, marketplace_min, marketplace_median, marketplace_avg, purchase';
COMMENT ON COLUMN core.gpu_hour_prices.tier IS 'Tier compared like with like (inputs/curated/gpu_price_tiers.csv): on_demand, spot, marketplace, reserved_1y, reserved_3y, reserved_5y, reserved_unknown, purchase';
COMMENT ON COLUMN core.gpu_hour_prices.index_quote IS 'true: a provider''s own quote, counted by marts.gpu_price_index (false: an aggregate, a bound or a term of unknown length)';
COMMENT ON COLUMN core.gpu_hour_prices.gpus_per_instance IS 'GPUs in the priced instance (from the payload, else the curated alias); NULL = unknown';
COMMENT ON COLUMN core.gpu_hour_prices.usd_per_instance_hour IS 'Price of the whole instance per hour (USD)';
COMMENT ON COLUMN core.gpu_hour_prices.usd_per_gpu_hour IS 'Price per GPU-hour (USD): as stated by the payload, else instance price / gpus_per_instance; NULL when the GPU count is unknown and for the purchase tier';
COMMENT ON COLUMN core.gpu_hour_prices.usd_per_gpu_purchase IS 'Purchase price per GPU (USD), purchase tier only';
COMMENT ON COLUMN core.gpu_hour_prices.valid_from IS 'First observation at this price (raw observed_at: the payload''s own date, else the capture date, else the fetch time)';
COMMENT ON COLUMN core.gpu_hour_prices.last_observed_at IS 'Last observation at this price';
COMMENT ON COLUMN core.gpu_hour_prices.observations IS 'Observations (dated quotes) in this price period';
COMMENT ON COLUMN core.gpu_hour_prices.valid_to IS 'First observation at the next different price; NULL = the latest price known (see stale)';
COMMENT ON COLUMN core.gpu_hour_prices.stale IS 'true: the latest price known of its key, last observed more than price_stale_after_months before the build day';
COMMENT ON COLUMN core.gpu_hour_prices.observed_at_basis IS 'What dated the first observation: payload, capture or fetch (raw observed_at_basis)';
COMMENT ON COLUMN core.gpu_hour_prices.source IS 'Registry source (raw table) the price came from';
COMMENT ON COLUMN core.gpu_hour_prices.source_url IS 'Web page or API that published the price when it was first seen (a Wayback capture URL for archived pages)';
COMMENT ON COLUMN core.gpu_hour_prices.recorded_file IS 'File the first observation was read from (a recorded capture in the repo or an archived live payload)';
COMMENT ON COLUMN core.gpu_hour_prices.payload_sha256 IS 'sha256 of the payload of the first observation';
