# Safeguarding Reviews: `make run` serves the demo, `make test` runs every check. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
# The first interpreter that really runs and is 3.11 or newer (a pyenv shim can exist with no Python behind it).
PYTHON_BIN ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres:postgres@127.0.0.1:5432/safeguarding_reviews
# pytest-xdist workers: one per core (the suite is CPU-bound; each worker has its own test database).
PYTEST_WORKERS ?= auto

.PHONY: help tools deps frontend setup run worker tick migrate seed test lint typecheck migrations-check \
        pytest-sqlite pytest-postgres check-deploy clean \
        scale-smoke scale-faults bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

.tools/bin/uv:
	@[ -n "$(PYTHON_BIN)" ] || { echo "Python 3.11 or newer is needed (python3.11, python3.12 or python3.13)."; exit 1; }
	$(PYTHON_BIN) -m venv .tools
	.tools/bin/pip install --quiet uv

tools: $(if $(shell command -v uv 2>/dev/null),,.tools/bin/uv) ## Install uv into .tools/ if it is missing

deps: tools ## Create .venv from uv.lock (with dev tools)
	$(UV) sync --frozen --python $(PYTHON_BIN)

frontend: ## Install pinned front-end packages and build the partnership theme into var/frontend
	@command -v npm >/dev/null || { echo "npm is needed to build the GOV.UK front end: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

setup: deps frontend ## Everything make run needs: environment, front end, database
	mkdir -p var/mail
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable

run: setup ## Set up, load the demo partnership, serve the app and the task worker
	DEMO_MODE=true $(PY) manage.py seed_demo
	@echo
	@echo "Safeguarding Reviews is running at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --queue-name '*' --interval 2 & \
	  while true; do $(PY) manage.py tick >/dev/null || echo "tick failed (see above)"; sleep 60; done & \
	  DEMO_MODE=true $(PY) -m gunicorn config.wsgi_local:application --bind $(HOST):$(PORT) --workers 2

worker: ## Run only the task worker (database queue)
	$(PY) manage.py db_worker --queue-name '*'

tick: ## Run the once-a-minute scheduler command (reminders, heartbeat, audit checkpoint)
	$(PY) manage.py tick

lint: ## ruff, the import contracts (pyproject.toml [tool.importlinter], docs/architecture.md "Layers"), mypy
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports
	$(MAKE) --no-print-directory typecheck

typecheck: ## mypy
	$(PY) -m mypy safeguarding_reviews config tests bench

migrations-check: ## Fail if a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

pytest-sqlite:
	$(PY) -m pytest -q -n $(PYTEST_WORKERS)

# Whether the PostgreSQL server of PG_TEST_URL answers (its own `postgres` database: the test database need not exist).
PG_REACHABLE = $(PY) -c "import sys, psycopg; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); psycopg.connect(u._replace(path='/postgres').geturl(), connect_timeout=3).close()" '$(PG_TEST_URL)' 2>/dev/null

pytest-postgres: ## The whole suite again on PostgreSQL (required when CI=true)
	@if $(PG_REACHABLE); then \
	  DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -q -n $(PYTEST_WORKERS); \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is not reachable at $(PG_TEST_URL) and CI=true requires it."; exit 1; \
	else echo "SKIPPED: PostgreSQL tests. Start PostgreSQL on 127.0.0.1:5432 (or set PG_TEST_URL) to run them."; fi

# With both databases in the run, the form fuzzer sends half its requests on each, different ones
# (tests/test_fuzz_forms.py: at least 10,000 in all per suite run).
test: deps frontend ## ruff, mypy, migrations check, pytest on SQLite, then on PostgreSQL
	$(PY) manage.py collectstatic --noinput -v0
	$(MAKE) --no-print-directory lint migrations-check
	@if $(PG_REACHABLE) || [ "$$CI" = "true" ]; then databases=2; else databases=1; fi; \
	  FUZZ_SUITE_DATABASES=$$databases $(MAKE) --no-print-directory pytest-sqlite pytest-postgres

scale-smoke: deps ## Scaled out on loopback (PostgreSQL, Redis, 2 gunicorns, 2 RQ workers, tick) under locust load
	ops/scale/harness.sh smoke

scale-faults: deps ## The same deployment (own PostgreSQL cluster) through a killed worker, Redis down, a database restart, races
	SCALE_PG=private SCALE_USERS=6 ops/scale/harness.sh faults

bench: ## Pages at N = 1,000 and 5,000 cases (BENCH_SIZES=100,500 for less), SQLite + PostgreSQL; long, not in make test
	$(PY) manage.py collectstatic --noinput -v0
	PG_TEST_URL=$(PG_TEST_URL) $(PY) bench/pages.py

clean: ## Remove the local database, built assets and environments
	rm -rf var .venv node_modules
