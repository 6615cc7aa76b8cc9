# accord: two set-up commands, `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= accord.db

.PHONY: train demo test test-fast bench bench-api fuzz lint typecheck clean browser-deps postgres-server

# The exact versions of requirements.lock (the `dev` install: every extra), then
# accord itself without resolving again. pyproject.toml holds the ranges.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (accord needs Python 3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet -e . --no-deps
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/accord ingest examples --db $(DB)
	$(BIN)/accord report --db $(DB)
	$(BIN)/accord eval tests/data/seeds.gold.json --db $(DB)

# The event layer's classifier, from corpus/ (about 2 minutes on 2 cores); the
# built model ships in accord/models/event_types.
train: $(STAMP)
	$(BIN)/accord train

test: $(STAMP) postgres-server browser-deps
	$(BIN)/ruff check accord tests examples bench corpus
	$(BIN)/mypy accord
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-api: $(STAMP)
	$(BIN)/python bench/load.py --docs 10000 --requests 400 --clients 50

# Random seeds on every run (not derandomised), ACCORD_FUZZ_EXAMPLES cases per
# module; ACCORD_FUZZ_REPORT=FILE writes the input classes' table as JSON.
ACCORD_FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	ACCORD_FUZZ_EXAMPLES=$(ACCORD_FUZZ_EXAMPLES) $(BIN)/python -m pytest -q \
	  tests/test_fuzz_input.py tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check accord tests examples bench corpus

typecheck: $(STAMP)
	$(BIN)/mypy accord

# tests/test_postgres.py starts a throwaway server from these binaries; install
# them only when missing (root with apt-get, as on CI).
postgres-server:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing the PostgreSQL server (for tests/test_postgres.py)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends postgresql-15 >/dev/null \
	    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
	    || echo "warning: cannot install PostgreSQL: its tests skip (and fail under CI)"; \
	  else echo "note: no PostgreSQL server binaries; tests/test_postgres.py will be skipped"; fi; }

# tests/test_browser.py drives Debian's Chromium (never a downloaded browser);
# install it only when missing (root with apt-get, as on CI).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium (for tests/test_browser.py)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	    || echo "warning: cannot install Chromium: the browser tests skip (and fail under CI)"; \
	  else echo "note: no chromium; tests/test_browser.py will be skipped (failed under CI)"; fi; }

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
