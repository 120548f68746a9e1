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
    full, full_rss, nochange, nochange_rss, per_step = [], [], [], [], {}
    for _ in range(RUNS):
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
    return {
        "full_refresh_wall_s": stats(full), "full_refresh_peak_rss_mib": stats(full_rss),
        "no_change_refresh_wall_s": stats(nochange), "no_change_refresh_peak_rss_mib": stats(nochange_rss),
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


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}


def summary(results: dict) -> str:
    r, s = results["refresh"], results["scale"]
    lines = [
        f"machine: {results['machine']}",
        f"full refresh (snapshot, warm venv): median {r['full_refresh_wall_s']['median']:.2f}s "
        f"[{r['full_refresh_wall_s']['min']:.2f}-{r['full_refresh_wall_s']['max']:.2f}], peak RSS "
        f"{r['full_refresh_peak_rss_mib']['median']:.0f} MiB",
        f"no-change refresh: median {r['no_change_refresh_wall_s']['median']:.2f}s = "
        f"{r['no_change_over_full_ratio']:.0%} of a full refresh",
        "slowest assets (median s): " + ", ".join(f"{k} {v['median']:.2f}" for k, v in list(r["per_asset_s"].items())[:6]),
        f"scale marts, DuckDB: median {s['duckdb']['wall_s']['median']:.2f}s wall, {s['duckdb']['peak_rss_mib']['median']:.0f} MiB peak",
        f"scale marts, pandas: median {s['pandas']['wall_s']['median']:.2f}s wall ({s['pandas']['load_s']['median']:.2f}s load + "
        f"{s['pandas']['compute_s']['median']:.2f}s compute), {s['pandas']['peak_rss_mib']['median']:.0f} MiB peak",
        f"pandas / DuckDB: {s['pandas_over_duckdb_wall_ratio']:.1f}x wall, {s['pandas_over_duckdb_compute_ratio']:.1f}x compute only",
    ]
    for name, section in results.items():
        if isinstance(section, dict) and "summary" in section:
            lines.append(section["summary"])
    return "\n".join(lines)


def main() -> None:
    sections = {"refresh": bench_refresh, "scale": bench_scale}
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
