-- One row per AI service x valid_from: the dated serving stack (inputs/curated/service_serving.csv). A row holds
-- from valid_from until the service's next row (valid_to, exclusive; NULL = still current). The first row of a
-- service is its launch. costed_product is the product of marts.gpu_price_index whose speed and price cost the
-- tokens (the serving chip itself where it has a price history, else the same generation's NVIDIA product).
CREATE OR REPLACE TABLE core.service_serving AS
WITH stack AS (
    SELECT * FROM staging.service_serving
), operators AS (
    SELECT service, any_value(operator) AS operator FROM core.services GROUP BY service
)
SELECT s.service, o.operator, s.scope, s.valid_from,
       lead(s.valid_from) OVER (PARTITION BY s.service ORDER BY s.valid_from) AS valid_to,
       min(s.valid_from) OVER (PARTITION BY s.service) AS launched_on,
       s.model_served, s.active_parameters, s.active_parameters_low, s.active_parameters_high, s.serving_accelerator,
       s.costed_product, s.precision, s.input_tokens_per_message, s.output_tokens_per_message,
       nullif(s.api_model, '') AS api_model, s.serving_url, s.quality, s.note
FROM stack s LEFT JOIN operators o USING (service)
ORDER BY s.service, s.valid_from;

COMMENT ON TABLE core.service_serving IS 'One row per service x valid_from: the model, accelerator and tokens per message serving a service from that date (dated configuration)';
COMMENT ON COLUMN core.service_serving.service IS 'Canonical service name (core.services)';
COMMENT ON COLUMN core.service_serving.operator IS 'Company running the service (core.services.operator)';
COMMENT ON COLUMN core.service_serving.scope IS 'service, or aggregate: a tracker''s figure covering several services, never summed with them';
COMMENT ON COLUMN core.service_serving.valid_from IS 'First day this stack served the service';
COMMENT ON COLUMN core.service_serving.valid_to IS 'First day of the next stack (exclusive); NULL = current';
COMMENT ON COLUMN core.service_serving.launched_on IS 'The service''s first valid_from: its launch';
COMMENT ON COLUMN core.service_serving.model_served IS 'Model (family) serving most messages';
COMMENT ON COLUMN core.service_serving.active_parameters IS 'Active parameters per token, central estimate (count)';
COMMENT ON COLUMN core.service_serving.active_parameters_low IS 'Low estimate of active parameters (count)';
COMMENT ON COLUMN core.service_serving.active_parameters_high IS 'High estimate of active parameters (count)';
COMMENT ON COLUMN core.service_serving.serving_accelerator IS 'Accelerator family serving it (core.accelerators.family)';
COMMENT ON COLUMN core.service_serving.costed_product IS 'marts.gpu_price_index product whose speed and price cost the tokens';
COMMENT ON COLUMN core.service_serving.precision IS 'Precision served: fp16_tensor or fp8';
COMMENT ON COLUMN core.service_serving.input_tokens_per_message IS 'Prompt tokens per message, central estimate (tokens)';
COMMENT ON COLUMN core.service_serving.output_tokens_per_message IS 'Generated tokens per message, central estimate (tokens)';
COMMENT ON COLUMN core.service_serving.api_model IS 'core.token_prices.canonical_model whose price is set beside the cost; NULL = none';
COMMENT ON COLUMN core.service_serving.serving_url IS 'Where the serving fact comes from';
COMMENT ON COLUMN core.service_serving.quality IS 'primary (the operator''s or model maker''s own page), secondary, estimate (sizes and token counts nobody published)';
COMMENT ON COLUMN core.service_serving.note IS 'Sources of the estimates and caveats';
