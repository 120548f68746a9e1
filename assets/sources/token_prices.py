"""LLM API token prices: LiteLLM's model price map and OpenRouter's model list (two sources, one module).

- litellm_prices: https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json
  (MIT, BerriAI). {model_key: {litellm_provider, mode, input_cost_per_token, output_cost_per_token, ...}} in USD
  per token (numbers). The keys "sample_spec" (a schema description) and "last_updated" (added by the mirror) are
  not models and are skipped. Models without any per-token price (priced per image, per second ...) are skipped.
- openrouter_models: https://openrouter.ai/api/v1/models. {"data": [{id, name, created, context_length,
  pricing{prompt, completion, ...}}]}; prices are STRINGS in USD per token. "-1" means variable pricing (routers
  such as openrouter/auto): kept with variable_pricing = true and NULL prices.
Raw keeps USD per token as published; core.token_prices converts to USD per million tokens.
"""
from datetime import datetime, timezone

import pandas as pd

from infra.paths import CAPTURES_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, json_number, load_json, parse_number, require_fields

LITELLM = "litellm_prices"
OPENROUTER = "openrouter_models"
LITELLM_SKIP = ("sample_spec", "last_updated")
VARIABLE_PRICE = -1.0


def _per_token(source: str, origin: str, where: str, value, *, allow_variable: bool = False) -> float | None:
    """A USD-per-token price: a JSON number or a numeric string (OpenRouter quotes them), finite and not negative;
    VARIABLE_PRICE where the API marks a price that depends on the request (allow_variable)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_number(source, origin, None, where, value)
    if allow_variable and value == VARIABLE_PRICE:
        return VARIABLE_PRICE
    return float(json_number(source, origin, where, value))


def parse_litellm(payload: bytes, origin: str) -> pd.DataFrame:
    doc = load_json(LITELLM, origin, payload)
    if not isinstance(doc, dict):
        raise SourceParseError(LITELLM, origin, "expected a JSON object keyed by model name")
    rows = []
    for model, spec in doc.items():
        if model in LITELLM_SKIP:
            continue
        if not isinstance(spec, dict):
            raise SourceParseError(LITELLM, origin, f"model {model!r} is not an object")
        inp = _per_token(LITELLM, origin, f"{model}.input_cost_per_token", spec.get("input_cost_per_token"))
        out = _per_token(LITELLM, origin, f"{model}.output_cost_per_token", spec.get("output_cost_per_token"))
        if inp is None and out is None:
            continue
        require_fields(LITELLM, f"{origin} model {model!r}", spec, ["litellm_provider"])
        cached = _per_token(LITELLM, origin, f"{model}.cache_read_input_token_cost", spec.get("cache_read_input_token_cost"))
        rows.append({"model": model, "provider": str(spec["litellm_provider"]), "mode": spec.get("mode"),
                     "input_usd_per_token": inp, "output_usd_per_token": out, "cached_input_usd_per_token": cached,
                     "max_input_tokens": spec.get("max_input_tokens") if isinstance(spec.get("max_input_tokens"), int) else None,
                     "deprecation_date": None if spec.get("deprecation_date") is None else str(spec["deprecation_date"])})
    if not rows:
        raise SourceParseError(LITELLM, origin, "no model with input_cost_per_token / output_cost_per_token")
    return conform(LITELLM_SOURCE, origin, pd.DataFrame(rows))


def parse_openrouter(payload: bytes, origin: str) -> pd.DataFrame:
    doc = load_json(OPENROUTER, origin, payload)
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise SourceParseError(OPENROUTER, origin, "required field missing: top-level 'data' list")
    rows = []
    for i, model in enumerate(doc["data"]):
        where = f"data[{i}]"
        if not isinstance(model, dict):
            raise SourceParseError(OPENROUTER, origin, f"{where} is not an object")
        require_fields(OPENROUTER, f"{origin} {where}", model, ["id", "pricing"])
        pricing = model["pricing"]
        if not isinstance(pricing, dict):
            raise SourceParseError(OPENROUTER, origin, f"{where}.pricing is not an object")
        require_fields(OPENROUTER, f"{origin} {where}.pricing", pricing, ["prompt", "completion"])
        inp = _per_token(OPENROUTER, origin, f"{where}.pricing.prompt", pricing["prompt"], allow_variable=True)
        out = _per_token(OPENROUTER, origin, f"{where}.pricing.completion", pricing["completion"], allow_variable=True)
        variable = VARIABLE_PRICE in (inp, out)
        cached = _per_token(OPENROUTER, origin, f"{where}.pricing.input_cache_read", pricing.get("input_cache_read"),
                            allow_variable=True)
        architecture = model.get("architecture") if isinstance(model.get("architecture"), dict) else {}
        created = model.get("created")
        rows.append({"model": model["id"], "name": model.get("name"), "provider": "openrouter",
                     "model_author": str(model["id"]).split("/")[0],
                     "created": _created(created),
                     "context_length": model.get("context_length"), "variable_pricing": variable,
                     "modality": architecture.get("modality") if isinstance(architecture.get("modality"), str) else None,
                     "input_usd_per_token": None if variable else inp, "output_usd_per_token": None if variable else out,
                     "cached_input_usd_per_token": None if variable or cached == VARIABLE_PRICE else cached})
    if not rows:
        raise SourceParseError(OPENROUTER, origin, "payload parsed to zero rows")
    return conform(OPENROUTER_SOURCE, origin, pd.DataFrame(rows))


_PRICE_COLUMNS = (
    Column("input_usd_per_token", "DOUBLE", "Price of one input (prompt) token (USD)", required=False),
    Column("output_usd_per_token", "DOUBLE", "Price of one output (completion) token (USD)", required=False),
    Column("cached_input_usd_per_token", "DOUBLE", "Price of one input token read from the prompt cache (USD); "
                                                   "NULL when not published", required=False),
)

LITELLM_SOURCE = Source(
    name=LITELLM,
    domain="pricing",
    description="One row per LiteLLM model key with a per-token price: provider, mode, USD per input/output token.",
    snapshot=CAPTURES_DIR / "litellm_model_prices_and_context_window.json",
    parse=parse_litellm,
    url="https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json",
    format="json",
    licence="MIT (BerriAI/litellm)",
    cadence="several times a day: every commit to LiteLLM main",
    stale_after_days=14,
    columns=(
        Column("model", "VARCHAR", "LiteLLM model key, e.g. gpt-4o or bedrock/anthropic.claude-3-haiku"),
        Column("provider", "VARCHAR", "litellm_provider: openai, azure, bedrock, gemini ..."),
        Column("mode", "VARCHAR", "chat, embedding, completion ...", required=False),
        *_PRICE_COLUMNS,
        Column("max_input_tokens", "BIGINT", "Context window for input (tokens)", required=False),
        Column("deprecation_date", "VARCHAR", "When the provider retires the model, as published", required=False),
    ),
    keys=("model",),
)

OPENROUTER_SOURCE = Source(
    name=OPENROUTER,
    domain="pricing",
    description="One row per OpenRouter model: USD per prompt/completion token (NULL when pricing is variable).",
    snapshot=CAPTURES_DIR / "openrouter_api_v1_models.json",
    parse=parse_openrouter,
    url="https://openrouter.ai/api/v1/models",
    format="json",
    licence="OpenRouter terms of service (https://openrouter.ai/terms)",
    cadence="continuous: a live API of current prices",
    stale_after_days=7,
    columns=(
        Column("model", "VARCHAR", "OpenRouter model id, e.g. anthropic/claude-sonnet-4"),
        Column("name", "VARCHAR", "Display name", required=False),
        Column("provider", "VARCHAR", "Seller of the tokens: openrouter"),
        Column("model_author", "VARCHAR", "Model author from the id prefix, e.g. anthropic"),
        Column("created", "TIMESTAMPTZ", "When OpenRouter listed the model", required=False),
        Column("context_length", "BIGINT", "Context window (tokens)", required=False),
        Column("variable_pricing", "BOOLEAN", "true: price '-1', depends on the routed model (prices NULL)"),
        Column("modality", "VARCHAR", "architecture.modality, e.g. text->text, text+image->text (input->output)",
               required=False),
        *_PRICE_COLUMNS,
    ),
    keys=("model",),
)


def _created(seconds) -> datetime | None:
    """OpenRouter's `created` (Unix seconds); NULL when absent or not a representable time."""
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        return None
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
