"""Curated vendors: canonical supplier names, Chinese names, the names sources use for them, and segments.

inputs/curated/vendors.csv: vendor, name_zh, vendor_kind (company | aggregate), segments and aliases
(';'-separated), note. IDC's joint-venture lines (HPE/New H3C Group, Inspur/Inspur Power Systems, IEIT Systems)
are mapped here explicitly. Alias matching in core tables is case-insensitive.
"""
import pandas as pd

from infra.paths import CURATED_DIR
from infra.sources import Column, Source, SourceParseError
from .parsing import conform, read_csv_records
from .parsing import reject_duplicates

NAME = "vendors"
REQUIRED = ("vendor", "vendor_kind", "segments", "aliases")
KINDS = ("company", "aggregate")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def parse(payload: bytes, origin: str) -> pd.DataFrame:
    rows, owner = [], {}
    for line, rec in read_csv_records(NAME, origin, payload, list(REQUIRED)):
        if not rec["vendor"]:
            raise SourceParseError(NAME, origin, "empty vendor", line=line, column="vendor")
        if rec["vendor_kind"] not in KINDS:
            raise SourceParseError(NAME, origin, f"vendor_kind must be one of {KINDS}", line=line, column="vendor_kind")
        aliases = _split(rec["aliases"])
        for name in [rec["vendor"], *aliases]:  # one name must not point at two vendors
            key = name.casefold()
            if key in owner and owner[key][0] != rec["vendor"]:
                raise SourceParseError(NAME, origin, f"alias {name!r} already names {owner[key][0]!r} (line {owner[key][1]})",
                                       line=line, column="aliases")
            owner[key] = (rec["vendor"], line)
        rows.append({"vendor": rec["vendor"], "name_zh": rec.get("name_zh") or None, "vendor_kind": rec["vendor_kind"],
                     "segments": _split(rec["segments"]), "aliases": aliases, "note": rec.get("note", ""), "line": line})
    df = pd.DataFrame(rows)
    reject_duplicates(NAME, origin, df, SOURCE.keys)
    return conform(SOURCE, origin, df)


SOURCE = Source(
    name=NAME,
    domain="vendor_share",
    description="One row per canonical vendor (or market aggregate) with its Chinese name, aliases and segments.",
    snapshot=CURATED_DIR / "vendors.csv",
    parse=parse,
    format="csv",
    columns=(
        Column("vendor", "VARCHAR", "Canonical vendor name, e.g. Lenovo"),
        Column("name_zh", "VARCHAR", "Chinese name, e.g. 联想", required=False),
        Column("vendor_kind", "VARCHAR", "company, or aggregate (ODM Direct, Total, Others)"),
        Column("segments", "VARCHAR[]", "Segments the vendor sells in: servers, accelerators, hpc"),
        Column("aliases", "VARCHAR[]", "Other names sources use for the vendor (matched case-insensitively)"),
        Column("note", "VARCHAR", "Groupings and why", required=False),
        Column("line", "INTEGER", "Line of the curated CSV"),
    ),
    keys=("vendor",),
)
