-- One row per accelerator x precision: its peak rate, in long form, so the marts pick a precision by joining
-- (family, precision) instead of repeating a CASE over the columns of core.accelerators.
CREATE OR REPLACE TABLE core.accelerator_peak_rates AS
SELECT accelerator, family, is_family_reference, precision, peak_flop_per_s
FROM (
    SELECT accelerator, family, is_family_reference,
           fp32_flop_per_s AS fp32, tf32_flop_per_s AS tf32, fp16_flop_per_s AS fp16,
           fp16_tensor_flop_per_s AS fp16_tensor, fp8_flop_per_s AS fp8, int8_op_per_s AS int8
    FROM core.accelerators
) UNPIVOT INCLUDE NULLS (peak_flop_per_s FOR precision IN (fp32, tf32, fp16, fp16_tensor, fp8, int8))
ORDER BY family, accelerator, precision;

COMMENT ON TABLE core.accelerator_peak_rates IS 'One row per accelerator x precision: peak rate (NULL when the sources give none)';
COMMENT ON COLUMN core.accelerator_peak_rates.accelerator IS 'Accelerator (core.accelerators)';
COMMENT ON COLUMN core.accelerator_peak_rates.family IS 'Accelerator family, e.g. H100';
COMMENT ON COLUMN core.accelerator_peak_rates.is_family_reference IS 'The family''s reference variant';
COMMENT ON COLUMN core.accelerator_peak_rates.precision IS 'fp32, tf32, fp16, fp16_tensor, fp8 or int8 (the precisions of reference_accelerators.csv)';
COMMENT ON COLUMN core.accelerator_peak_rates.peak_flop_per_s IS 'Peak rate at that precision (FLOP/s; OP/s for int8)';
