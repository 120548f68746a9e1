"""The charts of the analysts' report: one chart per question, each from the published marts.

A chart is its question (the title), the SQL of its data (also its CSV download), the registry sources it credits,
the column that dates its data and a function that draws it with Plotly. Series named in curated config
(core.report_series) are read from there, not from this code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd

if TYPE_CHECKING:
    import plotly.graph_objects as go

BLUE, GREY, RED, BLACK = "#1f77b4", "#8c96a3", "#d62728", "#1d2430"
TIER_SYMBOL = {"on_demand": "circle", "marketplace": "triangle-up-open", "spot": "x"}
STATUS_SYMBOL = {"observed": "circle", "interpolated": "circle-open", "carried": "diamond-open"}
COST_METHODS = (("cloud_cost_2023_usd", "cloud rental"), ("capex_energy_cost_2023_usd", "capex + energy"),
                ("acquisition_cost_2023_usd", "cluster acquisition"))


@dataclass(frozen=True)
class Chart:
    id: str
    question: str  # the title: the question the chart answers
    how: str  # how to read it, and which mart it draws
    sql: str  # its data: drawn, and offered as CSV
    draw: Callable[[pd.DataFrame], "go.Figure"]
    sources: tuple[str, ...]  # registry sources it credits (link, licence)
    dated_by: str  # the column whose newest value is the newest observation drawn
    url_columns: tuple[str, ...] = ()  # columns of per-row source pages, linked beside the registry sources


def palette(n: int) -> list[str]:
    """n distinct colours from Plotly's qualitative sets, so no two series of a chart share one (near-black and red
    left out: black is the API price line's, red is Lenovo's)."""
    from plotly.colors import qualitative

    colours = [c for c in qualitative.Dark24 + qualitative.Light24 if c.upper() not in ("#222A2A", "#FB0D0D")]
    if n > len(colours):
        raise ValueError(f"{n} series in one chart: more than {len(colours)} distinct colours; use a selector")
    return colours[:n]


def runs(mask: pd.Series) -> list[pd.Index]:
    """The index labels of each run of consecutive True values (a band is drawn per run: never across a gap)."""
    groups = (mask != mask.shift()).cumsum()
    return [g.index for _, g in mask.groupby(groups) if g.iloc[0]]


def band_traces(low: pd.Series, high: pd.Series, colour: str, group: str) -> list:
    """Closed polygons between low and high (indexed by month), one per run of months that have both."""
    import plotly.graph_objects as go

    traces = []
    for idx in runs(low.notna() & high.notna()):
        traces.append(go.Scatter(x=list(idx) + list(idx[::-1]), y=list(high[idx]) + list(low[idx][::-1]),
                                 fill="toself", fillcolor=colour, opacity=0.12, line={"width": 0}, mode="lines",
                                 hoverinfo="skip", legendgroup=group, showlegend=False))
    return traces


def add_selector(fig: "go.Figure", labels: list[str], groups: list[str], first: str | None = None) -> dict:
    """A dropdown that shows one group of traces (groups[i] is trace i's), or all; the figure starts on `first`."""
    def visible(label):
        return [label is None or g == label for g in groups]

    options = [None, *labels] if first is None else labels
    buttons = [{"label": "all" if label is None else label, "method": "update", "args": [{"visible": visible(label)}]}
               for label in options]
    menu = {"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left", "y": 1.16, "yanchor": "bottom",
            "active": options.index(first) if first in options else 0, "showactive": True}
    for trace, shown in zip(fig.data, visible(first)):
        trace.visible = shown
    return menu


def layout(fig: "go.Figure", yaxis: str, xaxis: str = "", log_y: bool = False, **extra) -> "go.Figure":
    settings = {"margin": {"l": 70, "r": 20, "t": 60, "b": 50}, "height": 460, "template": "plotly_white",
                "legend": {"font": {"size": 11}}, "hovermode": "closest"}
    fig.update_layout(**{**settings, **extra})
    fig.update_yaxes(title_text=yaxis, **({"type": "log"} if log_y else {}))  # else Plotly infers (categories too)
    fig.update_xaxes(title_text=xaxis)
    return fig


def draw_inference_cost(df: pd.DataFrame) -> "go.Figure":
    import plotly.graph_objects as go

    fig, groups = go.Figure(), []
    services = sorted(df["service"].unique())
    for service, colour in zip(services, palette(len(services))):
        g = df[df["service"] == service]
        wide = g.pivot(index="month", columns="scenario", values="cost_usd").sort_index() / 1e6
        base = g[g["scenario"] == "base"].set_index("month").sort_index()
        for trace in band_traces(wide["low"], wide["high"], colour, service):
            fig.add_trace(trace)
            groups.append(service)
        fig.add_trace(go.Scatter(
            x=wide.index, y=wide["base"], name=service, legendgroup=service, mode="lines+markers",
            line={"color": colour, "width": 2}, connectgaps=False,
            marker={"symbol": [STATUS_SYMBOL.get(s, "x") for s in base["status"]], "size": 6, "color": colour},
            customdata=list(zip(base["status"], base["driver"].fillna("no driver"), base["quality"].fillna(""),
                                wide["low"], wide["high"])),
            hovertemplate=f"<b>{service}</b> %{{x|%Y-%m}}<br>base %{{y:,.1f}} USD m (low %{{customdata[3]:,.1f}}, "
                          "high %{customdata[4]:,.1f})<br>%{customdata[0]}: %{customdata[1]} (%{customdata[2]})"
                          "<extra></extra>"))
        groups.append(service)
    menu = add_selector(fig, services, groups)
    return layout(fig, "USD million per month (log scale)", "month", log_y=True, updatemenus=[menu])


def draw_serving_cost(df: pd.DataFrame) -> "go.Figure":
    import plotly.graph_objects as go

    fig, groups = go.Figure(), []
    stacks = sorted(df["stack"].unique())
    colours = dict(zip(sorted(df["series"].unique()), palette(df["series"].nunique())))
    first = df["shown_first"].dropna().iloc[0] if df["shown_first"].notna().any() else stacks[0]
    for stack in stacks:
        g = df[df["stack"] == stack]
        months = pd.date_range(g["month"].min(), g["month"].max(), freq="MS")
        for series, s in g.groupby("series"):
            s = s.set_index("month").reindex(months)  # a month without a price is a gap, not a straight line
            fig.add_trace(go.Scatter(
                x=months, y=s["usd_per_mtok_blended_rented"], name=series, legendgroup=series, mode="lines+markers",
                line={"color": colours[series]}, connectgaps=False,
                marker={"size": 5, "symbol": [TIER_SYMBOL.get(t, "circle") for t in s["price_tier"]]},
                customdata=s["price_tier"].fillna("no price").tolist(),
                hovertemplate=f"<b>{stack}</b> on {series} %{{x|%Y-%m}}: %{{y:,.3f}} USD per million tokens "
                              "(%{customdata} price)<extra></extra>"))
            groups.append(stack)
        api = g.drop_duplicates("month").sort_values("month")
        if api["api_usd_per_mtok_blended"].notna().any():
            fig.add_trace(go.Scatter(
                x=api["month"], y=api["api_usd_per_mtok_blended"], name="API list price", mode="lines",
                line={"color": BLACK, "dash": "dash", "shape": "hv"}, connectgaps=False, legendgroup="api",
                hovertemplate=f"<b>{stack}</b> API price %{{x|%Y-%m}}: %{{y:,.3f}} USD per million tokens<extra></extra>"))
            groups.append(stack)
    menu = add_selector(fig, stacks, groups, first=first)
    return layout(fig, "USD per million tokens, blended 3:1 input:output (log scale)", "month", log_y=True,
                  updatemenus=[menu])


def draw_price_index(df: pd.DataFrame) -> "go.Figure":
    import plotly.graph_objects as go

    fig = go.Figure()
    products = list(dict.fromkeys(df["product"]))
    for product, colour in zip(products, palette(len(products))):
        g = df[df["product"] == product].set_index("month").sort_index()
        months = pd.date_range(g.index.min(), g.index.max(), freq="MS")
        g = g.reindex(months)  # a month without quotes is a gap in the line and the band
        for trace in band_traces(g["usd_per_gpu_hour_p10"], g["usd_per_gpu_hour_p90"], colour, product):
            fig.add_trace(trace)
        fig.add_trace(go.Scatter(
            x=months, y=g["usd_per_gpu_hour_median"], name=product, legendgroup=product, mode="lines+markers",
            line={"color": colour}, marker={"size": 4}, connectgaps=False,
            customdata=list(zip(g["usd_per_gpu_hour_p10"], g["usd_per_gpu_hour_p90"], g["providers"].fillna(0))),
            hovertemplate=f"<b>{product}</b> %{{x|%Y-%m}}: median %{{y:.2f}} USD/GPU-hour<br>p10 %{{customdata[0]:.2f}}"
                          " - p90 %{customdata[1]:.2f}, %{customdata[2]} provider(s)<extra></extra>"))
    return layout(fig, "USD per GPU-hour, on-demand (median; band p10-p90 of quotes)", "month")


def draw_token_prices(df: pd.DataFrame) -> "go.Figure":
    import plotly.graph_objects as go

    fig = go.Figure()
    series = list(dict.fromkeys(df["series"]))
    for name, colour in zip(series, palette(len(series))):
        g = df[df["series"] == name].sort_values("day")
        fig.add_trace(go.Scatter(
            x=g["day"], y=g["usd_per_mtok_blended_3_1"], name=name, mode="lines+markers",
            line={"color": colour, "shape": "hv"}, marker={"size": 5},
            hovertemplate=f"<b>{name}</b> %{{x|%Y-%m-%d}}: %{{y:,.3f}} USD per million tokens<extra></extra>"))
    return layout(fig, "USD per million tokens, blended 3:1 input:output (log scale)", "listed price from", log_y=True)


def draw_training_cost(df: pd.DataFrame) -> "go.Figure":
    import plotly.graph_objects as go

    fig = go.Figure()
    df = df.sort_values("training_compute_flop")
    labels = [f"{m} ({'trained on' if b == 'as_trained' else 'on a reference'} {a})"
              for m, a, b in zip(df["model"], df["accelerator"], df["basis"])]
    for (column, name), colour in zip(COST_METHODS, palette(len(COST_METHODS))):
        base, low, high = df[column] / 1e6, df[f"{column}_min"] / 1e6, df[f"{column}_max"] / 1e6
        fig.add_trace(go.Bar(
            y=labels, x=base, name=name, orientation="h", marker={"color": colour},
            error_x={"type": "data", "symmetric": False, "array": high - base, "arrayminus": base - low,
                     "thickness": 1, "width": 3},
            customdata=list(zip(df["basis"], df["issue"].fillna(""))),
            hovertemplate=f"%{{y}}: {name} %{{x:,.1f}} USD m (2023)<br>basis: %{{customdata[0]}}<br>%{{customdata[1]}}"
                          "<extra></extra>"))
    epoch = df["epoch_cost_2023_usd"].notna()
    fig.add_trace(go.Scatter(y=[lab for lab, e in zip(labels, epoch) if e], x=df.loc[epoch, "epoch_cost_2023_usd"] / 1e6, mode="markers",
                             name="Epoch AI's own estimate", marker={"symbol": "diamond", "size": 10, "color": BLACK},
                             hovertemplate="%{y}: Epoch AI %{x:,.1f} USD m (2023)<extra></extra>"))
    layout(fig, "", "USD million, 2023 dollars (log scale; whiskers: low-high scenarios)", barmode="group", height=560)
    return fig.update_xaxes(type="log")


def draw_compute_trend(df: pd.DataFrame) -> "go.Figure":
    import numpy as np
    import plotly.graph_objects as go

    fig = go.Figure()
    points, fits = df[df["kind"] == "model"], df[df["kind"] == "fit"]
    fig.add_trace(go.Scatter(
        x=points["publication_date"], y=points["training_compute_flop"], mode="markers", name="models (Epoch AI)",
        marker={"size": 5, "color": GREY, "opacity": 0.5}, text=points["model"],
        hovertemplate="<b>%{text}</b> %{x|%Y-%m-%d}: %{y:.2e} FLOP<extra></extra>"))
    for (_, fit), colour in zip(fits.iterrows(), palette(len(fits))):
        days = pd.date_range(fit["window_start"], fit["window_end"], periods=40)
        years = (days - pd.Timestamp(fit["fit_centre_date"])).days / 365.25
        flop = lambda slope: np.power(2.0, fit["fit_centre_log2_flop"] + slope * years)  # noqa: E731
        name = (f"{fit['window_name']} ({fit['subset']}): doubling every {fit['doubling_time_months']:.1f} months "
                f"(90 %: {fit['doubling_time_months_low']:.1f}-{fit['doubling_time_months_high']:.1f})")
        ends = [flop(fit["doublings_per_year_low"]), flop(fit["doublings_per_year_high"])]
        low, high = np.minimum(*ends), np.maximum(*ends)  # the fan crosses at the centre
        fig.add_trace(go.Scatter(x=list(days) + list(days[::-1]), y=list(high) + list(low[::-1]), fill="toself",
                                 fillcolor=colour, opacity=0.2, line={"width": 0}, hoverinfo="skip",
                                 legendgroup=name, showlegend=False))
        fig.add_trace(go.Scatter(x=days, y=flop(fit["doublings_per_year"]), mode="lines", name=name, legendgroup=name,
                                 line={"color": colour, "width": 3},
                                 hovertemplate=f"{name}<br>%{{x|%Y-%m}}: %{{y:.2e}} FLOP<extra></extra>"))
    return layout(fig, "training compute, FLOP (log scale)", "publication date", log_y=True,
                  legend={"orientation": "h", "y": -0.2, "font": {"size": 11}}, height=540)


def draw_vendor_exposure(df: pd.DataFrame) -> "go.Figure":
    from plotly.subplots import make_subplots
    import plotly.graph_objects as go

    panels = list(dict.fromkeys(df["panel"]))
    bars = [int((df["panel"] == p).sum()) + 2 for p in panels]  # a panel's height follows its bars (+2: axis, title)
    titles = [f"{p}: {df.loc[df['panel'] == p, 'measure_unit'].iloc[0]}" for p in panels]
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=titles, vertical_spacing=0.5 / len(panels),
                        row_heights=bars)
    for row, panel in enumerate(panels, start=1):
        # largest at the top; a tie in alphabetical order top-down, so two renders of the same data are identical
        g = df[df["panel"] == panel].sort_values(["measure", "vendor"], ascending=[True, False])
        colours = [RED if v == "Lenovo" else BLUE for v in g["vendor"]]
        usd = g["measure_unit"].iloc[0] == "USD million"
        error = {"type": "data", "symmetric": False, "array": g["measure_high"] - g["measure"],
                 "arrayminus": g["measure"] - g["measure_low"], "thickness": 1} if usd else None
        fig.add_trace(go.Bar(
            y=g["vendor"], x=g["measure"], orientation="h", marker={"color": colours}, showlegend=False,
            error_x=error, customdata=list(zip(g["share_pct"], g["period"], g["share_quality"].fillna(""))),
            hovertemplate="<b>%{y}</b>: %{x:,.1f} " + g["measure_unit"].iloc[0]
                          + "<br>share %{customdata[0]:.1f} % in %{customdata[1]} (%{customdata[2]})<extra></extra>"),
            row=row, col=1)
    fig.update_layout(margin={"l": 110, "r": 20, "t": 40, "b": 40}, template="plotly_white",
                      height=22 * sum(bars) + 60 * len(panels), hovermode="closest")
    fig.update_annotations(font_size=12)
    return fig


def draw_lenovo(df: pd.DataFrame) -> "go.Figure":
    import plotly.graph_objects as go

    fig = go.Figure()
    vendors = list(dict.fromkeys(df["vendor"]))
    quarters = pd.date_range(df["quarter_start"].min(), df["quarter_start"].max(), freq="QS")
    for vendor, colour in zip(vendors, palette(len(vendors))):
        g = df[df["vendor"] == vendor].set_index("quarter_start").reindex(quarters)  # a missing quarter is a gap
        g["quarter"] = [f"{q.year}-Q{q.quarter}" for q in quarters]
        g["quarter_start"] = quarters
        fig.add_trace(go.Scatter(
            x=g["quarter_start"], y=g["server_revenue_share_pct"], name=vendor, mode="lines+markers",
            connectgaps=False, line={"color": RED if vendor == "Lenovo" else colour, "width": 3 if vendor == "Lenovo" else 1.5},
            customdata=list(zip(g["quarter"], g["server_revenue_rank"].astype("object").where(g["server_revenue_rank"].notna(), "no rank"))),
            hovertemplate=f"<b>{vendor}</b> %{{customdata[0]}}: %{{y:.1f}} % of server revenue, rank %{{customdata[1]}}"
                          "<extra></extra>"))
    return layout(fig, "share of worldwide server revenue, % (IDC)", "quarter (a quarter IDC did not split is a gap)")


CHARTS = [
    Chart("inference-cost", "What does serving each AI service cost per month?",
          "Tokens of each month's best demand driver x the roofline cost per token of that month's serving stack, on "
          "rented accelerators (marts.monthly_inference_cost, bottom-up). Line: base scenario; band: low to high. "
          "Open circles are interpolated months, open diamonds months carried past the last observation; a month "
          "no driver covers is a gap, never bridged. Pick a service in the menu or click the legend.",
          """SELECT service, month, scenario, cost_usd, status, driver, quality, driver_source_url, driver_observed_at
             FROM marts.monthly_inference_cost WHERE method = 'bottom_up' AND scope = 'service'
             ORDER BY service, month, scenario""",
          draw_inference_cost, ("epoch_usage_reports", "similarweb_visits", "statcounter_ai_share", "gpu_cloud_lambda"),
          "driver_observed_at", ("driver_source_url",)),
    Chart("serving-cost", "What does a million tokens cost to serve on each accelerator generation, against the API price?",
          "Roofline cost per million tokens (3 input : 1 output) of the model behind a service, on rented "
          "accelerators at each month's median on-demand price, base scenario (marts.serving_cost_per_mtok); the "
          "dashed line is the API list price of the matching model. Open triangles are months priced at marketplace "
          "rates because no on-demand quote was left (the drop in late 2025). Pick the model in the menu.",
          """SELECT s.month, s.model_served AS stack, s.product || ' (' || s.precision || ')' AS series,
                    s.usd_per_mtok_blended_rented, s.price_tier, s.api_model, s.api_usd_per_mtok_blended,
                    (SELECT min(series) FROM core.report_series WHERE chart = 'serving-cost') AS shown_first,
                    i.newest_observed_at
             FROM marts.serving_cost_per_mtok s
             LEFT JOIN marts.gpu_price_index i ON i.month = s.month AND i.product = s.product AND i.tier = s.price_tier
             WHERE s.scenario = 'base' ORDER BY stack, series, month""",
          draw_serving_cost, ("epoch_hardware_prices", "primeintellect_prices", "litellm_prices", "epoch_ml_hardware"),
          "newest_observed_at"),
    Chart("price-index", "What does an hour of each data-centre GPU rent for, and how spread are the quotes?",
          "Monthly median of on-demand quotes across providers with the p10-p90 band (marts.gpu_price_index); a "
          "month without quotes, or quoted by fewer than price_index_min_providers providers (withheld), is a gap. "
          "Products from core.report_series.",
          """SELECT month, product, usd_per_gpu_hour_p10, usd_per_gpu_hour_median, usd_per_gpu_hour_p90, providers,
                    provider_names, sources, newest_observed_at
             FROM marts.gpu_price_index
             WHERE tier = 'on_demand' AND product IN (SELECT series FROM core.report_series WHERE chart = 'price-index')
             ORDER BY product, month""",
          draw_price_index, ("epoch_hardware_prices", "primeintellect_prices", "azure_retail_prices", "gpu_cloud_lambda",
                             "gpu_cloud_runpod", "gpu_cloud_coreweave", "gpu_cloud_modal"),
          "newest_observed_at"),
    Chart("token-prices", "How have frontier models' API prices moved?",
          "List price per million tokens (3 input : 1 output) at the developer's own API, from each dated version "
          "of LiteLLM's price file (marts.token_price_history), held until the last version that lists it. Models "
          "from core.report_series.",
          """WITH chosen AS (SELECT split_part(series, '/', 1) AS provider, split_part(series, '/', 2) AS canonical_model,
                                  series FROM core.report_series WHERE chart = 'token-prices'),
                  steps AS (SELECT c.series, h.valid_from::DATE AS day, min(h.usd_per_mtok_blended_3_1) AS usd_per_mtok_blended_3_1,
                                   max(coalesce(h.valid_to, h.last_observed_at))::DATE AS held_to, any_value(h.source_url) AS source_url,
                                   max(h.last_observed_at) AS last_observed_at
                            FROM marts.token_price_history h JOIN chosen c USING (provider, canonical_model)
                            WHERE h.source = 'litellm_prices' AND h.usd_per_mtok_blended_3_1 > 0 GROUP BY ALL)
             SELECT series, day, usd_per_mtok_blended_3_1, source_url, last_observed_at FROM steps
             UNION ALL  -- the last price is drawn to the last day a version listed it
             SELECT series, max(held_to), arg_max(usd_per_mtok_blended_3_1, day), any_value(source_url), max(last_observed_at)
             FROM steps GROUP BY series
             ORDER BY series, day""",
          draw_token_prices, ("litellm_prices",), "last_observed_at"),
    Chart("training-cost", "What did the largest training runs cost, by each of Epoch AI's three methods?",
          "The largest models by training compute (report_largest_models), costed on the hardware they trained on "
          "where Epoch AI names it, else on a reference H100: cloud rental at the price index of the training "
          "month, amortised capex plus energy, and the cluster's purchase price (marts.training_demand), in 2023 "
          "USD; whiskers span the low and high scenarios; diamonds are Epoch AI's own estimates.",
          """WITH largest AS (SELECT model FROM core.models WHERE training_compute_flop IS NOT NULL
                              QUALIFY row_number() OVER (ORDER BY training_compute_flop DESC, model)
                                      <= (SELECT report_largest_models FROM core.scenario_assumptions WHERE scenario = 'base')),
                  rows AS (SELECT t.*, (t.basis = 'as_trained') AS own_hardware FROM marts.training_demand t JOIN largest USING (model)
                           WHERE t.basis = 'as_trained' OR (t.basis = 'reference' AND t.accelerator = 'H100')),
                  chosen AS (SELECT * FROM rows QUALIFY own_hardware = max(own_hardware) OVER (PARTITION BY model))
             SELECT c.model, c.accelerator, c.basis, c.training_compute_flop, c.epoch_cost_2023_usd, c.issue,
                    m.observed_at, m.source_url,
                    c.cloud_cost_2023_usd, c.capex_energy_cost_2023_usd, c.acquisition_cost_2023_usd,
                    r.cloud_min AS cloud_cost_2023_usd_min, r.cloud_max AS cloud_cost_2023_usd_max,
                    r.capex_min AS capex_energy_cost_2023_usd_min, r.capex_max AS capex_energy_cost_2023_usd_max,
                    r.acq_min AS acquisition_cost_2023_usd_min, r.acq_max AS acquisition_cost_2023_usd_max
             FROM chosen c JOIN core.models m USING (model)
             JOIN (SELECT model, accelerator, basis,
                          min(cloud_cost_2023_usd) AS cloud_min, max(cloud_cost_2023_usd) AS cloud_max,
                          min(capex_energy_cost_2023_usd) AS capex_min, max(capex_energy_cost_2023_usd) AS capex_max,
                          min(acquisition_cost_2023_usd) AS acq_min, max(acquisition_cost_2023_usd) AS acq_max
                   FROM chosen GROUP BY ALL) r USING (model, accelerator, basis)
             WHERE c.scenario = 'base' ORDER BY c.training_compute_flop DESC, c.model, c.accelerator""",
          draw_training_cost, ("epoch_all_ml_systems", "epoch_hardware_prices", "fred_ppi_hosting", "epoch_ml_hardware"),
          "observed_at"),
    Chart("compute-trend", "How fast does the compute of the largest training runs grow?",
          "Log-linear fits of training compute on publication date (marts.compute_trend) with their 90 % "
          "interval (the fan around each line); grey points are every model with a compute figure (Epoch AI). "
          "Windows from core.report_series.",
          """SELECT 'model' AS kind, model, publication_date, training_compute_flop, observed_at,
                    NULL AS window_name, NULL AS subset, NULL::DATE AS window_start, NULL::DATE AS window_end,
                    NULL::DATE AS fit_centre_date, NULL::DOUBLE AS fit_centre_log2_flop, NULL::DOUBLE AS doublings_per_year,
                    NULL::DOUBLE AS doublings_per_year_low, NULL::DOUBLE AS doublings_per_year_high,
                    NULL::DOUBLE AS doubling_time_months, NULL::DOUBLE AS doubling_time_months_low,
                    NULL::DOUBLE AS doubling_time_months_high
             FROM core.models WHERE training_compute_flop > 0
              AND publication_date >= (SELECT min(window_start) FROM core.trend_windows)
             UNION ALL
             SELECT 'fit', largest_model, NULL, NULL, NULL, window_name, subset, window_start, window_end, fit_centre_date,
                    fit_centre_log2_flop, doublings_per_year, doublings_per_year_low, doublings_per_year_high,
                    doubling_time_months, doubling_time_months_low, doubling_time_months_high
             FROM marts.compute_trend
             WHERE window_name IN (SELECT series FROM core.report_series WHERE chart = 'compute-trend')
             ORDER BY kind DESC, window_start, publication_date, model""",
          draw_compute_trend, ("epoch_all_ml_systems", "epoch_notable_models"), "observed_at"),
    Chart("vendor-exposure", "Which vendors are exposed to AI compute demand, segment by segment?",
          "One panel per segment (one unit, one region, its latest period that names at least its usual number of vendors): USD exposure = modelled demand x the "
          "vendor's share x ASP, with whiskers over the scenarios (marts.vendor_exposure); segments without an "
          "exposure (TOP500 installed systems, unit shares without an ASP) show the share itself. Panels are never "
          "ranked against each other. Lenovo in red.",
          """WITH named AS (SELECT segment, period_start, count(DISTINCT vendor) AS vendors FROM marts.vendor_exposure
                            WHERE share_pct IS NOT NULL GROUP BY ALL),
                  -- a segment's panel is its latest period that names at least as many vendors as its median period
                  -- (2025-Q3 names Lenovo alone: a one-bar panel would say nothing about standing)
                  usual AS (SELECT * FROM named QUALIFY vendors >= median(vendors) OVER (PARTITION BY segment)),
                  shown AS (SELECT segment, period_start FROM usual
                            QUALIFY period_start = max(period_start) OVER (PARTITION BY segment)),
                  latest AS (SELECT e.* FROM marts.vendor_exposure e JOIN shown USING (segment, period_start)),
                  measured AS (SELECT segment, unit, region, period, vendor, share_source_url, share_quality, period_end,
                                      any_value(share_pct) FILTER (WHERE scenario = 'base') AS share_pct,
                                      any_value(exposure_usd) FILTER (WHERE scenario = 'base') / 1e6 AS exposure,
                                      min(exposure_usd) / 1e6 AS exposure_low, max(exposure_usd) / 1e6 AS exposure_high
                               FROM latest GROUP BY ALL)
             SELECT segment || ' (' || unit || ', ' || region || ', ' || period || ')' AS panel, segment, unit, region,
                    period, vendor, share_pct, share_quality, share_source_url, period_end,
                    CASE WHEN bool_and(exposure IS NOT NULL) OVER (PARTITION BY segment) THEN 'USD million'
                         ELSE '% share (' || unit || ')' END AS measure_unit,
                    CASE WHEN bool_and(exposure IS NOT NULL) OVER (PARTITION BY segment) THEN exposure ELSE share_pct END AS measure,
                    CASE WHEN bool_and(exposure IS NOT NULL) OVER (PARTITION BY segment) THEN exposure_low ELSE share_pct END AS measure_low,
                    CASE WHEN bool_and(exposure IS NOT NULL) OVER (PARTITION BY segment) THEN exposure_high ELSE share_pct END AS measure_high
             FROM measured WHERE share_pct IS NOT NULL
             ORDER BY measure_unit, segment, measure DESC, vendor""",
          draw_vendor_exposure, ("idc_server_tracker", "idc_china_accelerators", "top500", "market_anchors"),
          "period_end", ("share_source_url",)),
    Chart("lenovo", "Where does Lenovo stand among server vendors, quarter by quarter?",
          "Share of worldwide server revenue by quarter from IDC's trackers (marts.lenovo_view), Lenovo beside "
          "Dell, HPE, Supermicro and Inspur/IEIT; a quarter IDC did not split by vendor is a gap.",
          """SELECT quarter_start, quarter, vendor, server_revenue_share_pct, server_revenue_rank,
                    CASE WHEN server_revenue_share_pct IS NOT NULL
                         THEN (quarter_start + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE END AS quarter_end, idc_source_url
             FROM marts.lenovo_view WHERE scenario = 'base' ORDER BY vendor = 'Lenovo' DESC, vendor, quarter_start""",
          draw_lenovo, ("idc_server_tracker", "market_anchors"), "quarter_end", ("idc_source_url",)),
]
