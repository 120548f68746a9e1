-- One row per service x month x scenario: how many messages and tokens an AI service served, month by month from
-- its launch (core.service_serving) to the last month any of its drivers covers.
-- Drivers, best first (one per month, the best one that has a value that month; the same choice in every scenario):
--   reported_tokens    daily tokens a company reported x days in the month
--   messages_x_tokens  reported daily messages x tokens per message of the month's serving stack
--   users_x_messages   active users (daily, weekly, monthly) x messages per user per day (assumptions by period)
--   visits_x_queries   monthly visits (Similarweb) x queries_per_visit
--   share_of_total     the service's StatCounter AI-chatbot share / the share of the month's reference service (the
--                      largest share among services with their own driver that month) x its daily messages
-- A carried value (stale) is used only where no series has an observed or interpolated value that month, and then
-- the most recently observed series.
-- A driver is a series (one metric of one service). Between two observations of the same series its value is
-- interpolated log-linearly (status interpolated); after its last observation it is held flat for at most
-- demand_carry_months (status carried), never grown; before its first it does not exist. A month no series covers
-- is a gap: its row says so and carries no figure (never interpolated across two different drivers).
-- Tokens per message are the serving stack's central estimates x tokens_per_message_factor; a reported day of tokens
-- is split into input and output by prompt_token_share.
-- Scenarios: low, central and high estimates of tokens (low messages per user, low tokens per message).
CREATE OR REPLACE TABLE marts.service_demand AS
WITH base AS (
    SELECT demand_carry_months FROM core.scenario_assumptions WHERE scenario = 'base'
), stack AS (
    SELECT * FROM core.service_serving
), launch AS (
    SELECT DISTINCT service, operator, scope, launched_on FROM stack
), obs AS (  -- one observation per service x series x month
    SELECT t.service, t.metric AS series, t.month, t.value, t.source_url, t.quality, t.observed_at,
           CASE WHEN t.metric = 'daily_tokens' THEN 'reported_tokens'
                WHEN t.metric = 'daily_messages' THEN 'messages_x_tokens'
                WHEN t.metric LIKE 'active_users_%' THEN 'users_x_messages'
                ELSE 'visits_x_queries' END AS driver,
           CASE t.metric WHEN 'daily_tokens' THEN 1 WHEN 'daily_messages' THEN 2 WHEN 'active_users_daily' THEN 3
                         WHEN 'active_users_weekly' THEN 4 WHEN 'active_users_monthly' THEN 5 ELSE 6 END AS driver_rank
    FROM core.traffic_monthly t SEMI JOIN launch l USING (service)
    WHERE (t.source = 'epoch_usage_reports'
           AND t.metric IN ('daily_tokens', 'daily_messages', 'active_users_daily', 'active_users_weekly', 'active_users_monthly'))
       OR (t.source = 'similarweb' AND t.metric = 'visits')
), series_month AS (  -- each series from its first observation to its last + demand_carry_months
    SELECT s.service, s.series, s.driver, s.driver_rank, unnest(generate_series(s.first_month,
           s.last_month + to_months(b.demand_carry_months::INTEGER), INTERVAL 1 MONTH))::DATE AS month
    FROM (SELECT service, series, driver, driver_rank, min(month) AS first_month, max(month) AS last_month
          FROM obs GROUP BY ALL) s CROSS JOIN base b
), filled AS (
    SELECT m.*, p.month AS prev_month, p.value AS prev_value, p.source_url AS prev_url, p.observed_at AS prev_observed_at,
           p.quality AS prev_quality, n.month AS next_month, n.value AS next_value, n.source_url AS next_url,
           n.observed_at AS next_observed_at, n.quality AS next_quality
    FROM series_month m
    ASOF LEFT JOIN obs p ON p.service = m.service AND p.series = m.series AND p.month <= m.month
    ASOF LEFT JOIN obs n ON n.service = m.service AND n.series = m.series AND n.month >= m.month
), series_values AS (
    SELECT *,
           CASE WHEN prev_month = month THEN 'observed' WHEN next_month IS NOT NULL THEN 'interpolated' ELSE 'carried' END AS status,
           CASE WHEN prev_month = month OR next_month IS NULL THEN prev_value
                ELSE prev_value * pow(next_value / prev_value, datediff('month', prev_month, month)::DOUBLE
                                                               / datediff('month', prev_month, next_month)) END AS driver_value
    FROM filled
), direct AS (  -- the best series with a value in the month; a carried (stale) value only where no series has a current one
    SELECT * FROM series_values
    QUALIFY row_number() OVER (PARTITION BY service, month
                               ORDER BY status = 'carried', CASE WHEN status = 'carried' THEN prev_month END DESC NULLS LAST,
                                        driver_rank,
                                        CASE status WHEN 'observed' THEN 0 WHEN 'interpolated' THEN 1 ELSE 2 END) = 1
), direct_scenarios AS (
    SELECT d.*, a.scenario, a.prompt_token_share, a.tokens_per_message_factor,
           datediff('day', d.month, d.month + INTERVAL 1 MONTH) AS days_in_month,
           CASE d.series WHEN 'active_users_daily' THEN a.messages_per_daily_user
                         WHEN 'active_users_weekly' THEN a.messages_per_weekly_user
                         WHEN 'active_users_monthly' THEN a.messages_per_monthly_user END AS messages_per_user_per_day,
           a.queries_per_visit
    FROM direct d CROSS JOIN core.scenario_assumptions a
), direct_messages AS (
    SELECT *,
           CASE driver WHEN 'messages_x_tokens' THEN driver_value
                       WHEN 'users_x_messages' THEN driver_value * messages_per_user_per_day
                       WHEN 'visits_x_queries' THEN driver_value * queries_per_visit / days_in_month END AS daily_messages
    FROM direct_scenarios
), shares AS (
    SELECT service, month, value AS share_pct, source_url, quality, observed_at
    FROM core.traffic_monthly WHERE source = 'statcounter_ai_share' AND metric = 'ai_chatbot_share'
), reference AS (  -- per month and scenario: the largest-share service that has its own message driver that month
    SELECT s.month, d.scenario, s.service AS reference_service, s.share_pct AS reference_share_pct,
           d.daily_messages AS reference_daily_messages
    FROM shares s JOIN direct_messages d ON d.service = s.service AND d.month = s.month
    WHERE d.daily_messages IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY s.month, d.scenario ORDER BY s.share_pct DESC, s.service) = 1
), share_rows AS (
    SELECT s.service, 'ai_chatbot_share' AS series, 'share_of_total' AS driver, 7 AS driver_rank, s.month,
           s.month AS prev_month, s.share_pct AS prev_value, s.source_url AS prev_url, s.observed_at AS prev_observed_at,
           s.quality AS prev_quality, NULL::DATE AS next_month, NULL::DOUBLE AS next_value, NULL AS next_url,
           NULL::TIMESTAMPTZ AS next_observed_at, NULL AS next_quality, 'observed' AS status, s.share_pct AS driver_value,
           r.scenario, a.prompt_token_share, a.tokens_per_message_factor,
           datediff('day', s.month, s.month + INTERVAL 1 MONTH) AS days_in_month, NULL::DOUBLE AS messages_per_user_per_day,
           a.queries_per_visit, r.reference_daily_messages * s.share_pct / r.reference_share_pct AS daily_messages,
           r.reference_service, r.reference_share_pct
    FROM shares s JOIN launch l USING (service) JOIN reference r ON r.month = s.month
    JOIN core.scenario_assumptions a ON a.scenario = r.scenario
    WHERE s.service <> r.reference_service AND s.month >= date_trunc('month', l.launched_on)
      AND NOT EXISTS (SELECT 1 FROM direct d WHERE d.service = s.service AND d.month = s.month)
), chosen AS (
    SELECT *, NULL AS reference_service, NULL::DOUBLE AS reference_share_pct FROM direct_messages
    UNION ALL BY NAME
    SELECT * FROM share_rows
), with_stack AS (  -- the stack serving the service in the middle of the month (in its launch month: its first)
    SELECT c.*, st.model_served, st.valid_from AS stack_valid_from,
           st.input_tokens_per_message * c.tokens_per_message_factor AS input_tokens_per_message,
           st.output_tokens_per_message * c.tokens_per_message_factor AS output_tokens_per_message
    FROM (SELECT c.*, greatest(c.month + INTERVAL 14 DAY, l.launched_on) AS stack_on
          FROM chosen c JOIN launch l USING (service)) c
    ASOF LEFT JOIN stack st ON st.service = c.service AND st.valid_from <= c.stack_on
), demand AS (
    SELECT *,
           CASE WHEN driver = 'reported_tokens' THEN driver_value
                ELSE daily_messages * (input_tokens_per_message + output_tokens_per_message) END AS daily_tokens,
           CASE WHEN driver = 'reported_tokens' THEN prompt_token_share
                ELSE input_tokens_per_message / (input_tokens_per_message + output_tokens_per_message) END AS input_share
    FROM with_stack
), spine AS (  -- every month from launch to the last month a driver covers
    SELECT l.service, l.operator, l.scope, unnest(generate_series(date_trunc('month', l.launched_on),
           last.last_month, INTERVAL 1 MONTH))::DATE AS month
    FROM launch l JOIN (SELECT service, max(month) AS last_month FROM chosen GROUP BY service) last USING (service)
)
SELECT p.service, p.operator, p.scope, p.month, a.scenario, coalesce(d.status, 'gap') AS status, d.driver, d.series,
       d.driver_value,
       CASE WHEN d.status IS NULL THEN NULL WHEN d.status = 'observed' AND d.driver <> 'share_of_total' THEN d.prev_quality
            WHEN 'verify' IN (d.prev_quality, d.next_quality) THEN 'verify'  -- a verify endpoint stays verify
            ELSE 'estimate' END AS quality,
       d.messages_per_user_per_day, d.daily_messages, d.daily_messages * d.days_in_month AS messages,
       d.daily_tokens * d.days_in_month * d.input_share AS input_tokens,
       d.daily_tokens * d.days_in_month * (1 - d.input_share) AS output_tokens,
       d.daily_tokens * d.days_in_month AS tokens,
       d.input_tokens_per_message, d.output_tokens_per_message, d.days_in_month, d.model_served, d.stack_valid_from,
       d.reference_service, d.reference_share_pct,
       d.prev_url AS driver_source_url, d.prev_observed_at AS driver_observed_at,
       CASE d.status WHEN 'interpolated' THEN d.next_url END AS next_driver_source_url,
       CASE d.status WHEN 'interpolated' THEN d.next_observed_at END AS next_driver_observed_at,
       CASE d.driver
           WHEN 'reported_tokens' THEN 'tokens = daily_tokens (reported) x days_in_month; input_tokens = tokens x prompt_token_share'
           WHEN 'messages_x_tokens' THEN 'messages = daily_messages (reported) x days_in_month; tokens = messages x (input + output tokens per message of the stack x tokens_per_message_factor)'
           WHEN 'users_x_messages' THEN 'messages = ' || d.series || ' x messages per user per day x days_in_month; tokens = messages x (input + output tokens per message x tokens_per_message_factor)'
           WHEN 'visits_x_queries' THEN 'messages = visits x queries_per_visit; tokens = messages x (input + output tokens per message x tokens_per_message_factor)'
           WHEN 'share_of_total' THEN 'daily_messages = ' || d.reference_service || ' daily_messages x share_pct / its share_pct (StatCounter AI chatbot share); tokens = messages x tokens per message'
           ELSE 'gap: no driver observed, interpolated or carried this month'
       END || CASE d.status
           WHEN 'interpolated' THEN '; ' || d.series || ' interpolated log-linearly between its observations of '
                                    || strftime(d.prev_month, '%Y-%m') || ' and ' || strftime(d.next_month, '%Y-%m')
           WHEN 'carried' THEN '; ' || d.series || ' held at its last observation (' || strftime(d.prev_month, '%Y-%m')
                               || '), at most demand_carry_months'
           ELSE '' END AS formula
FROM spine p CROSS JOIN (SELECT scenario FROM core.scenario_assumptions) a
LEFT JOIN demand d ON d.service = p.service AND d.month = p.month AND d.scenario = a.scenario
ORDER BY p.service, p.month, CASE a.scenario WHEN 'low' THEN 0 WHEN 'base' THEN 1 ELSE 2 END;

COMMENT ON TABLE marts.service_demand IS 'One row per service x month x scenario: messages and tokens an AI service served, from its best driver that month (observed, interpolated, carried or gap). Scenarios: low, central and high estimates of tokens';
COMMENT ON COLUMN marts.service_demand.service IS 'Canonical service name (core.service_serving)';
COMMENT ON COLUMN marts.service_demand.operator IS 'Company running the service';
COMMENT ON COLUMN marts.service_demand.scope IS 'service, or aggregate (a figure covering several services: never summed with them)';
COMMENT ON COLUMN marts.service_demand.month IS 'First day of the month';
COMMENT ON COLUMN marts.service_demand.scenario IS 'low, base or high: low, central and high estimates of tokens';
COMMENT ON COLUMN marts.service_demand.status IS 'observed (the driver was reported this month), interpolated (log-linear between two observations of the same series), carried (held at the last observation, at most demand_carry_months), gap (no figure)';
COMMENT ON COLUMN marts.service_demand.driver IS 'reported_tokens, messages_x_tokens, users_x_messages, visits_x_queries or share_of_total; NULL in a gap';
COMMENT ON COLUMN marts.service_demand.series IS 'The metric of core.traffic_monthly the driver reads (daily_tokens, daily_messages, active_users_weekly ...)';
COMMENT ON COLUMN marts.service_demand.driver_value IS 'The series'' value this month (observed, interpolated or carried), in its unit (tokens/day, messages/day, users, visits/month, percent)';
COMMENT ON COLUMN marts.service_demand.quality IS 'The observation''s quality when observed; estimate when interpolated, carried or derived from a share';
COMMENT ON COLUMN marts.service_demand.messages_per_user_per_day IS 'users_x_messages: the assumption for the users'' period (messages per user per day)';
COMMENT ON COLUMN marts.service_demand.daily_messages IS 'Messages per day (count); NULL for reported_tokens';
COMMENT ON COLUMN marts.service_demand.messages IS 'Messages in the month (count): the interactions of the top_down cost';
COMMENT ON COLUMN marts.service_demand.input_tokens IS 'Prompt tokens in the month (tokens)';
COMMENT ON COLUMN marts.service_demand.output_tokens IS 'Generated tokens in the month (tokens)';
COMMENT ON COLUMN marts.service_demand.tokens IS 'Tokens in the month, input + output (tokens): the headline measure';
COMMENT ON COLUMN marts.service_demand.input_tokens_per_message IS 'Prompt tokens per message: the stack''s estimate x tokens_per_message_factor (tokens)';
COMMENT ON COLUMN marts.service_demand.output_tokens_per_message IS 'Generated tokens per message: the stack''s estimate x tokens_per_message_factor (tokens)';
COMMENT ON COLUMN marts.service_demand.days_in_month IS 'Days in the month';
COMMENT ON COLUMN marts.service_demand.model_served IS 'Model serving the service in the middle of the month (core.service_serving)';
COMMENT ON COLUMN marts.service_demand.stack_valid_from IS 'valid_from of that serving stack';
COMMENT ON COLUMN marts.service_demand.reference_service IS 'share_of_total: the service whose messages the share scales';
COMMENT ON COLUMN marts.service_demand.reference_share_pct IS 'share_of_total: that service''s StatCounter share this month (percent)';
COMMENT ON COLUMN marts.service_demand.driver_source_url IS 'Web page of the observation used (for interpolated months: the earlier one)';
COMMENT ON COLUMN marts.service_demand.driver_observed_at IS 'When that observation was true';
COMMENT ON COLUMN marts.service_demand.next_driver_source_url IS 'interpolated: web page of the later observation';
COMMENT ON COLUMN marts.service_demand.next_driver_observed_at IS 'interpolated: when the later observation was true';
COMMENT ON COLUMN marts.service_demand.formula IS 'How the row was computed, with the interpolation or carry it used';
