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
	$(BIN)/python bench/regex_growth.py

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
	bash tests/container/readonly.sh

# load test of the service as deployed (gunicorn + service/gunicorn_conf.py) on 127.0.0.1 with
# wrk: pages of 2, 16 and 40 KB at concurrency 1, 8, 32, then overload at 256 (LOAD_SECONDS each)
LOAD_SECONDS ?= 10
.PHONY: loadtest soak
$(VENV)/.wrk:
	command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq wrk >/dev/null))
	touch $@
loadtest: install $(VENV)/.wrk
	$(BIN)/python loadtest/run.py --seconds $(LOAD_SECONDS)

# 50,000 requests (SOAK_REQUESTS) at concurrency 8, worker memory sampled as it goes
SOAK_REQUESTS ?= 50000
soak: install $(VENV)/.wrk
	$(BIN)/python loadtest/run.py --skip-load --soak $(SOAK_REQUESTS)

# coverage-guided fuzzing of the pipeline (atheris) for FUZZ_SECONDS; corpus kept in .fuzz/
FUZZ_SECONDS ?= 60
$(VENV)/.fuzz-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,fuzz]'
	touch $@

.PHONY: fuzz
fuzz: install $(VENV)/.fuzz-installed
	$(BIN)/python fuzz/atheris_pipeline.py -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -timeout=30 -print_final_stats=1 .fuzz/corpus

# the property tests with fresh random examples (EXPLORE_EXAMPLES per test) instead of the fixed
# ones `make test` uses (tests/conftest.py): looks for what CI's examples miss
EXPLORE_EXAMPLES ?= 2000
.PHONY: explore
explore: install
	HYPOTHESIS_PROFILE=explore PROPERTY_EXAMPLES=$(EXPLORE_EXAMPLES) $(BIN)/python -m pytest -q \
	  tests/pipeline/test_properties.py tests/fuzz tests/pipeline/test_repair_properties.py

# known vulnerabilities in the installed dependencies (the project's own package excluded)
.PHONY: audit
audit: install
	$(BIN)/python -m pip install -q 'pip-audit>=2.7'
	$(BIN)/python -m pip freeze --exclude-editable --exclude qingxi > .venv/requirements-audit.txt
	# pip-audit asks PyPI per version; where PyPI answers only per project, the packages it skips
	# are audited by tools/audit_pypi.py from the project endpoint's advisory data
	$(BIN)/pip-audit --desc --progress-spinner off --no-deps --disable-pip -r .venv/requirements-audit.txt
	$(BIN)/python tools/audit_pypi.py .venv/requirements-audit.txt

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

# the built image (make container-test builds localhost/smoke:latest) as non-root with a
# read-only root filesystem: podman run --read-only --tmpfs /tmp
.PHONY: container-readonly
container-readonly:
	bash tests/container/readonly.sh
