"""What a build fingerprint hashes: everything that changes the built table or view, so a change rebuilds it."""
import dataclasses

import infra.tables
from assets.sources import SOURCES_BY_NAME
from assets.sql_graph import load_models
from infra.tables import raw_schema_fingerprint


def test_a_model_code_version_covers_its_describe_step():
    """core.scenario_assumptions' column comments are written by a Python step after its SQL
    (one_column_per_assumption): turning that step on or off changes the built table, so its code version."""
    model = next(m for m in load_models() if m.key == "core/scenario_assumptions")
    assert model.schema.get("one_column_per_assumption") is True
    without = dataclasses.replace(model, schema={**model.schema, "one_column_per_assumption": False})
    assert model.sql == without.sql
    assert model.code_version != without.code_version


def test_the_raw_fingerprint_hashes_the_staging_view_sql(monkeypatch):
    """A change of the latest-capture filter is a change of every latest-capture staging view: it must change the
    raw table's schema fingerprint (so the view is recreated), and only for views that use the filter."""
    source = SOURCES_BY_NAME["services"]
    latest, every = raw_schema_fingerprint(source, False), raw_schema_fingerprint(source, True)
    monkeypatch.setattr(infra.tables, "LATEST_CAPTURE", "QUALIFY fetched_at >= max(fetched_at) OVER ()")
    assert raw_schema_fingerprint(source, False) != latest
    assert raw_schema_fingerprint(source, True) == every
