# The Makefile is the project's interface: `make demo` and `make test` are all a new user needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
SCALE ?= small
SEED ?= 42

.PHONY: setup demo test test-fast faults lint dev bench clean

setup: $(STAMP) dbt_project/target/manifest.json

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

dbt_project/target/manifest.json: $(STAMP) $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' 2>/dev/null | grep -v '/target/')
	$(BIN)/fintech-cluster prepare

demo: setup
	$(BIN)/fintech-cluster demo --scale $(SCALE) --seed $(SEED)

test: setup
	$(BIN)/python -m pytest

faults: setup
	$(BIN)/python -m pytest tests/faults -v

test-fast: setup
	$(BIN)/python -m pytest -m "not integration"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && FINTECH_CLUSTER_WAREHOUSE=$${FINTECH_CLUSTER_WAREHOUSE:-/tmp/fintech-cluster-lint.duckdb} ../$(BIN)/sqlfluff lint models

dev: setup
	$(BIN)/fintech-cluster dev

bench: setup
	$(BIN)/fintech-cluster bench --scale $(or $(SCALE),district)

clean:
	rm -rf dbt_project/target dbt_project/logs .pytest_cache
