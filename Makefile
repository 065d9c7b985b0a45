# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make run        set up, refresh every quarter under submissions/, print a summary
#   make test       set up, run the whole test suite (what CI runs, after make lint)
# and, for the inner loop:
#   make test-fast  pure functions, parsing, schemas and check-level bad inputs (< 1 min)
#   make lint       ruff (check and format) for Python, sqlfluff with the dbt templater for SQL
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DBT_SOURCES := dbt_project.yml $(shell find dbt_project seeds profiles -type f 2>/dev/null)
MANIFEST := target/manifest.json
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home

.PHONY: run test test-fast lint format ui manifest bench clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or pass PYTHON=..."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,lint]'
	touch $(STAMP)

# The dbt manifest is prepared here, at build time, and read by Dagster at load time.
$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	KINERJA_WORKING_DB="$${KINERJA_WORKING_DB:-$(CURDIR)/data/working.duckdb}" \
	  $(BIN)/dbt parse --quiet --project-dir . --profiles-dir profiles
	@touch $(MANIFEST)

manifest: $(MANIFEST)

run: $(MANIFEST)
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/kinerja refresh
	$(BIN)/kinerja summary

test: $(MANIFEST)
	$(BIN)/python -m pytest

test-fast: $(MANIFEST)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check orchestration tests bench
	$(BIN)/ruff format --check orchestration tests bench
	KINERJA_WORKING_DB="$(CURDIR)/data/lint.duckdb" $(BIN)/sqlfluff lint dbt_project/models dbt_project/tests

format: $(STAMP)
	$(BIN)/ruff check --fix orchestration tests bench
	$(BIN)/ruff format orchestration tests bench

ui: $(MANIFEST)
	@mkdir -p $(DAGSTER_HOME)
	exec $(BIN)/kinerja ui

clean:
	rm -rf target logs data

bench: $(MANIFEST)
	$(BIN)/python bench/run.py
