# Marginalia: `make run` serves the site with the five readings; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test lint bench soak e2e screenshots clean

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed-dev
	SITE_DOMAIN=$(or $(SITE_DOMAIN),$(HOST)) $(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_readings
	$(PY) manage.py setup_demo --base-url http://$(HOST)
	$(PY) manage.py runserver $(HOST)

test: $(VENV)/.installed-dev
	$(PY) -m pytest

# The benchmark (docs/benchmarks.md): SQLite by default; DATABASE_URL=postgres://…/marginalia_bench for PostgreSQL.
# --xtd also times django-comments-xtd 2.10 in a venv of its own (~/.cache/marginalia-bench; skipped if offline).
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py --wrk --explain --xtd

# 20 members posting, flagging and reading at once against gunicorn (4 workers, loopback only); stops by
# itself after 60 s or 3,000 requests (docs/benchmarks.md). Same DATABASE_URL rule as bench.
soak: $(VENV)/.installed-dev
	$(PY) bench/soak.py

# The browser tests alone; `make screenshots` also refreshes docs/screenshots/.
e2e: $(VENV)/.installed-dev
	$(PY) -m pytest tests/e2e

screenshots: $(VENV)/.installed-dev
	E2E_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest tests/e2e

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
