"""Compare two published warehouses table by table: the same raw/core/marts tables, and in each the same rows
(every column both files have, rows in order) apart from the columns that carry the moment of a refresh
(fetched_at, and the valid_from / valid_to built from it) and the payload hash.

Tables and columns only the second file has are listed as added (a change adds them on purpose), never compared.
`--rename OLD=NEW` rewrites OLD to NEW in the first file's text values before comparing: a repo path that moved
(a capture's source_url) is the same fact under its new path. `--rows-added-ok TABLE` accepts rows only the second
file has in TABLE (new assumption rows), as long as every row of the first file is still there.

    python bench/compare_warehouses.py before.duckdb after.duckdb \
        --rename assets/sources/snapshots/=inputs/captures/      # exit 1 if any table differs or is missing
"""
import argparse
import sys

import duckdb

# The moment of a refresh, and the hash of the payload file: a curated file with an added row has a new hash on
# every row of its capture, though the rows it shares with the old file are the same facts.
REFRESH_TIME_COLUMNS = {"fetched_at", "valid_from", "valid_to", "payload_sha256"}


def tables(conn) -> list[str]:
    return [t for (t,) in conn.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables() "
                                       "WHERE schema_name IN ('raw', 'core', 'marts') ORDER BY 1").fetchall()]


def columns(conn, table: str) -> list[str]:
    schema, name = table.split(".")
    return [c for (c,) in conn.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = ? "
                                       "AND table_name = ? ORDER BY column_index", [schema, name]).fetchall()]


def rows(conn, table: str, selected: list[str], renames: list[tuple[str, str]]) -> list[tuple]:
    quoted = ", ".join(f'"{c}"' for c in selected)  # names from the files' own catalogs
    out = conn.execute(f"SELECT {quoted} FROM {table}").fetchall()
    if renames:
        out = [tuple(_renamed(v, renames) for v in row) for row in out]
    return sorted(out, key=repr)


def _renamed(value, renames):
    if isinstance(value, str):
        for old, new in renames:
            value = value.replace(old, new)
    return value


def compare(before: str, after: str, renames: list[tuple[str, str]], rows_added_ok: set[str] = frozenset()) -> int:
    with duckdb.connect(before, read_only=True) as a, duckdb.connect(after, read_only=True) as b:
        names_a, names_b = tables(a), tables(b)
        missing = sorted(set(names_a) - set(names_b))
        for table in sorted(set(names_b) - set(names_a)):
            print(f"ADDED   {table}")
        differing = []
        for table in names_a:
            if table in missing:
                continue
            cols_a, cols_b = columns(a, table), columns(b, table)
            added = [c for c in cols_b if c not in cols_a]
            if added:
                print(f"ADDED   {table} columns {', '.join(added)}")
            if [c for c in cols_a if c not in cols_b]:
                differing.append(f"{table} (columns dropped: {', '.join(c for c in cols_a if c not in cols_b)})")
                continue
            shared = [c for c in cols_a if c not in REFRESH_TIME_COLUMNS]
            ra, rb = rows(a, table, shared, renames), rows(b, table, shared, [])
            if ra != rb:
                gone = len([r for r in ra if r not in set(rb)])
                new = len([r for r in rb if r not in set(ra)])
                if table in rows_added_ok and not gone:
                    print(f"ADDED   {table} rows: {new} (every row of the first file is there)")
                    continue
                differing.append(f"{table} ({len(ra)} -> {len(rb)} rows; {gone} only before, {new} only after)")
    for table in missing:
        print(f"MISSING {table}")
    for table in differing:
        print(f"DIFFERS {table}")
    print(f"{len(names_a)} tables of the first file compared: {len(differing)} differ, {len(missing)} missing; "
          f"{len(set(names_b) - set(names_a))} tables added")
    return 1 if differing or missing else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                        help="rewrite OLD to NEW in the first file's text values (a moved repo path)")
    parser.add_argument("--rows-added-ok", action="append", default=[], metavar="TABLE",
                        help="rows only the second file has in TABLE are additions, not differences")
    args = parser.parse_args(argv)
    renames = [tuple(r.split("=", 1)) for r in args.rename]
    return compare(args.before, args.after, renames, set(args.rows_added_ok))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
