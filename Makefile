# The commands the README and CI use. Everything runs from the project's own virtual environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run build validate test test-future lint typecheck check audit bench lighthouse screenshots messages clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

validate: install
	$(BIN)/site-builder validate --data data

# Validate; then, on http://127.0.0.1:8000, the site (built in every language with its search
# index, rebuilt when data/ or content/ change) and the forms, with the email worker printing
# emails instead of sending them. Ctrl-C stops all three. The service runs with DEBUG off, as
# in production: the staff area's files are served from var/static/ (collectstatic), and
# FORMS_SITE_AUTOREFRESH=1 has WhiteNoise look for each file again at every request, since
# site-builder rebuilds site/ while the service runs.
run: validate
	$(BIN)/forms-service migrate --noinput
	$(BIN)/forms-service collectstatic --noinput --verbosity 0
	@echo "Site and forms on http://127.0.0.1:8000/ ; staff area on http://127.0.0.1:8000/staff/"
	@echo "First staff account: $(BIN)/forms-service create-staff NAME --role admin"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/site-builder watch --data data --content content --out site & \
	FORMS_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
		$(BIN)/forms-service send_outbox & \
	FORMS_DEBUG=0 FORMS_SITE_AUTOREFRESH=1 $(BIN)/forms-service runserver 127.0.0.1:8000 --noreload

build: validate
	$(BIN)/site-builder build --data data --content content --out site

test: install
	$(BIN)/pytest

# The whole suite again with every clock of every process moved seven years ahead (Debian's
# faketime): no test may pass only on the day it was written.
test-future: install
	faketime -f "+7y" $(BIN)/pytest -p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

# Known vulnerabilities in the installed (pinned) dependencies, from PyPI's advisory data or
# OSV. It needs those services: --strict fails when a package could not be checked.
audit: install
	$(BIN)/pip-audit --local --skip-editable --strict --progress-spinner off

# The benchmarks that need no server, then BENCHMARKS.md drawn from every kept run.
bench: install
	$(BIN)/python -m bench.bench_validate
	$(BIN)/python -m bench.bench_build
	$(BIN)/python -m bench.page

# Lighthouse over the main pages in the three languages, served as in production: the scores
# and the audits below their mark go to bench/results/lighthouse.md. Needs the pinned tools:
# cd tests/audit && npm ci --ignore-scripts
lighthouse: install
	$(BIN)/python -m bench.lighthouse

# Every kind of page in ar, fr and en at 390 and 1366 px, and a contact sheet (index.html),
# in var/screenshots/ (OUT=DIR for another folder).
OUT ?= var/screenshots
screenshots: install
	$(BIN)/python -m bench.screenshots --out $(OUT)

# After changing a UI string, in either half or the core: collect the strings of the site
# (babel.cfg), of the forms service (babel-forms.cfg) and of portal_contract (babel-contract.cfg:
# a call's conditions, which both halves show) into their templates, site_builder/locale/
# messages.pot, forms_service/locale/django.pot and portal_contract/locale/contract.pot; then bring every catalog of both, in every language, in line
# with its template: new strings added empty, strings no longer used dropped (no fuzzy guesses,
# no obsolete #~ entries), at the catalogs' width of 100 and in msgid order. A template is
# replaced only when a message changed, not for its date alone, so a second run changes nothing.
# A language added to portal_contract/languages.yaml gets its catalogs started first, every
# message untranslated (portal_contract.catalogs never touches a catalog that exists).
# tests/test_catalogs.py then fails until every new string is translated.
messages: install
	$(call extract-messages,babel.cfg,site_builder/locale/messages.pot,mre-partnership-portal)
	$(call extract-messages,babel-forms.cfg,forms_service/locale/django.pot,mre-partnership-portal forms)
	$(call extract-messages,babel-contract.cfg,portal_contract/locale/contract.pot,mre-partnership-portal contract)
	$(BIN)/python -m portal_contract.catalogs site_builder/locale/messages.pot site_builder/locale messages
	$(BIN)/python -m portal_contract.catalogs forms_service/locale/django.pot forms_service/locale django
	$(BIN)/python -m portal_contract.catalogs portal_contract/locale/contract.pot portal_contract/locale contract
	$(BIN)/pybabel update -i site_builder/locale/messages.pot -d site_builder/locale \
		--no-fuzzy-matching --ignore-obsolete --width 100
	$(BIN)/pybabel update -D django -i forms_service/locale/django.pot -d forms_service/locale \
		--no-fuzzy-matching --ignore-obsolete --width 100
	$(BIN)/pybabel update -D contract -i portal_contract/locale/contract.pot \
		-d portal_contract/locale --no-fuzzy-matching --ignore-obsolete --width 100

# $(call extract-messages,MAPPING,TEMPLATE,PROJECT): the strings MAPPING finds, sorted, into
# TEMPLATE, kept as it was when only its date or its header comment's year would change.
define extract-messages
	@mkdir -p var
	$(BIN)/pybabel extract -F $(1) -o var/$(notdir $(2)) --no-location --sort-output \
		--project="$(3)" .
	@if diff -q -I '^"POT-Creation-Date: ' -I '^# ' $(2) var/$(notdir $(2)) >/dev/null 2>&1; \
	then rm var/$(notdir $(2)); else mv var/$(notdir $(2)) $(2); echo "$(2) updated"; fi
endef

clean:
	rm -rf $(VENV) site var bench/out .pytest_cache .mypy_cache .ruff_cache
