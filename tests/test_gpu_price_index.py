"""marts.gpu_price_index: one vote per provider, carried quotes, withheld thin months, real series over years.

Hand computation for H100 SXM on-demand, 2025-03 (core.gpu_hour_prices, from Epoch's database): the providers
and their latest prices are aws 12.29 (2025-03-17), cr8dl 3.95 (seen 2024-08-24 and again 2025-03-03), cudo 2.45
(2025-03-03), gcp 11.06 (2025-03-17), oblivus 2.94 (2025-03-03), oracle 10.00 (seen 2023-10-23 .. 2025-03-17),
runpod 2.99 (2025-03-03), and lambda 3.29 (last seen 2025-02-28: carried). Sorted votes 2.45 2.94 2.99 3.29 3.95
10.00 11.06 12.29: median (3.29 + 3.95) / 2 = 3.62; p10 at position 0.1 x 7 = 0.7: 2.45 + 0.7 x 0.49 = 2.793;
p90 at 6.3: 11.06 + 0.3 x 1.23 = 11.429.
"""
import pytest

from tests.helpers import query

ROW_SQL = ("SELECT usd_per_gpu_hour_p10, usd_per_gpu_hour_median, usd_per_gpu_hour_p90, providers, quotes, "
           "carried_quotes, withheld, provider_names FROM marts.gpu_price_index "
           "WHERE product = ? AND tier = ? AND month = ?::DATE")


def test_a_month_computed_by_hand(sql_warehouse):
    [(p10, median, p90, providers, quotes, carried, withheld, names)] = query(
        sql_warehouse, ROW_SQL, ["H100 SXM", "on_demand", "2025-03-01"])
    assert (p10, median, p90) == (pytest.approx(2.793), pytest.approx(3.62), pytest.approx(11.429))
    assert (providers, quotes, carried, withheld) == (8, 8, 1, False)
    assert names == "aws, cr8dl, cudo, gcp, lambda, oblivus, oracle, runpod"


def test_real_series_across_years(sql_warehouse):
    quarters = lambda product: query(sql_warehouse, (  # noqa: E731
        "SELECT count(DISTINCT date_trunc('quarter', month)) FROM marts.gpu_price_index WHERE product = ? "
        "AND tier = 'on_demand' AND NOT withheld AND month BETWEEN DATE '2023-01-01' AND DATE '2025-12-01'"), [product])[0][0]
    assert quarters("H100 SXM") >= 8
    a100 = query(sql_warehouse, "SELECT count(DISTINCT date_trunc('quarter', month)) FROM marts.gpu_price_index "
                                "WHERE product = 'A100 SXM 80 GB' AND tier = 'on_demand' AND NOT withheld")[0][0]
    assert a100 >= 10


def test_thin_months_are_withheld_not_dropped(sql_warehouse):
    rows = query(sql_warehouse, "SELECT providers, usd_per_gpu_hour_median, withheld FROM marts.gpu_price_index "
                                "WHERE providers < 3")
    assert rows and all(withheld and median is None for _, median, withheld in rows)
    assert query(sql_warehouse, "SELECT count(*) FROM marts.gpu_price_index WHERE providers >= 3 AND withheld") == [(0,)]


def test_products_never_mix_and_no_month_is_extrapolated(sql_warehouse):
    # SXM and PCIe are separate series; an aggregate marketplace price (marketplace_median) never votes
    products = {r[0] for r in query(sql_warehouse, "SELECT DISTINCT product FROM marts.gpu_price_index")}
    assert {"H100 SXM", "H100 PCIe", "A100 SXM 80 GB", "A100 40 GB"} <= products
    assert "primeintellect" not in {n for (names,) in query(sql_warehouse, "SELECT provider_names FROM "
                                                                         "marts.gpu_price_index") for n in names.split(", ")}
    newest = query(sql_warehouse, "SELECT max(date_trunc('month', last_observed_at))::DATE FROM core.gpu_hour_prices "
                                  "WHERE index_quote AND product IS NOT NULL")[0][0]
    assert query(sql_warehouse, "SELECT max(month) FROM marts.gpu_price_index")[0][0] == newest
    # a carried vote never outlives the carry window (6 months, the price_index_carry_months assumption)
    assert query(sql_warehouse, "SELECT count(*) FROM marts.gpu_price_index WHERE carried_quotes > providers") == [(0,)]


def test_every_quote_observed_in_a_month_counts_in_that_month(sql_warehouse):
    """A price seen in a month counts there even when the key's next price starts in the same month (Prime
    Intellect's daily quotes change within a month: each day's price is a quote of that month)."""
    short = query(sql_warehouse, """
        WITH observed AS (
            SELECT m.month::DATE AS month, p.product, p.tier, count(*) AS quotes
            FROM core.gpu_hour_prices p,
                 LATERAL (SELECT unnest(generate_series(date_trunc('month', p.valid_from),
                                                        date_trunc('month', p.last_observed_at), INTERVAL 1 MONTH)) AS month) m
            WHERE p.index_quote AND p.product IS NOT NULL AND p.usd_per_gpu_hour IS NOT NULL AND p.tier <> 'purchase'
            GROUP BY ALL)
        SELECT o.month, o.product, o.tier, o.quotes, i.quotes FROM observed o
        JOIN marts.gpu_price_index i USING (month, product, tier) WHERE i.quotes < o.quotes""")
    assert short == []


def test_months_are_utc_months_whatever_the_session_time_zone(sql_warehouse):
    """Lambda's quote of 2024-09-01 00:00 UTC is a September quote even on a machine set to Los Angeles time: the
    index built in that session equals the one built in UTC."""
    import duckdb

    from assets.build import build_all
    sql = "SELECT month::VARCHAR, product, tier, providers, quotes, carried_quotes FROM marts.gpu_price_index ORDER BY ALL"
    with duckdb.connect() as conn:
        conn.execute("SET TimeZone = 'America/Los_Angeles'")
        build_all(conn)
        assert conn.execute(sql).fetchall() == query(sql_warehouse, sql)
