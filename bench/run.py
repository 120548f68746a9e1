"""`make bench`: measure the refresh and the marts at scale; write bench/results.json and print a summary.

Every figure is the median of several runs, with min and max, measured on this machine. Each measured
command is a child process: wall time from time.perf_counter around it, peak RSS from os.wait4.
"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SCALE_RUNS = int(os.environ.get("BENCH_SCALE_RUNS", "3"))


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(wall_s, peak_rss_mib, stdout) of one child process; its own peak RSS comes from wait4."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **(env or {})}, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss / 1024, stdout


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def step_durations(dagster_home: Path) -> dict[str, float]:
    """Per-asset seconds of the latest run in this instance (STEP_START -> STEP_SUCCESS)."""
    from dagster import DagsterEventType, DagsterInstance

    with DagsterInstance.from_config(str(dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        starts, out = {}, {}
        for record in instance.all_logs(run.run_id):
            ev = record.dagster_event
            if ev is None:
                continue
            if ev.event_type == DagsterEventType.STEP_START:
                starts[ev.step_key] = record.timestamp
            elif ev.event_type == DagsterEventType.STEP_SUCCESS and ev.step_key in starts:
                out[ev.step_key] = record.timestamp - starts[ev.step_key]
    return out


def bench_refresh() -> dict:
    """Side by side in each round: process start-up alone, the floor (the same work in plain Python, no Dagster),
    a full refresh (empty warehouse, fresh DAGSTER_HOME: the persistent instance the UI reads), and a no-change
    refresh (the same command again)."""
    startup, floor, full, full_rss, nochange, nochange_rss, per_step = [], [], [], [], [], [], {}
    for _ in range(RUNS):
        wall, _, _ = measure([PY, "-c", "import dagster, duckdb"])
        startup.append(wall)
        with tempfile.TemporaryDirectory() as tmp:
            _, _, out = measure([PY, "bench/floor.py", tmp])
            floor.append(json.loads(out)["work_s"])
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp, "dagster_home")
            home.mkdir()
            shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
            env = {"DAGSTER_HOME": str(home), "AICOMPUTE_WAREHOUSE_DIR": str(Path(tmp, "wh")),
                   "AICOMPUTE_SOURCE_MODE": "snapshot"}
            wall, rss, _ = measure([PY, "-m", "pipelines.refresh"], env)
            full.append(wall)
            full_rss.append(rss)
            for step, secs in step_durations(home).items():
                per_step.setdefault(step, []).append(secs)
            wall, rss, _ = measure([PY, "-m", "pipelines.refresh"], env)
            nochange.append(wall)
            nochange_rss.append(rss)
    ideal = statistics.median(startup) + statistics.median(floor)
    return {
        "startup_wall_s": stats(startup), "floor_work_s": stats(floor),
        "full_refresh_wall_s": stats(full), "full_refresh_peak_rss_mib": stats(full_rss),
        "no_change_refresh_wall_s": stats(nochange), "no_change_refresh_peak_rss_mib": stats(nochange_rss),
        "full_over_startup_plus_floor": statistics.median(full) / ideal,  # target <= 1.5
        "no_change_minus_startup_s": statistics.median(nochange) - statistics.median(startup),  # target <= 1 s
        "no_change_over_full_ratio": statistics.median(nochange) / statistics.median(full),
        "per_asset_s": {k: stats(v) for k, v in sorted(per_step.items(), key=lambda kv: -statistics.median(kv[1]))},
    }


def bench_scale() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        gen_wall, gen_rss, _ = measure([PY, "bench/scale.py", "generate", tmp])
        result = {"generate_wall_s": gen_wall, "generate_peak_rss_mib": gen_rss}
        for engine in ("duckdb", "pandas"):
            walls, rsss, computes, loads = [], [], [], []
            for _ in range(SCALE_RUNS):
                wall, rss, out = measure([PY, "bench/scale.py", "run", engine, tmp])
                info = json.loads(out)
                walls.append(wall), rsss.append(rss), computes.append(info["compute_s"]), loads.append(info["load_s"])
            result[engine] = {"wall_s": stats(walls), "peak_rss_mib": stats(rsss), "compute_s": stats(computes),
                              "load_s": stats(loads), "rows": info["rows"]}
        result["pandas_over_duckdb_wall_ratio"] = result["pandas"]["wall_s"]["median"] / result["duckdb"]["wall_s"]["median"]
        result["pandas_over_duckdb_compute_ratio"] = (result["pandas"]["compute_s"]["median"]
                                                      / result["duckdb"]["compute_s"]["median"])
    return result


def bench_price_history(days: int = 30, change_share: float = 0.01, seed: int = 7) -> dict:
    """30 simulated daily refreshes of the Azure price feed, 1% of its prices changing each day (one day unchanged):
    rows added to core.gpu_hour_prices vs prices changed."""
    import random

    import dagster as dg
    import duckdb

    from pipelines.definitions import ALL_ASSETS, defs
    from infra.resources import SourceFetcher, WarehouseResource

    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    rng = random.Random(seed)
    job = defs.resolve_job_def("refresh")
    snapshot = REPO / "inputs" / "captures" / "azure_retail_gpu_prices_projection.json"
    items = json.loads(snapshot.read_text())
    selection = [dg.AssetKey(["raw", "azure_retail_prices"]), dg.AssetKey(["core", "gpu_hour_prices"])]
    per_day = []
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = WarehouseResource(directory=tmp)
        instance = dg.DagsterInstance.ephemeral()
        assert job.execute_in_process(instance=instance, run_config=quiet,
                                      resources={"warehouse": warehouse, "fetcher": SourceFetcher()}).success

        def counts():
            with duckdb.connect(str(warehouse.work_path), read_only=True) as conn:
                return (conn.execute("SELECT count(*) FROM core.gpu_hour_prices WHERE source = 'azure_retail_prices'").fetchone()[0],
                        conn.execute("SELECT count(*) FROM raw.azure_retail_prices").fetchone()[0])

        core_rows, raw_rows = counts()
        start_core = core_rows
        for day in range(days):
            changed = 0 if day == days // 2 else max(1, round(len(items) * change_share))  # mid-month: a day without change
            for i in rng.sample(range(len(items)), changed):
                items[i]["pricePerHour"] = round(items[i]["pricePerHour"] * rng.choice([0.9, 0.95, 1.05, 1.1]), 4)
            payload = Path(tmp, f"azure_day{day}.json")
            payload.write_text(json.dumps(items))
            t0 = time.perf_counter()
            ok = dg.materialize(ALL_ASSETS, selection=selection, instance=instance, run_config=quiet, resources={
                "warehouse": warehouse, "fetcher": SourceFetcher(snapshot_overrides={"azure_retail_prices": str(payload)})}).success
            wall = time.perf_counter() - t0
            new_core, new_raw = counts()
            per_day.append({"day": day, "ok": ok, "prices_changed": changed, "core_rows_added": new_core - core_rows,
                            "raw_rows_added": new_raw - raw_rows, "wall_s": wall})
            core_rows, raw_rows = new_core, new_raw
    unchanged = [d for d in per_day if d["prices_changed"] == 0]
    total_changed = sum(d["prices_changed"] for d in per_day)
    total_added = core_rows - start_core
    return {
        "days": days, "items_in_payload": len(items), "prices_changed_total": total_changed,
        "core_rows_added_total": total_added, "core_rows_added_on_unchanged_day": [d["core_rows_added"] for d in unchanged],
        "raw_rows_added_total": sum(d["raw_rows_added"] for d in per_day),
        "daily_refresh_wall_s": stats([d["wall_s"] for d in per_day]), "per_day": per_day,
        "summary": (f"price history: {days} daily refreshes, {total_changed} Azure prices changed -> {total_added} rows added to "
                    f"core.gpu_hour_prices (changes to Windows/reservation/unmapped items do not reach it); unchanged day "
                    f"added {[d['core_rows_added'] for d in unchanged]}; raw appended "
                    f"{sum(d['raw_rows_added'] for d in per_day):,} rows (one payload copy per changed day)"),
    }


def bench_queries(runs: int = 5) -> dict:
    """Latency of each cookbook query on a freshly published warehouse (read-only connection, as analysts use)."""
    import duckdb

    published = None
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp, "dagster_home")
        home.mkdir()
        shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
        measure([PY, "-m", "pipelines.refresh"], {"DAGSTER_HOME": str(home), "AICOMPUTE_WAREHOUSE_DIR": str(Path(tmp, "wh"))})
        published = Path(tmp, "wh", "aicompute.duckdb")
        out = {}
        with duckdb.connect(str(published), read_only=True) as conn:
            for sql_file in sorted((REPO / "warehouse" / "cookbook").glob("*.sql")):
                sql, times = sql_file.read_text(), []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    conn.execute(sql).fetchall()
                    times.append((time.perf_counter() - t0) * 1000)
                out[sql_file.stem] = stats(times)
    slowest = max(out.items(), key=lambda kv: kv[1]["median"])
    return {"latency_ms": out, "summary": f"cookbook queries: {len(out)} queries, median latency "
            f"{statistics.median(v['median'] for v in out.values()):.1f} ms, slowest {slowest[0]} {slowest[1]['median']:.1f} ms"}


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}


def summary(results: dict) -> str:
    r, s = results.get("refresh"), results.get("scale")
    fmt = lambda st: f"{st['median']:.2f}s [{st['min']:.2f}-{st['max']:.2f}]"  # noqa: E731
    lines = [f"machine: {results['machine']}"]
    if r:
        lines += [
            f"start-up (python -c 'import dagster, duckdb'): median {fmt(r['startup_wall_s'])}",
            f"floor (same parsers, SQL, checks, publish in plain Python): median {fmt(r['floor_work_s'])}",
            f"full refresh (snapshot, empty warehouse): median {fmt(r['full_refresh_wall_s'])}, peak RSS "
            f"{r['full_refresh_peak_rss_mib']['median']:.0f} MiB",
            f"no-change refresh: median {fmt(r['no_change_refresh_wall_s'])} = "
            f"{r['no_change_over_full_ratio']:.0%} of a full refresh",
            f"full refresh / (start-up + floor) = {r['full_over_startup_plus_floor']:.2f} (target <= 1.5)",
            f"no-change refresh - start-up = {r['no_change_minus_startup_s']:.2f}s (target <= 1 s)",
            "slowest assets (median s): " + ", ".join(f"{k} {v['median']:.2f}" for k, v in list(r["per_asset_s"].items())[:6]),
        ]
    if s:
        lines += [
            f"scale marts, DuckDB: median {s['duckdb']['wall_s']['median']:.2f}s wall, {s['duckdb']['peak_rss_mib']['median']:.0f} MiB peak",
            f"scale marts, pandas: median {s['pandas']['wall_s']['median']:.2f}s wall ({s['pandas']['load_s']['median']:.2f}s load + "
            f"{s['pandas']['compute_s']['median']:.2f}s compute), {s['pandas']['peak_rss_mib']['median']:.0f} MiB peak",
            f"pandas / DuckDB: {s['pandas_over_duckdb_wall_ratio']:.1f}x wall, {s['pandas_over_duckdb_compute_ratio']:.1f}x compute only",
        ]
    for section in results.values():
        if isinstance(section, dict) and "summary" in section:
            lines.append(section["summary"])
    return "\n".join(lines)


def main() -> None:
    sections = {"refresh": bench_refresh, "scale": bench_scale, "price_history": bench_price_history,
                "queries": bench_queries}
    wanted = os.environ.get("BENCH_SECTIONS")  # e.g. BENCH_SECTIONS=refresh for the refresh figures alone
    if wanted:
        sections = {k: v for k, v in sections.items() if k in wanted.split(",")}
    results = {"machine": machine(), "runs": RUNS, "scale_runs": SCALE_RUNS}
    for name, fn in sections.items():
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        results[name] = fn()
        print(f"[bench] {name} done in {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True)
    out = REPO / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2))
    print(summary(results))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
