# targetplan — two commands: `make demo` and `make test`.
# Each creates (or refreshes) a local virtual environment in .venv by itself.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint layers typecheck unit venv clean bench docs

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,excel]"
	@touch $(STAMP)

venv: $(STAMP)

## Plan the illustrative Bogor sample and print the plan.
demo: $(STAMP)
	$(BIN)/targetplan demo

## Lint, check the layers, type-check, run the whole test suite (doctests and notebooks included) and build the docs.
test: $(STAMP) lint layers typecheck unit docs

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
