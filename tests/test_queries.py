"""Every query of the analysts' cookbook (warehouse/cookbook/) runs on the published warehouse and answers."""
import duckdb
import pytest

from infra.paths import COOKBOOK_DIR

QUERIES = sorted(COOKBOOK_DIR.glob("*.sql"))


def test_the_cookbook_has_the_analysts_questions():
    names = {q.stem for q in QUERIES}
    assert {"monthly_cost_of_chatgpt_by_method", "gpu_years_to_train_a_model_on_each_accelerator",
            "lenovo_exposure_by_scenario"} <= names


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_cookbook_query_answers(sql_warehouse, query):
    sql = query.read_text()
    assert sql.lstrip().startswith("--"), "each query starts with the question it answers"
    with duckdb.connect(str(sql_warehouse), read_only=True) as conn:
        rows = conn.execute(sql).fetchall()
    assert rows, f"{query.name} returned no rows"
