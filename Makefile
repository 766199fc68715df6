# Bảng vàng. Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make serve   set up, build, serve on http://127.0.0.1:8000 with live reload
#   make test    set up, run every test
#   make edit    the web editor (Decap CMS) on http://127.0.0.1:8001/admin/
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# The web editor's npm packages (pinned in editor/package-lock.json), kept out of git.
DECAP := .cache/decap
DECAP_STAMP := $(DECAP)/.installed-$(shell cat editor/package.json editor/package-lock.json | cksum | cut -d' ' -f1)

.PHONY: setup serve build check test test-tools lint clean bench bench-images dist editor edit browser-tools print

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

$(DECAP_STAMP): editor/package.json editor/package-lock.json
	mkdir -p $(DECAP)
	cp editor/package.json editor/package-lock.json $(DECAP)/
	cd $(DECAP) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -f $(DECAP)/.installed-*
	touch $@

editor: $(DECAP_STAMP)

# The web editor on its own origin, http://127.0.0.1:8001/admin/ (exemplars/editor/
# edit_server.py: Decap, and a filtering proxy in front of decap-server that reads and writes
# only inside content/), and the preview site on another, http://127.0.0.1:8000 (no /admin/).
# Ctrl-C stops both.
edit: setup editor
	@$(BIN)/python -m exemplars.editor.edit_server --content content --port 8001 & editor=$$!; \
	trap 'kill $$editor 2>/dev/null' EXIT INT TERM; \
	echo "Xem trước: http://127.0.0.1:8000/"; \
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000 --livereload
# Browser-test tools from npm, pinned, in a git-ignored folder: axe-core (accessibility rules)
# and vnu-jar (the Nu HTML Checker; runs on the machine's Java). Install scripts are not run.
NODE_TOOLS := .cache/node
NODE_PACKAGES := axe-core@4.14.1 vnu-jar@26.9.27 @biomejs/biome@2.6.9
NODE_STAMP := $(NODE_TOOLS)/.installed-$(shell echo $(NODE_PACKAGES) | cksum | cut -d' ' -f1)

$(NODE_STAMP):
	mkdir -p $(NODE_TOOLS)
	npm install --prefix $(NODE_TOOLS) --no-save --no-audit --no-fund --ignore-scripts \
		--loglevel=error $(NODE_PACKAGES)
	rm -f $(NODE_TOOLS)/.installed-*
	touch $@

browser-tools: $(NODE_STAMP)

# The engine: mkdocs (MkDocs 1.6.1 + Material, the default), properdocs (its maintained fork;
# both run build_hooks.py) or zensical (builds the clean tree `exemplars generate` writes).
# `make build ENGINE=zensical`; docs/longevity.md says what each engine keeps and loses.
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs zensical
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE=$(ENGINE): choose one of $(ENGINES))
endif

# --dirty: after the first build only the pages an edit touches are rendered again
# (exemplars/site/incremental.py); the site stays the one a full build writes.
serve: setup
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(BIN)/exemplars build --engine $(ENGINE) site

check: setup
	$(BIN)/exemplars check content

# A dated archive of the built site with its SHA-256: dist/bangvang-site-YYYY-MM-DD.tar.gz.
# Engine-independent: the site is built from the clean tree `exemplars generate` writes
# (generated/), by $(ENGINE) without hooks, and the archive carries that tree with
# generated/BUILD.json (engine and versions), so it can be rebuilt from itself.
# SOURCE_DATE_EPOCH (default: the start of today, UTC) fixes every date in the build, so two
# builds of the same content on the same day are byte-identical.
dist: setup
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$($(BIN)/python -c 'import time; t = int(time.time()); print(t - t % 86400)')} && \
	export SOURCE_DATE_EPOCH && \
	$(BIN)/exemplars generate generated && \
	$(BIN)/exemplars build --engine $(ENGINE) --tree generated site && \
	$(BIN)/python -m exemplars.site.archive site dist --extra generated

# The honor boards of the built site as PDF (A4 portrait and A3 landscape) in dist/print/,
# printed by headless Chromium (apt-get install -y chromium fonts-dejavu-core).
print: build
	$(BIN)/python -m exemplars.site.print_pdf site dist/print

# Style, formatting, the layer contract (pyproject.toml [tool.importlinter]) and types.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	@if command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory browser-tools && $(NODE_TOOLS)/node_modules/.bin/biome lint; \
	elif [ "$$CI" = "true" ]; then \
	  echo "npm is required in CI for Biome (the JavaScript linter)" >&2; exit 1; \
	else \
	  echo "!!! npm not found: the JavaScript linter (Biome) is SKIPPED"; \
	fi

# The npm-based test tools are optional on a developer's machine (their tests skip, loudly)
# and required in CI (CI=true), where a missing npm fails the run.
test-tools:
	@if command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory editor browser-tools; \
	elif [ "$$CI" = "true" ]; then \
	  echo "npm is required in CI for the web-editor and quality browser tests" >&2; exit 1; \
	else \
	  echo "!!! npm not found: web-editor and HTML-checker tests will be SKIPPED" \
	       "(apt-get install -y npm default-jre-headless chromium)"; \
	fi

test: setup lint test-tools
	$(BIN)/python -m pytest

bench-images: setup
	$(BIN)/python benchmarks/images.py
# Build benchmark (docs/benchmarks.md); choose sizes with N="1000 5000", and with REPEATS=3
# run our build and plain Material in turn three times (the medians go in the table).
# Then the search benchmark (issue #16) at SEARCH_N records (default 10000).
bench: setup
	$(BIN)/python -m benchmarks.run $(if $(N),--sizes $(N)) $(if $(REPEATS),--build-repeats $(REPEATS))
	$(BIN)/python -m benchmarks.search_bench --sizes $(or $(SEARCH_N),10000)

clean:
	rm -rf site generated .pytest_cache .ruff_cache

# Optional, for editors using VS Code: schema checks of Markdown front matter as you type
# (.remarkrc.mjs, extension unifiedjs.vscode-remark); pinned in tools/remark/package-lock.json.
.PHONY: editor-tools
editor-tools:
	npm ci --prefix tools/remark --no-audit --no-fund
	tools/remark/node_modules/.bin/remark --frail --quiet content
