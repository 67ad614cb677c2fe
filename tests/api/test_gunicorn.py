"""The service as it runs: real gunicorn (the project's configuration), spoken to over HTTP."""

from __future__ import annotations

import re
import uuid

import requests

from .conftest import Gunicorn, page


def _count(metrics: str, endpoint: str) -> float:
    total = 0.0
    for m in re.finditer(r'^qingxi_http_requests_total\{([^}]*)\} (\S+)$', metrics, re.M):
        if f'endpoint="{endpoint}"' in m.group(1):
            total += float(m.group(2))
    return total


def test_clean_a_real_page_over_http(server):
    text = page()
    r = requests.post(server.url + "/v1/clean", data=text.encode(),
                      headers={"Content-Type": "text/plain; charset=utf-8",
                               "X-Request-ID": "live-1"}, timeout=30)
    assert r.status_code == 200
    assert r.headers["X-Request-ID"] == "live-1"
    body = r.json()
    assert body["articles"] and body["stats"]["input_chars"] == len(text)
    j = requests.post(server.url + "/v1/clean", json={"text": text}, timeout=30)
    assert len(j.json()["articles"]) == len(body["articles"])


def test_metrics_add_up_across_workers(server):
    before = _count(requests.get(server.url + "/metrics", timeout=10).text, "/v1/rules")
    for _ in range(30):  # a new connection each time: the two workers share the requests
        assert requests.get(server.url + "/v1/rules", headers={"Connection": "close"},
                            timeout=10).status_code == 200
    text = requests.get(server.url + "/metrics", timeout=10).text
    assert _count(text, "/v1/rules") - before == 30
    assert "qingxi_http_request_duration_seconds_bucket" in text
    assert re.search(r'^qingxi_http_request_bytes_total\{endpoint="/v1/clean"\} \d', text, re.M)


def test_a_chunked_body_is_limited_not_truncated(server):
    def chunks(data: bytes):
        for i in range(0, len(data), 65536):
            yield data[i:i + 65536]

    under = ("新闻" * 300_000).encode()  # 1.8 MB, under the 2 MB default
    r = requests.post(server.url + "/v1/normalize", data=chunks(under),
                      headers={"Content-Type": "text/plain"}, timeout=60)
    assert r.status_code == 200
    assert r.json()["stats"]["input_chars"] == 600_000
    over = b"x" * (3 * 1024 * 1024)
    r = requests.post(server.url + "/v1/clean", data=chunks(over),
                      headers={"Content-Type": "text/plain"}, timeout=60)
    assert r.status_code == 413
    assert r.headers["Content-Type"] == "application/problem+json"


def test_content_length_over_the_limit_gets_a_413_not_a_reset(server):
    r = requests.post(server.url + "/v1/clean", data=b"x" * (3 * 1024 * 1024),
                      headers={"Content-Type": "text/plain"}, timeout=60)
    assert r.status_code == 413


def test_deadline_in_a_real_worker_then_a_graceful_stop(tmp_path):
    g = Gunicorn(QINGXI_TIMEOUT="0.001", QINGXI_WORKERS="1", TMPDIR=str(tmp_path))
    try:
        r = requests.post(g.url + "/v1/clean", data=(page() * 60).encode(),
                          headers={"Content-Type": "text/plain"}, timeout=60)
        assert r.status_code == 503
        assert r.json()["type"] == "urn:qingxi:problem:timeout"
        # the worker survived its alarm and serves the next request
        assert requests.get(g.url + "/healthz", timeout=10).status_code == 200
    finally:
        code = g.stop()
    assert code == 0
    # the metrics directory the configuration made (under TMPDIR) is gone with it
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("qingxi-metrics-")]


def test_api_keys_in_a_live_server():
    key = uuid.uuid4().hex
    g = Gunicorn(QINGXI_API_KEYS=f"other,{key}", QINGXI_LOG_LEVEL="INFO")
    try:
        assert requests.get(g.url + "/healthz", timeout=10).status_code == 200
        r = requests.get(g.url + "/v1/rules", timeout=10)
        assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
        ok = requests.get(g.url + "/v1/rules", headers={"Authorization": f"Bearer {key}"},
                          timeout=10)
        assert ok.status_code == 200
    finally:
        g.stop()
    logs = g.log()
    assert '"endpoint": "/v1/rules", "status": 401' in logs  # the requests were logged...
    assert key not in logs  # ...and the key never was
