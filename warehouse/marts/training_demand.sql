-- One row per model x basis x accelerator x scenario: the compute a training run needs (FLOP, PF-days, accelerator-
-- hours and -years) and what it costs by Epoch AI's three methods, in nominal and 2023 USD.
-- basis 'reference': every model on each training reference accelerator (reference_accelerators.csv, the family's
--   reference variant); 'as_trained': the model on its own hardware as Epoch records it (the first listed when
--   several), with Epoch's chip count, chip-hours, training time and MFU where it has them.
-- Utilisation: Epoch's MFU of the run where it has one (as_trained, and the reference row of the family it trained
--   on); else the family generation's assumption (reference_accelerators.training_utilisation, e.g.
--   training_utilisation_hopper); else the generic training_utilisation.
-- accelerator_hours = Epoch's chip-hours, else chips x training hours (as_trained), else FLOP / (peak x utilisation)
--   / 3600. Training hours = Epoch's training time, else training_run_days x 24; cluster = Epoch's chip count, else
--   accelerator_hours / training hours. training_month = the latest month the run can have started (publication -
--   Epoch's training time, else the base training_run_days: the same month in every scenario).
-- Costs (the variant whose speed is used is the one priced: priced_product is core.gpu_hour_prices' product of that
--   very variant, e.g. H100 SXM for the H100 SXM5 80GB, never the cheaper PCIe card):
--   cloud         = accelerator_hours x the price index median (on_demand, else marketplace) of the latest month at
--                   or before training_month; a product first rented later takes its first month (price_after_training)
--   capex_energy  = accelerator_hours x (purchase x (1 + tco_overhead_ratio) / (accelerator_life_years x
--                   hours_per_year) + TDP kW x datacenter_pue x usd_per_kwh): Epoch's amortised hardware + energy;
--                   the headline cost_usd
--   acquisition   = cluster accelerators x purchase x (1 + tco_overhead_ratio): buying the cluster outright
--   purchase = the variant's latest purchase quote at or before training_month, else its first later quote, else its
--   release price (purchase_basis says which). A price older than training_month (the index withholds months with
--   too few providers; quotes are sparse) is used and says how old: price_lag_months, purchase_lag_months.
--   Nominal USD are those of the price's own month; 2023 USD = nominal x core.deflator of that month (cloud: price_
--   month; capex + energy and acquisition: the purchase quote's month; energy at today's usd_per_kwh).
-- Reference cases for GPT-3 175B on V100 (scenarios lambda_reference, megatron_reference) reproduce the seed note.
-- Rows that cannot be computed are kept with `issue` saying why.
CREATE OR REPLACE TABLE marts.training_demand AS
WITH a AS (
    SELECT * FROM core.scenario_assumptions WHERE scenario IN ('low', 'base', 'high')
), generation AS (  -- family x scenario: the generation's training utilisation and the assumption it came from
    SELECT r.family, s.scenario, s.value AS utilisation, s.name AS utilisation_assumption
    FROM core.reference_accelerators r JOIN core.assumptions s ON s.name = r.training_utilisation
), products AS (  -- the price-index product each accelerator variant is quoted as
    SELECT accelerator_variant AS accelerator, any_value(product) AS product
    FROM core.gpu_hour_prices WHERE product IS NOT NULL AND accelerator_variant IS NOT NULL
    GROUP BY 1 HAVING count(DISTINCT product) = 1
), models AS (  -- every model with compute, and curated models without (flagged) so an analyst sees them
    SELECT model, organization, publication_date, training_compute_flop, training_compute_flop_low,
           training_compute_flop_high, method, estimation_method, confidence, training_hardware, hardware_quantity,
           training_time_hours, training_chip_hours, hardware_utilisation_mfu, epoch_cost_2023_usd
    FROM core.models WHERE training_compute_flop IS NOT NULL OR source = 'models_curated'
), trained_on AS (  -- the model's own (first listed) training hardware, resolved to core.accelerators
    SELECT m.model, acc.family AS trained_family, acc.accelerator AS trained_variant,
           m.training_hardware LIKE '%,%' AS several_hardware
    FROM models m
    JOIN core.accelerator_aliases al ON al.alias_key = lower(trim(split_part(m.training_hardware, ',', 1)))
    JOIN core.accelerators acc ON acc.accelerator = al.accelerator
), reference AS (
    SELECT r.family AS accelerator, x.accelerator AS accelerator_variant, r.training_precision AS precision,
           x.peak_flop_per_s
    FROM core.reference_accelerators r
    LEFT JOIN core.accelerator_peak_rates x
      ON x.family = r.family AND x.is_family_reference AND x.precision = r.training_precision
    WHERE r.training_reference
), as_trained AS (  -- the own hardware's rate: the family's training precision, else dense fp16 tensor, else fp16
    SELECT t.model, t.trained_family AS accelerator, t.trained_variant AS accelerator_variant, t.several_hardware,
           x.precision, x.peak_flop_per_s
    FROM trained_on t
    LEFT JOIN core.reference_accelerators r ON r.family = t.trained_family
    LEFT JOIN core.accelerator_peak_rates x
      ON x.accelerator = t.trained_variant AND x.peak_flop_per_s IS NOT NULL
     AND x.precision IN (coalesce(r.training_precision, 'fp16_tensor'), 'fp16_tensor', 'fp16')
    QUALIFY row_number() OVER (PARTITION BY t.model ORDER BY
        CASE x.precision WHEN coalesce(r.training_precision, 'fp16_tensor') THEN 0 WHEN 'fp16_tensor' THEN 1 ELSE 2 END) = 1
), grid AS (
    SELECT m.*, 'reference' AS basis, r.*, false AS several_hardware, t.trained_family = r.accelerator AS own_family
    FROM models m CROSS JOIN reference r LEFT JOIN trained_on t USING (model)
    UNION ALL BY NAME
    SELECT m.*, 'as_trained' AS basis, t.* EXCLUDE (model), true AS own_family
    FROM models m JOIN as_trained t USING (model)
), scenarios AS (
    SELECT g.*, a.scenario, a.flop_per_pf_day, a.hours_per_year, a.tco_overhead_ratio, a.accelerator_life_years,
           a.datacenter_pue, a.usd_per_kwh,
           CASE WHEN g.own_family AND g.hardware_utilisation_mfu IS NOT NULL THEN g.hardware_utilisation_mfu
                ELSE coalesce(gen.utilisation, a.training_utilisation) END AS utilisation,
           CASE WHEN g.own_family AND g.hardware_utilisation_mfu IS NOT NULL THEN 'epoch_mfu'
                ELSE coalesce(gen.utilisation_assumption, 'training_utilisation') END AS utilisation_basis,
           coalesce(g.training_time_hours, a.training_run_days * 24) AS training_hours,  -- 24 hours per day
           -- the month prices are read for does not move with the scenario: Epoch's time, else the base run length
           coalesce(g.training_time_hours, b.training_run_days * 24) AS dating_hours
    FROM grid g CROSS JOIN a CROSS JOIN (SELECT training_run_days FROM core.scenario_assumptions WHERE scenario = 'base') b
    LEFT JOIN generation gen ON gen.family = g.accelerator AND gen.scenario = a.scenario
), hours AS (
    SELECT *,
           CASE WHEN basis = 'as_trained' AND training_chip_hours IS NOT NULL THEN training_chip_hours
                WHEN basis = 'as_trained' AND hardware_quantity IS NOT NULL AND training_time_hours IS NOT NULL
                    THEN hardware_quantity * training_time_hours
                ELSE training_compute_flop / (peak_flop_per_s * utilisation) / 3600 END AS accelerator_hours,  -- 3600 s per hour
           CASE WHEN basis = 'as_trained' AND training_chip_hours IS NOT NULL THEN 'epoch_chip_hours'
                WHEN basis = 'as_trained' AND hardware_quantity IS NOT NULL AND training_time_hours IS NOT NULL
                    THEN 'epoch_chips_x_time'
                ELSE 'flop_over_sustained_rate' END AS hours_basis
    FROM scenarios
), sized AS (
    SELECT h.*, p.product AS priced_product, acc.tdp_w, acc.release_price_usd, acc.release_date,
           CASE WHEN basis = 'as_trained' AND hardware_quantity IS NOT NULL THEN hardware_quantity
                ELSE accelerator_hours / training_hours END AS cluster_accelerators,
           date_trunc('month', publication_date - to_hours(CAST(ceil(dating_hours) AS BIGINT)))::DATE AS training_month
    FROM hours h
    LEFT JOIN products p ON p.accelerator = h.accelerator_variant
    LEFT JOIN core.accelerators acc ON acc.accelerator = h.accelerator_variant
), rental AS (  -- one index median per product x month: on_demand where quoted, else marketplace
    SELECT product, month, tier AS price_tier, usd_per_gpu_hour_median AS usd_per_gpu_hour
    FROM marts.gpu_price_index
    WHERE NOT withheld AND tier IN ('on_demand', 'marketplace')
    QUALIFY row_number() OVER (PARTITION BY product, month ORDER BY CASE tier WHEN 'on_demand' THEN 0 ELSE 1 END) = 1
), first_rental AS (
    SELECT product, min(month) AS month, arg_min(price_tier, month) AS price_tier,
           arg_min(usd_per_gpu_hour, month) AS usd_per_gpu_hour
    FROM rental GROUP BY product
), quotes AS (  -- purchase quotes per accelerator variant and day (median of the day's quotes)
    SELECT accelerator_variant, valid_from::DATE AS quoted_on, median(usd_per_gpu_purchase) AS usd_per_accelerator
    FROM core.gpu_hour_prices WHERE tier = 'purchase' AND usd_per_gpu_purchase > 0 AND accelerator_variant IS NOT NULL
    GROUP BY ALL
), first_quote AS (
    SELECT accelerator_variant, min(quoted_on) AS quoted_on, arg_min(usd_per_accelerator, quoted_on) AS usd_per_accelerator
    FROM quotes GROUP BY ALL
), priced AS (
    SELECT s.*,
           coalesce(r.usd_per_gpu_hour, fr.usd_per_gpu_hour) AS usd_per_gpu_hour,
           coalesce(r.month, fr.month) AS price_month, coalesce(r.price_tier, fr.price_tier) AS price_tier,
           r.month IS NULL AND fr.month IS NOT NULL AS price_after_training,
           coalesce(q.usd_per_accelerator, fq.usd_per_accelerator, s.release_price_usd) AS usd_per_accelerator_purchase,
           coalesce(q.quoted_on, fq.quoted_on, s.release_date) AS purchase_dated,
           CASE WHEN q.quoted_on IS NOT NULL THEN 'quote_before_training'
                WHEN fq.quoted_on IS NOT NULL THEN 'quote_after_training'
                WHEN s.release_price_usd IS NOT NULL THEN 'release_price' END AS purchase_basis
    FROM sized s
    ASOF LEFT JOIN rental r ON r.product = s.priced_product AND r.month <= s.training_month
    LEFT JOIN first_rental fr ON fr.product = s.priced_product AND r.month IS NULL
    ASOF LEFT JOIN quotes q ON q.accelerator_variant = s.accelerator_variant AND q.quoted_on < s.training_month + INTERVAL 1 MONTH
    LEFT JOIN first_quote fq ON fq.accelerator_variant = s.accelerator_variant AND q.quoted_on IS NULL
), costed AS (  -- a price is in the dollars of its own month: cloud at price_month, purchase at its quote's month
    SELECT p.*, dc.usd_2023_per_usd AS cloud_usd_2023_per_usd, dp.usd_2023_per_usd AS purchase_usd_2023_per_usd,
           accelerator_hours * usd_per_gpu_hour AS cloud_cost_usd,
           accelerator_hours * (usd_per_accelerator_purchase * (1 + tco_overhead_ratio)
                                / (accelerator_life_years * hours_per_year)
                                + tdp_w / 1000 * datacenter_pue * usd_per_kwh) AS capex_energy_cost_usd,  -- 1000 W per kW
           cluster_accelerators * usd_per_accelerator_purchase * (1 + tco_overhead_ratio) AS acquisition_cost_usd
    FROM priced p
    LEFT JOIN core.deflator dc ON dc.month = p.price_month
    LEFT JOIN core.deflator dp ON dp.month = date_trunc('month', p.purchase_dated)::DATE
), gpt3_v100 AS (
    SELECT m.*, r.accelerator, r.accelerator_variant, r.precision, r.peak_flop_per_s, b.flop_per_pf_day,
           b.hours_per_year, b.lambda_v100_sustained_flop_per_s, b.lambda_usd_per_v100_hour, b.megatron_v100_years
    FROM models m JOIN reference r ON r.accelerator = 'V100' JOIN core.scenario_assumptions b ON b.scenario = 'base'
    WHERE m.model = 'GPT-3 175B'
), reference_cases AS (  -- GPT-3 on V100 as the seed note computes it: Lambda's measured rate and price; Megatron-LM's GPU-years
    SELECT * EXCLUDE (lambda_v100_sustained_flop_per_s, lambda_usd_per_v100_hour, megatron_v100_years),
           'reference' AS basis, 'lambda_reference' AS scenario, lambda_v100_sustained_flop_per_s / peak_flop_per_s AS utilisation,
           'lambda_v100_sustained_flop_per_s' AS utilisation_basis,
           training_compute_flop / lambda_v100_sustained_flop_per_s / 3600 AS accelerator_hours,
           'flop_over_sustained_rate' AS hours_basis, lambda_usd_per_v100_hour AS usd_per_gpu_hour,
           training_compute_flop / lambda_v100_sustained_flop_per_s / 3600 * lambda_usd_per_v100_hour AS cloud_cost_usd
    FROM gpt3_v100
    UNION ALL BY NAME
    SELECT * EXCLUDE (lambda_v100_sustained_flop_per_s, lambda_usd_per_v100_hour, megatron_v100_years),
           'reference' AS basis, 'megatron_reference' AS scenario,
           training_compute_flop / (megatron_v100_years * hours_per_year * 3600) / peak_flop_per_s AS utilisation,
           'megatron_v100_years' AS utilisation_basis, megatron_v100_years * hours_per_year AS accelerator_hours,
           'megatron_v100_years' AS hours_basis
    FROM gpt3_v100
), rows AS (
    SELECT * FROM costed UNION ALL BY NAME SELECT * FROM reference_cases
)
SELECT model, organization, publication_date, basis, accelerator, accelerator_variant, scenario, training_compute_flop,
       training_compute_flop_low, training_compute_flop_high, training_compute_flop / flop_per_pf_day AS pf_days,
       method, estimation_method, confidence, precision, peak_flop_per_s, utilisation, utilisation_basis,
       peak_flop_per_s * utilisation AS sustained_flop_per_s, accelerator_hours, hours_basis,
       accelerator_hours / hours_per_year AS accelerator_years, training_hours, cluster_accelerators, training_month,
       priced_product, price_tier, price_month, price_after_training,
       datediff('month', price_month, training_month) AS price_lag_months, usd_per_gpu_hour,
       usd_per_accelerator_purchase, purchase_basis, purchase_dated,
       datediff('month', date_trunc('month', purchase_dated), training_month) AS purchase_lag_months, tdp_w,
       CASE WHEN scenario = 'lambda_reference' THEN cloud_cost_usd ELSE capex_energy_cost_usd END AS cost_usd,
       CASE WHEN scenario = 'lambda_reference' THEN 'cloud' WHEN scenario <> 'megatron_reference' THEN 'capex_energy' END
           AS cost_method,
       cloud_cost_usd, capex_energy_cost_usd, acquisition_cost_usd,
       cloud_cost_usd * cloud_usd_2023_per_usd AS cloud_cost_2023_usd,
       capex_energy_cost_usd * purchase_usd_2023_per_usd AS capex_energy_cost_2023_usd,
       acquisition_cost_usd * purchase_usd_2023_per_usd AS acquisition_cost_2023_usd,
       CASE WHEN basis = 'as_trained' THEN epoch_cost_2023_usd END AS epoch_cost_2023_usd,
       CASE WHEN basis = 'as_trained' THEN capex_energy_cost_usd * purchase_usd_2023_per_usd / epoch_cost_2023_usd END
           AS capex_energy_to_epoch_cost_ratio,
       several_hardware,
       'pf_days = FLOP / flop_per_pf_day; accelerator_hours = Epoch chip-hours, else chips x hours, else FLOP / (peak x '
       || 'utilisation) / 3600; cloud = hours x index USD/GPU-hour; capex_energy = hours x (purchase x (1 + '
       || 'tco_overhead_ratio) / (life x hours_per_year) + TDP x PUE x USD/kWh); acquisition = cluster x purchase x '
       || '(1 + tco_overhead_ratio); 2023 USD = x core.deflator' AS formula,
       CASE WHEN scenario = 'megatron_reference' THEN 'reference case: the paper gives V100-years, not a price'
            WHEN scenario = 'lambda_reference' THEN NULL  -- a cloud reference case: Lambda's rate and price
            WHEN training_compute_flop IS NULL THEN 'no training compute: give training_compute_flop, or parameters and training_tokens'
            WHEN accelerator_hours IS NULL AND peak_flop_per_s IS NULL
                THEN 'no ' || coalesce(precision, 'fp16_tensor or fp16') || ' peak rate for ' || accelerator_variant || ' in core.accelerator_peak_rates'
            WHEN usd_per_accelerator_purchase IS NULL THEN 'no purchase quote or release price of ' || accelerator_variant || ': no capex or acquisition cost'
            WHEN tdp_w IS NULL THEN 'no TDP of ' || accelerator_variant || ': no energy, so no capex_energy cost'
            WHEN scenario <> 'lambda_reference' AND usd_per_gpu_hour IS NULL
                THEN 'no price index of ' || coalesce(priced_product, accelerator_variant || ' (no priced product)') || ': no cloud cost'
       END AS issue
FROM rows
ORDER BY model, basis, accelerator, scenario;

COMMENT ON TABLE marts.training_demand IS 'One row per model x basis (reference accelerator or as trained) x accelerator x scenario: training compute, accelerator-time and cost by Epoch''s three methods (cloud, capex + energy, acquisition), nominal and 2023 USD';
COMMENT ON COLUMN marts.training_demand.model IS 'Model name (core.models)';
COMMENT ON COLUMN marts.training_demand.organization IS 'Developing organization';
COMMENT ON COLUMN marts.training_demand.publication_date IS 'Publication date of the model';
COMMENT ON COLUMN marts.training_demand.basis IS 'reference (the model on a training reference accelerator) or as_trained (on its own hardware as Epoch records it)';
COMMENT ON COLUMN marts.training_demand.accelerator IS 'Accelerator family: a training reference (reference_accelerators.csv) or the family of the model''s own hardware';
COMMENT ON COLUMN marts.training_demand.accelerator_variant IS 'The variant whose peak rate is used (core.accelerators): the family reference, or the model''s own hardware';
COMMENT ON COLUMN marts.training_demand.scenario IS 'low, base, high (assumptions.csv), or lambda_reference / megatron_reference (the seed note''s GPT-3 cases)';
COMMENT ON COLUMN marts.training_demand.training_compute_flop IS 'Training compute (FLOP)';
COMMENT ON COLUMN marts.training_demand.training_compute_flop_low IS 'Epoch''s lower bound of training compute (FLOP)';
COMMENT ON COLUMN marts.training_demand.training_compute_flop_high IS 'Epoch''s upper bound of training compute (FLOP)';
COMMENT ON COLUMN marts.training_demand.pf_days IS 'Training compute (PF-days; 1 PF-day = 8.64e19 FLOP)';
COMMENT ON COLUMN marts.training_demand.method IS 'reported (the developer published it), estimated (Epoch''s estimate) or 6ND (6 x parameters x tokens): core.models';
COMMENT ON COLUMN marts.training_demand.estimation_method IS 'How Epoch got the compute (core.models)';
COMMENT ON COLUMN marts.training_demand.confidence IS 'Epoch''s confidence in the compute: Confident, Likely, Speculative, Unknown';
COMMENT ON COLUMN marts.training_demand.precision IS 'Precision whose peak rate is used (fp16_tensor = dense FP16/BF16 tensor, fp16, ...)';
COMMENT ON COLUMN marts.training_demand.peak_flop_per_s IS 'Peak rate of the variant at that precision (FLOP/s)';
COMMENT ON COLUMN marts.training_demand.utilisation IS 'Sustained / peak (ratio): Epoch''s MFU, the generation''s assumption, or implied by a reference case';
COMMENT ON COLUMN marts.training_demand.utilisation_basis IS 'epoch_mfu, or the assumption row the utilisation came from (training_utilisation_hopper, ...)';
COMMENT ON COLUMN marts.training_demand.sustained_flop_per_s IS 'Sustained training rate per accelerator (FLOP/s)';
COMMENT ON COLUMN marts.training_demand.accelerator_hours IS 'Accelerator-hours for one training run (hours)';
COMMENT ON COLUMN marts.training_demand.hours_basis IS 'epoch_chip_hours, epoch_chips_x_time, flop_over_sustained_rate or megatron_v100_years';
COMMENT ON COLUMN marts.training_demand.accelerator_years IS 'Accelerator-years for one training run (years of hours_per_year)';
COMMENT ON COLUMN marts.training_demand.training_hours IS 'Wall-clock training time (hours): Epoch''s, else training_run_days x 24';
COMMENT ON COLUMN marts.training_demand.cluster_accelerators IS 'Accelerators in the cluster (count): Epoch''s, else accelerator_hours / training_hours';
COMMENT ON COLUMN marts.training_demand.training_month IS 'Latest month the run can have started (publication date - Epoch''s training time, else the base training_run_days): the month prices are read for';
COMMENT ON COLUMN marts.training_demand.price_lag_months IS 'training_month - price_month (months): how stale the cloud price is; negative when priced after the training period';
COMMENT ON COLUMN marts.training_demand.purchase_lag_months IS 'training_month - month of the purchase quote or release price (months); negative when quoted later';
COMMENT ON COLUMN marts.training_demand.priced_product IS 'Price-index product of the very variant whose speed is used (core.gpu_hour_prices), e.g. H100 SXM';
COMMENT ON COLUMN marts.training_demand.price_tier IS 'on_demand, or marketplace where the month has no on-demand index';
COMMENT ON COLUMN marts.training_demand.price_month IS 'Index month the cloud price is read from';
COMMENT ON COLUMN marts.training_demand.price_after_training IS 'True when the product was first rented after training_month: priced at its first index month';
COMMENT ON COLUMN marts.training_demand.usd_per_gpu_hour IS 'Index median USD per GPU-hour of price_month; Lambda''s $1.50 in lambda_reference';
COMMENT ON COLUMN marts.training_demand.usd_per_accelerator_purchase IS 'Purchase price of the variant (USD per accelerator)';
COMMENT ON COLUMN marts.training_demand.purchase_basis IS 'quote_before_training, quote_after_training (no quote by then) or release_price';
COMMENT ON COLUMN marts.training_demand.purchase_dated IS 'Date of the purchase quote or release price used';
COMMENT ON COLUMN marts.training_demand.tdp_w IS 'Thermal design power of the variant (W)';
COMMENT ON COLUMN marts.training_demand.cost_usd IS 'Headline cost of one run (USD): capex_energy (Epoch''s amortised hardware + energy); cloud in lambda_reference';
COMMENT ON COLUMN marts.training_demand.cost_method IS 'Which method cost_usd is: capex_energy, or cloud (lambda_reference)';
COMMENT ON COLUMN marts.training_demand.cloud_cost_usd IS 'Cloud rental: accelerator_hours x usd_per_gpu_hour (USD of price_month)';
COMMENT ON COLUMN marts.training_demand.capex_energy_cost_usd IS 'Amortised hardware capex + energy over the run (nominal USD)';
COMMENT ON COLUMN marts.training_demand.acquisition_cost_usd IS 'Acquisition cost of the whole cluster with servers and network (nominal USD)';
COMMENT ON COLUMN marts.training_demand.cloud_cost_2023_usd IS 'Cloud rental in 2023 USD (FRED PCU518210518210 of price_month)';
COMMENT ON COLUMN marts.training_demand.capex_energy_cost_2023_usd IS 'Capex + energy in 2023 USD (deflated from the purchase price''s month)';
COMMENT ON COLUMN marts.training_demand.acquisition_cost_2023_usd IS 'Acquisition cost in 2023 USD (deflated from the purchase price''s month)';
COMMENT ON COLUMN marts.training_demand.epoch_cost_2023_usd IS 'Epoch''s own cost estimate of the run (2023 USD), on as_trained rows';
COMMENT ON COLUMN marts.training_demand.capex_energy_to_epoch_cost_ratio IS 'capex_energy_cost_2023_usd / epoch_cost_2023_usd (ratio)';
COMMENT ON COLUMN marts.training_demand.several_hardware IS 'Epoch lists several training hardware types; the first is costed';
COMMENT ON COLUMN marts.training_demand.formula IS 'How the row was computed';
COMMENT ON COLUMN marts.training_demand.issue IS 'NULL, or why a figure is missing (no compute, no peak at the precision, no purchase price, no TDP, no price index)';
