-- One row per accelerator (canonical name from core.accelerator_aliases) with its family, vendor and peak specs.
-- Sources by priority: curated datasheets (inputs/curated/accelerator_datasheets.csv) over Epoch's ML hardware rows
-- for the same accelerator, over TechPowerUp's list page (GPUs Epoch lacks: names, memory, no FLOP/s).
-- The merge is per column, not per row: each spec column takes the highest-priority source that gives it, so a
-- curated row that adds one figure (H100's dense FP8, missing from Epoch) does not blank the figures Epoch has.
-- Within one source an accelerator keeps one row (the one whose own name is the canonical one): another row of
-- the same source that aliases to it is a variant, never a filler of its gaps. rates_source says which source
-- gave each peak rate; source/source_url/quality/observed_at are those of the highest-priority source.
--
-- Rate columns mean one thing each (the schema.yml row checks keep sparsity out):
--   *_tensor_* and fp8 / fp4 / int8: dense matrix-unit rates (tensor cores, MXU, cube, MME), never the 2:4
--   structured-sparsity figure vendors headline (NVIDIA's datasheets print sparse numbers: halve them);
--   fp32_flop_per_s: the vector (non-tensor) FP32 rate; fp16_flop_per_s: Epoch's plain "FP16" column, the vector
--   rate where the part also has a tensor figure, the matrix rate where it is the part's only FP16 figure
--   (Ascend's cube, Kunlunxin), which is why reference_accelerators uses precision fp16 for Ascend 910B.
-- family: inputs/curated/accelerator_families.csv (the shared vocabulary the pricing team maps prices to), else the
-- name without vendor prefix, product line word, form factor, memory size and parenthesised variant.
-- is_family_reference: the curated reference variant; in families without one, the highest-TDP (flagship) variant.
-- data_center: the curated flag of the accelerator's family (accelerator_families.csv); else a product line that
-- is one or the other by definition (consumer/workstation: GeForce, TITAN, Quadro, RTX A-series and Ada
-- workstation cards, Mobile/Max-Q laptop parts, Radeon outside Instinct, Intel Arc/Iris/UHD, console and handheld
-- GPUs; data-center: NVIDIA
-- Tesla, AMD Instinct, Google TPU, Habana Gaudi, AWS Trainium/Inferentia, Intel Data Center GPU); else NULL
-- (unknown: not guessed from the name).
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
    SELECT d.accelerator, d.accelerator AS source_name, d.vendor AS reported_vendor, d.name_zh, d.release_date,
           NULL::DOUBLE AS fp64_flop_per_s, d.fp32_flop_per_s, d.tf32_flop_per_s, NULL::DOUBLE AS fp16_flop_per_s,
           d.fp16_tensor_flop_per_s, d.fp8_flop_per_s, NULL::DOUBLE AS fp4_flop_per_s, d.int8_op_per_s, d.memory_bytes,
           d.memory_bandwidth_bytes_per_s, d.tdp_w, d.release_price_usd, 'accelerator_datasheets' AS source,
           d.figure_url AS source_url, d.note, 1 AS priority, true AS own_name, d.quality, d.observed_at,
           d.payload_sha256
    FROM datasheets d
    UNION ALL
    SELECT a.accelerator, e.hardware_name, e.manufacturer, NULL, e.release_date, e.fp64_flop_per_s, e.fp32_flop_per_s,
           e.tf32_flop_per_s, e.fp16_flop_per_s, e.fp16_tensor_flop_per_s, e.fp8_flop_per_s, e.fp4_flop_per_s,
           e.int8_op_per_s, e.memory_bytes, e.memory_bandwidth_bytes_per_s, e.tdp_w, e.release_price_usd,
           'epoch_ml_hardware', e.source_url, NULL, 2, a.accelerator = e.hardware_name, 'secondary', e.observed_at,
           e.payload_sha256
    FROM epoch e JOIN aliases a ON a.alias = e.hardware_name
    UNION ALL
    SELECT a.accelerator, t.product_name, t.vendor, NULL, t.release_date, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, t.memory_bytes, NULL, NULL, NULL, 'techpowerup_gpus', coalesce(t.product_url, t.source_url), NULL, 3,
           true, 'secondary', t.observed_at, t.payload_sha256
    FROM techpowerup t JOIN aliases a ON a.alias = t.product_name
), per_source AS (
    -- one row per accelerator and source: the row whose own name is the canonical one (another row of the same
    -- source aliased to it is a variant: it does not fill gaps)
    SELECT * FROM candidates
    QUALIFY row_number() OVER (PARTITION BY accelerator, source ORDER BY own_name DESC, source_name, source_url) = 1
), merged AS (
    -- per column, the highest-priority (lowest `priority`) source that gives a value; priority is unique per
    -- accelerator here, so arg_min picks one row
    SELECT accelerator,
           arg_min(reported_vendor, priority) FILTER (WHERE reported_vendor IS NOT NULL) AS reported_vendor,
           arg_min(name_zh, priority) FILTER (WHERE name_zh IS NOT NULL) AS name_zh,
           arg_min(release_date, priority) FILTER (WHERE release_date IS NOT NULL) AS release_date,
           arg_min(fp64_flop_per_s, priority) FILTER (WHERE fp64_flop_per_s IS NOT NULL) AS fp64_flop_per_s,
           arg_min(fp32_flop_per_s, priority) FILTER (WHERE fp32_flop_per_s IS NOT NULL) AS fp32_flop_per_s,
           arg_min(tf32_flop_per_s, priority) FILTER (WHERE tf32_flop_per_s IS NOT NULL) AS tf32_flop_per_s,
           arg_min(fp16_flop_per_s, priority) FILTER (WHERE fp16_flop_per_s IS NOT NULL) AS fp16_flop_per_s,
           arg_min(fp16_tensor_flop_per_s, priority) FILTER (WHERE fp16_tensor_flop_per_s IS NOT NULL) AS fp16_tensor_flop_per_s,
           arg_min(fp8_flop_per_s, priority) FILTER (WHERE fp8_flop_per_s IS NOT NULL) AS fp8_flop_per_s,
           arg_min(fp4_flop_per_s, priority) FILTER (WHERE fp4_flop_per_s IS NOT NULL) AS fp4_flop_per_s,
           arg_min(int8_op_per_s, priority) FILTER (WHERE int8_op_per_s IS NOT NULL) AS int8_op_per_s,
           arg_min(memory_bytes, priority) FILTER (WHERE memory_bytes IS NOT NULL) AS memory_bytes,
           arg_min(memory_bandwidth_bytes_per_s, priority) FILTER (WHERE memory_bandwidth_bytes_per_s IS NOT NULL) AS memory_bandwidth_bytes_per_s,
           arg_min(tdp_w, priority) FILTER (WHERE tdp_w IS NOT NULL) AS tdp_w,
           arg_min(release_price_usd, priority) FILTER (WHERE release_price_usd IS NOT NULL) AS release_price_usd,
           arg_min(source, priority) AS source, arg_min(source_url, priority) AS source_url,
           arg_min(note, priority) FILTER (WHERE note IS NOT NULL) AS note, arg_min(quality, priority) AS row_quality,
           arg_min(observed_at, priority) AS observed_at, arg_min(payload_sha256, priority) AS payload_sha256
    FROM per_source
    GROUP BY accelerator
), rate_cells AS (
    -- the source of each peak rate, in the precision vocabulary of core.accelerator_peak_rates
    SELECT accelerator, precision, source, priority, quality
    FROM (SELECT accelerator, source, priority, quality, fp64_flop_per_s AS fp64, fp32_flop_per_s AS fp32,
                 tf32_flop_per_s AS tf32, fp16_flop_per_s AS fp16, fp16_tensor_flop_per_s AS fp16_tensor,
                 fp8_flop_per_s AS fp8, fp4_flop_per_s AS fp4, int8_op_per_s AS int8
          FROM per_source)
    UNPIVOT (rate FOR precision IN (fp64, fp32, tf32, fp16, fp16_tensor, fp8, fp4, int8))
    QUALIFY row_number() OVER (PARTITION BY accelerator, precision ORDER BY priority) = 1
), rate_sources AS (
    -- "accelerator_datasheets: fp8, int8; epoch_ml_hardware: fp32, tf32, fp16, fp16_tensor"; quality: the weakest
    -- quality among the sources of the rates (a row is as good as its weakest peak rate)
    SELECT accelerator,
           string_agg(source || ': ' || precisions, '; ' ORDER BY priority) AS rates_source,
           arg_max(weakest_quality, quality_rank) AS rates_quality
    FROM (SELECT accelerator, source, priority,
                 string_agg(precision, ', ' ORDER BY list_position(['fp64', 'fp32', 'tf32', 'fp16', 'fp16_tensor',
                                                                    'fp8', 'fp4', 'int8'], precision)) AS precisions,
                 arg_max(quality, list_position(['primary', 'secondary', 'estimate', 'verify'], quality)) AS weakest_quality,
                 max(list_position(['primary', 'secondary', 'estimate', 'verify'], quality)) AS quality_rank
          FROM rate_cells GROUP BY accelerator, source, priority)
    GROUP BY accelerator
), named AS (
    SELECT m.*, r.rates_source, coalesce(r.rates_quality, m.row_quality) AS quality,
           coalesce(v.vendor, m.reported_vendor) AS vendor, f.family AS curated_family,
           coalesce(f.is_family_reference, false) AS curated_reference,
           trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(m.accelerator,
               '\s*\([^)]*\)', '', 'g'),
               '^(NVIDIA|AMD|Intel|Google|Huawei|Amazon|AWS|Meta|Baidu|Microsoft)\s+', '', 'i'),
               '\b(Tesla|GeForce|Radeon Instinct|Instinct|Habana|HGX)\s+', '', 'gi'),
               '\s+(SXM\d?|PCIe|PCle|NVL|DGXS|OAM|\d+\s*GB)\b', '', 'gi')) AS derived_family
    FROM merged m
    LEFT JOIN rate_sources r ON r.accelerator = m.accelerator
    LEFT JOIN vendor_names v ON v.name_key = lower(m.reported_vendor)
    LEFT JOIN families f ON f.accelerator = m.accelerator
), with_family AS (
    SELECT *, coalesce(curated_family, derived_family) AS family FROM named
), family_flags AS (
    -- the curated data_center flag of a family (accelerator_families.csv keeps it the same on every row of a family)
    SELECT family, bool_and(data_center) AS data_center FROM families GROUP BY family
)
SELECT w.accelerator, w.family,
       CASE WHEN bool_or(w.curated_reference) OVER (PARTITION BY w.family) THEN w.curated_reference
            ELSE row_number() OVER (PARTITION BY w.family ORDER BY w.tdp_w DESC NULLS LAST, w.memory_bytes DESC NULLS LAST,
                                                            w.release_date DESC NULLS LAST, w.accelerator) = 1
       END AS is_family_reference,
       coalesce(ff.data_center,
                CASE WHEN regexp_matches(w.accelerator, '\b(GeForce|TITAN|Quadro|Arc A|Arc Pro|Iris|UHD Graphics|Playstation|Steam Deck|Mobile|Max-Q)', 'i')
                          OR regexp_matches(w.accelerator, '\bRTX (A\d{3,4}|\d{4} Ada)', 'i')
                          OR (regexp_matches(w.accelerator, '\bRadeon\b', 'i') AND NOT regexp_matches(w.accelerator, '\bInstinct\b', 'i'))
                     THEN false
                     WHEN regexp_matches(w.accelerator, '\b(NVIDIA Tesla|Instinct|TPU|Gaudi|Trainium|Inferentia|Data Center GPU)', 'i')
                     THEN true
                END) AS data_center,
       w.vendor, w.name_zh, w.release_date, w.fp64_flop_per_s, w.fp32_flop_per_s, w.tf32_flop_per_s, w.fp16_flop_per_s,
       w.fp16_tensor_flop_per_s, w.fp8_flop_per_s, w.fp4_flop_per_s, w.int8_op_per_s, w.memory_bytes,
       w.memory_bandwidth_bytes_per_s, w.tdp_w, w.release_price_usd, w.rates_source, w.source, w.source_url, w.note,
       w.quality, w.observed_at, w.payload_sha256
FROM with_family w
LEFT JOIN family_flags ff ON ff.family = w.family
ORDER BY w.family, w.accelerator;

COMMENT ON TABLE core.accelerators IS 'One row per accelerator: family, data-center flag, vendor, release, dense peak rates by precision, memory, TDP, price; each column from the highest-priority source that gives it (curated datasheets > Epoch > TechPowerUp)';
COMMENT ON COLUMN core.accelerators.accelerator IS 'Canonical accelerator name, e.g. NVIDIA H100 SXM5 80GB (resolve other names via core.accelerator_aliases)';
COMMENT ON COLUMN core.accelerators.family IS 'Family: the shared vocabulary (V100, A100, H100, H200, B200, GB200, L40S, ..., Ascend 910B, Kunlunxin R200, Enflame i20, Hanguang 800) where it applies, else derived from the name';
COMMENT ON COLUMN core.accelerators.is_family_reference IS 'True for exactly one accelerator per family (the SXM/flagship variant): marts pick it for the family';
COMMENT ON COLUMN core.accelerators.data_center IS 'True for a data-center accelerator, false for a consumer or workstation part: the curated flag of its family (inputs/curated/accelerator_families.csv), else its product line (GeForce, TITAN, Quadro, RTX A-series, Radeon outside Instinct, Intel Arc: false; Tesla, Instinct, TPU, Gaudi, Trainium, Inferentia, Intel Data Center GPU: true); NULL = unknown, not guessed';
COMMENT ON COLUMN core.accelerators.vendor IS 'Vendor, canonical per core.vendors where known (e.g. Kunlunxin for Epoch''s "Kunlunxin Baidu")';
COMMENT ON COLUMN core.accelerators.name_zh IS 'Chinese product name (curated datasheets)';
COMMENT ON COLUMN core.accelerators.release_date IS 'Release or announcement date';
COMMENT ON COLUMN core.accelerators.fp64_flop_per_s IS 'Peak FP64 as Epoch lists it (FLOP/s)';
COMMENT ON COLUMN core.accelerators.fp32_flop_per_s IS 'Peak FP32, vector (non-tensor) (FLOP/s)';
COMMENT ON COLUMN core.accelerators.tf32_flop_per_s IS 'Peak TF32 on the matrix units, dense: without structured sparsity (FLOP/s)';
COMMENT ON COLUMN core.accelerators.fp16_flop_per_s IS 'Peak FP16 from Epoch''s plain FP16 column (FLOP/s): the vector rate where the part also has a tensor figure (A100 78, H100 SXM 134 TFLOP/s); where it is the part''s only FP16 figure it is the matrix rate (Ascend 910B''s cube, 376 TFLOP/s; Kunlunxin; T4). For matrix work use fp16_tensor_flop_per_s where it is given';
COMMENT ON COLUMN core.accelerators.fp16_tensor_flop_per_s IS 'Peak FP16/BF16 on the matrix units (tensor cores, MXU, MME), dense: without structured sparsity (FLOP/s); H100 SXM 989.4 TFLOP/s';
COMMENT ON COLUMN core.accelerators.fp8_flop_per_s IS 'Peak FP8 on the matrix units, dense: without structured sparsity (FLOP/s); H100 SXM 1,979 TFLOP/s (NVIDIA''s datasheet prints 3,958 with sparsity)';
COMMENT ON COLUMN core.accelerators.fp4_flop_per_s IS 'Peak FP4 on the matrix units, dense (FLOP/s)';
COMMENT ON COLUMN core.accelerators.int8_op_per_s IS 'Peak INT8 on the matrix units, dense: without structured sparsity (OP/s)';
COMMENT ON COLUMN core.accelerators.memory_bytes IS 'Memory (bytes, decimal GB = 1e9)';
COMMENT ON COLUMN core.accelerators.memory_bandwidth_bytes_per_s IS 'Memory bandwidth (bytes/s)';
COMMENT ON COLUMN core.accelerators.tdp_w IS 'Thermal design power (W)';
COMMENT ON COLUMN core.accelerators.release_price_usd IS 'Release price per unit (USD), where known';
COMMENT ON COLUMN core.accelerators.rates_source IS 'Which source gave each peak rate, by precision (the vocabulary of core.accelerator_peak_rates), e.g. ''accelerator_datasheets: fp8; epoch_ml_hardware: fp64, fp32, tf32, fp16, fp16_tensor, int8''; NULL = no rate';
COMMENT ON COLUMN core.accelerators.source IS 'Highest-priority source with a row for the accelerator: accelerator_datasheets, epoch_ml_hardware or techpowerup_gpus (columns it leaves empty come from the next source; rates_source says where each rate came from)';
COMMENT ON COLUMN core.accelerators.source_url IS 'URL of that source''s row: datasheet/press page (curated), product page (TechPowerUp) or the fetched file/URL (Epoch)';
COMMENT ON COLUMN core.accelerators.note IS 'Caveats of curated figures (what is uncertain)';
COMMENT ON COLUMN core.accelerators.quality IS 'The weakest quality among the sources of the peak rates (the row source''s quality when there is no rate): primary (the vendor''s datasheet), secondary (Epoch''s or TechPowerUp''s compilation, a press page), estimate, verify';
COMMENT ON COLUMN core.accelerators.observed_at IS 'When the row source''s figures were published (raw observed_at: the release date; the capture date where the source gives none)';
COMMENT ON COLUMN core.accelerators.payload_sha256 IS 'sha256 of the capture the row source came in';
