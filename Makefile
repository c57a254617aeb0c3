# The README's two commands are `make site` and `make test`. Python packages go into
# .venv/, vnu-jar into node_modules/; `make test` also installs Debian's chromium
# (and Java) when they are missing and it runs as root, as CI does.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup bytecode browser site test lint golden docs serve clean

setup: $(VENV)/.installed

## The browser tests' tools: Debian's chromium (Playwright's own download does
## not work here), Java for the Nu Html Checker, and vnu-jar from npm.
browser: node_modules/.installed
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; \
	  else echo "install chromium (apt-get install -y chromium) to run the browser tests"; exit 1; fi; }
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y -q default-jre-headless || { apt-get update -q && apt-get install -y -q default-jre-headless; }; \
	  else echo "install Java to run the HTML checker"; exit 1; fi; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## Bytecode for the editable install, as pip makes for installed packages (Python
## would write it on first import, unless PYTHONDONTWRITEBYTECODE is set), and the
## templates compiled into templates/__pycache__/ (a build would write them too).
bytecode: setup
	@$(BIN)/python -m compileall -q src
	@$(BIN)/python -c "import edition.builder as b; b.compile_templates()"

## Build the edition from corpus/ into site/.
site: setup bytecode
	$(BIN)/edition build

## Lint, type-check and run every test (browser tests included).
test: setup browser lint
	$(BIN)/pytest --cov --cov-report=term

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

## Build, serve on http://localhost:8000 and rebuild on every change.
serve: setup bytecode
	$(BIN)/edition serve

clean:
	rm -rf $(VENV) site node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
