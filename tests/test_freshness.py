"""meta.source_freshness: every source with its newest observation, its age at query time and a stale flag."""
import shutil

import duckdb

from assets.freshness import ensure_source_freshness, stale_sources
from assets.sources import SOURCES


def test_every_source_is_listed_and_old_figures_are_stale(sql_warehouse, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(sql_warehouse, path)
    with duckdb.connect(str(path)) as conn:
        ensure_source_freshness(conn)
        rows = {r[0]: r[1:] for r in conn.execute(
            "SELECT source, newest_observed_at::DATE::VARCHAR, stale_after_days, age_days, stale, captures "
            "FROM meta.source_freshness").fetchall()}
        assert set(rows) == {s.name for s in SOURCES}
        # CoreWeave's only capture is the Wayback page of 2023-09-21: years old, stale after 90 days
        newest, limit, age, stale, captures = rows["gpu_cloud_coreweave"]
        assert (newest, limit, stale, captures) == ("2023-09-21", 90, True, 1) and age > 365
        # Epoch's price database is as new as its newest dated price (2025-03-17), not as its capture (2026-04-01)
        assert rows["epoch_hardware_prices"][0] == "2025-03-17"
        # OpenRouter: 21 captures, the newest of 2026-05-22
        assert rows["openrouter_models"][0] == "2026-05-22" and rows["openrouter_models"][4] == 21
        # configuration no date makes old is never stale
        assert rows["gpu_price_tiers"][1:4:2] == (None, False)
        # the age is computed when the view is read: a figure observed today is 0 days old
        conn.execute("UPDATE raw.gpu_cloud_coreweave SET observed_at = now()")
        assert conn.execute("SELECT age_days, stale FROM meta.source_freshness "
                            "WHERE source = 'gpu_cloud_coreweave'").fetchone() == (0, False)
        assert "gpu_cloud_coreweave" not in {name for name, *_ in stale_sources(conn)}
