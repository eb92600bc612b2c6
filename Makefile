# Plan Commun: `make run` for the demo, `make test` for the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

# The settings default to production (DEBUG off, SECRET_KEY required): the
# targets here are for development, so they run with DEBUG on unless told
# otherwise (`DEBUG=false SECRET_KEY=… make serve` tries the production set-up).
export DEBUG ?= true

# What `make check` hands `manage.py check --deploy`: a production
# environment as .env.example describes it, with a throwaway key, and none
# of the development overrides a developer's shell may hold.
DEPLOY_CHECK_ENV := env -u SECURE_COOKIES -u SECURE_SSL_REDIRECT -u SECURE_HSTS_SECONDS \
	-u SECURE_HSTS_INCLUDE_SUBDOMAINS -u SECURE_HSTS_PRELOAD \
	DJANGO_SETTINGS_MODULE=config.settings.base DEBUG=false \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=plan-commun.example.org CSRF_TRUSTED_ORIGINS=https://plan-commun.example.org \
	BASE_URL=https://plan-commun.example.org

.PHONY: run install lock migrate demo serve test test-unit test-e2e seo e2e-deps html-deps proxy-deps check deploy-check audit messages bench bench-deps bench-import clean

run: install migrate demo serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every package at the version of the lock files (make lock writes them
# from pyproject.toml's pins), so that a fresh clone gets the tree CI tested:
# requirements.lock for production (the image), requirements-dev.lock with
# the test tools (make run, make test), requirements-bench.lock for make bench.
$(STAMP): requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools==7.7.0
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements-dev.lock pyproject.toml
	$(BIN)/pip-compile --quiet --extra test --extra bench --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements-bench.lock pyproject.toml

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo_data --host $(HOST) --port $(PORT)

# Development: daphne serves the pages and the websockets in one process.
# Production runs granian, daphne and Caddy (docker-compose.yml, README "Deploying").
serve: install
	@echo "Plan Commun on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	BASE_URL=$${BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application

# Browser and accessibility tooling for tests/e2e: Debian's Chromium (never a
# downloaded browser), axe-core and lighthouse from npm.
e2e-deps: html-deps
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }
	@test -f node_modules/.bin/lighthouse || npm ci --ignore-scripts --silent --no-audit --no-fund

# The Nu HTML Checker of tests/test_html_validity.py: vnu.jar (npm's vnu-jar,
# its script that would download a Java runtime not run) on Debian's Java.
html-deps:
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's Java for the Nu HTML Checker"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; fi; }
	@test -f node_modules/axe-core/axe.min.js -a -f node_modules/vnu-jar/build/dist/vnu.jar || npm ci --ignore-scripts --silent --no-audit --no-fund

# The reverse proxy of production, for the test that starts the whole stack
# (tests/test_stack.py): Debian's Caddy.
proxy-deps:
	@command -v caddy >/dev/null 2>&1 || { \
		echo "Installing Debian's caddy for the production stack's test"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null; fi; }

# Migrations up to date, Django's checks (and its deployment checks with a
# production environment), the code style (ruff), the layers of
# docs/architecture.md (import-linter) and the dependency audit.
check: install deploy-check audit
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Every warning of `check --deploy` fails (SECURITY.md says which one is
# silenced, and why).
deploy-check: install
	$(DEPLOY_CHECK_ENV) $(MANAGE) check --deploy --fail-level WARNING

# The locked dependencies (requirements*.lock, package-lock.json) against the
# advisory databases: fails on a known vulnerability; says loudly what it
# could not reach (tools/audit.py; AUDIT_REQUIRE_LIVE=1 makes that fail too).
audit: install
	$(BIN)/python tools/audit.py

# The unit tests on every core (pytest-xdist, one test database per
# worker), then the browser suite, which runs one server of its own.
test: install e2e-deps proxy-deps check
	$(BIN)/pytest -m "not e2e" -n auto
	$(BIN)/pytest -m e2e

test-unit: install html-deps proxy-deps
	$(BIN)/pytest -m "not e2e" -n auto

test-e2e: install e2e-deps
	$(BIN)/pytest -m e2e

# Lighthouse's SEO score of the main public pages (part of the browser suite;
# about 15 s a page): only these.
seo: install e2e-deps
	$(BIN)/pytest -m e2e tests/e2e/test_lighthouse.py

# Benchmarks print figures; none is asserted in the test suite. `make bench`
# measures the site as production runs it (Caddy, granian, daphne: needs
# Debian's caddy, make proxy-deps), on this machine's PostgreSQL and Redis (a
# throwaway `<name>_bench` database and Redis database 1), against a bare
# Django view on the fastest WSGI set-up found here; see bench/site.py; then bursts of votes on the embedded default as `make run`
# serves it (bench/sqlite_votes.py); then user text at lengths nobody types,
# rendered and checked in linear time (bench/user_text.py). `make bench-import` times the importer alone.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/plancommun
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/1
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): requirements-bench.lock | $(STAMP)
	$(BIN)/pip install --quiet -r requirements-bench.lock
	touch $(BENCH_STAMP)

bench-deps: $(BENCH_STAMP)
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing Debian's wrk for the load test"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi; }

bench: bench-deps proxy-deps
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(BENCH_REDIS_URL)} \
		$(BIN)/python bench/site.py
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python bench/sqlite_votes.py
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python bench/user_text.py

bench-import: install
	$(BIN)/python bench/import_plan.py

# Extract new strings into the French catalogue, then compile it.
messages: install
	$(MANAGE) makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(MANAGE) compilemessages -l fr --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
