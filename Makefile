# Early Help System Guide toolkit
#
#   make run          install, migrate, seed the demo partnership if empty, serve on 127.0.0.1:5000
#   make test         system packages, install, then every test stage (scripts/test.sh)
#   make install      .venv from requirements.lock + the project (editable), npm ci, GOV.UK Frontend compiled
#   make system-deps  Debian postgresql, chromium, chromium-driver (only those missing)
#   make clean        remove everything generated (keeps instance/, the local database)
#   make lock         regenerate requirements.lock in a clean virtualenv
#   make bench        benchmark: a 200-person workshop under gunicorn, export, import, page work (docs/benchmarks.md)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.ehsg-installed
NODE_STAMP := node_modules/.package-lock.json
ASSETS_STAMP := app/static/assets/VERSION

HOST ?= 127.0.0.1
PORT ?= 5000

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install run system-deps test clean lock bench

help:
	@sed -n 's/^#   //p' Makefile

install: $(PY_STAMP) $(NODE_STAMP) $(ASSETS_STAMP)

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@# A dependency added to pyproject.toml but not to the lock fails here: run `make lock`.
	$(BIN)/python -m pip check
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(ASSETS_STAMP): $(NODE_STAMP) scripts/build-assets.sh $(wildcard app/static/scss/*.scss)
	bash scripts/build-assets.sh

# The local server: development profile (cookies over plain HTTP), SQLite in instance/.
run: install
	EHSG_ENV=development $(BIN)/ehsg db upgrade
	EHSG_ENV=development $(BIN)/ehsg demo --if-empty
	EHSG_ENV=development $(BIN)/ehsg run --host $(HOST) --port $(PORT)

system-deps:
	bash scripts/system-deps.sh

test: system-deps install
	bash scripts/test.sh

# Not part of `make test`: figures, not pass or fail. BENCH_ARGS="--quick" for a short run.
bench: system-deps install
	$(BIN)/python -m pip install --quiet -r requirements-bench.lock
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules app/static/assets .pytest_cache .hypothesis .import_linter_cache test-results build *.egg-info
	find . -path ./instance -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

lock:
	rm -rf /tmp/ehsg-lockvenv
	$(PYTHON) -m venv /tmp/ehsg-lockvenv
	/tmp/ehsg-lockvenv/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# Full pinned transitive set for ehsg-toolkit and its [test] extra (Python 3.11)."; \
	  echo "# Regenerate: make lock   (clean venv, pip install -e '.[test]', pip freeze --exclude-editable)"; \
	  echo "# Install:    pip install -r requirements.lock && pip install --no-deps -e ."; \
	  /tmp/ehsg-lockvenv/bin/python -m pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf /tmp/ehsg-lockvenv
