"""The charts report opens in headless Chromium with every chart rendered and no script error; the data
dictionary lists every core and mart column with its description."""
import re
import shutil
import subprocess

import pytest

from infra.resources import WarehouseResource
from tests.helpers import query

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"]


@pytest.fixture(scope="module")
def outputs(refreshed):
    return WarehouseResource(directory=str(refreshed.parent))


def test_report_is_self_contained(outputs):
    page = (outputs.reports_dir / "aicompute.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the report must not load anything from the network"
    assert page.count('<figure class="chart"') >= 1 and page.count("<svg") >= page.count('<figure class="chart"')
    assert "chatgpt_2023_01_cost_usd" in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package `chromium`; .ci/run installs it)")
def test_report_renders_every_chart_in_headless_chromium(outputs, tmp_path):
    report = outputs.reports_dir / "aicompute.html"
    common = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    status = re.search(r'<p id="render-status" data-ok="(\w+)"(?: data-errors="([^"]*)")?>([^<]*)', dom.stdout)
    assert status, dom.stderr[-2000:]
    assert status.group(1) == "true", f"{status.group(3)}; page errors: {status.group(2)}"
    console_errors = [line for line in dom.stderr.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "Error" in line)]
    assert console_errors == []
    shot = tmp_path / "report.png"
    subprocess.run([*common, f"--screenshot={shot}", "--window-size=1100,2400", report.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 20_000  # a blank page is a few KB


def test_data_dictionary_lists_every_core_and_mart_column(outputs, refreshed):
    text = outputs.dictionary_path.read_text()
    for schema, table, column in query(refreshed, "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
                                                  "WHERE schema_name IN ('core', 'marts')"):
        assert f"### {schema}.{table}" in text
        assert re.search(rf"\| `{re.escape(column)}` \| \S[^|]* \| \S", text), f"{schema}.{table}.{column} undocumented"
