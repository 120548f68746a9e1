"""Compare two published warehouses table by table: the same raw/core/marts tables, and in each the same rows
(every column, rows in order) apart from the columns that carry the moment of a refresh (fetched_at, and the
valid_from / valid_to built from it).

    python bench/compare_warehouses.py before.duckdb after.duckdb     # exit 1 if any table differs
"""
import sys

import duckdb

REFRESH_TIME_COLUMNS = {"fetched_at", "valid_from", "valid_to"}


def tables(conn) -> list[str]:
    return [t for (t,) in conn.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables() "
                                       "WHERE schema_name IN ('raw', 'core', 'marts') ORDER BY 1").fetchall()]


def rows(conn, table: str) -> list[tuple]:
    schema, name = table.split(".")
    columns = [c for (c,) in conn.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = ? "
                                          "AND table_name = ? ORDER BY column_index", [schema, name]).fetchall()
               if c not in REFRESH_TIME_COLUMNS]
    selected = ", ".join(f'"{c}"' for c in columns)  # names from the file's own catalog
    return conn.execute(f"SELECT {selected} FROM {table} ORDER BY ALL").fetchall()


def main(before: str, after: str) -> int:
    with duckdb.connect(before, read_only=True) as a, duckdb.connect(after, read_only=True) as b:
        names_a, names_b = tables(a), tables(b)
        if names_a != names_b:
            print(f"tables differ: only before {sorted(set(names_a) - set(names_b))}, "
                  f"only after {sorted(set(names_b) - set(names_a))}")
            return 1
        differing = [t for t in names_a if rows(a, t) != rows(b, t)]
    for table in differing:
        print(f"DIFFERS {table}")
    print(f"{len(names_a)} tables compared, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
