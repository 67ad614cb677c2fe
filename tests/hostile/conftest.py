"""Fixtures of the hostile-input tests: the app, a live gunicorn, and the checks every answer
must pass (a 4xx problem+json that leaks nothing, or a 200 whose result is consistent)."""

from __future__ import annotations

import json
import re

import pytest

from service import create_app
from service.errors import PROBLEM_JSON
from service.pipeline.edits import replay

from faults.live import Live

#: what must never appear in an error body: a traceback, a source file, a path on disk
LEAKS = re.compile(r"Traceback|File \"|/work/|/home/|/usr/|/opt/|/tmp/|site-packages|\.py\b"
                   r"|Error:|Exception")


@pytest.fixture(scope="module")
def client():
    return create_app({"QINGXI_API_KEYS": "", "QINGXI_LOG_LEVEL": "WARNING"}).test_client()


@pytest.fixture(scope="module")
def live():
    """One sync worker with a short deadline: big inputs either finish or get the 503."""
    with Live(QINGXI_WORKERS="1", QINGXI_TIMEOUT="2") as g:
        yield g


def problem(status: int, content_type: str | None, data: bytes, request_id: str | None = None,
            ) -> dict:
    """A problem+json body of ``status`` that leaks nothing."""
    assert content_type and content_type.split(";")[0] == PROBLEM_JSON, (status, data[:300])
    body = json.loads(data)
    assert body["status"] == status and body["title"] and body["type"]
    if request_id is not None:
        assert body["request_id"] == request_id
    assert not LEAKS.search(data.decode("utf-8")), data[:500]
    return body


def check_problem(r, status: int) -> dict:
    """For a Flask test response."""
    assert r.status_code == status, r.data[:300]
    return problem(status, r.headers.get("Content-Type"), r.data, r.headers["X-Request-ID"])


def check_clean(text: str, body: dict) -> None:
    """A /v1/clean result consistent with its input: counts, spans and (when asked) the log."""
    assert body["stats"]["input_chars"] == len(text)
    for item in body["articles"] + body["furniture"]:
        s0, s1 = item["span"]
        assert 0 <= s0 <= s1 <= len(text)
    if "edits" in body:
        replay(text, body["edits"])  # every edit's `before` is the input at its span


def check_normalize(text: str, body: dict) -> None:
    """A /v1/normalize result: replaying its edit log over the input gives its text."""
    assert body["stats"]["input_chars"] == len(text)
    assert replay(text, body["edits"]) == body["text"]
