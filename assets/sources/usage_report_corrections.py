"""Curated corrections of Epoch AI usage-report rows that carry a figure under the wrong metric.

inputs/curated/usage_report_corrections.csv: one row per Epoch row id (staging.epoch_usage_reports.id) whose figure is
not what its column says, with the metric it really is. core.traffic_monthly files the figure under that metric, so
it is kept and visible but never read as the column it sits in: ChatGPT's "40M weekly active users" of 2025-10-14
are paying subscribers (5 % of 800M weekly users), and OpenAI's "100B words per day" of 2024-02 counts generated
words, not all tokens processed. Epoch itself excludes the first from its graph.
"""
from .curated import Field, curated_source

METRICS = ("paying_subscribers", "daily_generated_tokens")

SOURCE = curated_source(
    "usage_report_corrections",
    domain="traffic",
    description="One row per Epoch AI usage-report row whose figure is another metric than its column says "
                "(paying subscribers filed as weekly users, generated words filed as tokens processed).",
    file="usage_report_corrections.csv",
    fields=(
        Field("id", "VARCHAR", "Epoch's row id (staging.epoch_usage_reports.id)"),
        Field("product", "VARCHAR", "Epoch's product name of that row, as a cross-check"),
        Field("metric", "VARCHAR", "What the figure really measures: " + ", ".join(METRICS), choices=METRICS),
        Field("source_url", "VARCHAR", "Page that shows what the figure measures", kind="url",
              column="correction_url"),
        Field("note", "VARCHAR", "Why", empty="", header_required=False),
    ),
    keys=("id",),
)
parse = SOURCE.parse
