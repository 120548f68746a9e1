-- Current API token prices (USD per million tokens) of OpenAI, Anthropic and Google models, cheapest first.
SELECT provider, model, usd_per_mtok_input, usd_per_mtok_output
FROM core.token_prices
WHERE valid_to IS NULL AND provider IN ('openai', 'anthropic', 'gemini', 'vertex_ai')
ORDER BY usd_per_mtok_output, model
LIMIT 50;
