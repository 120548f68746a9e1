"""Two refreshes launched at once against one on-disk Dagster instance (the repo's dagster.yaml: pool
`warehouse`, 1 slot, op granularity) and one warehouse directory: both succeed because the pool queues their
warehouse steps, and no DuckDB "Could not set lock" error reaches either run."""
import itertools
import subprocess
import sys

import pytest

from dagster import DagsterEventType, DagsterRunStatus

from tests.helpers import REPO

from .support import (assert_published_healthy, dagster_home, instance_at, refresh_env, start_refresh,
                      step_intervals)

pytestmark = pytest.mark.refresh  # refresh processes at once


def test_two_refreshes_at_once_queue_on_the_writer_pool(warehouse_copy, tmp_path):
    # Both rebuild every SQL model of the session's warehouse and republish it: 18 writer steps each, at once.
    # DEBUG: the writer lock's "acquired" / "released" lines, which the repo's dagster.yaml (INFO) does not keep
    home, warehouse = dagster_home(tmp_path, python_log_level="DEBUG"), warehouse_copy
    env = refresh_env(home, warehouse, AICOMPUTE_FORCE_REBUILD="1")
    procs = [start_refresh(env) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err[-4000:]
        assert "Could not set lock" not in out + err

    instance = instance_at(home)
    try:
        runs = instance.get_runs()
        assert len(runs) == 2 and all(r.status == DagsterRunStatus.SUCCESS for r in runs)
        # every step that opens the working file is in the pool; the reports only read the published file
        config = instance.event_log_storage.get_pool_config()
        assert (config.default_pool_limit, config.pool_granularity.value) == (1, "op")
        readers = {"charts_report", "data_dictionary"}
        intervals = {r.run_id: {k: v for k, v in step_intervals(instance, r.run_id).items() if k not in readers}
                     for r in runs}
        for run_id, steps in intervals.items():
            assert "published_warehouse" in steps and len(steps) >= 11, steps
        a, b = intervals.values()
        # the two runs really ran at the same time (their spans overlap) ...
        span = lambda steps: (min(s for s, _ in steps.values()), max(e for _, e in steps.values()))  # noqa: E731
        (a0, a1), (b0, b1) = span(a), span(b)
        assert a0 < b1 and b0 < a1, "runs did not overlap: the test would pass by luck"
        # ... yet no writer of one held the working file while a writer of the other did. The pool queues the
        # steps; the writer lock (flock) is the guarantee, because Dagster's SQLite storage can now and then grant
        # the pool's one slot to both runs (its claim is a check-then-update without row locks).
        holds = {run_id: writer_holds(instance, run_id) for run_id in intervals}
        assert all(len(h) >= 11 for h in holds.values()), holds
        ha, hb = holds.values()
        overlaps = [(ka, kb) for (ka, s1, e1), (kb, s2, e2) in itertools.product(ha, hb) if s1 < e2 and s2 < e1]
        assert overlaps == []
        # no step failed and nothing in either event log mentions DuckDB's file lock
        for run in runs:
            records = instance.get_records_for_run(run.run_id, limit=100000).records
            assert not [r for r in records if r.event_log_entry.dagster_event
                        and r.event_log_entry.dagster_event.event_type == DagsterEventType.STEP_FAILURE]
            assert not [r for r in records if "Could not set lock" in (r.event_log_entry.user_message or "")]
        # and the pool holds no slot afterwards
        info = instance.event_log_storage.get_concurrency_info("warehouse")
        assert info.active_slot_count == 0 and info.pending_step_count == 0
    finally:
        instance.dispose()
    assert_published_healthy(warehouse / "aicompute.duckdb")


def writer_holds(instance, run_id: str) -> list[tuple[str, float, float]]:
    """(step, acquired, released) of each hold of the working file's writer lock, from the run's log messages."""
    holds, acquired = [], {}
    for record in instance.get_records_for_run(run_id, limit=100000).records:
        entry = record.event_log_entry
        message = entry.user_message or ""
        if "writer lock acquired" in message:
            acquired[entry.step_key] = entry.timestamp
        elif "writer lock released" in message:
            holds.append((entry.step_key, acquired.pop(entry.step_key), entry.timestamp))
    assert not acquired, f"acquired and never released: {acquired}"
    return holds


OPEN_INSTANCE = ("import sys; from pipelines.refresh import open_instance; from dagster import DagsterInstance; "
                 "i = open_instance() if sys.argv[1] == 'locked' else DagsterInstance.get(); "
                 "i.event_log_storage.get_pool_config(); i.get_runs(); print('ok')")


def start_openers(home, how: str, n: int):
    env = refresh_env(home, home.parent / "warehouse")
    return [subprocess.Popen([sys.executable, "-c", OPEN_INSTANCE, how], cwd=REPO, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(n)]


def test_first_refreshes_on_a_fresh_dagster_home_do_not_race_creating_its_storage(tmp_path):
    """Regression: Dagster's SQLite storage creates its tables unlocked, so two refreshes started at once on a
    fresh DAGSTER_HOME failed ("table secondary_indexes already exists", or two alembic heads that broke every
    later run). pipelines.refresh.open_instance creates the storage under a file lock."""
    for trial in range(2):
        home = dagster_home(tmp_path / f"trial{trial}")
        procs = start_openers(home, "locked", 4)
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0 and out.strip() == "ok", err[-3000:]
        instance = instance_at(home)
        try:
            assert instance.get_runs() == []  # storage healthy for the next process
        finally:
            instance.dispose()


HOLD_LOCK = ("import sys, time; from infra.resources import WarehouseResource; "
             "w = WarehouseResource(directory=sys.argv[1]); "
             "cm = w.writer_lock(); cm.__enter__(); print('held', flush=True); time.sleep(float(sys.argv[2]))")


def test_writer_lock_waits_for_another_process_and_is_reentrant(tmp_path):
    """The working file's writer lock: a second process waits until the holder lets go (here: exits, as a killed
    run would), and the holder can take it again inside itself (publish opens connections while holding it)."""
    import time
    from infra.resources import WarehouseResource
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path), "1.5"], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        warehouse = WarehouseResource(directory=str(tmp_path))
        assert warehouse.writer_lock_path.read_text().startswith(f"pid {holder.pid} since ")
        asked = time.monotonic()
        with warehouse.writer_lock():
            waited_s = time.monotonic() - asked
            with warehouse.connect() as conn:  # re-entrant: no deadlock on our own lock
                assert conn.execute("SELECT 1").fetchone() == (1,)
        assert waited_s > 1.0, waited_s  # the holder let go only by exiting, 1.5 s after it took the lock
    finally:
        holder.kill()
        holder.wait()
