"""Security checks: API keys compared in constant time and never logged; no stack trace or
internal path in any error body; the size limit applies before the body is read or parsed."""

from __future__ import annotations

import hmac
import io
import json
import logging

import pytest

from service import auth, create_app

from .conftest import LEAKS, check_problem

KEY, OTHER = "k-7f3a9c1e5b2d4f6a8c0e", "k-other-0123456789"


def test_keys_compared_with_compare_digest_against_every_key(monkeypatch):
    """One ``hmac.compare_digest`` per configured key, whatever the token: no early exit and no
    ``==`` that would tell by timing how much of a key matched, or which key."""
    calls = []
    real = hmac.compare_digest

    def counting(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", counting)
    keys = (OTHER, KEY, "k3")
    for token, ok in ((KEY, True), (OTHER, True), ("k3", True), (KEY[:-1], False),
                      (KEY + "x", False), ("", False), ("x" * 10_000, False)):
        calls.clear()
        assert auth.authorized(f"Bearer {token}", keys) is ok
        assert len(calls) == len(keys)  # every key, even after a match


def test_keys_never_logged_nor_echoed(caplog):
    app = create_app({"QINGXI_API_KEYS": f"{OTHER},{KEY}", "QINGXI_LOG_LEVEL": "DEBUG"})
    client = app.test_client()
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    for name in ("", "qingxi", "werkzeug", "gunicorn.error"):
        logging.getLogger(name).addHandler(handler)
    try:
        bodies = []
        for header in (f"Bearer {KEY}", f"Bearer {KEY[:-2]}", f"Basic {KEY}", KEY):
            for method, path, kw in (("get", "/v1/rules", {}),
                                     ("post", "/v1/clean", {"json": {"text": "本 报 讯"}}),
                                     ("post", "/v1/clean", {"json": {"text": 1}}),
                                     ("post", "/v1/normalize", {"data": b"\xff",
                                                                "content_type": "text/plain"}),
                                     ("get", "/nowhere", {})):
                r = getattr(client, method)(path, headers={"Authorization": header,
                                                           "X-Request-ID": KEY}, **kw)
                bodies.append(r.data)
                assert KEY not in "".join(f"{k}: {v}" for k, v in r.headers.items()
                                          if k != "X-Request-ID")
    finally:
        for name in ("", "qingxi", "werkzeug", "gunicorn.error"):
            logging.getLogger(name).removeHandler(handler)
    from service.logging import JSONFormatter

    text = "\n".join(JSONFormatter().format(r) for r in records)
    assert records and '"status": 401' in text
    assert KEY[:-2] not in text.replace(f'"request_id": "{KEY}"', "")
    assert OTHER not in text
    for body in bodies:
        assert KEY[:-2].encode() not in body.replace(KEY.encode(), b"") and \
            OTHER.encode() not in body
    assert KEY not in repr(app.config["QINGXI"])


def test_no_stack_trace_or_path_in_any_error_body():
    client = create_app({"QINGXI_MAX_BYTES": "1000", "QINGXI_LOG_LEVEL": "WARNING"}).test_client()
    keyed = create_app({"QINGXI_API_KEYS": KEY, "QINGXI_LOG_LEVEL": "WARNING"}).test_client()
    cases = [
        (client.post("/v1/clean", data=b"x" * 2000, content_type="text/plain"), 413),
        (client.post("/v1/clean", data=b"{", content_type="application/json"), 400),
        (client.post("/v1/clean", data=b"\xc3", content_type="text/plain"), 400),
        (client.post("/v1/clean", data=b"[" * 900, content_type="application/json"), 400),
        (client.post("/v1/clean", data=b"x", content_type="text/html"), 415),
        (client.post("/v1/clean", json={"text": "x", "options": {"../../etc": 1}}), 422),
        (client.post("/v1/normalize", json={"text": {"__class__": "x"}}), 422),
        (client.get("/v1/clean"), 405),
        (client.get("/service/app.py"), 404),
        (client.get("/docs/../../../../etc/passwd"), 404),
        (client.get("/docs/%2e%2e/%2e%2e/service/app.py"), 404),
        (client.get("/openapi.yaml/../service/config.py"), 404),
        (keyed.get("/v1/rules"), 401),
        (keyed.get("/metrics"), 401),
    ]
    for r, status in cases:
        body = check_problem(r, status)  # problem+json, no leak (conftest.LEAKS)
        assert not LEAKS.search(json.dumps(body, ensure_ascii=False))


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_size_limit_applies_before_the_body_is_read(monkeypatch, content_type):
    from service import api

    parsed = []
    real = api.parse_json
    monkeypatch.setattr(api, "parse_json", lambda raw: parsed.append(len(raw)) or real(raw))

    class Stream(io.BytesIO):
        """A body that counts how much of it the service reads."""

        read_total = 0

        def read(self, n: int | None = -1) -> bytes:
            data = super().read(n)
            self.read_total += len(data)
            return data

    app = create_app({"QINGXI_MAX_BYTES": "1000", "QINGXI_LOG_LEVEL": "WARNING"})
    stream = Stream(b"{" * (20 * 1024 * 1024))
    r = app.test_client().post("/v1/clean", input_stream=stream, content_type=content_type,
                               headers={"Content-Length": str(20 * 1024 * 1024)})
    check_problem(r, 413)
    assert parsed == []  # never parsed
    assert stream.read_total <= 8 * 1024 * 1024  # at most drained, never held in full
