"""`make refresh`: run the `refresh` job in-process against the persistent Dagster instance, print progress
per asset and the headline figures, exit non-zero if any asset or blocking check failed.

Runs recorded here show up in the Dagster UI (`make dev`) with their lineage, like scheduled runs.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import threading
import time
import uuid
from pathlib import Path

import duckdb
from dagster import AssetCheckSeverity, AssetKey, DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from assets.build import Plan, open_for_plan, plan_build
from assets.publish import PLAN_TAG
from assets.sources import SOURCES
from infra.paths import REPO_ROOT
from infra.sources import SOURCE_MODE_TAG, SourceError, recorded_payloads, source_mode
from infra.resources import SourceFetcher, WarehouseResource
from infra.publish import is_current

LAUNCHER_TAG = "aicompute/launched_by"
PID_TAG = "aicompute/pid"
PID_STAMP_TAG = "aicompute/pid_stamp"
REAPER_INTERVAL_S = 5.0
WATCHED = {DagsterEventType.ASSET_MATERIALIZATION, DagsterEventType.ASSET_CHECK_EVALUATION,
           DagsterEventType.STEP_FAILURE, DagsterEventType.STEP_SKIPPED}


def process_stamp(pid: int) -> str | None:
    """boot id + start time of a process (Linux /proc): tells a live refresh from an unrelated process that got
    its pid after it died (pids are reused, quickly in containers). None where /proc is not available."""
    try:
        boot_id = open("/proc/sys/kernel/random/boot_id").read().strip()
        stat = open(f"/proc/{pid}/stat").read()
        start_ticks = stat[stat.rindex(")") + 2:].split()[19]  # field 22 of proc(5), counted after "(comm)"
    except (OSError, IndexError, ValueError):
        return None
    return f"{boot_id}:{start_ticks}"


def _pid_alive(pid: int, stamp: str | None = None) -> bool:
    """Is the refresh that recorded (pid, stamp) still running?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if stamp:
        current = process_stamp(pid)
        if current is not None and current != stamp:
            return False  # the pid now belongs to another process: the refresh is gone
    return True


def release_dead_runs(instance: DagsterInstance, out=sys.stderr) -> list[str]:
    """A refresh killed mid-run (SIGKILL, power loss) leaves its run STARTED and its pool slot claimed, which
    would block every later run. Mark such runs failed and free their slots, so no manual repair is needed."""
    released = []
    runs = instance.get_runs(RunsFilter(statuses=[DagsterRunStatus.STARTED], tags={LAUNCHER_TAG: "make refresh"}))
    for run in runs:
        pid = int(run.tags.get(PID_TAG, "0") or 0)
        if pid == os.getpid() or (pid and _pid_alive(pid, run.tags.get(PID_STAMP_TAG))):
            continue  # this process's own run, or a refresh still running
        current = instance.get_run_by_id(run.run_id)
        if current is None or current.status != DagsterRunStatus.STARTED:
            continue  # another refresh's reaper closed it meanwhile
        instance.report_run_failed(run, message="refresh process died (no longer running); run closed by the next refresh")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
        print(f"[aicompute] closed run {run.run_id[:8]} left behind by a dead refresh (pid {pid})", file=out)
    return released


def open_instance() -> DagsterInstance:
    """DagsterInstance.get(), with its storage created under an exclusive file lock in DAGSTER_HOME.

    Dagster's SQLite storage creates its tables and stamps their alembic version on first use without any
    lock; two `make refresh` started at once on a fresh DAGSTER_HOME both try, and one dies with "table ...
    already exists" (or leaves two alembic heads, breaking every later run). The lock makes the first process
    create the storage and the second find it ready."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return DagsterInstance.get()  # raises Dagster's own message about DAGSTER_HOME
    os.makedirs(home, exist_ok=True)
    with open(os.path.join(home, ".aicompute-instance.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed (or the process dies)
        instance = DagsterInstance.get()
        instance.run_storage, instance.event_log_storage, instance.schedule_storage  # noqa: B018 - create them now
        instance.event_log_storage.get_pool_config()
    return instance


class DeadRunReaper(threading.Thread):
    """Calls release_dead_runs every few seconds while this refresh runs. A refresh queued behind another run's
    pool slot would otherwise wait forever if that run's process is killed: nobody else frees the slot."""

    def __init__(self, instance: DagsterInstance, interval_s: float = REAPER_INTERVAL_S, out=sys.stderr):
        super().__init__(daemon=True)
        self.instance, self.interval_s, self.out = instance, interval_s, out
        self.stop_event = threading.Event()

    def run(self):
        while not self.stop_event.wait(self.interval_s):
            try:
                release_dead_runs(self.instance, out=self.out)
            except Exception as exc:  # noqa: BLE001 - never let housekeeping break the refresh
                print(f"[aicompute] warning: could not check for dead runs: {exc}", file=self.out, flush=True)


class Progress(threading.Thread):
    """Follows the run's event log and prints one line per asset and check as it happens."""

    def __init__(self, instance: DagsterInstance, run_id: str, total_assets: int, out=sys.stderr):
        super().__init__(daemon=True)
        self.instance, self.run_id, self.total, self.out = instance, run_id, total_assets, out
        self.done = 0
        self.cursor = None
        self.stop_event = threading.Event()
        self.started = time.monotonic()

    def run(self):
        while not self.stop_event.is_set():
            self.poll()
            self.stop_event.wait(0.2)
        self.poll()

    def poll(self):
        try:
            conn = self.instance.get_records_for_run(self.run_id, cursor=self.cursor, of_type=WATCHED)
        except Exception:  # noqa: BLE001 - the run may not exist yet
            return
        self.cursor = conn.cursor
        for record in conn.records:
            self.show(record.event_log_entry)

    def show(self, entry):
        event = entry.dagster_event
        elapsed = f"{time.monotonic() - self.started:5.1f}s"
        if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
            self.done += 1
            mat = event.step_materialization_data.materialization
            rows = mat.metadata.get("dagster/row_count")
            rows_txt = f"{rows.value:>8,} rows" if rows is not None else ""
            extra = ""
            if getattr(mat.metadata.get("unchanged"), "value", False):
                extra = " (payload unchanged)"
            elif getattr(mat.metadata.get("rebuilt"), "value", True) is False:
                extra = " (inputs unchanged, not rebuilt)"
            print(f"[{elapsed}] [{self.done:>2}/{self.total}] {mat.asset_key.to_user_string():<34} ok {rows_txt}{extra}",
                  file=self.out, flush=True)
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            ev = event.event_specific_data
            # a non-blocking WARN check (stale sources) is a warning, not a failure: the refresh goes on
            warn = getattr(ev, "severity", None) == AssetCheckSeverity.WARN
            mark = "passed" if ev.passed else ("warning" if warn else "FAILED")
            print(f"[{elapsed}]         check {ev.asset_key.to_user_string()}:{ev.check_name} {mark}"
                  + ("" if ev.passed else f" - {ev.description}"), file=self.out, flush=True)
        elif event.event_type == DagsterEventType.STEP_FAILURE:
            message = failure_message(event.step_failure_data)
            print(f"[{elapsed}] FAILED {event.step_key}: {message}", file=self.out, flush=True)
        elif event.event_type == DagsterEventType.STEP_SKIPPED:
            print(f"[{elapsed}] skipped {event.step_key} (an upstream asset or blocking check failed)",
                  file=self.out, flush=True)


def failure_message(data) -> str:
    """The message that names the fault: a source's dg.Failure description (assets/ingest.py), else the asset's own
    exception, which Dagster wraps in its step error."""
    if data.user_failure_data and data.user_failure_data.description:
        return data.user_failure_data.description
    err = data.error
    return (err.cause or err).message.strip() if err else "unknown error"


def not_run(result, planned) -> list[str]:
    """Planned assets whose step never ran: Dagster does not run a step downstream of a failed one, and records no
    event for it (only a log line), so the progress lines above do not show them."""
    ended = {e.step_key for e in result.all_events
             if e.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE,
                                 DagsterEventType.STEP_SKIPPED)}
    return [key for key in planned if key.replace("/", "__") not in ended]


def headline(published) -> list[str]:
    lines = []
    with duckdb.connect(str(published), read_only=True) as conn:
        row = conn.execute(
            "SELECT cost_usd, compute_pf_days FROM marts.monthly_inference_cost WHERE service = 'ChatGPT' "
            "AND month = DATE '2023-01-01' AND method = 'seed_note' AND scenario = 'base'").fetchone()
        if row:
            lines.append(f"ChatGPT 2023-01 inference, the seed note's method, base: ${row[0]:,.0f} per month = {row[1]:,.1f} PF-days")
        for figure, pub, comp, err, ok, kind in conn.execute(
                "SELECT figure, published_value, computed_value, rel_error, within_tolerance, kind "
                "FROM marts.seed_reconciliation ORDER BY kind, figure").fetchall():
            comp_txt = "n/a" if comp is None else f"{comp:,.10g}"
            err_txt = "n/a" if err is None else f"{err:.1e}"
            lines.append(f"seed {figure:<40} published {pub:>14,.10g}  computed {comp_txt:>14}  rel_error {err_txt}"
                         f"  {'ok' if ok else 'OUT OF TOLERANCE' if kind == 'arithmetic' else 'differs (a comparison, not blocking)'}")
        tables = conn.execute("SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables() "
                              "WHERE schema_name = 'marts' ORDER BY 1").fetchall()
        lines.append("marts: " + ", ".join(f"{t} ({n:,} rows)" for t, n in tables))
    return lines


def freshness_lines(published, shown: int = 8) -> list[str]:
    """The refresh summary's staleness lines: how many sources are stale, the oldest few by name and age."""
    from assets.freshness import stale_sources

    try:
        with duckdb.connect(str(published), read_only=True) as conn:
            stale = stale_sources(conn)
    except duckdb.Error:
        return []
    if not stale:
        return ["sources: every source's newest figure is within its stale_after_days"]
    names = ", ".join(f"{name} ({'never' if age is None else f'{age} d'})" for name, age, _ in stale[:shown])
    more = f" and {len(stale) - shown} more" if len(stale) > shown else ""
    return [f"stale sources ({len(stale)}; SELECT * FROM meta.source_freshness): {names}{more}"]


def diff_lines(published, shown: int = 5) -> list[str]:
    """The refresh summary's "what changed" lines, from meta.refresh_diff of the published file (written by the
    publish that made it; a refresh that changed nothing leaves the previous publish's diff in place)."""
    from assets.refresh_diff import changed_tables, largest_changes

    try:
        with duckdb.connect(str(published), read_only=True) as conn:
            changed = [(t, a, r, c, n) for t, _, _, a, r, c, n in changed_tables(conn)]
            top = largest_changes(conn, shown)
    except duckdb.Error:
        return []
    if not changed:
        return ["changes: none against the previous publish (SELECT * FROM meta.refresh_diff)"]
    tables = ", ".join(f"{t} (+{a or 0} -{r or 0} ~{'?' if c is None else c}{'; ' + n if n else ''})"
                       for t, a, r, c, n in changed[:shown])
    more = f" and {len(changed) - shown} more" if len(changed) > shown else ""
    lines = [f"changes against the previous publish ({len(changed)} tables; SELECT * FROM meta.refresh_diff): {tables}{more}"]
    lines += [f"  {t}.{m} [{k}]: {o if o is None else f'{o:,.6g}'} -> {n if n is None else f'{n:,.6g}'}"
              for t, m, k, o, n in top]
    return lines


def plan_refresh(warehouse: WarehouseResource, mode: str, snapshot_overrides: dict[str, str] | None = None) -> Plan:
    """What this refresh must materialise, and why, decided before Dagster starts: in snapshot mode each source's
    payload hash is compared with the last one ingested and each SQL model's fingerprint with its last build.
    Live payloads cannot be known without fetching them, so live mode plans every asset (each raw asset still
    skips an unchanged payload, each model unchanged inputs). The publish step always runs: it re-checks the
    gate and rewrites the published file only if the working file's data differ from it."""
    payloads = None
    if mode == "snapshot":
        payloads = {}
        for source in SOURCES:
            try:
                payloads[source.name] = [(p.sha256, p.captured_at) for p in
                                          recorded_payloads(source, (snapshot_overrides or {}).get(source.name))]
            except SourceError:
                payloads[source.name] = [("unreadable", None)]  # the raw asset fails with the clear message: plan it
    try:
        conn = open_for_plan(warehouse.work_path)
    except duckdb.IOException:  # another refresh holds the working file: plan everything, queue on the pool
        plan = plan_build(None, None)
        plan.run = {k: "working file busy (another refresh is writing it): planned in full" for k in plan.run}
    else:
        try:
            plan = plan_build(conn, payloads)
        finally:
            if conn is not None:
                conn.close()
    from assets.reports import stale_reports  # after the plan: it reads the published file only

    reports = stale_reports(warehouse)
    changes = bool(plan.run)
    republish = not changes and not is_current(warehouse.work_path, warehouse.published_path)
    for key in ("data_dictionary", "charts_report"):
        if changes:
            plan.run[key] = "the warehouse changes in this refresh"
        elif key in reports:
            plan.run[key] = reports[key]
        elif republish:
            plan.run[key] = "the published file is behind the working file and is rewritten in this refresh"
        else:
            plan.skip[key] = "already shows the published warehouse"
    plan.run["published_warehouse"] = "always: re-checks the gate; rewrites the file only if its data changed"
    return plan


def execute_planned(job, instance: DagsterInstance, warehouse: WarehouseResource | None = None,
                    fetcher: SourceFetcher | None = None, plan: Plan | None = None, run_config: dict | None = None,
                    **kwargs):
    """Run the `refresh` job on the plan's selection, with the plan in the run's tags (the publish step shows it).
    A warehouse or fetcher other than the default travels as run config of the job's own resources (Dagster
    refuses replacement resource objects for a subset of an asset job)."""
    warehouse, fetcher = warehouse or WarehouseResource(), fetcher or SourceFetcher()
    mode = fetcher.resolved_mode()
    plan = plan or plan_refresh(warehouse, mode, fetcher.snapshot_overrides)
    tags = {**kwargs.pop("tags", {}), PLAN_TAG: json.dumps({"run": plan.run, "skip": plan.skip}), SOURCE_MODE_TAG: mode}
    resources = {"warehouse": {"config": warehouse.model_dump(exclude_unset=True)},
                 "fetcher": {"config": {**fetcher.model_dump(exclude_unset=True), "mode": mode}}}
    return job.execute_in_process(
        instance=instance, raise_on_error=False, tags=tags, run_config={**(run_config or {}), "resources": resources},
        asset_selection=[AssetKey.from_user_string(k) for k in plan.run], **kwargs)


def ensure_dagster_home() -> None:
    """Default DAGSTER_HOME to .dagster_home/ in the repo (as the Makefile does), with the repo's dagster.yaml."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(REPO_ROOT / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")


def main() -> int:
    from pipelines.definitions import defs

    ensure_dagster_home()
    instance = open_instance()
    release_dead_runs(instance)
    job = defs.resolve_job_def("refresh")
    run_id = str(uuid.uuid4())
    mode = source_mode()
    plan = plan_refresh(WarehouseResource(), mode)
    total = len(plan.run)
    print(f"[aicompute] refresh {run_id[:8]} ({mode} mode): {plan.summary()}; DAGSTER_HOME={instance.root_directory}",
          file=sys.stderr, flush=True)
    progress = Progress(instance, run_id, total)
    reaper = DeadRunReaper(instance)
    progress.start()
    reaper.start()
    tags = {LAUNCHER_TAG: "make refresh", PID_TAG: str(os.getpid())}
    if stamp := process_stamp(os.getpid()):
        tags[PID_STAMP_TAG] = stamp
    try:
        result = execute_planned(job, instance, plan=plan, run_id=run_id, tags=tags,
                                 run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}})
    finally:
        reaper.stop_event.set()
        progress.stop_event.set()
        progress.join()
        reaper.join()
    published = WarehouseResource().published_path
    if not result.success:
        if skipped := not_run(result, plan.run):
            print(f"[aicompute] not run, an upstream step failed (they keep their last good data): "
                  f"{', '.join(skipped)}", file=sys.stderr)
        print(f"[aicompute] refresh FAILED; the published warehouse was left as it was: {published}", file=sys.stderr)
        return 1
    print(f"[aicompute] refresh ok in {time.monotonic() - progress.started:.1f}s; published {published}")
    for line in headline(published):
        print("  " + line)
    for line in freshness_lines(published):
        print("  " + line)
    for line in diff_lines(published):
        print("  " + line)
    warehouse = WarehouseResource()
    print(f"  query it: duckdb -readonly {published}   (or: make sql)")
    print(f"  report:   {warehouse.reports_dir / 'aicompute.html'}")
    print(f"  columns:  {warehouse.dictionary_path}")
    print(f"  parquet:  {warehouse.parquet_dir / 'current'}   (manifest.json lists the tables; see README, Open files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
