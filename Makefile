# targetplan — two commands: `make demo` and `make test`.
# Each creates (or refreshes) a local virtual environment in .venv by itself.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint layers typecheck unit venv clean bench docs browser screenshots

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,excel]"
	@touch $(STAMP)

venv: $(STAMP)

## Plan the illustrative Bogor sample, print the plan, and write out/demo/laporan.html (the report for
## people), out/demo/rencana.xlsx (the workbook) and the charts (PNG) into out/demo/.
demo: $(STAMP)
	$(BIN)/targetplan demo

## Lint, check the layers, type-check, run the whole test suite (doctests and notebooks included) and build the docs.
test: $(STAMP) browser lint layers typecheck unit docs

## The system's Chromium for the browser test of the HTML report (tests/test_html_browser.py): installed with
## apt-get where it is missing and this runs as root; elsewhere the test is skipped and the rest goes on.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium (apt-get) for the browser test"; \
	  (apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1)) || \
	  echo "chromium could not be installed: the browser test will be skipped"; \
	else echo "no chromium (and no root apt-get to install it): the browser test will be skipped"; fi

## The pictures of README.md and docs/guide/reports.md: the HTML report in headless Chromium and every chart (docs/images/).
screenshots: $(STAMP) browser
	$(BIN)/python scripts/chart_images.py
	$(BIN)/python scripts/report_images.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts docs/_ext

## The layers of docs/architecture.md, one way down (contracts in pyproject.toml).
layers: $(STAMP)
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -q

## Build the documentation site into site/ (mkdocs --strict: any warning fails the build).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -d site

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist site
