"""Outputs for people, downstream of the published warehouse: the data dictionary and the charts report.

Both read the published file read-only (they are not in the writer pool): what they show is exactly what
analysts see. The report is one self-contained HTML file (inline SVG from matplotlib, no CDN, works offline).
"""
from __future__ import annotations

import hashlib
import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

import dagster as dg
import duckdb
import pandas as pd

from infra.resources import WarehouseResource
from assets import dictionary

if TYPE_CHECKING:
    import matplotlib.pyplot as plt

PUBLISHED = dg.AssetKey("published_warehouse")


def _pyplot():
    """matplotlib, imported when a report is rendered (its import costs ~1 s of every refresh's start-up)."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "figure.figsize": (9, 4.2), "axes.grid": True, "grid.alpha": 0.3,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    sql: str
    draw: Callable[[pd.DataFrame, plt.Axes], None]


def _draw_inference_cost(df: pd.DataFrame, ax: plt.Axes) -> None:
    # one line per service; a month without a figure (a gap in marts.service_demand) stays NaN, so the line breaks there
    for service, g in df.groupby("service"):
        wide = g.pivot(index="month", columns="scenario", values="cost_usd").sort_index()
        line = ax.plot(wide.index, wide["base"] / 1e6, marker=".", label=f"{service} (base)")[0]
        ax.fill_between(wide.index, wide["low"] / 1e6, wide["high"] / 1e6, alpha=0.1, color=line.get_color())
    ax.set_ylabel("USD million per month (bottom-up, rented; band: low-high)")
    ax.set_yscale("log")
    ax.legend(fontsize=7, ncol=2)


def _draw_training_demand(df: pd.DataFrame, ax: plt.Axes) -> None:
    wide = df.pivot_table(index="model", columns="accelerator", values="accelerator_years")
    wide = wide.loc[df.drop_duplicates("model").sort_values("training_compute_flop")["model"]]
    wide.plot.barh(ax=ax, width=0.8, legend=True)
    ax.set_xscale("log")
    ax.set_xlabel("accelerator-years per training run (base scenario, log scale)")
    ax.set_ylabel("")
    ax.legend(fontsize=7, ncol=2)


def _draw_price_history(df: pd.DataFrame, ax: plt.Axes) -> None:
    for (provider, accelerator), g in df.groupby(["provider", "accelerator"]):
        g = g.sort_values("day")
        ax.step(g["day"], g["usd_per_gpu_hour"], where="post", marker=".", label=f"{provider} {accelerator}")
    ax.set_ylabel("cheapest on-demand USD per GPU-hour")
    ax.legend(fontsize=7, ncol=3)


def _draw_vendor_exposure(df: pd.DataFrame, ax: plt.Axes) -> None:
    df = df.sort_values("exposure_usd")
    labels = df["vendor"] + " (" + df["segment"] + ")"
    colors = ["#d62728" if v == "Lenovo" else "#1f77b4" if c == "accelerators" else "#7f7f7f"
              for v, c in zip(df["vendor"], df["category"])]
    ax.barh(labels, df["exposure_usd"] / 1e6, color=colors)
    # low-case assumptions do not always give the lowest exposure (low utilisation needs more chips): whiskers span all three
    scenarios = df[["low", "exposure_usd", "high"]]
    ax.errorbar(df["exposure_usd"] / 1e6, labels, fmt="none", ecolor="black", capsize=2, lw=0.8,
                xerr=[(df["exposure_usd"] - scenarios.min(axis=1)) / 1e6, (scenarios.max(axis=1) - df["exposure_usd"]) / 1e6])
    ax.set_xlabel("exposure, USD million (base; whiskers: range over scenarios). Red: Lenovo; blue: chips; grey: servers")
    ax.tick_params(axis="y", labelsize=7)


def _draw_compute_trend(df: pd.DataFrame, ax: plt.Axes) -> None:
    points, fits = df[df["kind"] == "model"], df[df["kind"] == "fit"]
    frontier = points["frontier"].astype(bool)
    ax.scatter(points.loc[~frontier, "publication_date"], points.loc[~frontier, "training_compute_flop"], s=6, alpha=0.4,
               label="notable models")
    ax.scatter(points.loc[frontier, "publication_date"], points.loc[frontier, "training_compute_flop"], s=10, color="#d62728",
               label="frontier models")
    for _, fit in fits.iterrows():
        ax.plot([fit["window_start"], fit["window_end"]], [fit["flop_start"], fit["flop_end"]], lw=2,
                label=f"{fit['window_name']}: doubling every {fit['doubling_time_months']:.1f} months")
    ax.set_yscale("log")
    ax.set_ylabel("training compute (FLOP)")
    ax.legend(fontsize=7)


CHARTS = [
    Chart("inference-cost", "Monthly inference cost by service (bottom-up)",
          "Tokens of each month's best demand driver x the roofline cost per token of that month's serving stack, on "
          "rented accelerators (marts.monthly_inference_cost). Base line, low-high band; a line breaks at a gap. Log scale.",
          "SELECT service, month, scenario, cost_usd FROM marts.monthly_inference_cost "
          "WHERE method = 'bottom_up' AND scope = 'service' AND month >= DATE '2023-01-01'",
          _draw_inference_cost),
    Chart("training-demand", "Training demand of the largest frontier models on each accelerator",
          "Accelerator-years for one training run at base utilisation (marts.training_demand).",
          """SELECT model, accelerator, accelerator_years, training_compute_flop FROM marts.training_demand
             WHERE scenario = 'base' AND basis = 'reference' AND accelerator_years IS NOT NULL AND model IN (
                 SELECT model FROM core.models WHERE frontier_model AND training_compute_flop IS NOT NULL
                 QUALIFY row_number() OVER (ORDER BY training_compute_flop DESC)
                         <= (SELECT report_largest_models FROM core.scenario_assumptions WHERE scenario = 'base'))""",
          _draw_training_demand),
    Chart("price-history", "GPU-hour price history by provider",
          "Cheapest on-demand price per provider and accelerator family, each day a price was valid (core.gpu_hour_prices).",
          """WITH days AS (SELECT provider, accelerator, usd_per_gpu_hour, valid_from::DATE AS day FROM core.gpu_hour_prices
                          WHERE price_type = 'on_demand' AND usd_per_gpu_hour > 0 AND accelerator IN (
                              SELECT series FROM core.report_series WHERE chart = 'price-history'))
             SELECT provider, accelerator, day, min(usd_per_gpu_hour) AS usd_per_gpu_hour FROM days GROUP BY ALL""",
          _draw_price_history),
    Chart("vendor-exposure", "Vendor exposure to AI compute demand",
          "Units x share x ASP per vendor and segment, each segment's latest period with an exposure (marts.vendor_exposure); "
          "the largest (report_vendor_rows), Lenovo always shown. TOP500 counts have no USD exposure.",
          """WITH e AS (PIVOT (SELECT category, segment, vendor, scenario, exposure_usd FROM marts.vendor_exposure
                              WHERE exposure_usd IS NOT NULL
                              QUALIFY period_start = max(period_start) OVER (PARTITION BY segment))
                       ON scenario USING any_value(exposure_usd))
             SELECT category, segment, vendor, base AS exposure_usd, low, high FROM e
             QUALIFY row_number() OVER (ORDER BY base DESC)
                     <= (SELECT report_vendor_rows FROM core.scenario_assumptions WHERE scenario = 'base')
                     OR vendor = 'Lenovo'""", _draw_vendor_exposure),
    Chart("compute-trend", "Training compute over time",
          "Notable models (Epoch AI) and the log-linear fits of marts.compute_trend.",
          """SELECT 'model' AS kind, publication_date, training_compute_flop, coalesce(frontier_model, false) AS frontier,
                    NULL AS window_name, NULL::DATE AS window_start, NULL::DATE AS window_end, NULL::DOUBLE AS flop_start,
                    NULL::DOUBLE AS flop_end, NULL::DOUBLE AS doubling_time_months
             FROM core.models WHERE training_compute_flop > 0
              AND publication_date >= (SELECT min(window_start) FROM core.trend_windows)
             UNION ALL
             SELECT 'fit', NULL, NULL, NULL, t.window_name, t.window_start, t.window_end,
                    pow(2, avg(log2(m.training_compute_flop)) - t.doublings_per_year * (avg(epoch(m.publication_date)) - epoch(t.window_start)) / (365.25 * 86400)),
                    pow(2, avg(log2(m.training_compute_flop)) + t.doublings_per_year * (epoch(t.window_end) - avg(epoch(m.publication_date))) / (365.25 * 86400)),
                    t.doubling_time_months
             FROM marts.compute_trend t JOIN core.models m
               ON m.training_compute_flop > 0 AND m.publication_date BETWEEN t.window_start AND t.window_end
              AND (t.subset = 'all' OR m.frontier_model)
             WHERE t.window_name IN (SELECT series FROM core.report_series WHERE chart = 'compute-trend')
             GROUP BY t.window_name, t.window_start, t.window_end, t.doublings_per_year, t.doubling_time_months""",
          _draw_compute_trend),
]


def _svg(chart: Chart, conn) -> str:
    df = conn.execute(chart.sql).df()
    if df.empty:
        raise ValueError(f"chart {chart.id}: no rows from {chart.sql!r}")
    plt = _pyplot()
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


def content_fingerprint(conn: duckdb.DuckDBPyConnection) -> str:
    """What the report shows depends on the warehouse's build fingerprints and on this module's code."""
    rows = conn.execute("SELECT asset, fingerprint FROM meta.build_fingerprints ORDER BY asset").fetchall()
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(repr(rows).encode())
    return digest.hexdigest()


def render_report(conn: duckdb.DuckDBPyConnection, fingerprint: str = "") -> str:
    sections = []
    for chart in CHARTS:
        sections.append(f'<figure class="chart" id="{chart.id}">{_svg(chart, conn)}'
                        f"<figcaption>{html.escape(chart.caption)}</figcaption></figure>")
    seed = conn.execute("SELECT figure, published_value, computed_value, unit, rel_error, rel_tolerance, "
                        "within_tolerance, formula FROM marts.seed_reconciliation ORDER BY figure").df()
    sections.append("<h2>Seed note reconciliation</h2><p>Every figure of the seed note recomputed by the pipeline; "
                    "the refresh does not publish if one drifts past its tolerance.</p>" + _table(seed))
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>aicompute report</title>"
            f"<meta name='aicompute-fingerprint' content='{fingerprint}'>"
            f"<style>{CSS}</style></head><body><h1>aicompute</h1>"
            "<p class='sub'>AI compute demand and who supplies it: from build/aicompute.duckdb</p>"
            + "".join(sections) + "<p id='render-status' data-ok='false'>rendering…</p>"
            f"<script>{RENDER_CHECK_JS}</script></body></html>")


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
          description="build/reports/aicompute.html: a self-contained charts report (inline SVG, works offline) of the "
                      "published warehouse, with the seed reconciliation table.")
def charts_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    path = report_path(warehouse)
    with duckdb.connect(str(warehouse.published_path), read_only=True) as conn:
        fingerprint = content_fingerprint(conn)
        # Rendering costs seconds (matplotlib): skip it when neither the data nor this code changed.
        rebuilt = not (path.exists() and f"content='{fingerprint}'" in path.read_text())
        if rebuilt:
            page = render_report(conn, fingerprint)
            warehouse.reports_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(page)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), "charts": len(CHARTS),
                                          "bytes": path.stat().st_size, "rebuilt": rebuilt},
                                data_version=dg.DataVersion(fingerprint))


REPORT_ASSETS = [data_dictionary, charts_report]
