-- One row per accelerator family the marts price training and serving on: the precision each workload runs at,
-- and the one family vendor_exposure counts demand in. Configuration, from inputs/curated/reference_accelerators.csv.
CREATE OR REPLACE TABLE core.reference_accelerators AS
SELECT family, training_precision, inference_precision, fleet_reference, training_reference, training_utilisation, note,
       source_url
FROM staging.reference_accelerators
ORDER BY family;

COMMENT ON TABLE core.reference_accelerators IS 'One row per reference accelerator family: training and inference precision, fleet reference flag (configuration)';
COMMENT ON COLUMN core.reference_accelerators.family IS 'Accelerator family (core.accelerators.family), e.g. H100';
COMMENT ON COLUMN core.reference_accelerators.training_precision IS 'Precision whose peak rate training uses: fp32, tf32, fp16, fp16_tensor, fp8, int8';
COMMENT ON COLUMN core.reference_accelerators.inference_precision IS 'Precision whose peak rate serving uses';
COMMENT ON COLUMN core.reference_accelerators.fleet_reference IS 'The one family vendor_exposure counts demand in';
COMMENT ON COLUMN core.reference_accelerators.training_reference IS 'marts.training_demand costs every model on this family (false for inference cards)';
COMMENT ON COLUMN core.reference_accelerators.training_utilisation IS 'Assumption row (core.assumptions.name) of the family generation''s training utilisation (MFU)';
COMMENT ON COLUMN core.reference_accelerators.note IS 'Why this precision or family';
COMMENT ON COLUMN core.reference_accelerators.source_url IS 'The curated file the row was read from';
