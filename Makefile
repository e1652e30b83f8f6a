# Rød tråd — `make run` and `make test` are the two commands in README.md.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PYTEST_ARGS ?=

SMALL ?=
BENCH_ARGS ?=

.PHONY: run test install install-test lint typecheck pytest messages clean bench

run: install
	$(BIN)/rodtrad migrate --noinput
	$(BIN)/rodtrad collectstatic --noinput --verbosity 0
	$(BIN)/rodtrad demo
	$(BIN)/rodtrad serve --port $(PORT)

test: install-test lint typecheck pytest

install: $(VENV)/.installed node_modules/.installed messages

install-test: install .system-test-deps

$(VENV)/.installed: pyproject.toml constraints.txt
	scripts/system-deps.sh run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	scripts/system-deps.sh run
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: .system-test-deps
.system-test-deps:
	scripts/system-deps.sh test

messages: $(VENV)/.installed
	cd src/rodtrad && ../../$(BIN)/django-admin compilemessages --ignore=.venv --verbosity 0

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# Checks src, tests and benchmarks (pyproject.toml); benchmarks/ imports locust.
typecheck: $(VENV)/.installed $(VENV)/.bench-installed
	$(BIN)/mypy

pytest: $(VENV)/.installed
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pgdata

# Load at national scale beside a trivial view (BENCHMARKS.md). SMALL=1: a quick look.
# Uses DATABASE_URL, or the embedded PostgreSQL in .pgdata/; reuses the data set there.
bench: install $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py $(if $(SMALL),--small) $(BENCH_ARGS)

$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]'
	touch $@
