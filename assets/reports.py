"""Outputs for people, downstream of the published warehouse: the data dictionary and the charts report.

Both read the published file read-only (they are not in the writer pool): what they show is exactly what
analysts see. The report is one self-contained HTML file (inline SVG from matplotlib, no CDN, works offline).
"""
import html
import io
from dataclasses import dataclass
from typing import Callable

import dagster as dg
import duckdb
import matplotlib

matplotlib.use("Agg")  # no display on servers
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from pipelines.resources import WarehouseResource  # noqa: E402
from warehouse import dictionary  # noqa: E402

PUBLISHED = dg.AssetKey("published_warehouse")
plt.rcParams.update({"svg.fonttype": "none", "figure.figsize": (9, 4.2), "axes.grid": True, "grid.alpha": 0.3,
                     "axes.spines.top": False, "axes.spines.right": False})


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    sql: str
    draw: Callable[[pd.DataFrame, plt.Axes], None]


def _draw_inference_cost(df: pd.DataFrame, ax: plt.Axes) -> None:
    for (service, method), g in df.groupby(["service", "method"]):
        wide = g.pivot_table(index="month", columns="scenario", values="cost_usd").sort_index()
        line = ax.plot(wide.index, wide["base"] / 1e6, marker="o", label=f"{service} ({method}, base)")[0]
        ax.fill_between(wide.index, wide["low"] / 1e6, wide["high"] / 1e6, alpha=0.15, color=line.get_color(),
                        label=f"{service} ({method}, low-high)")
    ax.set_ylabel("USD million per month")
    ax.set_yscale("log")
    ax.legend(fontsize=8)


CHARTS = [
    Chart("inference-cost", "Monthly inference cost by service and method",
          "Base scenario line, low-high scenario band (assumptions.csv). Log scale.",
          "SELECT service, month, method, scenario, cost_usd FROM marts.monthly_inference_cost", _draw_inference_cost),
]


def _svg(chart: Chart, conn) -> str:
    df = conn.execute(chart.sql).df()
    if df.empty:
        raise ValueError(f"chart {chart.id}: no rows from {chart.sql!r}")
    fig, ax = plt.subplots()
    try:
        chart.draw(df, ax)
        ax.set_title(chart.title, fontsize=11)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
    finally:
        plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, border=0, classes="data", float_format=lambda v: f"{v:,.6g}", na_rep="—")


RENDER_CHECK_JS = """
const pageErrors = [];
window.addEventListener('error', e => pageErrors.push(String(e.message)));
window.addEventListener('load', () => {
  const figures = [...document.querySelectorAll('figure.chart')];
  const missing = figures.filter(f => {
    const svg = f.querySelector('svg'); if (!svg) return true;
    const box = svg.getBoundingClientRect();
    return !(box.width > 0 && box.height > 0 && svg.querySelectorAll('path, rect, line, text').length > 0);
  }).map(f => f.id);
  const status = document.getElementById('render-status');
  status.textContent = `rendered ${figures.length - missing.length}/${figures.length} charts` + (missing.length ? `; missing: ${missing.join(', ')}` : '');
  status.dataset.ok = String(figures.length > 0 && missing.length === 0 && pageErrors.length === 0);
  status.dataset.errors = pageErrors.join(' | ');
});
"""

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 980px; color: #1d2430; }
h1 { margin-bottom: 0; } .sub { color: #5b6573; margin-top: .3rem; }
figure.chart { margin: 2rem 0; } figure.chart svg { width: 100%; height: auto; }
figcaption { color: #5b6573; font-size: .9rem; }
table.data { border-collapse: collapse; font-size: .85rem; width: 100%; }
table.data th, table.data td { border-bottom: 1px solid #dde2e8; padding: .3rem .5rem; text-align: right; }
table.data th:first-child, table.data td:first-child { text-align: left; }
#render-status { color: #5b6573; font-size: .8rem; }
"""


def render_report(conn: duckdb.DuckDBPyConnection) -> str:
    sections = []
    for chart in CHARTS:
        sections.append(f'<figure class="chart" id="{chart.id}">{_svg(chart, conn)}'
                        f"<figcaption>{html.escape(chart.caption)}</figcaption></figure>")
    seed = conn.execute("SELECT figure, published_value, computed_value, unit, rel_error, rel_tolerance, "
                        "within_tolerance, formula FROM marts.seed_reconciliation ORDER BY figure").df()
    sections.append("<h2>Seed note reconciliation</h2><p>Every figure of the seed note recomputed by the pipeline; "
                    "the refresh does not publish if one drifts past its tolerance.</p>" + _table(seed))
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>aicompute report</title>"
            f"<style>{CSS}</style></head><body><h1>aicompute</h1>"
            "<p class='sub'>AI compute demand and who supplies it: from warehouse/aicompute.duckdb</p>"
            + "".join(sections) + "<p id='render-status' data-ok='false'>rendering…</p>"
            f"<script>{RENDER_CHECK_JS}</script></body></html>")


@dg.asset(key="data_dictionary", group_name="reports", deps=[PUBLISHED], kinds={"duckdb", "markdown"},
          owners=["team:data"],
          description="warehouse/DATA_DICTIONARY.md: every table and column of the published warehouse with its "
                      "description, generated from the COMMENT ON metadata.")
def data_dictionary(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with duckdb.connect(str(warehouse.published_path), read_only=True) as conn:
        text = dictionary.render(conn)
    warehouse.dictionary_path.write_text(text)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(warehouse.dictionary_path)),
                                          "lines": text.count("\n")})


@dg.asset(key="charts_report", group_name="reports", deps=[PUBLISHED], kinds={"duckdb", "html"},
          owners=["team:data"],
          description="reports/aicompute.html: a self-contained charts report (inline SVG, works offline) of the "
                      "published warehouse, with the seed reconciliation table.")
def charts_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with duckdb.connect(str(warehouse.published_path), read_only=True) as conn:
        page = render_report(conn)
    warehouse.reports_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse.reports_dir / "aicompute.html"
    path.write_text(page)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), "charts": len(CHARTS),
                                          "bytes": len(page.encode())})


REPORT_ASSETS = [data_dictionary, charts_report]
