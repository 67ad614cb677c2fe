"""The committed openapi.yaml is what the code generates; the app serves it and its docs."""

from __future__ import annotations

import subprocess
import sys

import yaml

from service.openapi import PATH, generate

from .conftest import ROOT


def test_committed_openapi_yaml_is_what_the_code_generates():
    assert PATH.read_text(encoding="utf-8") == generate(), \
        "openapi.yaml is stale: run `make openapi` and commit it"


def test_the_check_command_agrees():
    run = subprocess.run([sys.executable, "-m", "service.openapi", "--check"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_spec_is_openapi_31_with_every_endpoint_and_problem_bodies():
    spec = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {"/v1/clean", "/v1/normalize", "/v1/rules", "/healthz",
                                  "/readyz", "/metrics", "/openapi.yaml", "/openapi.json",
                                  "/docs", "/v1/clean/batch"}
    clean = spec["paths"]["/v1/clean"]["post"]
    assert set(clean["requestBody"]["content"]) == {"application/json", "text/plain"}
    assert {p["name"] for p in clean["parameters"]} == {
        "script", "segment", "unicode", "reflow", "despace", "punctuation", "repair", "dedupe",
        "latin_spacing", "explain"}
    for status in ("400", "413", "415", "422", "503"):
        ref = clean["responses"][status]["$ref"].rsplit("/", 1)[1]
        content = spec["components"]["responses"][ref]["content"]
        assert content["application/problem+json"]["schema"]["$ref"].endswith("/Problem")
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem["properties"])


def test_the_app_serves_the_same_document(client):
    r = client.get("/openapi.yaml")
    assert r.status_code == 200 and r.mimetype == "application/yaml"
    assert r.data.decode("utf-8") == PATH.read_text(encoding="utf-8")
    j = client.get("/openapi.json")
    assert j.get_json() == yaml.safe_load(r.data)


def test_docs_page_loads_only_local_assets(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.data.decode()
    assert "http://" not in page and "https://" not in page
    for asset in ("docs/swagger-ui-bundle.js", "docs/swagger-ui-standalone-preset.js",
                  "docs/swagger-ui.css"):
        assert asset in page
        a = client.get("/" + asset)
        assert a.status_code == 200 and len(a.data) > 1000
    assert b"SwaggerUIBundle" in client.get("/docs/swagger-ui-bundle.js").data
