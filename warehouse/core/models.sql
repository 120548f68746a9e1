-- One row per AI model: parameters, training tokens and training compute (FLOP and PF-days) with how it was obtained,
-- Epoch's bounds, confidence and estimation method, and the training run as Epoch records it (hardware, chip count,
-- chip-hours, time, MFU, power, Epoch's own cost).
-- Sources, best first: curated paper figures (inputs/curated/models.csv) override Epoch's rows for the same model
-- (keeping the run details of the Epoch row they replace);
-- Epoch's full database (epoch_all_ml_systems, the 2025-08 export) is the Epoch row where it has the model; Epoch's
-- Notable AI Models list (an older, narrower export) adds the models the full view does not name, and its
-- frontier flag. Names are matched after folding non-breaking spaces and repeated spaces ("ALLaM\u00a0adapted 70B"),
-- never case ("CALM" and "CaLM" are two models); a notable row with a full-view row of the same organization and
-- compute is a renamed model and is left out.
-- method: 'reported' only where Epoch's estimation method says Reported (or a curated paper figure); 'estimated'
-- where Epoch estimated the FLOP itself (estimation_method says how: Operation counting, Hardware, Benchmarks, Cost,
-- ...; confidence says how sure: GPT-4 is a Speculative hardware-based estimate); '6ND' = training_flop_per_param_
-- token x parameters x tokens x epochs (one pass where Epoch gives none) where no source gives FLOP. PF-days
-- divide by flop_per_pf_day.
-- Epoch's dataset size counts tokens only for language models; elsewhere training_tokens stays NULL.
CREATE OR REPLACE TABLE core.models AS
WITH curated AS (
    SELECT * FROM staging.models_curated
), full_view AS (
    SELECT *, trim(regexp_replace(replace(model, chr(160), ' '), '\s+', ' ', 'g')) AS name_key
    FROM staging.epoch_all_ml_systems
), notable AS (
    SELECT *, trim(regexp_replace(replace(model, chr(160), ' '), '\s+', ' ', 'g')) AS name_key
    FROM staging.epoch_notable_models
), overridden AS (
    SELECT model AS name FROM curated UNION SELECT unnest(replaces) FROM curated
), constants AS (
    SELECT flop_per_pf_day, training_flop_per_param_token AS flop_per_param_token
    FROM core.scenario_assumptions WHERE scenario = 'base'
), epoch AS (  -- full-view rows, and notable rows the full view lacks, in one shape
    SELECT f.model, f.domain, f.organization, f.publication_date, f.parameters, f.training_compute_flop,
           f.training_compute_flop_low, f.training_compute_flop_high, f.training_dataset_size, f.epochs, f.base_model,
           f.confidence,
           f.estimation_method, f.training_hardware, f.hardware_quantity, f.training_time_hours,
           f.training_chip_hours, f.hardware_utilisation_mfu, f.training_power_draw_w, f.epoch_cost_2023_usd,
           f.numerical_format, f.compute_rank_when_published, n.frontier_model, 'epoch_all_ml_systems' AS source,
           f.source_url, f.link, f.observed_at, f.observed_at_basis, f.payload_sha256
    FROM full_view f LEFT JOIN notable n USING (name_key)
    UNION ALL
    SELECT model, domain, organization, publication_date, parameters, training_compute_flop, NULL, NULL,
           training_dataset_size, NULL, NULL, confidence, estimation_method, training_hardware, hardware_quantity, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, frontier_model, 'epoch_notable_models', source_url, link, observed_at,
           observed_at_basis, payload_sha256
    FROM notable n WHERE n.name_key NOT IN (SELECT name_key FROM full_view)
      -- Epoch renamed some models between the exports ("Llama 3.3" is the full view's "Llama 3.3 70B"): a notable
      -- row whose organization and compute match a full-view row is that row under its old name, not another model
      AND NOT EXISTS (SELECT 1 FROM full_view f WHERE f.organization = n.organization
                      AND f.training_compute_flop = n.training_compute_flop)
), rows AS (
    -- a curated paper figure keeps the run details of the Epoch row it replaces (hardware, chips, chip-hours, MFU)
    SELECT c.model, c.organization, c.publication_date, c.parameters, c.training_tokens,
           c.training_compute_flop AS given_flop, e.training_compute_flop_low, e.training_compute_flop_high,
           NULL::DOUBLE AS epochs, e.base_model, c.confidence,
           CASE WHEN c.training_compute_flop IS NOT NULL THEN 'Reported' END AS estimation_method, e.training_hardware, e.hardware_quantity, e.training_time_hours,
           e.training_chip_hours, e.hardware_utilisation_mfu, e.training_power_draw_w, e.epoch_cost_2023_usd,
           e.numerical_format, e.compute_rank_when_published, e.frontier_model, 'models_curated' AS source,
           c.figure_url AS source_url, c.note, c.observed_at, c.observed_at_basis, c.payload_sha256
    FROM curated c LEFT JOIN epoch e ON list_contains(c.replaces, e.model)
    UNION ALL
    SELECT model, organization, publication_date, parameters,
           CASE WHEN domain ILIKE '%language%' THEN training_dataset_size END, training_compute_flop,
           training_compute_flop_low, training_compute_flop_high, epochs, base_model, confidence, estimation_method, training_hardware,
           hardware_quantity, training_time_hours, training_chip_hours, hardware_utilisation_mfu, training_power_draw_w,
           epoch_cost_2023_usd, numerical_format, compute_rank_when_published, frontier_model, source, source_url,
           link, observed_at, observed_at_basis, payload_sha256
    FROM epoch WHERE model NOT IN (SELECT name FROM overridden)
)
SELECT r.model, r.organization, r.publication_date, r.parameters, r.training_tokens,
       coalesce(r.given_flop, c.flop_per_param_token * r.parameters * r.training_tokens * coalesce(r.epochs, 1))
           AS training_compute_flop,
       coalesce(r.given_flop, c.flop_per_param_token * r.parameters * r.training_tokens * coalesce(r.epochs, 1))
           / c.flop_per_pf_day AS training_compute_pf_days,
       r.training_compute_flop_low, r.training_compute_flop_high, r.epochs, r.base_model,
       CASE WHEN r.given_flop IS NOT NULL AND r.estimation_method ILIKE '%reported%' THEN 'reported'
            WHEN r.given_flop IS NOT NULL THEN 'estimated'
            WHEN r.parameters IS NOT NULL AND r.training_tokens IS NOT NULL THEN '6ND' END AS method,
       r.estimation_method, r.confidence, r.training_hardware, r.hardware_quantity, r.training_time_hours,
       r.training_chip_hours, r.hardware_utilisation_mfu, r.training_power_draw_w, r.epoch_cost_2023_usd,
       r.numerical_format, r.compute_rank_when_published, r.frontier_model, r.source, r.source_url, r.note,
       r.observed_at, r.observed_at_basis, r.payload_sha256
FROM rows r CROSS JOIN constants c
ORDER BY r.publication_date DESC NULLS LAST, r.model;

COMMENT ON TABLE core.models IS 'One row per AI model: parameters, tokens, training compute (FLOP, PF-days, bounds) and how it was obtained, and the training run as Epoch records it; curated paper figures override Epoch';
COMMENT ON COLUMN core.models.model IS 'Model name, e.g. GPT-3 175B';
COMMENT ON COLUMN core.models.organization IS 'Developing organization(s)';
COMMENT ON COLUMN core.models.publication_date IS 'Publication or announcement date';
COMMENT ON COLUMN core.models.parameters IS 'Parameters (count)';
COMMENT ON COLUMN core.models.training_tokens IS 'Training tokens (count); NULL when unknown or the model is not a language model';
COMMENT ON COLUMN core.models.training_compute_flop IS 'Training compute (FLOP): the source''s figure (reported or Epoch''s estimate), else 6 x parameters x tokens';
COMMENT ON COLUMN core.models.training_compute_pf_days IS 'Training compute (PF-days = FLOP / 8.64e19, assumption flop_per_pf_day)';
COMMENT ON COLUMN core.models.training_compute_flop_low IS 'Epoch''s lower bound of training compute (FLOP)';
COMMENT ON COLUMN core.models.training_compute_flop_high IS 'Epoch''s upper bound of training compute (FLOP)';
COMMENT ON COLUMN core.models.epochs IS 'Passes over the training data (count, Epoch); training_tokens is one pass';
COMMENT ON COLUMN core.models.base_model IS 'The model this one was fine-tuned from (Epoch): its compute includes the base model''s';
COMMENT ON COLUMN core.models.method IS 'reported (the developer published the compute: Epoch says Reported, or a curated paper figure), estimated (Epoch''s own estimate: see estimation_method and confidence) or 6ND (6 x parameters x tokens); NULL when none is possible';
COMMENT ON COLUMN core.models.estimation_method IS 'How Epoch got the compute (Reported, Operation counting, Hardware, Benchmarks, Third-party estimation, Cost, ...; comma-separated); Reported for curated paper figures';
COMMENT ON COLUMN core.models.confidence IS 'Confidence of the source: Confident, Likely, Speculative, Unknown';
COMMENT ON COLUMN core.models.training_hardware IS 'Training hardware as Epoch names it, comma-separated when several (resolve via core.accelerator_aliases)';
COMMENT ON COLUMN core.models.hardware_quantity IS 'Accelerators in the training cluster (count, Epoch)';
COMMENT ON COLUMN core.models.training_time_hours IS 'Wall-clock training time (hours, Epoch)';
COMMENT ON COLUMN core.models.training_chip_hours IS 'Accelerator-hours of the run (chip-hours, Epoch)';
COMMENT ON COLUMN core.models.hardware_utilisation_mfu IS 'Model FLOP utilisation of the run (ratio, Epoch)';
COMMENT ON COLUMN core.models.training_power_draw_w IS 'Power draw of the training cluster (W, Epoch)';
COMMENT ON COLUMN core.models.epoch_cost_2023_usd IS 'Epoch''s own estimate of the training cost (2023 USD)';
COMMENT ON COLUMN core.models.numerical_format IS 'Training number format as Epoch records it, e.g. BF16';
COMMENT ON COLUMN core.models.compute_rank_when_published IS 'Epoch''s compute rank of the model when it was published';
COMMENT ON COLUMN core.models.frontier_model IS 'Epoch''s frontier-model flag from the Notable AI Models list (NULL where that list does not name the model)';
COMMENT ON COLUMN core.models.source IS 'Registry source of the row: models_curated, epoch_all_ml_systems or epoch_notable_models';
COMMENT ON COLUMN core.models.source_url IS 'Paper (curated) or the Epoch file/URL fetched';
COMMENT ON COLUMN core.models.note IS 'Curated note, or the paper/announcement link Epoch gives';
COMMENT ON COLUMN core.models.observed_at IS 'When the figures were published (raw observed_at: the publication date; the capture date where the source gives none)';
COMMENT ON COLUMN core.models.observed_at_basis IS 'What dated observed_at: publication, or capture for an undated row';
COMMENT ON COLUMN core.models.payload_sha256 IS 'sha256 of the capture the row came in';
