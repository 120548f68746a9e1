-- One row per reported compute-spend figure of an AI company (Epoch AI's AI Companies data, source
-- epoch_compute_spend): the period it covers, its inference / R&D / total split and Epoch's confidence.
-- period_start: a Year covers the twelve months ending at period_end; an Annualized figure is a run rate at the
-- month of period_end (one month x 12).
CREATE OR REPLACE TABLE core.compute_spend AS
SELECT id, company, period_type,
       CASE period_type WHEN 'Year' THEN (period_end - INTERVAL 1 YEAR + INTERVAL 1 DAY)::DATE
                        ELSE date_trunc('month', period_end)::DATE END AS period_start,
       period_end, inference_usd, rnd_usd, total_usd, amount_usd, categories, confidence, source_type,
       exclude_from_graph, report_date, source_url, observed_at, payload_sha256, notes
FROM staging.epoch_compute_spend
ORDER BY company, period_end, id;

COMMENT ON TABLE core.compute_spend IS 'One row per reported compute-spend figure of an AI company (Epoch AI, CC BY 4.0): period, inference / R&D / total split, confidence';
COMMENT ON COLUMN core.compute_spend.id IS 'Epoch''s row id';
COMMENT ON COLUMN core.compute_spend.company IS 'Company (OpenAI, Anthropic ...), as core.services.operator names it';
COMMENT ON COLUMN core.compute_spend.period_type IS 'Year (a calendar or fiscal year ending period_end) or Annualized (a run rate at period_end)';
COMMENT ON COLUMN core.compute_spend.period_start IS 'First day the figure covers: period_end - 1 year + 1 day for a Year, the month of period_end for a run rate';
COMMENT ON COLUMN core.compute_spend.period_end IS 'Last day of the period';
COMMENT ON COLUMN core.compute_spend.inference_usd IS 'Inference compute spend (USD); NULL when the figure does not separate it';
COMMENT ON COLUMN core.compute_spend.rnd_usd IS 'R&D (training and research) compute spend (USD)';
COMMENT ON COLUMN core.compute_spend.total_usd IS 'Compute spend not split by use (USD)';
COMMENT ON COLUMN core.compute_spend.amount_usd IS 'The figure as reported (USD)';
COMMENT ON COLUMN core.compute_spend.categories IS 'Epoch''s categories of the figure';
COMMENT ON COLUMN core.compute_spend.confidence IS 'Epoch''s confidence: Confident, Likely, Speculative or Uncertain';
COMMENT ON COLUMN core.compute_spend.source_type IS 'Epoch''s kind of source (Media report, Other ...)';
COMMENT ON COLUMN core.compute_spend.exclude_from_graph IS 'Epoch leaves the row out of its own graph (a derived or superseded figure)';
COMMENT ON COLUMN core.compute_spend.report_date IS 'When the figure was reported (a projection can precede its period''s end)';
COMMENT ON COLUMN core.compute_spend.source_url IS 'Web page that published the figure';
COMMENT ON COLUMN core.compute_spend.observed_at IS 'When the figure was true (its period''s end)';
COMMENT ON COLUMN core.compute_spend.payload_sha256 IS 'sha256 of the capture it came in';
COMMENT ON COLUMN core.compute_spend.notes IS 'Epoch''s notes';
