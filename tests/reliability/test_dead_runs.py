"""Dead refreshes do not block live ones: a refresh queued behind a SIGKILLed run's pool slot is not stuck
(every refresh reaps dead runs every few seconds), and a dead run's pid reused by another process is not taken for
the refresh. (The SIGKILL-anywhere test is test_crash_safety.py; apart so that the two run on different workers.)"""
import os
import signal
import subprocess
import time

import pytest
from dagster import DagsterRunStatus

from pipelines.refresh import LAUNCHER_TAG
from infra.publish import TMP_SUFFIX

from .support import (assert_published_healthy, dagster_home, instance_at, refresh_env, run_refresh_process,
                      start_refresh)

pytestmark = pytest.mark.refresh  # refresh processes, killed


def test_a_refresh_queued_behind_a_killed_run_is_not_stuck(warehouse_copy, tmp_path):
    """Regression: refresh A holds the pool slot (here: mid-publish) while refresh B waits for it; A is SIGKILLed.
    Nobody freed A's slot, so B waited forever. Now every refresh reaps dead runs every few seconds."""
    home, warehouse = dagster_home(tmp_path), warehouse_copy  # starts from the session's warehouse
    published = warehouse / "aicompute.duckdb"
    assert run_refresh_process(refresh_env(home, warehouse)).returncode == 0
    before = published.stat().st_ino
    force = {"AICOMPUTE_FORCE_REBUILD": "1"}  # A and B rebuild and republish although no payload changed
    a = start_refresh(refresh_env(home, warehouse, **force), publish_delay_s=120)
    deadline = time.monotonic() + 120
    while not list(warehouse.glob(f".*{TMP_SUFFIX}")):  # A is in its publish step, holding the slot
        assert a.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    b = start_refresh(refresh_env(home, warehouse, **force))
    time.sleep(4)  # B is up and queued behind A's slot
    assert b.poll() is None
    a.send_signal(signal.SIGKILL)
    a.wait(timeout=60)
    a.stdout.close()
    a.stderr.close()
    try:
        out, err = b.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        b.kill()
        raise AssertionError("the queued refresh is stuck behind the killed run's pool slot") from None
    assert b.returncode == 0, err[-3000:]
    assert "left behind by a dead refresh" in err
    assert published.stat().st_ino != before  # B published: a new file renamed into place
    assert_published_healthy(published)
    assert not list(warehouse.glob(f".*{TMP_SUFFIX}"))
    instance = instance_at(home)
    try:
        statuses = sorted(r.status.value for r in instance.get_runs())
        assert statuses == ["FAILURE", "SUCCESS", "SUCCESS"]
        assert instance.event_log_storage.get_concurrency_info("warehouse").active_slot_count == 0
    finally:
        instance.dispose()


def test_release_dead_runs_does_not_trust_a_reused_pid(tmp_path):
    """Regression: a dead refresh's pid may belong to another process by the time the next refresh looks (pids are
    reused, quickly in containers); the run was then taken as alive and its slot never freed. The run now also
    records the process's boot id and start time."""
    from dagster._core.storage.dagster_run import DagsterRun

    from pipelines.refresh import PID_STAMP_TAG, PID_TAG, process_stamp, release_dead_runs

    other = subprocess.Popen(["sleep", "60"])
    instance = instance_at(dagster_home(tmp_path))
    try:
        stamp = process_stamp(other.pid)
        assert stamp and stamp != process_stamp(os.getpid())
        tags = {LAUNCHER_TAG: "make refresh", PID_TAG: str(other.pid)}
        reused = instance.add_run(DagsterRun(job_name="refresh", status=DagsterRunStatus.STARTED,
                                             tags={**tags, PID_STAMP_TAG: "another-boot:123"}))
        alive = instance.add_run(DagsterRun(job_name="refresh", status=DagsterRunStatus.STARTED,
                                            tags={**tags, PID_STAMP_TAG: stamp}))
        assert release_dead_runs(instance, out=open(os.devnull, "w")) == [reused.run_id]
        assert instance.get_run_by_id(reused.run_id).status == DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(alive.run_id).status == DagsterRunStatus.STARTED
        other.kill()
        other.wait()
        assert release_dead_runs(instance, out=open(os.devnull, "w")) == [alive.run_id]
    finally:
        other.kill()
        instance.dispose()
