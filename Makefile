# The two commands of the README's quick start. Each does its own set-up from a fresh
# clone: a virtualenv in .venv with the pinned versions of constraints.txt. `make report`
# installs only what linting needs; `make test` adds the test tools (pytest, a browser
# driver, pandas: about ten times the size).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REPORT ?= budgetlint-report.html

.PHONY: report test install install-test bench samples clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	# An editable install leaves compiling to the first run, which PYTHONDONTWRITEBYTECODE
	# forbids: compile now, as pip does for a wheel, or every run pays about 40 ms for it.
	$(BIN)/python -m compileall -q src
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,serve]'
	touch $@

install: $(BIN)/.installed

install-test: $(BIN)/.installed-test

## Lint the sample budgets: a summary on the terminal and an HTML report in $(REPORT).
report: install
	$(BIN)/budgetlint check sample_budgets --format html --output $(REPORT) --fail-on never

## Run the whole test suite.
test: install-test
	$(BIN)/python -m pytest -q

## The benchmark (not part of the tests; see BENCHMARKS.md). Its generator needs openpyxl only.
bench: install
	$(BIN)/python benchmarks/run.py

## Regenerate sample_budgets/ from tools/make_samples.py.
samples: install
	$(BIN)/python tools/make_samples.py sample_budgets

clean:
	rm -rf $(VENV) build dist .pytest_cache $(REPORT)
