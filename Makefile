# qingxi — every set-up step is here, so that a fresh machine needs only `make run` / `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: install run test openapi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# the installed marker follows pyproject.toml: change a dependency and the next make reinstalls
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/gunicorn -c service/gunicorn_conf.py --bind 0.0.0.0:$(PORT) 'service:create_app()'

test: install
	$(BIN)/python -m pytest -q

# openapi.yaml is generated from the schemas; a test fails when the committed file is stale
openapi: install
	$(BIN)/python -m service.openapi
