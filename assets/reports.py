"""Outputs for people, downstream of the published warehouse: the data dictionary and the charts report.

Both read the published file read-only (they are not in the writer pool): what they show is exactly what
analysts see. The report is one HTML file that works offline: Plotly's script is inlined once, each chart's data
is embedded, and each chart's data is also written as CSV beside it (reports/data/<chart>.csv). The charts
themselves are declared in assets/report_charts.py.
"""
from __future__ import annotations

import hashlib
import html
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from infra.resources import WarehouseResource
from assets import dictionary, refresh_diff, report_charts
from assets.report_charts import CHARTS, Chart
from assets.sources import SOURCES

PUBLISHED = dg.AssetKey("published_warehouse")
SOURCES_BY_NAME = {source.name: source for source in SOURCES}
LARGEST_CHANGES_SHOWN = 30  # headline changes listed in the report (meta.refresh_diff_changes keeps ten per mart)
MAX_ROW_LINKS = 6  # per chart: row-level source pages linked beside its registry sources; the rest are in its CSV


def chart_data(chart: Chart, conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    df = conn.execute(chart.sql).df()
    if df.empty:
        raise ValueError(f"chart {chart.id}: no rows from {chart.sql!r}")
    return df


def newest_observation(chart: Chart, df: pd.DataFrame) -> str:
    dates = pd.to_datetime(df[chart.dated_by], utc=True).dropna()
    if dates.empty:
        raise ValueError(f"chart {chart.id}: no {chart.dated_by} in its data, so it cannot say how old it is")
    return dates.max().date().isoformat()


def source_links(chart: Chart, df: pd.DataFrame) -> str:
    """The registry sources the chart credits (link, licence), then row-level pages from its data."""
    links = []
    for name in chart.sources:
        source = SOURCES_BY_NAME[name]
        href = source.url or f"https://github.com/aicompute/aicompute/blob/main/{source.snapshot.as_posix()}"
        licence = f" ({html.escape(source.licence.split(';')[0])})" if source.licence else ""
        links.append(f'<a href="{html.escape(href)}">{html.escape(name)}</a>{licence}')
    urls = pd.unique(pd.concat([df[c] for c in chart.url_columns]).dropna()) if chart.url_columns else []
    for url in urls[:MAX_ROW_LINKS]:
        links.append(f'<a href="{html.escape(url)}">{html.escape(url.split("//")[-1][:60])}</a>')
    more = f" and {len(urls) - MAX_ROW_LINKS} more pages (in the CSV)" if len(urls) > MAX_ROW_LINKS else ""
    return "; ".join(links) + more


def chart_section(chart: Chart, df: pd.DataFrame) -> str:
    figure = chart.draw(df)
    plot = figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"plot-{chart.id}",
                          config={"displaylogo": False, "responsive": True})
    return (f'<section class="chart" id="{chart.id}"><h2>{html.escape(chart.question)}</h2>'
            f'<p class="how">{html.escape(chart.how)}</p>{plot}'
            f'<p class="chart-meta"><span class="chart-source">Sources: {source_links(chart, df)}.</span> '
            f'<span class="chart-date">Newest observation: <time>{newest_observation(chart, df)}</time>.</span> '
            f'<a class="csv" href="data/{chart.id}.csv" download>Download the data (CSV, {len(df):,} rows)</a></p>'
            "</section>")


def seed_section(conn: duckdb.DuckDBPyConnection) -> str:
    """The note's figures, recomputed: a table that fits the page (the formula folds out under each figure)."""
    rows = conn.execute("SELECT figure, published_value, computed_value, unit, rel_error, rel_tolerance, "
                        "within_tolerance, formula, source_url FROM marts.seed_reconciliation ORDER BY figure").fetchall()
    body = []
    for figure, published, computed, unit, error, tolerance, ok, formula, url in rows:
        name = f'<a href="{html.escape(url)}">{html.escape(figure)}</a>' if url else html.escape(figure)
        body.append(f"<tr><td>{name}<details><summary>formula</summary>{html.escape(formula or '')}</details></td>"
                    f"<td>{published:,.4g}</td><td>{computed:,.4g}</td><td>{html.escape(unit or '')}</td>"
                    f"<td>{error * 100:+.2g} %</td><td>±{tolerance * 100:.2g} %</td><td>{'yes' if ok else '<b>NO</b>'}</td></tr>")
    return ('<section id="seed"><h2>Does the pipeline still reproduce the seed note?</h2><p class="how">Every '
            "figure of the brokerage note recomputed from the warehouse (marts.seed_reconciliation); the refresh "
            "does not publish when one drifts past its tolerance.</p><table class='data seed'><colgroup><col "
            "class='wide'><col><col><col><col><col><col></colgroup><thead><tr><th>figure</th><th>note</th>"
            "<th>computed</th><th>unit</th><th>error</th><th>tolerance</th><th>within</th></tr></thead><tbody>"
            + "".join(body) + "</tbody></table></section>")


def changes_section(conn: duckdb.DuckDBPyConnection) -> str:
    """What the last refresh changed (meta.refresh_diff, written by the publish that made this file)."""
    tables = pd.DataFrame(refresh_diff.changed_tables(conn),
                          columns=["table", "rows before", "rows after", "added", "removed", "changed", "note"])
    largest = pd.DataFrame(refresh_diff.largest_changes(conn, limit=LARGEST_CHANGES_SHOWN, by_table=True),
                           columns=["table", "measure", "row", "old", "new"])
    first = bool(len(tables)) and (tables["note"] == "first publish").all()
    if tables.empty:
        summary = "<p>The last refresh changed no row of any core or mart table.</p>"
    elif first:
        summary = f"<p>This is the first publish of this warehouse: nothing to compare ({len(tables)} tables written).</p>"
    else:
        summary = _table(tables)
    detail = ("<h3>Largest changes of the marts' headline measures</h3>" + _table(largest)) if not largest.empty else ""
    return (f'<section id="changes"><h2>What changed since the last refresh?</h2><p class="how">Each table '
            f"compared on its grain with the file published before (meta.refresh_diff; tables with no change are "
            f"left out).</p>{summary}{detail}</section>")


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, border=0, classes="data", float_format=lambda v: f"{v:,.6g}", na_rep="—")


RENDER_CHECK_JS = r"""
const pageErrors = [];
window.addEventListener('error', e => pageErrors.push(String(e.message)));
window.addEventListener('load', () => setTimeout(() => {
  const charts = [...document.querySelectorAll('section.chart')];
  const problems = charts.flatMap(c => {
    const plot = c.querySelector('.js-plotly-plot'), why = [];
    const box = plot && plot.getBoundingClientRect();
    const marks = plot ? plot.querySelectorAll('g.trace path, g.trace .point, g.points path').length : 0;
    if (!plot || !(box.width > 0 && box.height > 0) || marks === 0) why.push('no marks');
    if (!c.querySelector('.chart-source a')) why.push('no source link');
    if (!/^\d{4}-\d{2}-\d{2}$/.test((c.querySelector('.chart-date time') || {}).textContent || '')) why.push('no date');
    if (!c.querySelector('a.csv[href$=".csv"]')) why.push('no CSV link');
    return why.map(w => `${c.id}: ${w}`);
  });
  const status = document.getElementById('render-status');
  status.textContent = `checked ${charts.length} charts` + (problems.length ? `; ${problems.join(', ')}` : '; all drawn');
  status.dataset.ok = String(charts.length > 0 && problems.length === 0 && pageErrors.length === 0);
  status.dataset.errors = pageErrors.join(' | ');
}, 500));
"""

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1040px; padding: 0 1rem; color: #1d2430; }
h1 { margin-bottom: 0; } .sub { color: #5b6573; margin-top: .3rem; }
section { margin: 2.5rem 0; } h2 { font-size: 1.15rem; margin-bottom: .3rem; }
.how, .chart-meta { color: #5b6573; font-size: .85rem; } .chart-meta { border-top: 1px solid #dde2e8; padding-top: .4rem; }
a.csv { white-space: nowrap; }
table.data { border-collapse: collapse; font-size: .8rem; width: 100%; table-layout: auto; }
table.data th, table.data td { border-bottom: 1px solid #dde2e8; padding: .25rem .4rem; text-align: right;
  overflow-wrap: anywhere; }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.seed { table-layout: fixed; } table.seed col.wide { width: 40%; }
details { font-size: .75rem; color: #5b6573; } summary { cursor: pointer; }
#render-status { color: #5b6573; font-size: .8rem; }
"""


def render_report(conn: duckdb.DuckDBPyConnection, fingerprint: str = "") -> tuple[str, dict[str, pd.DataFrame]]:
    """The page, and each chart's data (written beside it as CSV)."""
    from plotly.offline import get_plotlyjs

    data = {chart.id: chart_data(chart, conn) for chart in CHARTS}
    contents = "".join(f'<li><a href="#{c.id}">{html.escape(c.question)}</a></li>' for c in CHARTS)
    sections = [chart_section(chart, data[chart.id]) for chart in CHARTS]
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>aicompute report</title>"
            f"<meta name='aicompute-fingerprint' content='{fingerprint}'>"
            f"<style>{CSS}</style><script>{get_plotlyjs()}</script></head><body><h1>aicompute</h1>"
            "<p class='sub'>AI compute demand and who supplies it, from the published warehouse "
            "(build/aicompute.duckdb). Charts: hover for values, click a legend entry to hide it, double-click to "
            "show it alone. Data credits: Epoch AI (CC BY 4.0), LiteLLM (MIT), Wikimedia (CC0), TOP500, "
            "TechPowerUp, IDC as quoted by the press.</p>"
            f"<nav><ol>{contents}<li><a href='#seed'>Seed note</a></li><li><a href='#changes'>Changes</a></li></ol></nav>"
            + changes_section(conn) + "".join(sections) + seed_section(conn)
            + "<p id='render-status' data-ok='false'>rendering…</p>"
            f"<script>{RENDER_CHECK_JS}</script></body></html>")
    return page, data


def content_fingerprint(conn: duckdb.DuckDBPyConnection) -> str:
    """What the report shows depends on the warehouse's build fingerprints and on this module's code."""
    rows = conn.execute("SELECT asset, fingerprint FROM meta.build_fingerprints ORDER BY asset").fetchall()
    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(report_charts.__file__).read_bytes())
    digest.update(repr(rows).encode())
    return digest.hexdigest()



def write_report(path: Path, page: str, data: dict[str, pd.DataFrame]) -> None:
    """The CSVs first, each renamed into place, then the page: a page never links a CSV that is not there."""
    folder = path.parent / "data"
    folder.mkdir(parents=True, exist_ok=True)
    for chart_id, df in data.items():
        tmp = folder / f".{chart_id}.csv.tmp"
        df.to_csv(tmp, index=False)
        tmp.replace(folder / f"{chart_id}.csv")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page)
    tmp.replace(path)


def report_path(warehouse: WarehouseResource) -> Path:
    return warehouse.reports_dir / "aicompute.html"


def stale_reports(warehouse: WarehouseResource) -> dict[str, str]:
    """Report assets whose file does not show the published warehouse (asset key -> why), for the refresh plan."""
    if not warehouse.published_path.is_file():
        return {"data_dictionary": "no published warehouse yet", "charts_report": "no published warehouse yet"}
    stale = {}
    try:
        with duckdb.connect(str(warehouse.published_path), read_only=True) as conn:
            if not warehouse.dictionary_path.is_file() or warehouse.dictionary_path.read_text() != dictionary.render(conn):
                stale["data_dictionary"] = "the dictionary file differs from the published warehouse's comments"
            path = report_path(warehouse)
            if not (path.is_file() and f"content='{content_fingerprint(conn)}'" in path.read_text()):
                stale["charts_report"] = "the report is missing or shows older data or code"
    except duckdb.Error as exc:  # unreadable published file: the publish step will replace it, then both render
        why = f"the published file could not be read ({type(exc).__name__})"
        return {"data_dictionary": why, "charts_report": why}
    return stale


@dg.asset(key="data_dictionary", group_name="reports", deps=[PUBLISHED], kinds={"duckdb", "markdown"},
          owners=["team:data"],
          description="docs/DATA_DICTIONARY.md: every table and column of the published warehouse with its "
                      "description, generated from the COMMENT ON metadata.")
def data_dictionary(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with duckdb.connect(str(warehouse.published_path), read_only=True) as conn:
        text = dictionary.render(conn)
    if not warehouse.dictionary_path.exists() or warehouse.dictionary_path.read_text() != text:
        warehouse.dictionary_path.write_text(text)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(warehouse.dictionary_path)),
                                          "lines": text.count("\n")})


@dg.asset(key="charts_report", group_name="reports", deps=[PUBLISHED], kinds={"duckdb", "html"},
          owners=["team:data"],
          description="build/reports/aicompute.html: one interactive chart per analyst question (Plotly, inlined: "
                      "works offline), each with its sources, newest observation date and CSV (reports/data/), the "
                      "changes of the last refresh and the seed reconciliation table.")
def charts_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    path = report_path(warehouse)
    with duckdb.connect(str(warehouse.published_path), read_only=True) as conn:
        fingerprint = content_fingerprint(conn)
        # Rendering costs seconds: skip it when neither the data nor the report's code changed.
        rebuilt = not (path.exists() and f"content='{fingerprint}'" in path.read_text())
        if rebuilt:
            page, data = render_report(conn, fingerprint)
            write_report(path, page, data)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), "charts": len(CHARTS),
                                          "bytes": path.stat().st_size, "rebuilt": rebuilt},
                                data_version=dg.DataVersion(fingerprint))


REPORT_ASSETS = [data_dictionary, charts_report]
