-- One row per model x identity: a model's training compute (reported or Epoch's estimate) set beside what two
-- identities give from its other figures, so an analyst sees which figures do not hang together.
--   6ND                        training_flop_per_param_token (6) x parameters x training tokens x epochs (dense
--                              transformers; a mixture-of-experts model counted at its total parameters lands far
--                              above). Fine-tunes (a base_model) are left out: their compute includes the base's
--                              pre-training while their tokens are the fine-tuning set's.
--   chip_hours_x_peak_x_mfu    Epoch's chip-hours (or chips x training time) x 3600 x the hardware's peak rate at the
--                              training precision x Epoch's MFU (the as_trained rows of marts.training_demand)
-- ratio = given / identity; within = the ratio lies between 1 / (1 + training_identity_tolerance) and 1 + tolerance
-- (symmetric on a log scale: 0.74-1.35 at 35 %). Models whose compute is itself 6ND (method 6ND) are left out of the
-- first identity, fine-tunes of both; by_construction marks the rows Epoch estimated by that same identity.
CREATE OR REPLACE TABLE marts.compute_identities AS
WITH base AS (
    SELECT training_flop_per_param_token, training_identity_tolerance AS tolerance
    FROM core.scenario_assumptions WHERE scenario = 'base'
), six_nd AS (
    SELECT m.model, m.organization, m.publication_date, m.method, m.estimation_method, m.confidence,
           m.training_compute_flop AS given_flop, '6ND' AS identity,
           b.training_flop_per_param_token * m.parameters * m.training_tokens * coalesce(m.epochs, 1) AS identity_flop,
           printf('parameters=%.3g, training_tokens=%.3g, epochs=%s', m.parameters, m.training_tokens,
                  coalesce(m.epochs::VARCHAR, '1 (not given)')) AS inputs, b.tolerance
    FROM core.models m CROSS JOIN base b
    WHERE m.method IN ('reported', 'estimated') AND m.parameters > 0 AND m.training_tokens > 0 AND m.base_model IS NULL
), hardware AS (
    SELECT t.model, t.organization, t.publication_date, t.method, t.estimation_method, t.confidence,
           t.training_compute_flop AS given_flop, 'chip_hours_x_peak_x_mfu' AS identity,
           t.accelerator_hours * 3600 * t.peak_flop_per_s * t.utilisation AS identity_flop,  -- 3600 s per hour
           printf('chip_hours=%.3g (%s), %s peak=%.3g FLOP/s (%s), mfu=%.3f', t.accelerator_hours, t.hours_basis,
                  t.accelerator_variant, t.peak_flop_per_s, t.precision, t.utilisation) AS inputs, b.tolerance
    FROM marts.training_demand t CROSS JOIN base b JOIN core.models m ON m.model = t.model AND m.base_model IS NULL
    WHERE t.basis = 'as_trained' AND t.scenario = 'base' AND t.utilisation_basis = 'epoch_mfu'
      AND t.hours_basis IN ('epoch_chip_hours', 'epoch_chips_x_time') AND t.peak_flop_per_s IS NOT NULL
      AND t.training_compute_flop IS NOT NULL
), rows AS (
    SELECT * FROM six_nd UNION ALL SELECT * FROM hardware
)
SELECT model, organization, publication_date, identity, method, estimation_method, confidence, given_flop,
       identity_flop, given_flop / identity_flop AS ratio, tolerance,
       abs(ln(given_flop / identity_flop)) <= ln(1 + tolerance) AS within_tolerance,
       -- Epoch got the figure by this very identity: agreement is by construction, a disagreement a transcription slip
       CASE identity WHEN '6ND' THEN estimation_method ILIKE '%operation counting%'
                     ELSE estimation_method ILIKE '%hardware%' END AS by_construction,
       inputs
FROM rows
ORDER BY identity, abs(ln(given_flop / identity_flop)) DESC, model;

COMMENT ON TABLE marts.compute_identities IS 'One row per model x identity: training compute beside 6 x parameters x tokens and chip-hours x peak x MFU, within training_identity_tolerance or not';
COMMENT ON COLUMN marts.compute_identities.model IS 'Model name (core.models)';
COMMENT ON COLUMN marts.compute_identities.organization IS 'Developing organization';
COMMENT ON COLUMN marts.compute_identities.publication_date IS 'Publication date';
COMMENT ON COLUMN marts.compute_identities.identity IS '6ND or chip_hours_x_peak_x_mfu';
COMMENT ON COLUMN marts.compute_identities.method IS 'reported or estimated (core.models)';
COMMENT ON COLUMN marts.compute_identities.estimation_method IS 'How Epoch got the compute';
COMMENT ON COLUMN marts.compute_identities.confidence IS 'Epoch''s confidence';
COMMENT ON COLUMN marts.compute_identities.given_flop IS 'Training compute as published or estimated (FLOP)';
COMMENT ON COLUMN marts.compute_identities.identity_flop IS 'Training compute the identity gives (FLOP)';
COMMENT ON COLUMN marts.compute_identities.ratio IS 'given_flop / identity_flop (ratio)';
COMMENT ON COLUMN marts.compute_identities.tolerance IS 'training_identity_tolerance (relative)';
COMMENT ON COLUMN marts.compute_identities.within_tolerance IS '1 / (1 + tolerance) <= ratio <= 1 + tolerance';
COMMENT ON COLUMN marts.compute_identities.by_construction IS 'Epoch estimated the compute by this identity (Operation counting for 6ND, Hardware for chip-hours): agreement proves nothing';
COMMENT ON COLUMN marts.compute_identities.inputs IS 'The identity''s inputs, for checking by hand';
