-- One row per accelerator family the marts price training and serving on: the precision each workload runs at,
-- and the one family vendor_exposure counts demand in. Configuration, from inputs/curated/reference_accelerators.csv.
-- Beside it, the peak rate at each of those precisions on the family's reference variant (core.accelerator_peak_rates):
-- the rate the marts divide by. A NULL there makes a mart's cost NULL without an error, so the blocking row check
-- reference_rates_present (schema.yml) stops the publish instead.
CREATE OR REPLACE TABLE core.reference_accelerators AS
SELECT r.family, r.training_precision, r.inference_precision, r.fleet_reference, r.training_reference,
       r.training_utilisation, r.note, r.source_url,
       a.accelerator AS reference_accelerator, t.peak_flop_per_s AS training_peak_flop_per_s,
       i.peak_flop_per_s AS inference_peak_flop_per_s
FROM staging.reference_accelerators r
LEFT JOIN core.accelerators a ON a.family = r.family AND a.is_family_reference
LEFT JOIN core.accelerator_peak_rates t ON t.accelerator = a.accelerator AND t.precision = r.training_precision
LEFT JOIN core.accelerator_peak_rates i ON i.accelerator = a.accelerator AND i.precision = r.inference_precision
ORDER BY r.family;

COMMENT ON TABLE core.reference_accelerators IS 'One row per reference accelerator family: training and inference precision, fleet reference flag (configuration), and the reference variant''s peak rate at each precision';
COMMENT ON COLUMN core.reference_accelerators.family IS 'Accelerator family (core.accelerators.family), e.g. H100';
COMMENT ON COLUMN core.reference_accelerators.training_precision IS 'Precision whose peak rate training uses: fp32, tf32, fp16, fp16_tensor, fp8, int8';
COMMENT ON COLUMN core.reference_accelerators.inference_precision IS 'Precision whose peak rate serving uses';
COMMENT ON COLUMN core.reference_accelerators.fleet_reference IS 'The one family vendor_exposure counts demand in';
COMMENT ON COLUMN core.reference_accelerators.training_reference IS 'marts.training_demand costs every model on this family (false for inference cards)';
COMMENT ON COLUMN core.reference_accelerators.training_utilisation IS 'Assumption row (core.assumptions.name) of the family generation''s training utilisation (MFU)';
COMMENT ON COLUMN core.reference_accelerators.note IS 'Why this precision or family';
COMMENT ON COLUMN core.reference_accelerators.source_url IS 'The curated file the row was read from';
COMMENT ON COLUMN core.reference_accelerators.reference_accelerator IS 'The family''s reference variant in core.accelerators (is_family_reference), e.g. NVIDIA H100 SXM5 80GB; NULL = the family has no accelerator';
COMMENT ON COLUMN core.reference_accelerators.training_peak_flop_per_s IS 'Peak rate of the reference variant at training_precision (FLOP/s; OP/s for int8), from core.accelerator_peak_rates; must not be NULL (row check reference_rates_present)';
COMMENT ON COLUMN core.reference_accelerators.inference_peak_flop_per_s IS 'Peak rate of the reference variant at inference_precision (FLOP/s; OP/s for int8); must not be NULL (row check reference_rates_present)';
