"""Curated CSV sources (Similarweb figures, assumptions, services, seed figures) on the real files in the repo,
and the errors an analyst gets for a malformed row: file, line, column and what was wrong."""
import pytest

from assets.sources import assumptions, seed_figures, services, similarweb_visits
from infra.sources import SourceParseError, read_snapshot

ASSUMPTIONS_HEADER = "name,value,low,high,unit,effect,source_url,note\n"


def parse(module, text: str):
    return module.parse(text.encode(), "inputs/curated/assumptions.csv")


def test_similarweb_figures_parse_with_their_urls():
    p = read_snapshot(similarweb_visits.SOURCE)
    rows = similarweb_visits.parse(p.body, p.origin)
    jan = rows[(rows["month"].astype(str) == "2023-01-01") & (rows["metric"] == "visits")]
    assert jan["value"].tolist() == [616_000_000]
    assert jan["domain"].tolist() == ["chat.openai.com"]
    assert rows["figure_url"].str.startswith("https://").all()
    assert set(rows["unit"]) == {"count", "percent"}


def test_assumptions_file_holds_the_seed_constants():
    p = read_snapshot(assumptions.SOURCE)
    rows = assumptions.parse(p.body, p.origin).set_index("name")
    assert rows.loc["usd_per_interaction", "value"] == 0.01
    assert rows.loc["reference_training_cost_usd", "value"] == 4_600_000
    assert rows.loc["reference_training_compute_pf_days", "value"] == 3640
    assert (rows["low"] <= rows["value"]).all() and (rows["value"] <= rows["high"]).all()


def test_assumption_units_for_flop_per_token_and_day_counts():
    rows = parse(assumptions, ASSUMPTIONS_HEADER + "training_flop,6,6,6,flop_per_param_token,none,https://a,n\n"
                 "training_window,365,180,730,days,raises,https://a,n\n")
    assert rows["unit"].tolist() == ["flop_per_param_token", "days"]
    assert rows["value"].tolist() == [6, 365]


@pytest.mark.parametrize("row, line_col, message", [
    ("x,abc,1,2,usd,raises,https://a,n\n", "line 2, column 'value'", "not a number"),
    ("x,5,6,7,usd,raises,https://a,n\n", "line 2, column 'low'", "low <= value <= high"),
    ("x,5,1,7,furlongs,raises,https://a,n\n", "line 2, column 'unit'", "unknown unit"),
    ("x,-5,-6,7,usd,raises,https://a,n\n", "line 2, column 'value'", "below the allowed minimum"),
    ("x,5,1,7,usd,raises,,n\n", "line 2, column 'source_url'", "source_url must be the https page"),
    ("x,5,1,7,usd,raises,https://a,n\nx,5,1,7,usd,raises,https://a,n\n", "line 3, column 'name'", "duplicate key (name) = (x)"),
    ('"x"" y",5,1,7,usd,raises,https://a,n\n', "line 2, column 'name'", "must be snake_case"),
    ("x,5,1,7,usd,none,https://a,n\n", "line 2, column 'effect'", "has a range (1 / 5 / 7) but effect none"),
    ("x,5,5,5,usd,lowers,https://a,n\n", "line 2, column 'effect'", "is a constant (5) but effect lowers"),
])
def test_malformed_assumption_rows_name_file_line_and_column(row, line_col, message):
    with pytest.raises(SourceParseError) as err:
        parse(assumptions, ASSUMPTIONS_HEADER + row)
    text = str(err.value)
    assert "source 'assumptions' (inputs/curated/assumptions.csv, " + line_col in text
    assert message in text


def test_missing_required_column_is_named():
    with pytest.raises(SourceParseError, match="required column.*high"):
        parse(assumptions, "name,value,low,unit,source_url\nx,1,1,usd,https://a\n")


def test_similarweb_duplicate_and_bad_month():
    header = "month,domain,metric,value,unit,publisher_citing_similarweb,source_url,quality,note\n"
    row = "2023-01,chat.openai.com,visits,1,count,p,https://a,secondary,\n"
    with pytest.raises(SourceParseError, match="line 3.*duplicate key"):
        similarweb_visits.parse((header + row + row).encode(), "f.csv")
    with pytest.raises(SourceParseError, match="line 2, column 'month'"):
        similarweb_visits.parse((header + row.replace("2023-01", "Jan 2023")).encode(), "f.csv")


def test_services_and_seed_figures_parse():
    p = read_snapshot(services.SOURCE)
    assert {"ChatGPT", "Gemini", "Claude", "Copilot", "Perplexity", "DeepSeek", "Character.AI"} <= set(
        services.parse(p.body, p.origin)["service"])
    p = read_snapshot(seed_figures.SOURCE)
    figures = seed_figures.parse(p.body, p.origin).set_index("figure")
    assert figures.loc["chatgpt_2023_01_cost_usd", "published_value"] == 6_160_000
    assert figures.loc["chatgpt_2023_01_compute_pf_days", "published_value"] == 4874.4


def test_a_curated_figure_needs_a_known_quality():
    header = "month,domain,metric,value,unit,publisher_citing_similarweb,source_url,quality,note\n"
    with pytest.raises(SourceParseError, match="line 2, column 'quality'.*unknown quality 'trusted'"):
        similarweb_visits.parse((header + "2023-01,chat.openai.com,visits,1,count,p,https://a,trusted,\n").encode(), "f.csv")
