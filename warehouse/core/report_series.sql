-- One row per series a chart of the charts report draws (configuration, from inputs/curated/report_series.csv).
CREATE OR REPLACE TABLE core.report_series AS
SELECT chart, series, note
FROM staging.report_series
ORDER BY chart, series;

COMMENT ON TABLE core.report_series IS 'One row per series a chart of the charts report draws (configuration)';
COMMENT ON COLUMN core.report_series.chart IS 'Chart of the report: price-index (products), compute-trend (windows), token-prices (provider/model) or serving-cost (the model shown first)';
COMMENT ON COLUMN core.report_series.series IS 'Product, trend window name, provider/canonical_model or model_served';
COMMENT ON COLUMN core.report_series.note IS 'Why this series is drawn';
