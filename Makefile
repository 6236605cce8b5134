# Everyday commands of the khuyến công portal. `make` alone lists them.
#
# The virtualenv lives in .venv and is (re)installed only when a requirements
# file changes, so every target below can depend on it and stay fast.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k healthz -x".
PYTEST_ARGS ?=
# Two workers on two cores; PYTEST_XDIST= runs the suite in one process.
PYTEST_XDIST ?= -n auto
# Development commands (run, worker, migrations-check, messages) run with DEBUG on,
# which also lets settings start without a SECRET_KEY.
DEV := DEBUG=true

.PHONY: help venv install run test worker lint typecheck migrations-check messages clean

help: ## List the targets
	@echo "Cổng khuyến công: make <target>"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# Python 3.11 ships a pip that knows no --build-constraint, hence the upgrade first;
# xstatic-bootstrap builds from source and needs setuptools<81 (constraints-build.txt).
$(STAMP): requirements.txt requirements-dev.txt constraints-build.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11 or python3 on PATH)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON) is older than Python 3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt --build-constraint constraints-build.txt
	@touch $@

venv: $(STAMP) ## Create .venv and install the requirements (only when they change)

install: $(STAMP) .env ## Same as venv, and a development .env if there is none

# A laptop's .env: development mode, so manage.py works without a SECRET_KEY. Production sets
# its variables itself (docker-compose, the service's environment) and never uses this file.
.env:
	printf '# Development settings written by make; see .env.example for every variable.\nDEBUG=true\n' > $@

run: install ## Serve the demo province on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || { \
		echo "WARNING: WeasyPrint cannot load its system libraries, so PDF reports will fail."; \
		echo "         On Debian or Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; }
	$(DEV) $(MANAGE) migrate --noinput
	$(DEV) $(MANAGE) seed_demo
	$(DEV) $(MANAGE) seed_demo_texts
	@echo
	@echo "Demo accounts (password demo1234, for the demo only):"
	@echo "  staff           cán bộ: establishments, plans, projects, disbursements"
	@echo "  leader          lãnh đạo: reads everything, downloads the reports"
	@echo "  establishment   cơ sở: the owner of one demo establishment"
	@echo "  establishment2  cơ sở: the owner of another demo establishment"
	@echo "  admin           quản trị: users and reference data at /admin/"
	@if fc-list 'Liberation Serif' family 2>/dev/null | grep -q .; then \
		echo "Reports use Liberation Serif (metric-compatible with Times New Roman)."; \
	else \
		echo "Reports use DejaVu Serif: install fonts-liberation2 for Liberation Serif (Times New Roman metrics)."; \
	fi
	@if [ -n "$${CELERY_BROKER_URL:-}" ]; then \
		echo "Celery sends tasks to CELERY_BROKER_URL: keep 'make worker' running."; \
	else \
		echo "Celery runs tasks in this process (no CELERY_BROKER_URL)."; \
	fi
	@echo
	$(DEV) $(MANAGE) runserver 127.0.0.1:8000

# Tasks always run in-process here, even if .env names a broker; tests that need a
# real worker read CELERY_TEST_BROKER_URL instead.
test: install ## Run the tests (SQLite, or PostgreSQL when DATABASE_URL is set)
	CELERY_BROKER_URL= $(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
	$(DEV) $(BIN)/celery -A khuyencong worker -l info --max-tasks-per-child=20

lint: install ## Check the code with ruff, then the types with mypy
	$(BIN)/ruff check .
	$(BIN)/mypy

# The modules mypy checks, and how strictly, are set in pyproject.toml ([tool.mypy]).
typecheck: install ## Check the types of every app's services, selectors and documents with mypy
	$(BIN)/mypy

migrations-check: install ## Fail if a model change has no migration
	$(DEV) $(MANAGE) makemigrations --check --dry-run

messages: install ## Update and compile the English catalogue (needs gettext); then translate new entries
	$(DEV) $(MANAGE) makemessages -l en --no-location -e py,html,txt --ignore=.venv --ignore=staticfiles \
		--ignore=media --ignore=private --ignore=test-results --ignore=tests --ignore="*/tests/*" --ignore=bench
	$(DEV) $(MANAGE) compilemessages -l en --ignore=.venv --ignore=staticfiles

clean: ## Remove caches and collected static files (keeps .venv and db.sqlite3)
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .mypy_cache staticfiles test-results
