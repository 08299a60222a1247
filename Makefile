# The whole set-up story. `make quickstart` and `make test` work on a fresh clone with no manual step.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.rlvr-installed
PYTEST_ARGS ?=

.PHONY: install system test quickstart lint bench clean

# Re-runs pip only when pyproject.toml changed, so a second `make install` takes about a second.
install: $(STAMP)

$(STAMP): pyproject.toml scripts/install-torch.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@bash scripts/install-torch.sh $(PY)
	@$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)
	@echo "rlvr installed in $(VENV)"

# System pieces the tests need: bubblewrap, docker.io with dockerd running, the sandbox image.
system:
	@bash scripts/setup-system.sh

test: install system
	$(PY) -m pytest $(PYTEST_ARGS)

quickstart: install
	$(VENV)/bin/rlvr quickstart

lint: install
	$(VENV)/bin/ruff check rlvr tests benchmarks scripts

# Every benchmark with its defaults; exit code 77 means its reference (lm-eval, ...) is not installed: skipped.
bench: install system
	@failed=""; for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b; rc=$$?; \
	  if [ $$rc -eq 77 ]; then echo "== $$b skipped"; elif [ $$rc -ne 0 ]; then failed="$$failed $$b"; fi; done; \
	  if [ -n "$$failed" ]; then echo "failed:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
