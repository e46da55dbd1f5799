# Two commands do all the set-up on a fresh machine:
#   make run   create .venv if missing, install, start the app on the default example
#   make test  same set-up, then the import-layer contracts (lint-imports) and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bench screenshots clean bundle install-desktop uninstall-desktop

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
	$(BIN)/playground lessons check

bench: $(STAMP)
	$(BIN)/python benchmarks/engine_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/ui_bench.py

# The README's pictures, from the real app in a real (Xvfb) window: docs/images/*.png.
screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb $(BIN)/python docs/screenshots.py

# The desktop bundle (packaging/README.md): dist/playground/ plus a tar.gz, built
# from the wheel in its own venv under build/, then run once under Xvfb with no
# network (opens its window, trains an epoch in its frozen child process).
bundle: | $(BIN)/python
	$(BIN)/python packaging/build_bundle.py $(BUNDLE_ARGS)
	$(BIN)/python packaging/smoke_test.py dist/playground/playground

# The launcher, metainfo and icons under $$XDG_DATA_HOME (~/.local/share) for this
# user; starts .venv/bin/playground, or DESKTOP_EXEC=dist/playground/playground.
install-desktop: $(STAMP)
	$(BIN)/python packaging/desktop.py install $(if $(DESKTOP_EXEC),--exec $(DESKTOP_EXEC))

uninstall-desktop: | $(BIN)/python
	$(BIN)/python packaging/desktop.py uninstall

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
