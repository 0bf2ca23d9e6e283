# parley: `make run` codes the bundled examples, `make test` runs the test suite.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out/examples
STAMP  := $(VENV)/.installed

.PHONY: run test lint parses bench-accuracy clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "parley needs $(PYTHON) (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/parley run examples --out $(OUT)
	$(BIN)/parley report $(OUT) --html $(OUT)/report.html --title "parley report: the bundled examples"

# Two test processes (pytest-xdist): most end-to-end tests wait on a Prefect server or a model
# load in a subprocess, so two run side by side in about half the time.
test: $(STAMP)
	$(BIN)/pytest -n auto --maxprocesses 2 --dist worksteal

# The rules' example sentences as the model parses them, saved so that the rule tests run
# without loading it (tests/parses.py): run after adding or changing an example.
parses: $(STAMP)
	$(BIN)/python -m tests.parses

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf out .pytest_cache
