"""Curated mapping of providers' GPU / instance names to the shared accelerator family vocabulary.

inputs/curated/gpu_price_aliases.csv: provider (or * for any), match_kind, pattern, family,
gpus_per_instance, source_url, note. core.gpu_hour_prices takes, for each price row, the FIRST line (file order)
whose provider matches and whose pattern matches the row's accelerator_variant:
- match_kind 'token': the variant, lower-cased with every run of non-alphanumerics turned into one space,
  contains the pattern as whole words ('a100' matches 'Nvidia A100, 80 GB' and 'A100_80GB', not 'A10G');
- match_kind 'regex': a RE2 regular expression searched in the lower-cased variant (VM SKU names).
An empty family marks a name deliberately left unmapped (not in the vocabulary, e.g. GH200).
gpus_per_instance divides an instance price into a per-GPU price when the payload does not say (Azure VMs).
"""
import re

import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, parse_number, read_csv_records

NAME = "gpu_price_aliases"
MATCH_KINDS = ("token", "regex")
# The accelerator families the hardware team uses in core.accelerators.family (shared vocabulary).
FAMILIES = ("V100", "A100", "H100", "H200", "B200", "GB200", "L40S", "L40", "A10", "A10G", "L4", "T4", "RTX 4090",
            "RTX A6000", "MI300X", "MI250X", "MI325X", "Gaudi 2", "Gaudi 3", "TPU v4", "TPU v5e", "TPU v5p")
TOKEN = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, seen = [], {}
    for line, rec in read_csv_records(NAME, origin, payload, ["provider", "match_kind", "pattern", "family",
                                                               "gpus_per_instance", "source_url"]):
        if rec["match_kind"] not in MATCH_KINDS:
            raise SourceParseError(NAME, origin, f"unknown match_kind {rec['match_kind']!r} (expected {MATCH_KINDS})",
                                   line=line, column="match_kind")
        pattern = rec["pattern"]
        rule = (rec["provider"] or "*", rec["match_kind"], pattern)
        if rule in seen:  # a second identical rule can never match first: a copy-paste slip
            raise SourceParseError(NAME, origin, f"duplicate rule (provider, match_kind, pattern) = {rule} "
                                   f"(first on line {seen[rule]})", line=line, column="pattern")
        seen[rule] = line
        if rec["match_kind"] == "token" and not TOKEN.match(pattern):
            raise SourceParseError(NAME, origin, f"token pattern must be lower-case words separated by single spaces: "
                                   f"{pattern!r}", line=line, column="pattern")
        if rec["match_kind"] == "regex":
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourceParseError(NAME, origin, f"invalid regex {pattern!r}: {exc}", line=line, column="pattern") from None
        if rec["family"] and rec["family"] not in FAMILIES:
            raise SourceParseError(NAME, origin, f"family {rec['family']!r} is not in the shared vocabulary "
                                   f"({', '.join(FAMILIES)}); leave it empty to mark the name unmapped",
                                   line=line, column="family")
        gpus = parse_number(NAME, origin, line, "gpus_per_instance", rec["gpus_per_instance"], allow_empty=True, minimum=1)
        if not rec["source_url"].startswith("https://"):
            raise SourceParseError(NAME, origin, "source_url must be an https URL", line=line, column="source_url")
        rows.append({"priority": line, "provider": rec["provider"] or "*", "match_kind": rec["match_kind"],
                     "pattern": pattern, "family": rec["family"] or None,
                     "gpus_per_instance": None if gpus is None else int(gpus),
                     "alias_url": rec["source_url"], "note": rec.get("note", "")})
    return conform(SOURCE, origin, pd.DataFrame(rows))


SOURCE = Source(
    name=NAME,
    domain="pricing",
    description="One row per curated name pattern: which accelerator family (and GPUs per instance) a provider's "
                "GPU or instance name means.",
    snapshot=CURATED_DIR / "gpu_price_aliases.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("priority", "INTEGER", "Line of the curated CSV: the first matching line wins"),
        Column("provider", "VARCHAR", "Provider the pattern applies to, or * for any"),
        Column("match_kind", "VARCHAR", "token (whole words) or regex (RE2, on the lower-cased name)"),
        Column("pattern", "VARCHAR", "Words or regular expression matched against accelerator_variant"),
        Column("family", "VARCHAR", "Accelerator family (shared vocabulary); NULL = deliberately unmapped", required=False),
        Column("gpus_per_instance", "INTEGER", "GPUs per priced instance, when the price is per instance", required=False),
        Column("alias_url", "VARCHAR", "Where the name -> family (and GPU count) was checked"),
        Column("note", "VARCHAR", "Why", required=False),
    ),
    keys=("priority",),
)
