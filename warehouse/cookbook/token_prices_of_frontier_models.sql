-- Price history of frontier chat models (USD per million tokens) as the makers' APIs and OpenRouter priced them:
-- GPT-4o, GPT-4.1, GPT-5, Claude Sonnet and Opus, Gemini Pro, DeepSeek, Llama. One row per price period.
SELECT canonical_model, provider, source, model, usd_per_mtok_input, usd_per_mtok_output, usd_per_mtok_blended_3_1,
       round(change_vs_previous, 3) AS change_vs_previous, valid_from::DATE AS valid_from, valid_to::DATE AS valid_to,
       stale
FROM marts.token_price_history
WHERE mode = 'chat' AND variant = ''
  AND provider IN ('openai', 'anthropic', 'gemini', 'deepseek', 'openrouter')
  AND regexp_full_match(canonical_model,
      '(gpt-4o|gpt-4-1|gpt-5|claude-(3-5-|3-7-)?sonnet(-[0-9]+(-[0-9]+)?)?|claude-opus-[0-9]+(-[0-9]+)?|claude-3-opus'
      || '|gemini-[0-9]+-[0-9]+-pro|deepseek-chat|deepseek-r1|deepseek-reasoner|llama-3-[0-9]+-[0-9]+b-instruct)')
ORDER BY canonical_model, provider, valid_from;
