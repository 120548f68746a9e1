"""A curated source is a declaration: the parser generated from its fields reads a CSV by header name, converts
each kind, and rejects a bad cell with the file, line and column (assets/sources/curated.py)."""
import datetime

import pytest

from assets.sources.curated import LINE, Field, curated_source
from infra.sources import SourceParseError

TOY = curated_source(
    "toy_prices", domain="pricing", description="One row per toy price.", file="toy_prices.csv",
    fields=(
        Field("item", "VARCHAR", "Item name"),
        Field("price", "DOUBLE", "Price (USD)", kind="number", minimum=0, maximum=1000),
        Field("units", "INTEGER", "Units in a pack", kind="integer", minimum=1, empty=None),
        Field("tier", "VARCHAR", "on_demand or spot", choices=("on_demand", "spot")),
        Field("listed", "DATE", "Listing date", kind="date"),
        Field("in_stock", "BOOLEAN", "Available", kind="bool"),
        Field("tags", "VARCHAR[]", "';'-separated tags", kind="list", header_required=False),
        Field("source_url", "VARCHAR", "Where it was read", kind="url", column="price_url"),
        Field("line", "INTEGER", "Line of the CSV", kind="line"),
    ),
    keys=("item", "tier"),
)
HEADER = "item,price,units,tier,listed,in_stock,tags,source_url\n"
GOOD = "H100 hour,2.99,8,on_demand,2025-06-01,yes,gpu; hopper,https://example.com/p\n"


def parse(body: str):
    return TOY.parse(body.encode(), "toy.csv")


def test_the_declaration_reads_every_kind():
    rows = parse(HEADER + GOOD + "A100 hour,1.10,,spot,2024-01-31,false,,https://example.com/q\n")
    assert list(rows.columns) == ["item", "price", "units", "tier", "listed", "in_stock", "tags", "price_url", "line"]
    first, second = rows.iloc[0], rows.iloc[1]
    assert (first["item"], first["price"], first["units"], first["tier"]) == ("H100 hour", 2.99, 8, "on_demand")
    assert first["listed"] == datetime.date(2025, 6, 1) and bool(first["in_stock"]) is True
    assert list(first["tags"]) == ["gpu", "hopper"] and first["price_url"] == "https://example.com/p"
    assert first["line"] == 2 and second["line"] == 3
    assert second["units"] is None or second["units"] != second["units"]  # empty cell -> NULL
    assert list(second["tags"]) == [] and bool(second["in_stock"]) is False
    assert [c.required for c in TOY.columns] == [True, True, False, True, True, True, True, True, True]


@pytest.mark.parametrize("bad_row, column, message", [
    (GOOD.replace("2.99", "1200"), "price", "above the allowed maximum 1000"),
    (GOOD.replace("2.99", "-1"), "price", "below the allowed minimum 0"),
    (GOOD.replace("2.99", "inf"), "price", "not a finite number"),
    (GOOD.replace(",8,", ",2.5,"), "units", "units must be a whole number, got 2.5"),
    (GOOD.replace("on_demand", "reserved"), "tier", "unknown tier 'reserved' (expected one of: on_demand, spot)"),
    (GOOD.replace("2025-06-01", "June 2025"), "listed", "not a YYYY-MM-DD date"),
    (GOOD.replace(",yes,", ",maybe,"), "in_stock", "in_stock must be true or false"),
    (GOOD.replace("https://example.com/p", "http://example.com/p"), "source_url", "must be the https page"),
    (GOOD.replace("H100 hour", ""), "item", "empty item"),
])
def test_a_bad_cell_names_file_line_and_column(bad_row, column, message):
    with pytest.raises(SourceParseError) as err:
        parse(HEADER + GOOD.replace("H100", "B200") + bad_row)
    assert f"source 'toy_prices' (toy.csv, line 3, column '{column}')" in str(err.value)
    assert message in str(err.value)


def test_a_duplicate_key_names_the_second_line():
    with pytest.raises(SourceParseError, match=r"\(toy.csv, line 3, column 'item'\): duplicate key \(item, tier\) = \(H100 hour, on_demand\)"):
        parse(HEADER + GOOD + GOOD)


def test_a_missing_header_is_named_and_an_optional_one_may_be_absent():
    with pytest.raises(SourceParseError, match=r"\(toy.csv, line 1, column 'price'\): required column\(s\) missing: price"):
        parse(HEADER.replace("price,", "") + GOOD.replace("2.99,", ""))
    rows = parse(HEADER.replace("tags,", "") + GOOD.replace("gpu; hopper,", ""))
    assert list(rows.iloc[0]["tags"]) == []


# A declaration with a header alias, a row rule (a unit conversion, as market figures do) and a table rule.
MILLION = 1e6


def to_usd(source, origin, row):
    if row["unit"] == "usd_million":
        row["revenue"] *= MILLION
        row["unit"] = "usd"


def one_leader(source, origin, rows):
    leaders = [r[LINE] for r in rows if r["leader"]]
    if len(leaders) > 1:
        raise SourceParseError(source, origin, "a second leader", line=leaders[1], column="leader")


REVENUE = curated_source(
    "toy_revenue", domain="vendor_share", description="One row per vendor's revenue.", file="toy_revenue.csv",
    fields=(
        Field("vendor", "VARCHAR", "Vendor", aliases=("Company",)),
        Field("revenue", "DOUBLE", "Revenue", kind="number", minimum=0),
        Field("unit", "VARCHAR", "usd or usd_million", choices=("usd", "usd_million")),
        Field("leader", "BOOLEAN", "Market leader", kind="bool"),
        Field("line", "INTEGER", "Line of the CSV", kind="line"),
    ),
    keys=("vendor",), row_rules=(to_usd,), table_rules=(one_leader,),
)


def test_aliases_and_rules_are_part_of_the_declaration():
    rows = REVENUE.parse(b"company,revenue,unit,leader\nAcme,1.5,usd_million,yes\nBeta,250000,usd,no\n", "r.csv")
    assert rows["vendor"].tolist() == ["Acme", "Beta"]  # found under the alias header 'company'
    assert rows["revenue"].tolist() == [1_500_000.0, 250_000.0]  # 1.5 million converted by the row rule
    assert rows["unit"].tolist() == ["usd", "usd"] and rows["line"].tolist() == [2, 3]
    with pytest.raises(SourceParseError, match=r"\(r.csv, line 3, column 'leader'\): a second leader"):
        REVENUE.parse(b"vendor,revenue,unit,leader\nAcme,1,usd,yes\nBeta,2,usd,true\n", "r.csv")
    with pytest.raises(SourceParseError, match=r"\(r.csv, line 2, column 'Company'\): empty Company"):
        REVENUE.parse(b"Company,revenue,unit,leader\n,1,usd,yes\n", "r.csv")
    with pytest.raises(SourceParseError, match=r"line 1, column 'vendor'\): required column\(s\) missing: vendor "
                                               r"\(accepted headers: 'vendor' \| 'Company'\)"):
        REVENUE.parse(b"firm,revenue,unit,leader\nAcme,1,usd,yes\n", "r.csv")
