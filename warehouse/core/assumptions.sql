-- One row per assumption x scenario (low, base, high): the constants every mart formula uses.
-- From the latest fetch of raw.assumptions (inputs/curated/assumptions.csv); edit the CSV, not the SQL.
-- Scenarios are low, central and high estimates of the headline measures: an assumption whose rise lowers them
-- (effect lowers: utilisation, batch size, fleet busy share) takes its high bound in the low scenario.
CREATE OR REPLACE TABLE core.assumptions AS
WITH latest AS (
    SELECT * FROM staging.assumptions
)
SELECT name, s.scenario,
       CASE s.scenario WHEN 'base' THEN value
                       WHEN 'low' THEN CASE effect WHEN 'lowers' THEN high ELSE low END
                       ELSE CASE effect WHEN 'lowers' THEN low ELSE high END END AS value,
       unit, effect, assumption_url AS source_url, note
FROM latest CROSS JOIN (VALUES ('low'), ('base'), ('high')) AS s(scenario)
ORDER BY name, s.scenario;

COMMENT ON TABLE core.assumptions IS 'One row per assumption x scenario: the value a mart uses in that scenario, the bound that moves the headline measure the scenario''s way (from inputs/curated/assumptions.csv)';
COMMENT ON COLUMN core.assumptions.name IS 'Assumption name, e.g. usd_per_interaction';
COMMENT ON COLUMN core.assumptions.scenario IS 'low, base or high';
COMMENT ON COLUMN core.assumptions.value IS 'Value in this scenario, in unit';
COMMENT ON COLUMN core.assumptions.unit IS 'Unit of value';
COMMENT ON COLUMN core.assumptions.effect IS 'How a rise moves the headline measures: raises, lowers (the low scenario takes the high bound), none (a constant)';
COMMENT ON COLUMN core.assumptions.source_url IS 'Where the value comes from';
COMMENT ON COLUMN core.assumptions.note IS 'Why this value and range';
