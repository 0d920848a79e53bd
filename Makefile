# journeymap — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
JM := $(VENV)/bin/journeymap
DEMO_EVENTS ?= 200000
DEMO_DATA ?= demo-data
DEMO_WS ?= demo-workspace
DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000
DEMO_PASSWORD ?= journeymap-demo

.PHONY: install demo test test-fast lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# the real Mermaid parser the export tests read diagrams back with (package-lock.json)
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# the web app's browser libraries, copied from node_modules (npm, lockfile) and never committed
VENDOR := src/journeymap/web/static/vendor
$(VENDOR)/.built: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/sortablejs/Sortable.min.js \
	   node_modules/plotly.js-dist-min/plotly.min.js $(VENDOR)/
	touch $@

install: $(VENV)/.installed node_modules/.installed $(VENDOR)/.built

demo: install
	rm -rf $(DEMO_DATA) $(DEMO_WS)
	$(JM) demo generate --events $(DEMO_EVENTS) --seed 7 --out $(DEMO_DATA)
	$(JM) init $(DEMO_WS)
	$(JM) --workspace $(DEMO_WS) ingest --plan $(DEMO_DATA)/sources.toml
	$(JM) --workspace $(DEMO_WS) build
	$(JM) --workspace $(DEMO_WS) summary
	$(JM) --workspace $(DEMO_WS) map generate --accounts
	$(JM) --workspace $(DEMO_WS) map export 1 $(DEMO_WS)/journey-map.png
	$(JM) --workspace $(DEMO_WS) user add demo --role admin --password $(DEMO_PASSWORD)
	@echo "Web app: http://$(DEMO_HOST):$(DEMO_PORT)  user: demo  password: $(DEMO_PASSWORD)"
	$(JM) --workspace $(DEMO_WS) serve --host $(DEMO_HOST) --port $(DEMO_PORT)

test: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/pytest -n 2 --dist loadgroup -m "not slow"
	$(VENV)/bin/pytest -m slow

test-fast: install
	$(VENV)/bin/pytest -n 2 -m "not slow"

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

bench: install
	$(PY) benchmarks/run.py --sizes 1000000 10000000

clean:
	rm -rf $(DEMO_DATA) $(DEMO_WS) .pytest_cache .ruff_cache
