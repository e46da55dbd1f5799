# Two commands do all the set-up on a fresh machine:
#   make run   create .venv if missing, install, start the app on the default example
#   make test  same set-up, then the import-layer contracts (lint-imports) and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/playground

test: $(STAMP)
	$(BIN)/lint-imports --config pyproject.toml
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/engine_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/ui_bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
