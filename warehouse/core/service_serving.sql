-- One row per AI service: the accelerator family serving it and the API whose token prices price the same tokens.
-- Configuration, from inputs/curated/service_serving.csv.
CREATE OR REPLACE TABLE core.service_serving AS
SELECT service, serving_accelerator, api_provider, api_model, serving_url, note
FROM staging.service_serving
ORDER BY service;

COMMENT ON TABLE core.service_serving IS 'One row per service: serving accelerator family and comparison API model (configuration)';
COMMENT ON COLUMN core.service_serving.service IS 'Canonical service name (core.services)';
COMMENT ON COLUMN core.service_serving.serving_accelerator IS 'Accelerator family serving it (core.accelerators.family)';
COMMENT ON COLUMN core.service_serving.api_provider IS 'Provider of the comparison API price (core.token_prices.provider)';
COMMENT ON COLUMN core.service_serving.api_model IS 'Model of the comparison API price (core.token_prices.model)';
COMMENT ON COLUMN core.service_serving.serving_url IS 'Where the serving fact comes from';
COMMENT ON COLUMN core.service_serving.note IS 'Caveats';
