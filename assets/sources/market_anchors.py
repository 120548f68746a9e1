"""Market-size anchors: dated, sourced figures for the supply side (issue: supply side, item 1).

inputs/curated/market_anchors.csv, transcribed from press releases and their reprints, earnings coverage and IDC
pages (one URL per row, ../shared/reference-data/market_anchors/README.txt for the traps): NVIDIA and AMD
data-center revenue by quarter, hyperscaler capital expenditure (Microsoft, Alphabet, Amazon, Meta), Lenovo ISG
revenue, China AI accelerator shares (IDC server-market totals and vendor shares are idc_server_tracker's: one
place per fact). period_end is the calendar date
the reporting period ended (NVIDIA's fiscal quarters end about a month after calendar quarters); capex rows of
"X (incl. finance leases)" are a different definition from "X" and are kept apart by entity. quality: primary
where the row quotes the company's or IDC's own text (a press release reprinted verbatim, a call transcript), else
secondary. One row differs from the reference copy: NVIDIA FY2023 Q2 was transcribed from an http-only reprint
(thefinanceheadline.com); its source_url is NVIDIA's newsroom page of the same press release (https required).
"""
from .curated import QUALITIES, QUALITY_FIELD_DESCRIPTION, Field, curated_source

SERIES = ("nvidia_datacenter_revenue", "amd_datacenter_revenue", "hyperscaler_capex", "lenovo_isg_revenue",
          "china_ai_accelerators")

SOURCE = curated_source(
    "market_anchors",
    domain="vendor_share",
    description="One row per published market-size figure: a series (NVIDIA data-center revenue, hyperscaler capex, "
                "Lenovo ISG revenue, IDC server market ...) x entity x reporting period x metric, with its page.",
    file="market_anchors.csv",
    licence="Figures quoted from the press and company pages in source_url (facts with their URL)",
    fields=(
        Field("series", "VARCHAR", "Which anchor series: " + ", ".join(SERIES), choices=SERIES),
        Field("entity", "VARCHAR", "Company or market the figure is for, e.g. NVIDIA, Microsoft (incl. finance leases)"),
        Field("period_label", "VARCHAR", "The period as the company names it, e.g. FY2025 Q3, 2024Q4"),
        Field("period_end", "DATE", "Calendar date the reporting period ended", kind="date"),
        Field("metric", "VARCHAR", "revenue, capex, share_pct or units", choices=("revenue", "capex", "share_pct", "units")),
        Field("value", "DOUBLE", "The figure, in `unit` (USD, percent or units)", kind="number", minimum=0, maximum=1e13),
        Field("unit", "VARCHAR", "usd, pct or units", choices=("usd", "pct", "units")),
        Field("currency", "VARCHAR", "USD for money figures; empty otherwise", empty=""),
        Field("qualifier", "VARCHAR", "'>' or '~' when the source gives a bound or an approximation", empty=""),
        Field("source_url", "VARCHAR", "Page the figure was transcribed from", kind="url", column="figure_url"),
        Field("quality", "VARCHAR", QUALITY_FIELD_DESCRIPTION, choices=QUALITIES),
        Field("publisher", "VARCHAR", "Who published the page (and whose text it reprints)"),
        Field("published_date", "DATE", "When the page was published, where it says", kind="date", empty=None,
              header_required=False),
        Field("quote", "VARCHAR", "The sentence the figure was read from", empty=""),
        Field("line", "INTEGER", "Line of the curated CSV", kind="line"),
    ),
    keys=("series", "entity", "period_label", "metric"),
    observed_at="period_end", observed_at_basis="period", stale_after_days=200,
)
parse = SOURCE.parse
