-- One row per name an accelerator goes by -> its canonical accelerator, and how many accelerators the name stands for.
-- Curated aliases (inputs/curated/accelerator_aliases.csv: product names, nvidia-smi names, cloud instance types)
-- win; then every hardware source's own names: datasheet names, Epoch names, TechPowerUp product names (matched to
-- Epoch by "vendor product" when Epoch has the GPU, else canonical "vendor product"), and each canonical name itself.
CREATE OR REPLACE TABLE core.accelerator_aliases AS
WITH curated AS (
    SELECT * FROM staging.accelerator_aliases
), datasheets AS (
    SELECT * FROM staging.accelerator_datasheets
), epoch AS (
    SELECT * FROM staging.epoch_ml_hardware
), techpowerup AS (
    SELECT * FROM staging.techpowerup_gpus
), epoch_names AS (
    SELECT e.hardware_name AS alias, coalesce(c.accelerator, e.hardware_name) AS accelerator
    FROM epoch e LEFT JOIN curated c ON c.alias = e.hardware_name
), source_names AS (
    SELECT alias, accelerator, 1 AS units_per_alias, 'accelerator_aliases' AS alias_source, 1 AS priority, note FROM curated
    UNION ALL
    SELECT accelerator, accelerator, 1, 'accelerator_datasheets', 2, 'datasheet name' FROM datasheets
    UNION ALL
    SELECT alias, accelerator, 1, 'epoch_ml_hardware', 3, 'Epoch hardware name' FROM epoch_names
    UNION ALL
    SELECT t.product_name, coalesce(c.accelerator, en.accelerator, t.vendor || ' ' || t.product_name), 1, 'techpowerup_gpus', 4,
           'TechPowerUp product name'
    FROM techpowerup t
    LEFT JOIN curated c ON c.alias = t.product_name
    LEFT JOIN epoch_names en ON lower(en.alias) = lower(t.vendor || ' ' || t.product_name)
), with_units AS (
    -- curated rows carry their own units (8 for an 8-GPU instance); source names stand for one accelerator
    SELECT s.alias, s.accelerator, CASE WHEN s.alias_source = 'accelerator_aliases' THEN c.units_per_alias ELSE 1 END AS units_per_alias,
           s.alias_source, s.priority, s.note
    FROM source_names s LEFT JOIN curated c ON s.alias_source = 'accelerator_aliases' AND c.alias = s.alias
), all_names AS (
    SELECT * FROM with_units
    UNION ALL
    SELECT DISTINCT accelerator, accelerator, 1, 'canonical', 5, 'canonical name' FROM with_units
)
SELECT alias, lower(alias) AS alias_key, accelerator, units_per_alias, alias_source, note
FROM all_names
QUALIFY row_number() OVER (PARTITION BY alias ORDER BY priority) = 1
ORDER BY accelerator, alias;

COMMENT ON TABLE core.accelerator_aliases IS 'One row per name an accelerator goes by (product names, instance types, source names) -> canonical accelerator';
COMMENT ON COLUMN core.accelerator_aliases.alias IS 'A name as written elsewhere, e.g. ND96isr_H100_v5, H100 SXM5, NVIDIA H100 SXM5 80GB';
COMMENT ON COLUMN core.accelerator_aliases.alias_key IS 'lower(alias): join on it for case-insensitive lookups';
COMMENT ON COLUMN core.accelerator_aliases.accelerator IS 'Canonical accelerator (core.accelerators.accelerator)';
COMMENT ON COLUMN core.accelerator_aliases.units_per_alias IS 'Accelerators one alias stands for (8 for an 8-GPU cloud instance or HGX board)';
COMMENT ON COLUMN core.accelerator_aliases.alias_source IS 'accelerator_aliases (curated), accelerator_datasheets, epoch_ml_hardware, techpowerup_gpus or canonical';
COMMENT ON COLUMN core.accelerator_aliases.note IS 'Why the alias maps there';
