"""Scale benchmark: the marts' heavy SQL over 10M traffic rows and 1M GPU price observations, in DuckDB and,
as a side-by-side baseline, in pandas.

    python bench/scale.py generate DIR      # deterministic data (seeded hashes) into DIR/scale.duckdb
    python bench/scale.py run duckdb DIR    # build the marts in DuckDB, print one JSON line of timings
    python bench/scale.py run pandas DIR    # load the same tables into pandas, build the same marts there

Each `run` is its own process so that its peak RSS (reported by the parent via wait4) is its own.
The data: 10,000,000 traffic rows = 40 services x 250 countries x 1,000 days (visits per service, day,
country), and 1,000,000 price observations = 365 days x 20 providers x 25 accelerator types x ~5.5 regions.
"""
import json
import sys
import time
from pathlib import Path

import duckdb

SEED = 20261125
TRAFFIC_ROWS = 10_000_000
PRICE_ROWS = 1_000_000
SCENARIOS = {"low": 0.0036, "base": 0.01, "high": 0.03}  # usd_per_interaction, as in inputs/curated/assumptions.csv

GENERATE_SQL = f"""
CREATE OR REPLACE TABLE traffic AS
SELECT 'service_' || (i % 40) AS service, (i // 40) % 250 AS country_id,
       DATE '2023-01-01' + CAST(i // 10000 AS INTEGER) AS day,
       (hash(i, {SEED}) % 100000)::BIGINT AS visits
FROM range({TRAFFIC_ROWS}) t(i);
CREATE OR REPLACE TABLE price_observations AS
SELECT 'provider_' || ((i // 365) % 20) AS provider, 'gpu_' || ((i // 7300) % 25) AS accelerator,
       'region_' || ((i // 182500) % 6) AS region,
       DATE '2025-01-01' + CAST(i % 365 AS INTEGER) AS day,
       round(0.5 + ((i // 7300) % 25) * 0.4 + (hash(i, {SEED} + 1) % 1000) / 1000.0, 4) AS usd_per_gpu_hour
FROM range({PRICE_ROWS}) t(i);
"""

DUCKDB_MARTS = {
    "monthly_inference_cost": """
        WITH monthly AS (SELECT service, date_trunc('month', day) AS month, sum(visits) AS visits
                         FROM traffic GROUP BY ALL)
        SELECT m.service, m.month, s.scenario, m.visits, m.visits * s.usd_per_interaction AS cost_usd
        FROM monthly m CROSS JOIN (SELECT * FROM (VALUES {scenarios}) v(scenario, usd_per_interaction)) s
    """,
    "daily_price_summary": """
        SELECT accelerator, day, min(usd_per_gpu_hour) AS min_usd, median(usd_per_gpu_hour) AS median_usd,
               count(*) AS observations
        FROM price_observations GROUP BY ALL
    """,
    "cheapest_current_price": """
        SELECT accelerator, arg_min(provider, usd_per_gpu_hour) AS provider, min(usd_per_gpu_hour) AS usd_per_gpu_hour
        FROM price_observations WHERE day = (SELECT max(day) FROM price_observations) GROUP BY accelerator
    """,
}


def generate(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(folder / "scale.duckdb")) as conn:
        conn.execute(GENERATE_SQL)


def run_duckdb(folder: Path) -> dict:
    t0 = time.perf_counter()
    scenarios = ", ".join(f"('{k}', {v})" for k, v in SCENARIOS.items())
    rows = {}
    with duckdb.connect(str(folder / "scale.duckdb"), read_only=True) as conn:
        for name, sql in DUCKDB_MARTS.items():  # materialised, as the marts are (a temp table in memory)
            conn.execute(f"CREATE TEMP TABLE {name} AS {sql.format(scenarios=scenarios)}")
            rows[name] = conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return {"engine": "duckdb", "compute_s": time.perf_counter() - t0, "load_s": 0.0, "rows": rows}


def run_pandas(folder: Path) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    with duckdb.connect(str(folder / "scale.duckdb"), read_only=True) as conn:
        traffic = conn.execute("SELECT * FROM traffic").df()
        prices = conn.execute("SELECT * FROM price_observations").df()
    t1 = time.perf_counter()
    traffic["month"] = traffic["day"].dt.to_period("M").dt.to_timestamp()
    monthly = traffic.groupby(["service", "month"], as_index=False)["visits"].sum()
    scen = pd.DataFrame({"scenario": list(SCENARIOS), "usd_per_interaction": list(SCENARIOS.values())})
    cost = monthly.merge(scen, how="cross")
    cost["cost_usd"] = cost["visits"] * cost["usd_per_interaction"]
    daily = prices.groupby(["accelerator", "day"])["usd_per_gpu_hour"].agg(["min", "median", "count"]).reset_index()
    latest = prices[prices["day"] == prices["day"].max()]
    cheapest = latest.loc[latest.groupby("accelerator")["usd_per_gpu_hour"].idxmin(), ["accelerator", "provider", "usd_per_gpu_hour"]]
    rows = {"monthly_inference_cost": len(cost), "daily_price_summary": len(daily), "cheapest_current_price": len(cheapest)}
    return {"engine": "pandas", "compute_s": time.perf_counter() - t1, "load_s": t1 - t0, "rows": rows}


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "generate":
        generate(Path(sys.argv[2]))
    elif command == "run":
        engine, folder = sys.argv[2], Path(sys.argv[3])
        print(json.dumps((run_duckdb if engine == "duckdb" else run_pandas)(folder), default=str))
    else:
        raise SystemExit(__doc__)
