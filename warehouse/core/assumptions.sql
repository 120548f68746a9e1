-- One row per assumption x scenario (low, base, high): the constants every mart formula uses.
-- From the latest fetch of raw.assumptions (inputs/curated/assumptions.csv); edit the CSV, not the SQL.
CREATE OR REPLACE TABLE core.assumptions AS
WITH latest AS (
    SELECT * FROM staging.assumptions
)
SELECT name, s.scenario, CASE s.scenario WHEN 'low' THEN low WHEN 'base' THEN value ELSE high END AS value,
       unit, assumption_url AS source_url, note
FROM latest CROSS JOIN (VALUES ('low'), ('base'), ('high')) AS s(scenario)
ORDER BY name, s.scenario;

COMMENT ON TABLE core.assumptions IS 'One row per assumption x scenario: the value a mart uses in that scenario (from inputs/curated/assumptions.csv)';
COMMENT ON COLUMN core.assumptions.name IS 'Assumption name, e.g. usd_per_interaction';
COMMENT ON COLUMN core.assumptions.scenario IS 'low, base or high';
COMMENT ON COLUMN core.assumptions.value IS 'Value in this scenario, in unit';
COMMENT ON COLUMN core.assumptions.unit IS 'Unit of value';
COMMENT ON COLUMN core.assumptions.source_url IS 'Where the value comes from';
COMMENT ON COLUMN core.assumptions.note IS 'Why this value and range';
