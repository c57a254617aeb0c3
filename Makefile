# The README's two commands are `make site` and `make test`; everything they
# need is installed by the `setup` target into .venv/ (nothing system-wide).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup site test lint golden docs clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## Build the edition from corpus/ into site/.
site: setup
	$(BIN)/edition build

## Lint, type-check and run every test.
test: setup lint
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Regenerate the golden copy of the built site after an intended change.
golden: setup
	EDITION_REGENERATE=1 $(BIN)/pytest -q tests/test_golden.py

## Rewrite the generated parts of README.md (diagnostic codes, CLI help, keys).
docs: setup
	$(BIN)/python -m edition.docgen README.md

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .hypothesis
