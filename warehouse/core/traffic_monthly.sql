-- One row per service x month x metric x source: monthly traffic of AI services.
-- Similarweb figures (curated press quotes: visits, visitors, traffic share), Wikipedia pageviews,
-- Similarweb website-page visit histories (source similarweb_page), Epoch AI usage reports (active users, daily
-- tokens/messages; the latest report dated in the month; a row inputs/curated/usage_report_corrections.csv
-- says measures something else is filed under that metric: paying_subscribers, daily_generated_tokens), StatCounter AI chatbot share, and Tranco ranks (the best-
-- ranked domain of the service, dated by the list's last day), mapped to services via core.services.
-- marts.service_demand reads the Similarweb visits, the Epoch AI metrics and the StatCounter shares as drivers.
-- quality: the curated row's own (primary / secondary / estimate / verify) for the Similarweb press quotes; for the
-- fetched sources, what the source is: Wikimedia, StatCounter and Tranco publish their own measurements (primary),
-- Similarweb's page its modelled estimates (estimate), Epoch compiles companies' statements (secondary).
-- observed_at / payload_sha256: when the figure was true and the capture it came in (the latest, for aggregates).
CREATE OR REPLACE TABLE core.traffic_monthly AS
WITH similarweb AS (
    SELECT * FROM staging.similarweb_visits
), pageviews AS (
    SELECT * FROM staging.wikimedia_pageviews
), sw_page AS (
    SELECT * FROM staging.similarweb_page
), epoch AS (
    SELECT * FROM staging.epoch_usage_reports
), statcounter AS (
    SELECT * FROM staging.statcounter_ai_share
), tranco_list AS (
    SELECT * FROM staging.tranco_list
), tranco AS (
    SELECT * FROM staging.tranco_ranks
), corrections AS (  -- Epoch rows whose figure is another metric than its column (inputs/curated/usage_report_corrections.csv)
    SELECT id, product, metric FROM staging.usage_report_corrections
), epoch_metrics AS (
    SELECT e.product, e.company, date_trunc('month', e.date)::DATE AS month, e.date, e.report_url, e.source_url,
           e.observed_at, e.payload_sha256, coalesce(c.metric, 'active_users_' || e.active_users_period) AS metric,
           e.active_users AS value
    FROM epoch e LEFT JOIN corrections c ON c.id = e.id AND c.product = e.product WHERE e.active_users IS NOT NULL
    UNION ALL
    SELECT e.product, e.company, date_trunc('month', e.date)::DATE, e.date, e.report_url, e.source_url, e.observed_at,
           e.payload_sha256, coalesce(c.metric, 'daily_tokens'), e.daily_tokens
    FROM epoch e LEFT JOIN corrections c ON c.id = e.id AND c.product = e.product WHERE e.daily_tokens IS NOT NULL
    UNION ALL
    SELECT product, company, date_trunc('month', date)::DATE, date, report_url, source_url, observed_at, payload_sha256,
           'daily_messages', daily_messages
    FROM epoch WHERE daily_messages IS NOT NULL
)
SELECT s.service, w.month, w.metric, w.value, w.unit, 'similarweb' AS source, w.figure_url AS source_url,
       w.domain AS measured_alias, w.quality, w.observed_at, w.payload_sha256
FROM similarweb w JOIN core.services s ON s.alias_kind = 'domain' AND s.alias = w.domain
UNION ALL
SELECT s.service, date_trunc('month', p.period_start)::DATE AS month, 'wikipedia_pageviews' AS metric,
       sum(p.views)::DOUBLE AS value, 'count' AS unit, 'wikimedia_pageviews' AS source, any_value(p.source_url) AS source_url,
       p.project || '/' || p.article AS measured_alias, 'primary' AS quality, min(p.observed_at) AS observed_at,
       any_value(p.payload_sha256) AS payload_sha256
FROM pageviews p JOIN core.services s ON s.alias_kind = 'wikipedia_article' AND s.alias = p.article
WHERE p.agent = 'user' AND p.access = 'all-access'
GROUP BY ALL
UNION ALL
SELECT s.service, g.month, 'visits' AS metric, g.visits AS value, 'count' AS unit, 'similarweb_page' AS source,
       g.source_url, g.domain AS measured_alias, 'estimate' AS quality, g.observed_at, g.payload_sha256
FROM sw_page g JOIN core.services s ON s.alias_kind = 'domain' AND s.alias = g.domain
UNION ALL
SELECT s.service, e.month, e.metric, arg_max(e.value, e.date) AS value, 'count' AS unit,
       'epoch_usage_reports' AS source, arg_max(coalesce(nullif(e.report_url, ''), e.source_url), e.date) AS source_url,
       e.product AS measured_alias, 'secondary' AS quality, max(e.observed_at) AS observed_at,
       arg_max(e.payload_sha256, e.date) AS payload_sha256
FROM epoch_metrics e JOIN core.services s ON s.alias_kind = 'product_name' AND s.alias = e.product AND s.operator = e.company
GROUP BY ALL
UNION ALL
SELECT s.service, c.month, 'ai_chatbot_share' AS metric, c.share_percent AS value, 'percent' AS unit,
       'statcounter_ai_share' AS source, c.source_url, c.chatbot AS measured_alias, 'primary' AS quality, c.observed_at,
       c.payload_sha256
FROM statcounter c JOIN core.services s ON s.alias_kind = 'product_name' AND s.alias = c.chatbot
UNION ALL
SELECT s.service, date_trunc('month', l.end_date)::DATE AS month, 'tranco_rank' AS metric, min(t.rank)::DOUBLE AS value,
       'rank' AS unit, 'tranco_ranks' AS source, any_value(t.source_url) AS source_url,
       arg_min(t.domain, t.rank) AS measured_alias, 'primary' AS quality, any_value(l.observed_at) AS observed_at,
       any_value(t.payload_sha256) AS payload_sha256
FROM tranco t JOIN core.services s ON s.alias_kind = 'domain' AND s.alias = t.domain CROSS JOIN tranco_list l
GROUP BY ALL
ORDER BY service, month, metric, source;

COMMENT ON TABLE core.traffic_monthly IS 'One row per service x month x metric x source: monthly traffic of AI services';
COMMENT ON COLUMN core.traffic_monthly.service IS 'Canonical service name (core.services)';
COMMENT ON COLUMN core.traffic_monthly.month IS 'First day of the month';
COMMENT ON COLUMN core.traffic_monthly.metric IS 'visits, visitors, genai_traffic_share (Similarweb), wikipedia_pageviews, active_users_daily/weekly/monthly, daily_tokens, daily_messages, paying_subscribers, daily_generated_tokens (Epoch AI), ai_chatbot_share (StatCounter), tranco_rank';
COMMENT ON COLUMN core.traffic_monthly.value IS 'Figure for the month, in unit';
COMMENT ON COLUMN core.traffic_monthly.unit IS 'count, percent or rank (1 = most popular domain)';
COMMENT ON COLUMN core.traffic_monthly.source IS 'Registry source the figure came from (similarweb = the curated press quotes)';
COMMENT ON COLUMN core.traffic_monthly.source_url IS 'Web page or API that published the figure';
COMMENT ON COLUMN core.traffic_monthly.quality IS 'primary (the publisher''s own measurement), secondary (a third party quoting it), estimate (a modelled figure), verify (a low-quality page: verify before use)';
COMMENT ON COLUMN core.traffic_monthly.observed_at IS 'When the figure was true (raw observed_at: its month, its report date)';
COMMENT ON COLUMN core.traffic_monthly.payload_sha256 IS 'sha256 of the capture the figure came in';
COMMENT ON COLUMN core.traffic_monthly.measured_alias IS 'Domain, wiki article or product name actually measured';
