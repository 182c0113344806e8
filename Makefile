# Two commands for a fresh machine (see README):
#   make serve   install everything into .venv and serve the site locally
#   make test    install everything (a browser included) and run all tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install browser serve build check test bench mutation clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 이상이 필요합니다 (PYTHON=python3.12 make ... 처럼 지정할 수 있습니다).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

browser:
	@scripts/ensure-browser.sh $(BIN)

serve: install
	$(BIN)/mkdocs serve

build: install
	$(BIN)/mkdocs build --strict

# Every content check (kubectl, manifests, quizzes, cards, glossary, links) without building HTML.
check: install
	$(BIN)/python scripts/check.py docs

# Tests require diagrams drawn at build time: no Chromium fails the build (README "그림").
test: install browser
	STUDYSITE_DIAGRAMS=require $(BIN)/python -m pytest

# Lighthouse for bench/lighthouse.py, pinned by bench/package-lock.json (Node 20).
LIGHTHOUSE := bench/node_modules/.package-lock.json

$(LIGHTHOUSE): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --silent

bench: install browser $(LIGHTHOUSE)
	$(BIN)/python bench/run.py

# Mutation testing of hooks/studykit/ against the unit tests; not part of `make test` (minutes, not seconds).
mutation: install
	$(BIN)/python scripts/mutation.py

clean:
	rm -rf site .cache .pytest_cache .mutation
