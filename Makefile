# One command each: `make lab` opens the course, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NBGRADER ?= .venv-nbgrader
HUB     ?= .venv-hub
CHP     := .hub-node/node_modules/.bin/configurable-http-proxy
UV      := uv==0.13.9
SUPPORTED := 3.10 3.11.2 3.12 3.13  # the lock must install on each (tests/test_lock.py)

.PHONY: lab test test-hub test-fast unit lint typecheck format lock bench overview exercises outputs clean

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) scripts/check_python.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(UV)"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c requirements/constraints.txt -e ".[test]"
	@touch $(STAMP)

lab: $(STAMP)  ## start JupyterLab at lesson 0
	$(BIN)/python scripts/lab.py

$(NBGRADER)/bin/python: requirements/nbgrader.txt  # nbgrader in its own venv: it would change Lab's
	$(BIN)/uv venv --quiet --python $(BIN)/python $(NBGRADER)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(NBGRADER)/bin/python -r requirements/nbgrader.txt
	@touch $@

test: $(STAMP) $(NBGRADER)/bin/python  ## lint and types, then unit, notebook (nbval) and browser tests, then the hub
	@$(BIN)/python scripts/ensure_chromium.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	COURSE_NBGRADER_PYTHON=$(CURDIR)/$(NBGRADER)/bin/python $(BIN)/python -m pytest -n 2 --dist loadfile tests \
		--nbval $(wildcard notebooks exercises solutions) --nbval-sanitize-with tests/nbval_sanitize.cfg
	@$(MAKE) --no-print-directory test-hub

# The hub tests' own environment: JupyterHub, nbgitpuller and the course (from this checkout,
# with the lock) in .venv-hub, so the course's .venv is not changed; the proxy from npm.
$(HUB)/bin/jupyterhub: requirements/hub.txt requirements/constraints.txt pyproject.toml | $(STAMP)
	$(BIN)/uv venv --quiet --allow-existing --python $(BIN)/python $(HUB)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(HUB)/bin/python \
		-r requirements/hub.txt -c requirements/constraints.txt -e .
	@touch $@

$(CHP):  # npm from Debian when missing and root; without npm the hub test says so and skips
	@command -v npm >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		{ apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; } || true
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix .hub-node configurable-http-proxy@5; fi

test-hub: $(STAMP) $(HUB)/bin/jupyterhub $(CHP)  ## a class on a real JupyterHub; the user image
	@if [ -x $(CHP) ]; then \
		COURSE_HUB_VENV=$(CURDIR)/$(HUB) $(BIN)/python -m pytest tests/hub -p no:xdist -q; \
	else echo "SKIPPED the hub tests: npm cannot be had here (install Debian's npm as root)"; fi

test-fast: $(STAMP)  ## lint, types and unit tests only: no notebooks, browser or nbgrader
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -n 2 --dist loadfile tests -m "not browser" --ignore=tests/browser

unit: $(STAMP)  ## the inner loop: unit tests that take no notebook, browser or grading run (~1 min)
	$(BIN)/python -m pytest -n 2 --dist loadfile tests -m "not browser and not slow" --ignore=tests/browser -q

lock: $(STAMP)  ## re-resolve the locks for every supported Python (3.10 and newer)
	$(BIN)/uv pip compile --quiet --universal --python-version 3.10 --extra test \
		pyproject.toml -o requirements/constraints.txt
	$(BIN)/uv pip compile --quiet --universal --python-version 3.10 \
		requirements/nbgrader.in -o requirements/nbgrader.txt
	$(BIN)/uv pip compile --quiet --universal --python-version 3.10 \
		requirements/hub.in -o requirements/hub.txt

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(STAMP)  ## mypy --strict on course/ (settings in pyproject.toml)
	$(BIN)/python -m mypy

format: $(STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: $(STAMP) $(NBGRADER)/bin/python $(HUB)/bin/jupyterhub $(CHP)  ## print performance figures (medians)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/browser.py
	COURSE_NBGRADER_PYTHON=$(CURDIR)/$(NBGRADER)/bin/python $(BIN)/python bench/grading.py
	COURSE_HUB_VENV=$(CURDIR)/$(HUB) $(BIN)/python bench/hub.py

overview: $(STAMP)  ## the course map, for instructors
	$(BIN)/course overview

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(BIN)/course generate

outputs: $(STAMP)  ## re-execute lessons, keep the outputs nbval compares
	$(BIN)/python scripts/refresh_outputs.py notebooks/*.ipynb

clean:
	rm -rf .venv .venv-* .hub-node build *.egg-info
