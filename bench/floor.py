"""The floor of a refresh: the same parsers, SQL models, gate checks and publish that `make refresh` runs, in plain
Python on one DuckDB connection, with no Dagster run. Prints {"work_s": ...}: the seconds of that work after the
imports (the process's start-up is measured on its own by bench/run.py).

    python bench/floor.py <empty directory>
"""
import json
import sys
import time
from pathlib import Path

import duckdb

from assets.build import build_all
from assets.checks import run_gate
from infra.publish import publish


def main(directory: Path) -> dict:
    work, published = directory / "work" / "aicompute_work.duckdb", directory / "aicompute.duckdb"
    work.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with duckdb.connect(str(work)) as conn:
        build_all(conn)
        failed = [gate.name for gate, outcome in run_gate(conn) if not outcome.passed]
    if failed:
        raise SystemExit(f"gate checks failed: {failed}")
    publish(work, published)
    return {"work_s": time.perf_counter() - t0}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
