-- One row per month: the producer price index of data processing and hosting services (FRED PCU518210518210, the
-- deflator Epoch AI uses for training costs) and the factor that turns that month's USD into 2023 USD.
-- usd_2023_per_usd = mean of the index over the 12 months of 2023 / the month's index. A month without an index
-- value has no factor: a cost in that month stays without a 2023 figure instead of borrowing a neighbour's.
CREATE OR REPLACE TABLE core.deflator AS
WITH series AS (
    SELECT month, index_value, source_url, observed_at, payload_sha256 FROM staging.fred_ppi_hosting
), base AS (  -- 2023 is the base only when all of its 12 months are there
    SELECT CASE WHEN count(index_value) = 12 THEN avg(index_value) END AS base_2023
    FROM series WHERE year(month) = 2023
)
SELECT s.month, s.index_value, b.base_2023 / s.index_value AS usd_2023_per_usd, s.source_url, s.observed_at,
       s.payload_sha256
FROM series s CROSS JOIN base b
ORDER BY s.month;

COMMENT ON TABLE core.deflator IS 'One row per month: producer price index of data processing and hosting (FRED PCU518210518210) and the factor to 2023 USD';
COMMENT ON COLUMN core.deflator.month IS 'First day of the month';
COMMENT ON COLUMN core.deflator.index_value IS 'Producer price index (2000-12 = 100); NULL where FRED has no value';
COMMENT ON COLUMN core.deflator.usd_2023_per_usd IS '2023 USD per USD of this month (mean 2023 index / this month''s index)';
COMMENT ON COLUMN core.deflator.source_url IS 'FRED series page';
COMMENT ON COLUMN core.deflator.observed_at IS 'The month the index is for';
COMMENT ON COLUMN core.deflator.payload_sha256 IS 'sha256 of the capture the row came in';
