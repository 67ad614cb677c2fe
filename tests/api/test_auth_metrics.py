"""API keys (off by default, Bearer when on) and /metrics, through the app factory."""

from __future__ import annotations

import pytest

from service import create_app

from .test_errors import assert_problem

KEY = "k-3f9a1c"


@pytest.fixture
def locked():
    return create_app({"QINGXI_API_KEYS": f"first-key, {KEY}"}).test_client()


def test_everything_is_open_without_keys(client):
    for path in ("/v1/rules", "/metrics", "/openapi.yaml", "/docs"):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/v1/rules", "/metrics", "/openapi.yaml", "/openapi.json",
                                  "/docs", "/docs/swagger-ui.css", "/no/such/page"])
def test_with_keys_every_path_but_the_probes_needs_one(locked, path):
    r = locked.get(path)
    body = assert_problem(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert KEY not in str(body)
    for header in ("Bearer wrong", f"Basic {KEY}", KEY, f"Bearer {KEY}x", "Bearer "):
        assert locked.get(path, headers={"Authorization": header}).status_code == 401
    ok = locked.get(path, headers={"Authorization": f"Bearer {KEY}"})
    assert ok.status_code == (404 if path == "/no/such/page" else 200)


def test_probes_need_no_key(locked):
    assert locked.get("/healthz").status_code == 200
    assert locked.get("/readyz").status_code == 200


def test_a_post_is_refused_before_its_body_is_read(locked):
    r = locked.post("/v1/clean", data=b"{not json", content_type="application/json")
    assert_problem(r, 401)  # not 400: the body of an unauthorised caller is never parsed
    r = locked.post("/v1/clean", json={"text": "标题"},
                    headers={"Authorization": f"bearer {KEY}"})
    assert r.status_code == 200


def test_keys_are_never_logged(locked, logs):
    locked.get("/v1/rules", headers={"Authorization": f"Bearer {KEY}"})
    locked.get("/v1/rules", headers={"Authorization": "Bearer guess"})
    assert logs
    for record in logs:
        assert KEY not in str(record.__dict__) and "guess" not in str(record.__dict__)


def test_metrics_count_requests_errors_latency_and_bytes(client):
    def value(text: str, line_start: str) -> float:
        for line in text.splitlines():
            if line.startswith(line_start):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = client.get("/metrics").data.decode()
    client.post("/v1/clean", json={"text": "标题"})
    client.post("/v1/clean", json={"text": 1})
    text = client.get("/metrics").data.decode()
    ok = 'qingxi_http_requests_total{endpoint="/v1/clean",method="POST",status="200"}'
    bad = 'qingxi_http_errors_total{endpoint="/v1/clean",status="422"}'
    assert value(text, ok) - value(before, ok) == 1
    assert value(text, bad) - value(before, bad) == 1
    size = 'qingxi_http_request_bytes_total{endpoint="/v1/clean"}'
    assert value(text, size) - value(before, size) > 0
    count = 'qingxi_http_request_duration_seconds_count{endpoint="/v1/clean"}'
    assert value(text, count) - value(before, count) == 2


def test_unknown_paths_share_one_metrics_label(client):
    client.get("/a-random-path-1")
    client.get("/a-random-path-2")
    text = client.get("/metrics").data.decode()
    assert "a-random-path" not in text
    assert 'endpoint="unmatched"' in text
