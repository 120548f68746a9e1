-- One row per scenario (low, base, high) and one column per assumption name: core.assumptions pivoted once, so a
-- formula reads `a.hours_per_year` instead of pivoting again. Units, sources and notes are in core.assumptions.
CREATE OR REPLACE TABLE core.scenario_assumptions AS
SELECT * FROM (PIVOT (SELECT name, scenario, value FROM core.assumptions) ON name USING any_value(value) GROUP BY scenario)
ORDER BY CASE scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE core.scenario_assumptions IS 'One row per scenario, one column per assumption (its value in that scenario, in the unit core.assumptions gives)';
COMMENT ON COLUMN core.scenario_assumptions.scenario IS 'low, base or high';
