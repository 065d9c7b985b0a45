# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make run        set up, refresh every quarter under submissions/, print a summary
#   make test       set up, run the whole test suite (what CI runs, after make lint)
# and, for the inner loop:
#   make test-fast  pure functions, parsing, schemas and check-level bad inputs (< 1 min)
#   make test-spark the dbt layer on Spark (installs pyspark and a JDK; CI runs it after make test)
#   make lint       ruff (check and format) for Python, sqlfluff with the dbt templater for SQL
#   make family-marts  the family marts' yml and models, regenerated from the dataset specs
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DBT_SOURCES := dbt_project.yml $(shell find dbt_project seeds profiles -type f 2>/dev/null)
MANIFEST := target/manifest.json
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home
# Debian packages: the book's PDF renderer (WeasyPrint lays text out with Pango) and its fonts;
# the tests also read the PDF (poppler), open the HTML in headless Chromium, drive the Dagster UI
# in it (selenium talks to Debian's chromedriver: Selenium Manager cannot download one here) and
# publish to a real PostgreSQL server they start themselves.
DEBIAN_RUN  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra
DEBIAN_TEST := poppler-utils chromium chromium-driver postgresql
# dbt-spark's session method runs pyspark in local mode: a Java runtime.
DEBIAN_SPARK := openjdk-17-jre-headless
SPARK_STAMP  := $(VENV)/.spark-installed-stamp

.PHONY: book run test test-fast test-spark lint format ui manifest bench clean system-packages test-system-packages spark-system-packages family-marts

# Installs what is missing (as root; otherwise says what to install and goes on).
system-packages:
	@$(MAKE) --no-print-directory _debian PACKAGES="$(DEBIAN_RUN)"

test-system-packages:
	@$(MAKE) --no-print-directory _debian PACKAGES="$(DEBIAN_RUN) $(DEBIAN_TEST)"

spark-system-packages:
	@$(MAKE) --no-print-directory _debian PACKAGES="$(DEBIAN_SPARK)"

_debian:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "warning: install these Debian packages for the book's PDF and its tests: $$missing"; fi

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

run: $(MANIFEST) system-packages
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/kinerja refresh
	$(BIN)/kinerja summary

book: $(MANIFEST) system-packages
	$(BIN)/kinerja book $${QUARTER:-2024-Q2} --out data/book/$${QUARTER:-2024-Q2}

test: $(MANIFEST) test-system-packages
	$(BIN)/python -m pytest

# dbt-spark and pyspark at the versions constraints.txt pins (pyspark builds from source: 1-3 min).
$(SPARK_STAMP): $(STAMP) constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt 'dbt-spark[session]' pyspark
	touch $(SPARK_STAMP)

# The tests marked `spark` (left out of make test): raw tables into a Spark metastore, every dbt
# node built and tested on Spark, the marts compared with DuckDB's; prints how long each step took.
test-spark: $(MANIFEST) $(SPARK_STAMP) spark-system-packages
	$(BIN)/python -m pytest -m spark -q

test-fast: $(MANIFEST)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check orchestration tests bench
	$(BIN)/ruff format --check orchestration tests bench
	@mkdir -p data
	KINERJA_WORKING_DB="$(CURDIR)/data/lint.duckdb" $(BIN)/sqlfluff lint dbt_project/models dbt_project/tests

# The family marts' yml and models under dbt_project/models/marts/families/, from the dataset specs.
family-marts: $(STAMP)
	$(BIN)/python -m orchestration.warehouse.family_marts

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
