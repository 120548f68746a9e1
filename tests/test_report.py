"""The charts report: one chart per question, each with its source, date and CSV; it works offline and draws
every chart in headless Chromium with no console error. The data dictionary lists every core and mart column."""
import math
import re
import shutil
import subprocess

import duckdb
import pandas as pd
import pytest

from assets import reports
from assets.report_charts import CHARTS, draw_inference_cost
from infra.resources import WarehouseResource
from tests.helpers import query

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000"]


@pytest.fixture(scope="module")
def outputs(refreshed):
    return WarehouseResource(directory=str(refreshed.parent))


@pytest.fixture(scope="module")
def page(outputs):
    return (outputs.reports_dir / "aicompute.html").read_text()


def test_report_loads_nothing_from_the_network(page):
    # links to sources are fine; a script, style, image or frame from anywhere but the page itself is not
    loads = re.findall(r"""<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)=["']?([^"' >]+)""", page)
    assert loads == [], loads
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page)
    assert "Plotly.newPlot" in page and page.count("<script>") >= len(CHARTS)



def test_report_says_what_the_last_refresh_changed(page):
    # the session's warehouse was published once: the section says so instead of listing 33 "new" tables
    section = re.search(r'<section id="changes">(.*?)</section>', page, re.S).group(1)
    assert "first publish of this warehouse: nothing to compare" in section


def test_every_chart_has_its_question_source_date_and_csv(page, outputs, refreshed):
    sections = re.findall(r'<section class="chart" id="([\w-]+)"><h2>([^<]+)</h2>(.*?)</section>', page, re.S)
    assert [s[0] for s in sections] == [c.id for c in CHARTS]
    for (chart_id, question, body), chart in zip(sections, CHARTS):
        assert question.endswith("?"), question
        assert re.search(r'class="chart-source">Sources: <a href="https?://', body), chart_id
        date = re.search(r'<time>(\d{4}-\d{2}-\d{2})</time>', body).group(1)
        csv = outputs.reports_dir / re.search(r'<a class="csv" href="([^"]+)" download>', body).group(1)
        df = pd.read_csv(csv)
        rows = int(re.search(r'CSV, ([\d,]+) rows', body).group(1).replace(",", ""))
        assert len(df) == rows > 0, chart_id
        # the date shown is the newest value of the chart's dating column, in the CSV and in the warehouse
        assert date == pd.to_datetime(df[chart.dated_by], utc=True).max().date().isoformat(), chart_id
        with duckdb.connect(str(refreshed), read_only=True) as conn:
            assert len(conn.execute(chart.sql).fetchall()) == rows, chart_id


def test_inference_csv_is_the_mart(outputs, refreshed):
    # the CSV is the mart's rows, gaps included as empty costs: ChatGPT's January 2023 base cost is the mart's
    df = pd.read_csv(outputs.reports_dir / "data" / "inference-cost.csv", parse_dates=["month"])
    (mart_cost,), = query(refreshed, "SELECT cost_usd FROM marts.monthly_inference_cost WHERE service = 'ChatGPT' "
                                     "AND month = DATE '2023-01-01' AND scenario = 'base' AND method = 'bottom_up'")
    row = df[(df.service == "ChatGPT") & (df.month == "2023-01-01") & (df.scenario == "base")]
    assert row["cost_usd"].item() == pytest.approx(mart_cost, rel=1e-12)
    gaps = df[df.status == "gap"]
    assert len(gaps) > 0 and gaps["cost_usd"].isna().all()


def test_inference_chart_breaks_at_gaps_and_marks_interpolated_months(outputs):
    df = pd.read_csv(outputs.reports_dir / "data" / "inference-cost.csv", parse_dates=["month"])
    figure = draw_inference_cost(df)
    claude = df[(df.service == "Claude") & (df.scenario == "base")].set_index("month").sort_index()
    gap_months = set(claude.index[claude.status == "gap"])
    assert gap_months, "Claude has gap months in the recorded data"
    line = next(t for t in figure.data if t.name == "Claude")
    drawn = dict(zip(pd.to_datetime(line.x), line.y))
    assert all(math.isnan(drawn[m]) for m in gap_months)  # no value: the line breaks there
    for band in (t for t in figure.data if t.legendgroup == "Claude" and t.fill == "toself"):
        assert not gap_months & set(pd.to_datetime(band.x))  # no band is drawn across a gap
    chatgpt = df[(df.service == "ChatGPT") & (df.scenario == "base")].sort_values("month")
    symbols = dict(zip(chatgpt.month, next(t for t in figure.data if t.name == "ChatGPT").marker.symbol))
    interpolated = chatgpt.loc[chatgpt.status == "interpolated", "month"]
    assert len(interpolated) > 0 and {symbols[m] for m in interpolated} == {"circle-open"}


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package `chromium`; .ci/run installs it)")
def test_report_draws_every_chart_in_headless_chromium(outputs, tmp_path):
    report = outputs.reports_dir / "aicompute.html"
    common = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=180)
    status = re.search(r'<p id="render-status" data-ok="(\w+)"(?: data-errors="([^"]*)")?>([^<]*)', dom.stdout)
    assert status, dom.stderr[-2000:]
    assert status.group(1) == "true", f"{status.group(3)}; page errors: {status.group(2)}"
    assert f"checked {len(CHARTS)} charts; all drawn" in status.group(3)
    console_errors = [line for line in dom.stderr.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "Error" in line)]
    assert console_errors == []
    # a screenshot of the whole page, kept beside the report (docs/img/report.png in the README is one of these)
    shots = outputs.reports_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    shot = shots / "report.png"
    subprocess.run([*common, f"--screenshot={shot}", "--window-size=1100,2600", "--hide-scrollbars", report.as_uri()],
                   capture_output=True, timeout=180)
    assert shot.is_file() and shot.stat().st_size > 50_000  # a blank page is a few KB


def test_report_is_rebuilt_only_when_data_or_code_change(outputs, refreshed):
    with duckdb.connect(str(refreshed), read_only=True) as conn:
        fingerprint = reports.content_fingerprint(conn)
    assert f"content='{fingerprint}'" in (outputs.reports_dir / "aicompute.html").read_text()
    assert reports.stale_reports(outputs) == {}


def test_data_dictionary_lists_every_core_and_mart_column(outputs, refreshed):
    text = outputs.dictionary_path.read_text()
    for schema, table, column in query(refreshed, "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
                                                  "WHERE schema_name IN ('core', 'marts')"):
        assert f"### {schema}.{table}" in text
        assert re.search(rf"\| `{re.escape(column)}` \| \S[^|]* \| \S", text), f"{schema}.{table}.{column} undocumented"
