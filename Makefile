# Two commands do everything on a fresh machine:
#   make run    create .venv, install, start the app on the sample community (port 8501)
#   make test   install test needs (incl. Debian's chromium and postgresql), then lint, types,
#               all tests
#   make check  lint, types and the unit tests only: about a minute, for every change
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
PYTEST_ARGS ?=
# Both cores: tests are spread over two workers, a file at a time (its fixtures stay shared).
XDIST ?= -n 2 --dist loadfile
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run share passcode install install-dev browser postgres vendor test check lint format types unit apptest e2e bench sample clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	@$(BIN)/python scripts/fetch_vendor.py || echo "Map files not installed (no internet?): the map loads Leaflet from its CDN."
	$(BIN)/streamlit run app.py --server.port $(PORT)

## Open the app to the other computers of the network (stakeholders' laptops and phones).
## Set passcodes first (make passcode) or a login: without them it refuses to start.
share: $(VENV)/.installed
	@$(BIN)/python scripts/check_share.py
	@$(BIN)/python scripts/fetch_vendor.py || echo "Map files not installed (no internet?): the map loads Leaflet from its CDN."
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address 0.0.0.0

## Print a passcode hash line for .streamlit/secrets.toml: make passcode [ROLE=stakeholder]
ROLE ?= facilitator
passcode: $(VENV)/.installed
	@$(BIN)/python -m mapping.meeting.passcodes $(ROLE)

## Leaflet and its plugin, pinned and integrity-checked, served by the app (static/vendor/)
vendor: $(VENV)/.installed
	$(BIN)/python scripts/fetch_vendor.py

## Debian's chromium for the browser tests (Playwright drives it; nothing is downloaded by Playwright)
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	else $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; fi

## Debian's PostgreSQL for the database tests: each run starts a throwaway server in a
## temporary folder (tests/pgserver.py); the system's own cluster is not used.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then echo "postgresql: $$(ls -d /usr/lib/postgresql/*/bin | tail -1)"; \
	else $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; fi

test: install-dev browser postgres vendor lint types
	$(BIN)/pytest tests $(XDIST) $(PYTEST_ARGS)

## Quick feedback while working: lint, types and the unit tests (no app, no browser)
check: lint types postgres
	$(BIN)/pytest tests/unit $(XDIST) -q $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

types: install-dev
	$(BIN)/mypy

unit: install-dev postgres
	$(BIN)/pytest tests/unit $(XDIST) $(PYTEST_ARGS)

apptest: install-dev
	$(BIN)/pytest tests/app $(XDIST) $(PYTEST_ARGS)

e2e: install-dev browser postgres vendor
	$(BIN)/pytest tests/e2e $(XDIST) $(PYTEST_ARGS)

## Speed tables (not timed tests): make bench
bench: install-dev
	$(BIN)/python -m bench

## Rebuild the fictional sample community in data/sample/ (deterministic)
sample: install
	$(BIN)/python scripts/make_sample.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
