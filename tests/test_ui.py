"""UI smoke test: what `make dev` starts (`python -m pipelines.dev`: webserver + daemon) on a free 127.0.0.1 port
answers GraphQL with the whole asset graph, and a rerun of one asset launched through it succeeds (queued, dequeued by
the daemon, executed), with a quiet terminal: no warning, no DEBUG line."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from dagster import DagsterRunStatus
from dagster_graphql import DagsterGraphQLClient

from pipelines.definitions import defs

pytestmark = pytest.mark.refresh  # the `make dev` services and a run through them

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 180
RUN_TIMEOUT_S = 180

ASSET_GRAPH_QUERY = """
{ assetNodes { assetKey { path } dependencyKeys { path } groupName } }
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dagster_dev(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "AICOMPUTE_WAREHOUSE_DIR": str(tmp_path_factory.mktemp("wh")),
           "AICOMPUTE_SOURCE_MODE": "snapshot"}
    env.update(AICOMPUTE_UI_HOST="127.0.0.1", AICOMPUTE_UI_PORT=str(port))
    log = (home / "dagster_dev.log").open("wb")  # a file, not a pipe: an unread pipe would stall the server
    proc = subprocess.Popen([sys.executable, "-m", "pipelines.dev"],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while time.monotonic() < deadline:
            assert proc.poll() is None, (home / "dagster_dev.log").read_text(errors="replace")[-3000:]
            try:
                if requests.post(f"{url}/graphql", json={"query": "{ version }"}, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(1)
        else:
            pytest.fail(f"make dev did not answer on {url} within {START_TIMEOUT_S}s")
        yield url, port, home / "dagster_dev.log"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_graphql_shows_every_asset_and_its_edges(dagster_dev):
    url, _, _ = dagster_dev
    nodes = requests.post(f"{url}/graphql", json={"query": ASSET_GRAPH_QUERY}, timeout=30).json()["data"]["assetNodes"]
    ui_edges = {"/".join(n["assetKey"]["path"]): {"/".join(d["path"]) for d in n["dependencyKeys"]} for n in nodes}
    graph = defs.resolve_asset_graph()
    code_edges = {k.to_user_string(): {p.to_user_string() for p in graph.get(k).parent_keys}
                  for k in graph.get_all_asset_keys()}
    assert ui_edges == code_edges


def test_rerun_of_one_asset_from_the_ui_succeeds(dagster_dev):
    _, port, log = dagster_dev
    client = DagsterGraphQLClient("127.0.0.1", port_number=port)
    run_id = client.submit_job_execution("refresh", asset_selection=[["raw", "wikimedia_pageviews"]])
    deadline = time.monotonic() + RUN_TIMEOUT_S
    status = None
    while time.monotonic() < deadline:
        status = client.get_run_status(run_id)
        if status in (DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED):
            break
        time.sleep(1)
    assert status == DagsterRunStatus.SUCCESS
    # the terminal: no Python warning (`dagster dev`'s supersession notice), no Dagster WARNING (its "dagster.yaml
    # will not be used"), and the run's console logger at dagster.yaml's INFO, not Dagster's default DEBUG
    terminal = log.read_text(errors="replace")
    assert "Warning:" not in terminal and "WARNING" not in terminal, terminal[-3000:]
    assert " - DEBUG - " not in terminal, terminal[-3000:]
    assert "Launched 1 runs" in terminal  # the daemon's own lines do reach it
