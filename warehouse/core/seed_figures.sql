-- One row per quantitative figure of the seed note: the published value and the tolerance the recomputation must
-- meet. From inputs/curated/seed_figures.csv.
CREATE OR REPLACE TABLE core.seed_figures AS
SELECT figure, published_value, unit, rel_tolerance, kind, figure_url, note
FROM staging.seed_figures
ORDER BY figure;

COMMENT ON TABLE core.seed_figures IS 'One row per figure of the seed note: published value, unit and tolerance';
COMMENT ON COLUMN core.seed_figures.kind IS 'arithmetic (recomputed: a blocking check) or comparison (set beside the warehouse''s own fit: a warning)';
COMMENT ON COLUMN core.seed_figures.figure IS 'Identifier of the figure, e.g. chatgpt_2023_01_cost_usd';
COMMENT ON COLUMN core.seed_figures.published_value IS 'Value printed in the note, in unit';
COMMENT ON COLUMN core.seed_figures.unit IS 'Unit of the value';
COMMENT ON COLUMN core.seed_figures.rel_tolerance IS 'Allowed |computed - published| / published (ratio)';
COMMENT ON COLUMN core.seed_figures.figure_url IS 'Where the figure (or its inputs) was published';
COMMENT ON COLUMN core.seed_figures.note IS 'How the note derived it';
