-- One row per market-share segment: whether its demand is counted in accelerators (chips) or in servers.
-- Configuration, from inputs/curated/segment_categories.csv.
CREATE OR REPLACE TABLE core.segment_categories AS
SELECT segment, category, unit, region, note
FROM staging.segment_categories
ORDER BY segment;

COMMENT ON TABLE core.segment_categories IS 'One row per market-share segment: accelerators or servers, its unit and its region (configuration)';
COMMENT ON COLUMN core.segment_categories.segment IS 'Market-share segment of core.market_share';
COMMENT ON COLUMN core.segment_categories.category IS 'accelerators or servers: the unit the segment''s demand is counted in';
COMMENT ON COLUMN core.segment_categories.unit IS 'What a share of the segment measures: revenue_share, unit_share or installed_systems (TOP500 counts: never a market share)';
COMMENT ON COLUMN core.segment_categories.region IS 'Region the shares are of: worldwide or china';
COMMENT ON COLUMN core.segment_categories.note IS 'Why the segment is in this category';
