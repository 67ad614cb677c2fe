# qingxi — every set-up step is here, so that a fresh machine needs only `make run` / `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

# each target declares itself .PHONY beside its recipe
.PHONY: install run test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# the installed markers follow pyproject.toml: change a dependency and the next make reinstalls.
# `make run` needs only the service's own dependencies; `make test` adds the dev extras.
$(VENV)/.runtime-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.installed

run: $(VENV)/.runtime-installed
	$(BIN)/gunicorn -c service/gunicorn_conf.py --bind 0.0.0.0:$(PORT) 'service:create_app()'

# headless Chromium for the browser test of the web page (tests/web), from Debian's packages
# (Playwright drives it; its own browser download is never used), with CJK fonts to draw the page
/usr/bin/chromium:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk

test: install /usr/bin/chromium
	$(BIN)/python -m pytest -q
	$(MAKE) container-test

# bench: the normalisation beside ftfy, pangu and OpenCC on ../shared/pages (figures, no asserts)
$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $@

.PHONY: bench
bench: install $(VENV)/.bench-installed
	$(BIN)/python bench/normalize.py

# scores clean_page against ../shared/gold (article recall/precision, fields, CER, paragraph F1)
.PHONY: eval
eval: install
	$(BIN)/python tools/eval.py $(EVAL_ARGS)

# precision and recall of the repair rules: gold ocr_fixes, injected errors, clean text
.PHONY: eval-repair
eval-repair: install
	$(BIN)/python tools/eval_repair.py

# openapi.yaml is generated from the schemas; a test fails when the committed file is stale
.PHONY: openapi
openapi: install
	$(BIN)/python -m service.openapi

# build the Dockerfile, run the image, post a real page and check the answer (see the tool's header)
.PHONY: container-test
container-test:
	bash ../shared/tools/container-smoke.sh . '$(PYTHON) tests/container/check.py'

# pages/s of `qingxi clean` over 1,000 pages (1 and 2 processes) and of POST /v1/clean/batch
# against a live gunicorn, and the workers' memory before/after a long stream
.PHONY: bench-many
bench-many: install
	$(BIN)/python bench/many.py

# docs/screenshot.png: the browser test of page 004 run once more, saving its screenshot there
.PHONY: screenshot
screenshot: install /usr/bin/chromium
	QINGXI_SCREENSHOT=docs/screenshot.png $(BIN)/python -m pytest -q tests/web -k page_004

# what the HTTP shell costs around clean_page, and pages/s of POST /v1/clean under gunicorn
.PHONY: bench-http
bench-http: install
	$(BIN)/python bench/service_http.py
