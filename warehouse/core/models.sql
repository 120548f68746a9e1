-- One row per AI model: parameters, training tokens and training compute (FLOP and PF-days), and how it was obtained.
-- Curated paper figures (inputs/curated/models.csv) override Epoch's Notable AI Models row for the same model.
-- method: 'reported' when the source gives training FLOP; '6ND' = training_flop_per_param_token x parameters x tokens
-- otherwise. PF-days divide by flop_per_pf_day (assumptions: 1e15 FLOP/s x 86,400 s).
-- Epoch's dataset size counts tokens only for language models; elsewhere training_tokens stays NULL.
CREATE OR REPLACE TABLE core.models AS
WITH curated AS (
    SELECT * FROM staging.models_curated
), epoch AS (
    SELECT * FROM staging.epoch_notable_models
), overridden AS (
    SELECT model AS name FROM curated UNION SELECT unnest(replaces) FROM curated
), constants AS (
    SELECT flop_per_pf_day, training_flop_per_param_token AS flop_per_param_token
    FROM core.scenario_assumptions WHERE scenario = 'base'
), rows AS (
    SELECT model, organization, publication_date, parameters, training_tokens, training_compute_flop AS reported_flop,
           confidence, NULL::VARCHAR AS training_hardware, NULL::BOOLEAN AS frontier_model, 'models_curated' AS source,
           figure_url AS source_url, note, observed_at, observed_at_basis, payload_sha256
    FROM curated
    UNION ALL
    SELECT model, organization, publication_date, parameters,
           CASE WHEN domain ILIKE '%language%' THEN training_dataset_size END, training_compute_flop, confidence,
           training_hardware, frontier_model, 'epoch_notable_models', source_url, link, observed_at, observed_at_basis,
           payload_sha256
    FROM epoch WHERE model NOT IN (SELECT name FROM overridden)
)
SELECT r.model, r.organization, r.publication_date, r.parameters, r.training_tokens,
       coalesce(r.reported_flop, c.flop_per_param_token * r.parameters * r.training_tokens) AS training_compute_flop,
       coalesce(r.reported_flop, c.flop_per_param_token * r.parameters * r.training_tokens) / c.flop_per_pf_day
           AS training_compute_pf_days,
       CASE WHEN r.reported_flop IS NOT NULL THEN 'reported'
            WHEN r.parameters IS NOT NULL AND r.training_tokens IS NOT NULL THEN '6ND' END AS method,
       r.confidence, r.training_hardware, r.frontier_model, r.source, r.source_url, r.note,
       r.observed_at, r.observed_at_basis, r.payload_sha256
FROM rows r CROSS JOIN constants c
ORDER BY r.publication_date DESC NULLS LAST, r.model;

COMMENT ON TABLE core.models IS 'One row per AI model: parameters, tokens, training compute (FLOP, PF-days) and method; curated paper figures override Epoch';
COMMENT ON COLUMN core.models.model IS 'Model name, e.g. GPT-3 175B';
COMMENT ON COLUMN core.models.organization IS 'Developing organization(s)';
COMMENT ON COLUMN core.models.publication_date IS 'Publication or announcement date';
COMMENT ON COLUMN core.models.parameters IS 'Parameters (count)';
COMMENT ON COLUMN core.models.training_tokens IS 'Training tokens (count); NULL when unknown or the model is not a language model';
COMMENT ON COLUMN core.models.training_compute_flop IS 'Training compute (FLOP): reported, else 6 x parameters x tokens';
COMMENT ON COLUMN core.models.training_compute_pf_days IS 'Training compute (PF-days = FLOP / 8.64e19, assumption flop_per_pf_day)';
COMMENT ON COLUMN core.models.method IS 'reported (the source gives FLOP) or 6ND (6 x parameters x tokens); NULL when neither is possible';
COMMENT ON COLUMN core.models.confidence IS 'Confidence of the source: Confident, Likely, Speculative, Unknown';
COMMENT ON COLUMN core.models.training_hardware IS 'Training hardware as Epoch names it (resolve via core.accelerator_aliases)';
COMMENT ON COLUMN core.models.frontier_model IS 'Epoch''s frontier-model flag (NULL for curated rows)';
COMMENT ON COLUMN core.models.source IS 'Registry source: models_curated or epoch_notable_models';
COMMENT ON COLUMN core.models.source_url IS 'Paper (curated) or the Epoch file/URL fetched';
COMMENT ON COLUMN core.models.note IS 'Curated note, or the paper/announcement link Epoch gives';
COMMENT ON COLUMN core.models.observed_at IS 'When the figures were published (raw observed_at: the publication date; the capture date where the source gives none)';
COMMENT ON COLUMN core.models.observed_at_basis IS 'What dated observed_at: publication, or capture for an undated row';
COMMENT ON COLUMN core.models.payload_sha256 IS 'sha256 of the capture the row came in';
