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

.PHONY: setup system-deps demo test test-fast faults lint dev bench clean

setup: system-deps $(STAMP) dbt_project/target/manifest.json

# The reports need Debian's chromium (prints the PDF; the tests open the pages), the Noto
# CJK fonts (Chinese in the PDF and the charts) and poppler's pdftotext (the tests read the
# PDF). Installed once, only when missing.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null \
			|| [ ! -f $(CJK_FONT) ]; then \
		echo "installing chromium, fonts-noto-cjk and poppler-utils with apt-get"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium fonts-noto-cjk poppler-utils; \
	fi

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

# The fault corpus, kill -9 and concurrent readers on small (as in `make test`), then the
# kill -9 and reader tests again on a district home (a few minutes more).
faults: setup
	$(BIN)/python -m pytest tests/faults -v
	FINTECH_CLUSTER_TEST_SCALE=district $(BIN)/python -m pytest tests/faults/test_crash_and_readers.py -v

test-fast: setup
	$(BIN)/python -m pytest -m "not integration"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && FINTECH_CLUSTER_WAREHOUSE=$${FINTECH_CLUSTER_WAREHOUSE:-/tmp/fintech-cluster-lint.duckdb} ../$(BIN)/sqlfluff lint models

dev: setup
	$(BIN)/fintech-cluster dev

# Not part of `make test`: figures, never verdicts. Default district (SCALE's own default,
# small, is for the demo): `make bench SCALE=small` for a quick look.
bench: setup
	$(BIN)/fintech-cluster bench --scale $(if $(filter command line environment,$(origin SCALE)),$(SCALE),district)

clean:
	rm -rf dbt_project/target dbt_project/logs .pytest_cache
