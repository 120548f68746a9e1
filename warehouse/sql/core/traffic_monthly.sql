-- One row per service x month x metric x source: monthly traffic of AI services.
-- Similarweb figures (visits, visitors, traffic share) and Wikipedia pageviews, mapped to services via core.services.
CREATE OR REPLACE TABLE core.traffic_monthly AS
WITH similarweb AS (
    SELECT * FROM raw.similarweb_visits QUALIFY fetched_at = max(fetched_at) OVER ()
), pageviews AS (
    SELECT * FROM raw.wikimedia_pageviews QUALIFY fetched_at = max(fetched_at) OVER ()
)
SELECT s.service, w.month, w.metric, w.value, w.unit, 'similarweb' AS source, w.figure_url AS source_url,
       w.domain AS measured_alias
FROM similarweb w JOIN core.services s ON s.alias_kind = 'domain' AND s.alias = w.domain
UNION ALL
SELECT s.service, date_trunc('month', p.period_start)::DATE AS month, 'wikipedia_pageviews' AS metric,
       sum(p.views)::DOUBLE AS value, 'count' AS unit, 'wikimedia_pageviews' AS source, any_value(p.source_url) AS source_url,
       p.project || '/' || p.article AS measured_alias
FROM pageviews p JOIN core.services s ON s.alias_kind = 'wikipedia_article' AND s.alias = p.article
WHERE p.agent = 'user' AND p.access = 'all-access'
GROUP BY ALL
ORDER BY service, month, metric;

COMMENT ON TABLE core.traffic_monthly IS 'One row per service x month x metric x source: monthly traffic of AI services';
COMMENT ON COLUMN core.traffic_monthly.service IS 'Canonical service name (core.services)';
COMMENT ON COLUMN core.traffic_monthly.month IS 'First day of the month';
COMMENT ON COLUMN core.traffic_monthly.metric IS 'visits, visitors, genai_traffic_share (Similarweb) or wikipedia_pageviews';
COMMENT ON COLUMN core.traffic_monthly.value IS 'Figure for the month, in unit';
COMMENT ON COLUMN core.traffic_monthly.unit IS 'count or percent';
COMMENT ON COLUMN core.traffic_monthly.source IS 'Registry source the figure came from';
COMMENT ON COLUMN core.traffic_monthly.source_url IS 'Page or API URL (or repo file) the figure was read from';
COMMENT ON COLUMN core.traffic_monthly.measured_alias IS 'Domain or wiki article actually measured';
