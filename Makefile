# Bảng vàng. Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make serve   set up, build, serve on http://127.0.0.1:8000 with live reload
#   make test    set up, run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup serve build check test lint clean bench

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(BIN)/mkdocs build --strict

check: setup
	$(BIN)/exemplars check content

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/python -m pytest

# Build benchmark (docs/benchmarks.md); choose sizes with N="1000 5000".
bench: setup
	$(BIN)/python -m benchmarks.run $(if $(N),--sizes $(N))

clean:
	rm -rf site .pytest_cache .ruff_cache
