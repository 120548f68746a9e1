"""Curated mapping of providers' GPU / instance names to the shared accelerator family vocabulary.

inputs/curated/gpu_price_aliases.csv: provider (or * for any), match_kind, pattern, family,
product, gpus_per_instance, source_url, note. core.gpu_hour_prices takes, for each price row, the FIRST line (file order)
whose provider matches and whose pattern matches the row's accelerator_variant:
- match_kind 'token': the variant, lower-cased with every run of non-alphanumerics turned into one space,
  contains the pattern as whole words ('a100' matches 'Nvidia A100, 80 GB' and 'A100_80GB', not 'A10G');
- match_kind 'regex': a RE2 regular expression searched in the lower-cased variant (VM SKU names).
An empty family marks a name deliberately left unmapped (not in the vocabulary, e.g. GH200).
gpus_per_instance divides an instance price into a per-GPU price when the payload does not say (Azure VMs).
"""
import re

from infra.sources import SourceParseError

from .curated import LINE, Field, curated_source
from .parsing import require_regex

MATCH_KINDS = ("token", "regex")
# The accelerator families the hardware team uses in core.accelerators.family (shared vocabulary).
FAMILIES = ("V100", "A100", "H100", "H200", "B200", "GB200", "L40S", "L40", "A10", "A10G", "L4", "T4", "RTX 4090",
            "RTX A6000", "MI300X", "MI250X", "MI325X", "Gaudi 2", "Gaudi 3", "TPU v4", "TPU v5e", "TPU v5p")
TOKEN = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")


def pattern_compiles(source: str, origin: str, row: dict) -> None:
    """A token pattern is lower-case words (matched whole); a regex pattern must compile."""
    pattern = row["pattern"]
    if row["match_kind"] == "token" and not TOKEN.match(pattern):
        raise SourceParseError(source, origin, f"token pattern must be lower-case words separated by single "
                               f"spaces: {pattern!r}", line=row[LINE], column="pattern")
    if row["match_kind"] == "regex":
        require_regex(source, origin, row[LINE], "pattern", pattern)


SOURCE = curated_source(
    "gpu_price_aliases",
    domain="pricing",
    description="One row per curated name pattern: which accelerator family (and GPUs per instance) a provider's "
                "GPU or instance name means.",
    file="gpu_price_aliases.csv",
    fields=(
        Field("priority", "INTEGER", "Line of the curated CSV: the first matching line wins", kind="line"),
        Field("provider", "VARCHAR", "Provider the pattern applies to, or * for any", empty="*"),
        Field("match_kind", "VARCHAR", "token (whole words) or regex (RE2, on the lower-cased name)", choices=MATCH_KINDS),
        Field("pattern", "VARCHAR", "Words or regular expression matched against accelerator_variant"),
        Field("family", "VARCHAR", "Accelerator family (shared vocabulary); NULL = deliberately unmapped",
              choices=FAMILIES, empty=None),
        Field("product", "VARCHAR", "Standard product (the exact good: H100 SXM and H100 PCIe differ, so do A100 "
                                    "40 GB and 80 GB); NULL = the name does not say which variant", empty=None,
              header_required=False),
        Field("gpus_per_instance", "INTEGER", "GPUs per priced instance, when the price is per instance",
              kind="integer", minimum=1, empty=None),
        Field("source_url", "VARCHAR", "Where the name -> family (and GPU count) was checked", kind="url", column="alias_url"),
        Field("note", "VARCHAR", "Why", empty="", header_required=False),
    ),
    keys=("priority",),
    # a second identical rule can never match first: a copy-paste slip
    unique=(("provider", "match_kind", "pattern"),),
    row_rules=(pattern_compiles,),
)
parse = SOURCE.parse
