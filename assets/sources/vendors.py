"""Curated vendors: canonical supplier names, Chinese names, the names sources use for them, and segments.

inputs/curated/vendors.csv: vendor, name_zh, vendor_kind (company | aggregate), segments and aliases
(';'-separated), note. IDC's joint-venture lines (HPE/New H3C Group, Inspur/Inspur Power Systems, IEIT Systems)
are mapped here explicitly. Alias matching in core tables is case-insensitive.
"""
from infra.sources import SourceParseError

from .curated import LINE, Field, curated_source


def one_vendor_per_name(source: str, origin: str, rows: list[dict]) -> None:
    """A name (the vendor's own or an alias, case-insensitive) must not point at two vendors."""
    owner: dict[str, tuple[str, int]] = {}
    for row in rows:
        for name in [row["vendor"], *row["aliases"]]:
            key = name.casefold()
            if key in owner and owner[key][0] != row["vendor"]:
                raise SourceParseError(source, origin, f"alias {name!r} already names {owner[key][0]!r} "
                                       f"(line {owner[key][1]})", line=row[LINE], column="aliases")
            owner[key] = (row["vendor"], row[LINE])


SOURCE = curated_source(
    "vendors",
    domain="vendor_share",
    description="One row per canonical vendor (or market aggregate) with its Chinese name, aliases and segments.",
    file="vendors.csv",
    fields=(
        Field("vendor", "VARCHAR", "Canonical vendor name, e.g. Lenovo"),
        Field("name_zh", "VARCHAR", "Chinese name, e.g. 联想", empty=None, header_required=False),
        Field("vendor_kind", "VARCHAR", "company, or aggregate (ODM Direct, Total, Others)",
              choices=("company", "aggregate")),
        Field("segments", "VARCHAR[]", "Segments the vendor sells in: servers, accelerators, hpc", kind="list"),
        Field("aliases", "VARCHAR[]", "Other names sources use for the vendor (matched case-insensitively)", kind="list"),
        Field("note", "VARCHAR", "Groupings and why", empty="", header_required=False),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("vendor",),
    table_rules=(one_vendor_per_name,),
)
parse = SOURCE.parse
