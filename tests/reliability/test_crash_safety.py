"""SIGKILL a refresh (`python -m pipelines.refresh`, its own DAGSTER_HOME and warehouse directory in tmp) at
seeded-random points, including in the middle of the publish step. Afterwards the published file opens, passes
its checks and is byte-identical to the last successful publish; the next refresh succeeds with no manual
repair (release_dead_runs closes the dead run and frees its pool slot), and no run is left open."""
import queue
import random
import signal
import subprocess
import threading
import time

import pytest

from dagster import DagsterRunStatus, RunsFilter

from pipelines.refresh import LAUNCHER_TAG
from infra.publish import TMP_SUFFIX, is_current

from .support import (assert_published_healthy, dagster_home, instance_at, refresh_env, run_refresh_process,
                      sha256_file, start_refresh)

pytestmark = pytest.mark.refresh  # refresh processes, killed

SEED = 20260515
# Each kind of kill point once: mid-publish (trial 0), while starting (1), mid-run (2).
TRIALS = 3
PUBLISH_DELAY_S = 1.5


def _lines(proc: subprocess.Popen) -> "queue.Queue[str | None]":
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _kill_after_progress(proc, lines, n_lines: int, jitter: float) -> str:
    """Kill once the refresh has printed n_lines progress lines (assets/checks done), plus jitter seconds."""
    seen = 0
    while seen < n_lines:
        line = lines.get(timeout=120)
        if line is None:
            return "finished before the kill"
        seen += line.startswith("[") and (" ok " in line or " check " in line)
    time.sleep(jitter)
    proc.send_signal(signal.SIGKILL)
    return f"after {seen} progress lines + {jitter:.2f}s"


def _kill_mid_publish(proc, published, jitter: float) -> str:
    """Kill while the verified copy sits beside the published file, before the rename (the test delay)."""
    deadline = time.monotonic() + 120
    while not list(published.parent.glob(f".{published.name}.*{TMP_SUFFIX}")):
        assert proc.poll() is None, "refresh ended before publishing"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(jitter)
    proc.send_signal(signal.SIGKILL)
    return f"mid-publish + {jitter:.2f}s"


@pytest.mark.slow  # ~1 minute on 2 busy cores: 6 refresh processes
def test_sigkill_at_random_points_loses_nothing(warehouse_copy, tmp_path):
    rng = random.Random(SEED)
    home, warehouse = dagster_home(tmp_path), warehouse_copy  # starts from the session's warehouse
    published = warehouse / "aicompute.duckdb"
    # Every refresh here rebuilds every SQL model and republishes (a refresh that finds nothing changed runs only
    # the publish step and rewrites nothing), so the kills land in real work.
    env = refresh_env(home, warehouse, AICOMPUTE_FORCE_REBUILD="1")
    assert_published_healthy(published)  # the session's publish is the first good one
    # A publish renames a new file into place: (inode, sha256) identifies one publish even when an unchanged
    # refresh writes the same bytes as the one before.
    identity = lambda: (published.stat().st_ino, sha256_file(published))  # noqa: E731
    last_good = identity()

    outcomes = []
    for trial in range(TRIALS):
        mid_publish = trial % 3 == 0
        proc = start_refresh(env, publish_delay_s=PUBLISH_DELAY_S if mid_publish else 0)
        lines = _lines(proc)
        if mid_publish:
            how = _kill_mid_publish(proc, published, rng.uniform(0, PUBLISH_DELAY_S * 0.8))
        else:
            # 0 lines: killed while starting (imports, opening the instance); 18: around the last checks
            n_lines = 0 if trial == 1 else rng.randint(1, 18)
            how = _kill_after_progress(proc, lines, n_lines, rng.uniform(0, 0.4))
        proc.wait(timeout=60)  # reap it: a zombie still answers kill(pid, 0)
        proc.stdout.close()
        killed = proc.returncode == -signal.SIGKILL
        outcomes.append((trial, how, proc.returncode))

        now = identity()
        if killed and mid_publish:
            assert now == last_good, f"trial {trial} ({how}): the published file changed"
        elif now != last_good:
            # the kill landed after the rename: the new file is a complete publish (checked below)
            assert killed is False or how.startswith("after"), how
        assert_published_healthy(published)
        last_good = now

        recovery = run_refresh_process(env)
        assert recovery.returncode == 0, f"trial {trial} ({how}): next refresh failed\n{recovery.stderr[-3000:]}"
        if killed:
            assert "refresh ok" in recovery.stdout
        assert not list(warehouse.glob(f".*{TMP_SUFFIX}")), "a stale temporary survived the next publish"
        assert identity()[0] != last_good[0]  # the recovery really published (a new file renamed into place)
        assert_published_healthy(published)
        last_good = identity()

    # The ordinary next refresh (nothing forced, nothing changed) finds everything current and repairs nothing more.
    final = run_refresh_process(refresh_env(home, warehouse))
    assert final.returncode == 0, final.stderr[-3000:]
    assert is_current(warehouse / "work" / "aicompute_work.duckdb", published)
    from assets.reports import stale_reports
    from infra.resources import WarehouseResource
    assert stale_reports(WarehouseResource(directory=str(warehouse))) == {}
    print("\n".join(map(str, outcomes)))  # shown with -s: where each kill landed
    assert sum(rc == -signal.SIGKILL for _, _, rc in outcomes) >= TRIALS - 1, outcomes
    instance = instance_at(home)
    try:
        runs = instance.get_runs(RunsFilter(tags={LAUNCHER_TAG: "make refresh"}))
        open_runs = [(r.run_id[:8], r.status) for r in runs if not r.is_finished]
        assert open_runs == []  # every killed run was closed by the next refresh
        assert sum(r.status == DagsterRunStatus.FAILURE for r in runs) >= 1
        info = instance.event_log_storage.get_concurrency_info("warehouse")
        assert info.active_slot_count == 0 and info.pending_step_count == 0  # no slot leaked
    finally:
        instance.dispose()
