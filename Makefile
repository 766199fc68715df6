# Bảng vàng. Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make serve   set up, build, serve on http://127.0.0.1:8000 with live reload
#   make test    set up, run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup serve build check test lint clean browser-tools

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Browser-test tools from npm, pinned, in a git-ignored folder: axe-core (accessibility rules)
# and vnu-jar (the Nu HTML Checker; runs on the machine's Java). Install scripts are not run.
NODE_TOOLS := .cache/node
NODE_PACKAGES := axe-core@4.14.1 vnu-jar@26.9.27
NODE_STAMP := $(NODE_TOOLS)/.installed-$(shell echo $(NODE_PACKAGES) | cksum | cut -d' ' -f1)

$(NODE_STAMP):
	mkdir -p $(NODE_TOOLS)
	npm install --prefix $(NODE_TOOLS) --no-save --no-audit --no-fund --ignore-scripts \
		--loglevel=error $(NODE_PACKAGES)
	rm -f $(NODE_TOOLS)/.installed-*
	touch $@

browser-tools: $(NODE_STAMP)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(BIN)/mkdocs build --strict

check: setup
	$(BIN)/exemplars check content

lint: setup
	$(BIN)/ruff check .

test: setup lint browser-tools
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache .ruff_cache
