"""What a build fingerprint hashes: everything that changes the built table or view, so a change rebuilds it."""
import dataclasses

from assets.sql_graph import load_models


def test_a_model_code_version_covers_its_describe_step():
    """core.scenario_assumptions' column comments are written by a Python step after its SQL
    (one_column_per_assumption): turning that step on or off changes the built table, so its code version."""
    model = next(m for m in load_models() if m.key == "core/scenario_assumptions")
    assert model.schema.get("one_column_per_assumption") is True
    without = dataclasses.replace(model, schema={**model.schema, "one_column_per_assumption": False})
    assert model.sql == without.sql
    assert model.code_version != without.code_version

