# Ponte: `make run` serves the demo, `make test` runs the whole suite.
# Both install what they need first (uv from pip if missing, .venv from uv.lock).
SHELL := /bin/bash
PORT ?= 8000
PYTHON := .venv/bin/python
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PYTEST_ARGS ?=
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run test check lint format messages translations bench load faults clean

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet uv || python3 -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --frozen --quiet
	@mkdir -p "$${PONTE_VAR_DIR:-var}"
	@touch $@

install: .venv/.synced messages

# Compiled catalogues are committed; rebuild them when gettext is present.
messages:
	@if command -v msgfmt >/dev/null 2>&1 && [ -d src/ponte/locale ]; then \
		cd src/ponte && ../../$(PYTHON) ../../manage.py compilemessages --verbosity 0 --ignore=.venv; \
	fi

run: install
	@mkdir -p "$${PONTE_VAR_DIR:-var}"
	$(PYTHON) manage.py migrate --noinput
	@# Idempotent: the first run loads the demo, later runs find it there and change nothing.
	$(PYTHON) manage.py load_demo
	@echo ""
	@echo "Ponte is at http://127.0.0.1:$(PORT)/  (Arabic: http://127.0.0.1:$(PORT)/ar/)"
	@echo "Emails are printed here (console backend). Stop with Ctrl-C."
	$(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PYTHON) -m pytest --cov=ponte --cov-report=term:skip-covered $(PYTEST_ARGS)

check: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	$(PYTHON) manage.py makemigrations --check --dry-run

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Refresh the .po catalogues after changing translatable strings.
translations: install
	cd src/ponte && ../../$(PYTHON) ../../manage.py makemessages --no-obsolete --no-location \
		-l ar -l zh_Hans -l fr -l ru -l es --ignore=static

# The benchmark (README, "Benchmarks"): its own PostgreSQL database, a generated dataset (made once; BENCH_SCALE=0.01
# or BENCH_PEOPLE/BENCH_DAYS for a small one), the participation rollups, then timings into bench/results.md.
BENCH_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/ponte_bench
bench: install
	bash scripts/services.sh
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) -m bench.prepare
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) -m bench.generate
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) -m bench.measure
	@BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) -m bench.load; status=$$?; cat bench/results.md; exit $$status

# Throughput and worker memory alone (README, "Benchmarks"): gunicorn with 2 workers under locust (100 users) on the
# bench database made by `make bench`; fails on any server error. LOAD_MINUTES=10 makes the mixed traffic 10 minutes.
load: install
	bash scripts/services.sh
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) -m bench.prepare
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) -m bench.load

# Faults (README, "Reliability"): PostgreSQL restarted under load, Redis stopped, an import killed half-way; each
# PASS or FAIL. Its own database (ponte_faults) and Redis number, but it restarts this machine's PostgreSQL and
# stops its Redis for a moment (both are running again at the end). FAULTS="import" (postgres, redis) runs one.
FAULTS ?=
faults: install
	bash scripts/services.sh
	$(PYTHON) -m bench.faults $(FAULTS)

clean:
	rm -rf .venv var/static .pytest_cache .mypy_cache .coverage
