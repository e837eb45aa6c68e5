# Conseils — `make run` for the demo on http://127.0.0.1:8000, `make test` for the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address e-mails and calendar feeds link to: the server's own unless given (issue 10 §1.8).
SITE_URL ?= http://$(HOST):$(PORT)
# Debian packages the product needs: Chromium (browser tests), fonts and Pango (WeasyPrint),
# poppler-utils (pdfsig, pdftoppm), gettext (translations).
DEBIAN_PACKAGES := chromium fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils gettext

.PHONY: install system-packages run worker test lint format messages clean demo-keys

install: system-packages $(VENV)/.installed

system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check pip==26.3 setuptools==84.2.1 wheel==0.48.0
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

run: install
	DEBUG=1 $(BIN)/conseils migrate --noinput -v0
	DEBUG=1 $(BIN)/conseils law load
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/conseils demo load
	@$(MAKE) --no-print-directory demo-keys
	@echo "Conseils: http://$(HOST):$(PORT)/  (Ctrl-C stops the server and the task worker)"
	@DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/conseils run_huey --workers 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/conseils runserver $(HOST):$(PORT)

# A self-signed pair under var/signing/ when SIGNING_KEY_FILE is unset; documents signed
# with it say so. Does nothing when the director's key is configured.
demo-keys: install
	DEBUG=1 $(BIN)/conseils signing demo-keys

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	DEBUG=1 $(BIN)/conseils makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# French is the source language; its catalogue only says what each message already says, so
# that French plurals follow French rules (0 and 1 take the singular) instead of gettext's
# English fallback.
messages: install
	DEBUG=1 $(BIN)/conseils makemessages -l en -l fr --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'scripts/*'
	msgen conseils/locale/fr/LC_MESSAGES/django.po | sed 's/^"Plural-Forms: .*"$$/"Plural-Forms: nplurals=2; plural=(n > 1);\\n"/' > conseils/locale/fr/LC_MESSAGES/django.po.new
	mv conseils/locale/fr/LC_MESSAGES/django.po.new conseils/locale/fr/LC_MESSAGES/django.po
	DEBUG=1 $(BIN)/conseils compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var build *.egg-info
