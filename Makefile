# Two commands for a fresh machine (see README):
#   make serve   install everything into .venv and serve the site locally
#   make test    install everything (a browser included) and run all tests
# The site build needs requirements.txt only (serve, build, check, the Pages build);
# tests, benchmarks and mutation testing add requirements-dev.txt.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP_VERSION := 26.3
SITE_STAMP := $(VENV)/.site-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEV_STAMP  := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# Material for MkDocs' notices about MkDocs 2.0 and its successor: a contributor's log shows only the site's own messages.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: install install-dev browser serve build check test test-fast test-load bench mutation clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 이상이 필요합니다 (PYTHON=python3.12 make ... 처럼 지정할 수 있습니다).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)

$(SITE_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.site-* $(VENV)/.installed-* && touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.dev-* && touch $@

# The site build's packages only.
install: $(SITE_STAMP)

# Plus the test, benchmark and mutation packages.
install-dev: $(DEV_STAMP)

browser:
	@scripts/ensure-browser.sh $(BIN)

serve: install
	$(BIN)/mkdocs serve

build: install
	$(BIN)/mkdocs build --strict

# Every content check (kubectl, manifests, quizzes, cards, glossary, links) without building HTML.
check: install
	$(BIN)/python scripts/check.py docs

# Tests require diagrams drawn at build time (no Chromium fails the build, README "그림") and kubectl
# inside the OS sandbox (no bubblewrap sandbox fails the check, README "검사기").
test: install-dev browser
	STUDYSITE_DIAGRAMS=require STUDYSITE_SANDBOX=require $(BIN)/python -m pytest

# The inner loop: every test that needs neither a browser nor a site build (about 35 s).
test-fast: install-dev
	$(BIN)/python -m pytest -m "not build" -n auto

# The browser tests RUNS times (25 by default) with every CPU kept busy, as on a loaded CI machine
# (scripts/load_test.py starts and always stops the load). Hours, not minutes: not part of make test.
RUNS ?= 25
test-load: install-dev browser
	STUDYSITE_DIAGRAMS=require $(BIN)/python scripts/load_test.py --runs $(RUNS)

# Lighthouse for bench/lighthouse.py, pinned by bench/package-lock.json (Node 20).
LIGHTHOUSE := bench/node_modules/.package-lock.json

$(LIGHTHOUSE): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --silent

bench: install-dev browser $(LIGHTHOUSE)
	$(BIN)/python bench/run.py

# Mutation testing of hooks/studykit/ against the unit tests; not part of `make test` (minutes, not seconds).
mutation: install-dev
	$(BIN)/python scripts/mutation.py

clean:
	rm -rf site .cache .pytest_cache .mutation
