"""Analysts hold read-only sessions on the published file while the pipeline refreshes it: no refresh fails, an
open session keeps one consistent view, and every new connection sees the newest publish.

The open sessions live in other processes (a Python analyst, the DuckDB CLI), as they do for real analysts.
That matters: inside one process DuckDB hands a new connect() to the same path the already-open database
instance, so a "new" connection there would still see the old file."""
import json
import subprocess
import sys

import duckdb
import pytest

from tests.helpers import REPO, published_path, run_planned_refresh, step_errors

# Three swaps of the file under an open session prove what twenty did (each refresh is one more of the same swap):
# the session keeps its first view through every one, and a new connection after each sees that refresh's data.
REFRESHES = 3
LOW_SQL = ("SELECT cost_usd FROM marts.monthly_inference_cost WHERE service = 'ChatGPT' AND month = DATE '2023-01-01' "
           "AND method = 'seed_note' AND scenario = 'low'")
# A view spanning several tables: it must come from one version of the file, whatever happens meanwhile.
VIEW_SQL = ("SELECT (SELECT count(*) FROM raw.assumptions), (SELECT count(DISTINCT payload_sha256) FROM raw.assumptions), "
            "(SELECT value FROM core.assumptions WHERE name = 'usd_per_interaction' AND scenario = 'low'), "
            f"({LOW_SQL}), (SELECT sum(cost_usd) FROM marts.monthly_inference_cost)")
ANALYST = """
import json, sys, duckdb
conn = duckdb.connect(sys.argv[1], read_only=True)
for sql in sys.stdin:
    print(json.dumps(conn.execute(sql).fetchall(), default=str), flush=True)
"""
VISITS_JAN_2023 = 616e6


def assumptions_with_low(tmp_path, low: float):
    """inputs/curated/assumptions.csv with another low bound for usd_per_interaction (the base must stay 0.01)."""
    text = (REPO / "inputs" / "curated" / "assumptions.csv").read_text()
    assert "usd_per_interaction,0.01,0.0036," in text
    path = tmp_path / f"assumptions_{low:.4f}.csv"
    path.write_text(text.replace("usd_per_interaction,0.01,0.0036,", f"usd_per_interaction,0.01,{low:.4f},"))
    return {"assumptions": str(path)}


def low_for_refresh(i: int) -> float:
    """usd_per_interaction's low bound in refresh i: 0.0011 .. 0.0049, below the 0.01 base, never the original 0.0036."""
    return round(0.0011 + 0.0002 * i, 4)


def new_connection(path, sql):
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


class Analyst:
    def __init__(self, path):
        self.proc = subprocess.Popen([sys.executable, "-c", ANALYST, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def query(self, sql):
        self.proc.stdin.write(sql.replace("\n", " ") + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read()
        return [tuple(r) for r in json.loads(line)]

    def close(self):
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0, self.proc.stderr.read()


def test_open_session_through_refreshes(warehouse_copy, tmp_path):
    root = warehouse_copy  # after the session's refresh
    published = published_path(root)
    analyst = Analyst(published)
    try:
        view = analyst.query(VIEW_SQL)
        assert view[0][3] == pytest.approx(VISITS_JAN_2023 * 0.0036)
        failures = []
        for i in range(REFRESHES):
            low = low_for_refresh(i)
            result = run_planned_refresh(root, snapshot_overrides=assumptions_with_low(tmp_path, low))
            if not result.success:
                failures.append((i, step_errors(result)))
                continue
            assert analyst.query(VIEW_SQL) == view  # the open session keeps its consistent view
            (cost,), = new_connection(published, LOW_SQL)  # a new connection sees this refresh
            assert cost == pytest.approx(VISITS_JAN_2023 * low)
            raw_rows, versions = new_connection(published, VIEW_SQL)[0][:2]
            assert (raw_rows, versions) == (view[0][0] * (i + 2), i + 2)  # every version of the file kept in raw
        assert failures == []
    finally:
        analyst.close()


def test_duckdb_cli_session_through_refreshes(warehouse_copy, tmp_path):
    root = warehouse_copy  # after the session's refresh
    published = published_path(root)
    cli = subprocess.Popen([str(REPO / ".venv" / "bin" / "duckdb"), "-readonly", "-csv", "-noheader", str(published)],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def ask(sql: str, tag: int) -> list[str]:
        cli.stdin.write(f"{sql};\nSELECT 'END-{tag}';\n")
        cli.stdin.flush()
        lines = []
        for line in cli.stdout:
            if line.strip() == f"END-{tag}":
                return lines
            lines.append(line.strip())
        raise AssertionError(f"the CLI stopped: {cli.stderr.read()}")

    try:
        view = ask(VIEW_SQL, 0)
        failures = []
        for i in range(REFRESHES):
            low = low_for_refresh(i)
            result = run_planned_refresh(root, snapshot_overrides=assumptions_with_low(tmp_path, low))
            if not result.success:
                failures.append((i, step_errors(result)))
                continue
            assert ask(VIEW_SQL, i + 1) == view  # the CLI session still answers, from its consistent view
            assert new_connection(published, LOW_SQL)[0][0] == pytest.approx(VISITS_JAN_2023 * low)
        assert failures == []
    finally:
        cli.stdin.close()
        assert cli.wait(timeout=30) == 0, cli.stderr.read()
    # a new CLI session sees the newest publish
    out = subprocess.run([str(REPO / ".venv" / "bin" / "duckdb"), "-readonly", "-csv", "-noheader", str(published),
                          "-c", LOW_SQL], capture_output=True, text=True, timeout=60, check=True).stdout
    assert float(out) == pytest.approx(VISITS_JAN_2023 * low)
