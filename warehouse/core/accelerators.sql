-- One row per accelerator (canonical name from core.accelerator_aliases) with its family, vendor and peak specs.
-- Sources by priority: curated datasheets (inputs/curated/accelerator_datasheets.csv) win over Epoch's ML hardware
-- rows for the same accelerator, which win over TechPowerUp's list page (GPUs Epoch lacks: names, memory, no FLOP/s).
-- family: inputs/curated/accelerator_families.csv (the shared vocabulary the pricing team maps prices to), else the
-- name without vendor prefix, product line word, form factor, memory size and parenthesised variant.
-- is_family_reference: the curated reference variant; in families without one, the highest-TDP (flagship) variant.
CREATE OR REPLACE TABLE core.accelerators AS
WITH aliases AS (
    SELECT alias, accelerator FROM core.accelerator_aliases
), vendor_names AS (
    SELECT vendor, lower(vendor) AS name_key FROM core.vendors
    UNION SELECT vendor, lower(unnest(aliases)) FROM core.vendors
), datasheets AS (
    SELECT * FROM staging.accelerator_datasheets
), epoch AS (
    SELECT * FROM staging.epoch_ml_hardware
), techpowerup AS (
    SELECT * FROM staging.techpowerup_gpus
), families AS (
    SELECT * FROM staging.accelerator_families
), candidates AS (
    SELECT d.accelerator, d.vendor AS reported_vendor, d.name_zh, d.release_date, NULL::DOUBLE AS fp64_flop_per_s,
           d.fp32_flop_per_s, d.tf32_flop_per_s, NULL::DOUBLE AS fp16_flop_per_s, d.fp16_tensor_flop_per_s,
           d.fp8_flop_per_s, NULL::DOUBLE AS fp4_flop_per_s, d.int8_op_per_s, d.memory_bytes,
           d.memory_bandwidth_bytes_per_s, d.tdp_w, d.release_price_usd, 'accelerator_datasheets' AS source,
           d.figure_url AS source_url, d.note, 1 AS priority, true AS own_name, d.quality, d.observed_at,
           d.payload_sha256
    FROM datasheets d
    UNION ALL
    SELECT a.accelerator, e.manufacturer, NULL, e.release_date, e.fp64_flop_per_s, e.fp32_flop_per_s, e.tf32_flop_per_s,
           e.fp16_flop_per_s, e.fp16_tensor_flop_per_s, e.fp8_flop_per_s, e.fp4_flop_per_s, e.int8_op_per_s,
           e.memory_bytes, e.memory_bandwidth_bytes_per_s, e.tdp_w, e.release_price_usd, 'epoch_ml_hardware',
           e.source_url, NULL, 2, a.accelerator = e.hardware_name, 'secondary', e.observed_at, e.payload_sha256
    FROM epoch e JOIN aliases a ON a.alias = e.hardware_name
    UNION ALL
    SELECT a.accelerator, t.vendor, NULL, t.release_date, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           t.memory_bytes, NULL, NULL, NULL, 'techpowerup_gpus', coalesce(t.product_url, t.source_url), NULL, 3, true,
           'secondary', t.observed_at, t.payload_sha256
    FROM techpowerup t JOIN aliases a ON a.alias = t.product_name
), best AS (
    -- one row per accelerator: highest-priority source; within a source, the row whose own name is the canonical one
    SELECT * FROM candidates
    QUALIFY row_number() OVER (PARTITION BY accelerator ORDER BY priority, own_name DESC, source_url) = 1
), named AS (
    SELECT b.*, coalesce(v.vendor, b.reported_vendor) AS vendor, f.family AS curated_family,
           coalesce(f.is_family_reference, false) AS curated_reference,
           trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(b.accelerator,
               '\s*\([^)]*\)', '', 'g'),
               '^(NVIDIA|AMD|Intel|Google|Huawei|Amazon|AWS|Meta|Baidu|Microsoft)\s+', '', 'i'),
               '\b(Tesla|GeForce|Radeon Instinct|Instinct|Habana|HGX)\s+', '', 'gi'),
               '\s+(SXM\d?|PCIe|PCle|NVL|DGXS|OAM|\d+\s*GB)\b', '', 'gi')) AS derived_family
    FROM best b
    LEFT JOIN vendor_names v ON v.name_key = lower(b.reported_vendor)
    LEFT JOIN families f ON f.accelerator = b.accelerator
), with_family AS (
    SELECT *, coalesce(curated_family, derived_family) AS family FROM named
)
SELECT accelerator, family,
       CASE WHEN bool_or(curated_reference) OVER (PARTITION BY family) THEN curated_reference
            ELSE row_number() OVER (PARTITION BY family ORDER BY tdp_w DESC NULLS LAST, memory_bytes DESC NULLS LAST,
                                                          release_date DESC NULLS LAST, accelerator) = 1
       END AS is_family_reference,
       vendor, name_zh, release_date, fp64_flop_per_s, fp32_flop_per_s, tf32_flop_per_s, fp16_flop_per_s,
       fp16_tensor_flop_per_s, fp8_flop_per_s, fp4_flop_per_s, int8_op_per_s, memory_bytes, memory_bandwidth_bytes_per_s,
       tdp_w, release_price_usd, source, source_url, note, quality, observed_at, payload_sha256
FROM with_family
ORDER BY family, accelerator;

COMMENT ON TABLE core.accelerators IS 'One row per accelerator: family, vendor, release, peak FLOP/s by precision, memory, TDP, price (curated datasheets > Epoch > TechPowerUp)';
COMMENT ON COLUMN core.accelerators.accelerator IS 'Canonical accelerator name, e.g. NVIDIA H100 SXM5 80GB (resolve other names via core.accelerator_aliases)';
COMMENT ON COLUMN core.accelerators.family IS 'Family: the shared vocabulary (V100, A100, H100, H200, B200, GB200, L40S, ..., Ascend 910B, Kunlunxin R200, Enflame i20, Hanguang 800) where it applies, else derived from the name';
COMMENT ON COLUMN core.accelerators.is_family_reference IS 'True for exactly one accelerator per family (the SXM/flagship variant): marts pick it for the family';
COMMENT ON COLUMN core.accelerators.vendor IS 'Vendor, canonical per core.vendors where known (e.g. Kunlunxin for Epoch''s "Kunlunxin Baidu")';
COMMENT ON COLUMN core.accelerators.name_zh IS 'Chinese product name (curated datasheets)';
COMMENT ON COLUMN core.accelerators.release_date IS 'Release or announcement date';
COMMENT ON COLUMN core.accelerators.fp64_flop_per_s IS 'Peak FP64 (FLOP/s)';
COMMENT ON COLUMN core.accelerators.fp32_flop_per_s IS 'Peak FP32, non-tensor (FLOP/s)';
COMMENT ON COLUMN core.accelerators.tf32_flop_per_s IS 'Peak TF32 tensor, dense (FLOP/s)';
COMMENT ON COLUMN core.accelerators.fp16_flop_per_s IS 'Peak FP16 as Epoch lists it outside the tensor column (FLOP/s); for some NPUs (Ascend) the only FP16 figure';
COMMENT ON COLUMN core.accelerators.fp16_tensor_flop_per_s IS 'Peak FP16/BF16 tensor, dense (FLOP/s)';
COMMENT ON COLUMN core.accelerators.fp8_flop_per_s IS 'Peak FP8 tensor (FLOP/s)';
COMMENT ON COLUMN core.accelerators.fp4_flop_per_s IS 'Peak FP4 tensor (FLOP/s)';
COMMENT ON COLUMN core.accelerators.int8_op_per_s IS 'Peak INT8 (OP/s)';
COMMENT ON COLUMN core.accelerators.memory_bytes IS 'Memory (bytes, decimal GB = 1e9)';
COMMENT ON COLUMN core.accelerators.memory_bandwidth_bytes_per_s IS 'Memory bandwidth (bytes/s)';
COMMENT ON COLUMN core.accelerators.tdp_w IS 'Thermal design power (W)';
COMMENT ON COLUMN core.accelerators.release_price_usd IS 'Release price per unit (USD), where known';
COMMENT ON COLUMN core.accelerators.source IS 'Registry source of the row: accelerator_datasheets, epoch_ml_hardware or techpowerup_gpus';
COMMENT ON COLUMN core.accelerators.source_url IS 'Datasheet/press page (curated), product page (TechPowerUp) or the fetched file/URL (Epoch)';
COMMENT ON COLUMN core.accelerators.note IS 'Caveats of curated figures (what is uncertain)';
COMMENT ON COLUMN core.accelerators.quality IS 'primary (the vendor''s datasheet), secondary (Epoch''s or TechPowerUp''s compilation, a press page), estimate, verify';
COMMENT ON COLUMN core.accelerators.observed_at IS 'When the figures were published (raw observed_at: the release date; the capture date where the source gives none)';
COMMENT ON COLUMN core.accelerators.payload_sha256 IS 'sha256 of the capture the row came in';
