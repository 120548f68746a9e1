"""The warehouse: SQL models, curated inputs, assumptions, analyst queries and the publish step."""
from pathlib import Path

WAREHOUSE_SRC = Path(__file__).resolve().parent
SQL_DIR = WAREHOUSE_SRC / "sql"
QUERIES_DIR = WAREHOUSE_SRC / "queries"
