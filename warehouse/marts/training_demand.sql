-- One row per model x reference accelerator x scenario: what training the model needs on that accelerator.
-- pf_days = FLOP / flop_per_pf_day; sustained = peak at the training precision x training_utilisation;
-- accelerator_hours = FLOP / sustained / 3600; cost at the cheapest current on-demand USD per GPU-hour.
-- Reference cases for GPT-3 175B on V100 (scenarios lambda_reference, megatron_reference) reproduce the seed note.
-- Rows that cannot be computed (no peak at that precision, no price, no compute) are kept with `issue` saying why.
CREATE OR REPLACE TABLE marts.training_demand AS
WITH peak AS (
    SELECT r.family, r.training_precision AS precision, x.accelerator AS accelerator_variant, x.peak_flop_per_s
    FROM core.reference_accelerators r LEFT JOIN core.accelerator_peak_rates x
      ON x.family = r.family AND x.is_family_reference AND x.precision = r.training_precision
), price AS (  -- the cheapest on-demand price still valid today, per accelerator family
    SELECT accelerator AS family, min(usd_per_gpu_hour) AS usd_per_gpu_hour,
           arg_min(provider, usd_per_gpu_hour) AS price_provider, arg_min(source_url, usd_per_gpu_hour) AS price_source_url
    FROM core.gpu_hour_prices
    WHERE price_type = 'on_demand' AND valid_to IS NULL AND accelerator IS NOT NULL AND usd_per_gpu_hour > 0
      -- the providers' own current lists; Epoch's database is a history of dated observations whose latest
      -- quote of a key may be years old (marts.gpu_price_index is where history is priced)
      AND source <> 'epoch_hardware_prices'
    GROUP BY accelerator
), models AS (  -- every model with compute, and curated models without (flagged) so an analyst sees them
    SELECT model, organization, publication_date, training_compute_flop, method
    FROM core.models WHERE training_compute_flop IS NOT NULL OR source = 'models_curated'
), grid AS (
    SELECT m.*, p.family AS accelerator, p.accelerator_variant, p.precision, p.peak_flop_per_s, a.scenario,
           a.flop_per_pf_day, a.hours_per_year, a.training_utilisation AS utilisation,
           p.peak_flop_per_s * a.training_utilisation AS sustained_flop_per_s,
           pr.usd_per_gpu_hour, pr.price_provider, pr.price_source_url
    FROM models m CROSS JOIN peak p CROSS JOIN core.scenario_assumptions a LEFT JOIN price pr ON pr.family = p.family
    WHERE a.scenario IN ('low', 'base', 'high')
), gpt3_v100 AS (
    SELECT m.*, p.family AS accelerator, p.accelerator_variant, p.precision, p.peak_flop_per_s,
           b.flop_per_pf_day, b.hours_per_year, b.lambda_v100_sustained_flop_per_s, b.lambda_usd_per_v100_hour,
           b.megatron_v100_years
    FROM models m JOIN peak p ON p.family = 'V100' JOIN core.scenario_assumptions b ON b.scenario = 'base'
    WHERE m.model = 'GPT-3 175B'
), reference_cases AS (  -- GPT-3 on V100 as the seed note computes it: Lambda's measured rate and price; Megatron-LM's GPU-years
    SELECT * EXCLUDE (lambda_v100_sustained_flop_per_s, lambda_usd_per_v100_hour, megatron_v100_years),
           'lambda_reference' AS scenario, lambda_v100_sustained_flop_per_s AS sustained_flop_per_s,
           lambda_v100_sustained_flop_per_s / peak_flop_per_s AS utilisation,
           lambda_usd_per_v100_hour AS usd_per_gpu_hour, 'lambda (2020 reference case)' AS price_provider,
           (SELECT any_value(source_url) FROM core.assumptions WHERE name = 'lambda_usd_per_v100_hour') AS price_source_url
    FROM gpt3_v100
    UNION ALL BY NAME
    SELECT * EXCLUDE (lambda_v100_sustained_flop_per_s, lambda_usd_per_v100_hour, megatron_v100_years),
           'megatron_reference' AS scenario,
           training_compute_flop / (megatron_v100_years * hours_per_year * 3600) AS sustained_flop_per_s,
           training_compute_flop / (megatron_v100_years * hours_per_year * 3600) / peak_flop_per_s AS utilisation,
           NULL::DOUBLE AS usd_per_gpu_hour, NULL AS price_provider, NULL AS price_source_url
    FROM gpt3_v100
), rows AS (
    SELECT * FROM grid UNION ALL BY NAME SELECT * FROM reference_cases
)
SELECT model, organization, publication_date, accelerator, accelerator_variant, scenario, training_compute_flop,
       training_compute_flop / flop_per_pf_day AS pf_days, method, precision, peak_flop_per_s, utilisation,
       sustained_flop_per_s,
       training_compute_flop / sustained_flop_per_s / 3600 AS accelerator_hours,  -- 3600 s per hour
       training_compute_flop / sustained_flop_per_s / 3600 / hours_per_year AS accelerator_years,
       usd_per_gpu_hour, price_provider, price_source_url,
       training_compute_flop / sustained_flop_per_s / 3600 * usd_per_gpu_hour AS cost_usd,
       'pf_days = FLOP / flop_per_pf_day; accelerator_hours = FLOP / (peak_flop_per_s x utilisation) / 3600; '
       || 'accelerator_years = hours / hours_per_year; cost_usd = hours x usd_per_gpu_hour' AS formula,
       CASE WHEN scenario = 'megatron_reference' THEN 'reference case: the paper gives V100-years, not a price'
            WHEN training_compute_flop IS NULL THEN 'no training compute: give training_compute_flop, or parameters and training_tokens'
            WHEN peak_flop_per_s IS NULL THEN 'no ' || precision || ' peak rate for ' || accelerator || ' in core.accelerator_peak_rates'
            WHEN usd_per_gpu_hour IS NULL THEN 'no current on-demand price for ' || accelerator || ' in core.gpu_hour_prices'
       END AS issue
FROM rows
ORDER BY model, accelerator, scenario;

COMMENT ON TABLE marts.training_demand IS 'One row per model x reference accelerator x scenario: training compute, accelerator-time and cost';
COMMENT ON COLUMN marts.training_demand.model IS 'Model name (core.models)';
COMMENT ON COLUMN marts.training_demand.organization IS 'Developing organization';
COMMENT ON COLUMN marts.training_demand.publication_date IS 'Publication date of the model';
COMMENT ON COLUMN marts.training_demand.accelerator IS 'Accelerator family (inputs/curated/reference_accelerators.csv)';
COMMENT ON COLUMN marts.training_demand.accelerator_variant IS 'The family''s reference variant whose peak rate is used';
COMMENT ON COLUMN marts.training_demand.scenario IS 'low, base, high (assumptions.csv), or lambda_reference / megatron_reference (the seed note''s GPT-3 cases)';
COMMENT ON COLUMN marts.training_demand.training_compute_flop IS 'Training compute (FLOP)';
COMMENT ON COLUMN marts.training_demand.pf_days IS 'Training compute (PF-days; 1 PF-day = 8.64e19 FLOP)';
COMMENT ON COLUMN marts.training_demand.method IS 'reported (source gives FLOP) or 6ND (6 x parameters x tokens)';
COMMENT ON COLUMN marts.training_demand.precision IS 'Precision whose peak rate is used (fp16_tensor, fp16, ...)';
COMMENT ON COLUMN marts.training_demand.peak_flop_per_s IS 'Peak rate of the accelerator at that precision (FLOP/s)';
COMMENT ON COLUMN marts.training_demand.utilisation IS 'Sustained / peak (ratio): training_utilisation, or implied by the reference case';
COMMENT ON COLUMN marts.training_demand.sustained_flop_per_s IS 'Sustained training rate per accelerator (FLOP/s)';
COMMENT ON COLUMN marts.training_demand.accelerator_hours IS 'Accelerator-hours for one training run (hours)';
COMMENT ON COLUMN marts.training_demand.accelerator_years IS 'Accelerator-years for one training run (years of hours_per_year)';
COMMENT ON COLUMN marts.training_demand.usd_per_gpu_hour IS 'Cheapest current on-demand price of the family (USD per GPU-hour); Lambda''s $1.50 in lambda_reference';
COMMENT ON COLUMN marts.training_demand.price_provider IS 'Provider offering that price';
COMMENT ON COLUMN marts.training_demand.price_source_url IS 'Where the price was read';
COMMENT ON COLUMN marts.training_demand.cost_usd IS 'Cost of one training run at that price (USD)';
COMMENT ON COLUMN marts.training_demand.formula IS 'How the row was computed';
COMMENT ON COLUMN marts.training_demand.issue IS 'NULL, or why a figure is missing (no compute, no peak at the precision, no price)';
