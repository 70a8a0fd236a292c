# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PORT ?= 8000
# uv may not download interpreters here: it uses the Python named in .python-version (pyenv).
export UV_PYTHON_DOWNLOADS := never
# Use uv from PATH when it works here, else the copy `make install` puts beside Python.
UV = $(shell uv --version >/dev/null 2>&1 && echo uv || echo python3 -m uv)

.PHONY: run serve test test-redis install test-tools demo lint

install:
	@uv --version >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --disable-pip-version-check uv
	@$(UV) sync --locked --quiet

# Test-only tools: the HTML checker (vnu-jar) for the tests, so `make run` never needs npm;
# skipped, with a reason, where npm is missing.
test-tools:
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund --silent; \
		else echo "npm not found: the HTML validity test will be skipped"; fi

run: install
	DJANGO_DEBUG=true $(UV) run python manage.py migrate --noinput
	DJANGO_DEBUG=true $(UV) run python manage.py load_demo --base-url http://127.0.0.1:$(PORT)
	DJANGO_DEBUG=true $(UV) run python manage.py runserver 127.0.0.1:$(PORT)

# The site as production runs it: DEBUG off, collected (pre-compressed, hashed) static files,
# gunicorn with one sync worker per core, the same SQLite database as `make run`.
serve: install
	$(UV) run python manage.py migrate --noinput
	$(UV) run python manage.py collectstatic --noinput --verbosity 0
	$(UV) run gunicorn byline.wsgi --bind 127.0.0.1:$(PORT) --workers $$(nproc) --access-logfile -

lint: install
	$(UV) run ruff format --check .
	$(UV) run ruff check .

test: lint test-tools
	$(UV) run python manage.py check --fail-level WARNING
	$(UV) run python manage.py makemigrations --check --dry-run
	$(UV) run pytest

# The page cache's tests against the Redis server at $$REDIS_URL (a throw-away database: the
# tests empty it); .ci/run starts one.
test-redis: install
	@test -n "$$REDIS_URL" || { echo "set REDIS_URL, e.g. redis://127.0.0.1:6379/1"; exit 1; }
	$(UV) run pytest tests/byline/test_pagecache.py tests/byline/test_invalidation.py \
		tests/e2e/test_comment_from_cached_page.py
