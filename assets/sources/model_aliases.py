"""Curated model-name aliases: one canonical id per LLM across LiteLLM keys and OpenRouter ids.

core.token_prices first normalises every source's model name (the last path segment, lower-cased, without a cloud
prefix such as bedrock's 'anthropic.', a ':free' style variant, a '-v1:0' version or '-latest', digits joined by '-'
instead of '.': 'anthropic/claude-3.5-sonnet' and 'claude-3-5-sonnet-latest' both become 'claude-3-5-sonnet'), then
applies the FIRST line of inputs/curated/model_aliases.csv whose pattern (RE2, whole name) matches: the name becomes
`canonical` (\\1 refers to the pattern's first group). Where neither says otherwise the normalised name is the id.
Dated snapshots stay apart (gpt-4o-2024-05-13 and gpt-4o-2024-08-06 were priced differently) except where a line
here says the dated name is the only snapshot of its model.
"""
from .curated import LINE, Field, curated_source
from .parsing import require_regex


def pattern_compiles(source: str, origin: str, row: dict) -> None:
    require_regex(source, origin, row[LINE], "pattern", row["pattern"])


SOURCE = curated_source(
    "model_aliases",
    domain="pricing",
    description="One row per curated model-name pattern: the canonical LLM id the normalised names it matches mean.",
    file="model_aliases.csv",
    fields=(
        Field("priority", "INTEGER", "Line of the curated CSV: the first matching line wins", kind="line"),
        Field("pattern", "VARCHAR", "RE2 regular expression matched against the whole normalised model name"),
        Field("canonical", "VARCHAR", "Canonical id (\\1 = the pattern's first group)"),
        Field("source_url", "VARCHAR", "Where the two names were checked to be one model", kind="url",
              column="alias_url"),
        Field("note", "VARCHAR", "Why", empty="", header_required=False),
    ),
    keys=("priority",),
    unique=(("pattern",),),
    row_rules=(pattern_compiles,),
)
parse = SOURCE.parse
