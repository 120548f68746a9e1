"""Where things live, in the order data moves through the repo:

inputs/ (recorded captures, curated CSVs)  ->  assets/ (parse, ingest, build)  ->  warehouse/ (SQL: staging, core,
marts; the analysts' cookbook)  ->  build/ (git-ignored: the working and published DuckDB files, archive, reports).
"""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
INPUTS_DIR = REPO_ROOT / "inputs"
CAPTURES_DIR = INPUTS_DIR / "captures"  # recorded payloads of the live sources
CURATED_DIR = INPUTS_DIR / "curated"  # figures transcribed by hand, assumptions, seed figures
SQL_DIR = REPO_ROOT / "warehouse"  # <layer>/<name>.sql and <layer>/schema.yml
COOKBOOK_DIR = SQL_DIR / "cookbook"
BUILD_DIR = REPO_ROOT / "build"  # default directory of the build outputs (AICOMPUTE_WAREHOUSE_DIR overrides it)
DOCS_DIR = REPO_ROOT / "docs"
