"""`make dev`: the Dagster UI (dagster-webserver) and the daemon (schedule, run queue, run monitoring) on the repo's
workspace.yaml, in one terminal, the two services `dagster dev` starts. Not `dagster dev` itself: Dagster 1.13 marks it
superseded by `dg dev` (in dagster-dg-cli, which this project does not install) and says so on every start, and it
warns that the repo's dagster.yaml "will not be used", which reads as a fault although it is the design (the Makefile
copies the file into DAGSTER_HOME, where Dagster reads it).

Ctrl-C stops both; if one of them exits (a port already in use, say), the other is stopped and so is `make dev`.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from infra.paths import REPO_ROOT

POLL_S = 1.0
GRACE_S = 5.0  # Ctrl-C reaches the services too (one process group): give them this long to stop on their own
KILL_AFTER_S = 30.0


class _Terminated(Exception):
    pass


def address() -> tuple[str, str]:
    """Host and port of the UI: 127.0.0.1 (this machine only) and 3000 unless AICOMPUTE_UI_HOST / _PORT say otherwise."""
    return os.environ.get("AICOMPUTE_UI_HOST") or "127.0.0.1", os.environ.get("AICOMPUTE_UI_PORT") or "3000"


def commands(host: str, port: str) -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    workspace = str(REPO_ROOT / "workspace.yaml")  # its working_directory "." is the repo: the services run there
    return {"dagster-daemon": [str(bin_dir / "dagster-daemon"), "run", "-w", workspace],
            "dagster-webserver": [str(bin_dir / "dagster-webserver"), "-w", workspace, "-h", host, "-p", port,
                                  "--code-server-log-level", "warning"]}


def stop(procs: dict[str, subprocess.Popen]) -> None:
    """Let the services stop on the signal they got with this process; then SIGTERM, then SIGKILL."""
    for signum in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the shutdown short here
        signal.signal(signum, signal.SIG_IGN)
    deadline = time.monotonic() + GRACE_S
    while time.monotonic() < deadline and any(p.poll() is None for p in procs.values()):
        time.sleep(0.2)
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout=KILL_AFTER_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    from pipelines.refresh import ensure_dagster_home

    ensure_dagster_home()  # DAGSTER_HOME (the Makefile sets it) with the repo's dagster.yaml
    host, port = address()

    def on_term(signum, frame):
        raise _Terminated

    signal.signal(signal.SIGTERM, on_term)
    procs: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands(host, port).items():
            procs[name] = subprocess.Popen(command, cwd=REPO_ROOT)
        while True:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"[aicompute] {name} exited with code {proc.returncode}; stopping the other service",
                          file=sys.stderr, flush=True)
                    stop(procs)
                    return proc.returncode or 1
            time.sleep(POLL_S)
    except (KeyboardInterrupt, _Terminated):
        stop(procs)
        return 0


if __name__ == "__main__":
    sys.exit(main())
