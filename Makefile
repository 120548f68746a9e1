# The few commands a person types. Each bootstraps .venv from requirements.lock (+ requirements-dev.lock) when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
export DAGSTER_HOME := $(CURDIR)/.dagster_home
export PYTHONUNBUFFERED := 1

.PHONY: refresh test test-fast dev docs bench sql lock clean

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME) && cp dagster.yaml $@

## refresh: set up .venv, materialise every asset from the recorded snapshots, publish build/aicompute.duckdb
refresh: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pipelines.refresh

## test: the whole test suite, what CI runs (.ci/run), on both cores: each test module runs whole on one worker
test: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pytest -n 2 --dist loadfile

## test-fast: the inner loop (under a minute): every test that needs no refresh and starts no Dagster run or process
## (parsers on the real payloads, SQL model units, bad input, security); the hypothesis fuzzing is in make test
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not refresh and not slow"

## dev: Dagster UI + daemon (schedule) on http://127.0.0.1:3000 (AICOMPUTE_UI_HOST, AICOMPUTE_UI_PORT), run history
## kept in .dagster_home/; the schedule's source mode is AICOMPUTE_SOURCE_MODE's (snapshot unless set to live)
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pipelines.dev

## docs: regenerate docs/DATA_DICTIONARY.md and build/reports/aicompute.html from the published warehouse
docs: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster asset materialize -m pipelines.definitions --select 'data_dictionary,charts_report'

## bench: benchmark the refresh and the marts at scale; writes bench/results.json (see BENCHMARKS.md)
bench: $(STAMP)
	$(BIN)/python bench/run.py

## sql: the DuckDB CLI, read-only, on the published warehouse
sql: $(STAMP)
	$(BIN)/duckdb -readonly build/aicompute.duckdb

## lock: re-pin requirements.lock (runtime) and requirements-dev.lock (the dev extra) from a fresh resolve of pyproject.toml
lock:
	rm -rf /tmp/aicompute-lock && $(PYTHON) -m venv /tmp/aicompute-lock
	/tmp/aicompute-lock/bin/pip install --quiet . && /tmp/aicompute-lock/bin/pip freeze --exclude aicompute > requirements.lock
	/tmp/aicompute-lock/bin/pip install --quiet ".[dev]" && /tmp/aicompute-lock/bin/pip freeze --exclude aicompute \
		| grep -vxFf requirements.lock > requirements-dev.lock

clean:
	rm -rf build
