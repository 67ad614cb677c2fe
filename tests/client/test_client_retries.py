"""The client's retries and errors, against a tiny local stub that answers what each test says."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from service.client import (
    BatchResult, Client, ClientError, CleanResult, ProblemError, RateLimited, ServiceUnavailable,
    ValidationError,
)

PAGE = {"articles": [{"kind": "article", "title": "标题", "text": "标题\n正文", "paragraphs": ["正文"],
                      "span": [0, 5]}],
        "furniture": [{"text": "2版", "kind": "page_number", "span": [6, 8]}],
        "script": {"detected": "zh-Hans", "output": "zh-Hans"}, "stats": {"articles": 1},
        "version": "0.1.0"}


class Stub:
    """Answers the scripted (status, headers, body) replies in turn, then the last one forever;
    records every request (method, path, body)."""

    def __init__(self, replies):
        self.replies, self.requests = list(replies), []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding") == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        chunk = self.rfile.read(size + 2)[:-2]
                        if not size:
                            return data
                        data += chunk
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _answer(self):
                body = self._body()
                stub.requests.append((self.command, self.path, body))
                status, headers, payload = stub.replies[min(len(stub.requests),
                                                            len(stub.replies)) - 1]
                if callable(payload):
                    payload = payload(body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub(request):
    s = Stub(request.param)
    yield s
    s.close()


PROBLEM = {"Content-Type": "application/problem+json"}
JSON = {"Content-Type": "application/json"}
UNAVAILABLE = (503, PROBLEM, {"type": "about:blank", "title": "Service Unavailable",
                              "status": 503, "detail": "busy"})


@pytest.mark.parametrize("stub", [[UNAVAILABLE, UNAVAILABLE, (200, JSON, PAGE)]], indirect=True)
def test_503_then_200_is_retried_for_post(stub):
    with Client(stub.url, backoff=0.01) as qx:
        page = qx.clean("标题 正文", script="zh-Hans")
    assert isinstance(page, CleanResult)
    assert page.articles[0].title == "标题" and page.articles[0].span == (0, 5)
    assert page.furniture[0].kind == "page_number"
    assert page.script.detected == "zh-Hans" and page.text == "标题\n正文"
    assert [r[0] for r in stub.requests] == ["POST"] * 3
    assert json.loads(stub.requests[-1][2]) == {"text": "标题 正文", "options": {"script": "zh-Hans"}}


@pytest.mark.parametrize("stub", [[(429, {"Retry-After": "0", **PROBLEM},
                                    {"status": 429, "title": "Too Many Requests"}),
                                   (200, JSON, PAGE)]], indirect=True)
def test_429_honours_retry_after(stub):
    with Client(stub.url, backoff=5) as qx:  # Retry-After: 0 wins over the 5 s backoff
        assert qx.clean("x").articles
    assert len(stub.requests) == 2


@pytest.mark.parametrize("stub", [[UNAVAILABLE]], indirect=True)
def test_503_for_ever_raises_with_the_problem_details(stub):
    with Client(stub.url, retries=2, backoff=0.01) as qx:
        with pytest.raises(ServiceUnavailable) as err:
            qx.clean("x")
    assert (err.value.status, err.value.title, err.value.detail) == (503, "Service Unavailable",
                                                                    "busy")
    assert len(stub.requests) == 3  # the first try and two retries


@pytest.mark.parametrize("stub", [[(422, {"X-Request-ID": "abc", **PROBLEM}, {
    "type": "urn:qingxi:problem:validation", "title": "Unprocessable Content", "status": 422,
    "detail": "see errors", "errors": [{"pointer": "#/options/scrpt", "detail": "Unknown option."}],
})]], indirect=True)
def test_422_is_not_retried_and_carries_the_field_errors(stub):
    with Client(stub.url, backoff=0.01) as qx:
        with pytest.raises(ValidationError) as err:
            qx.clean("x", scrpt="zh-Hans")
    e = err.value
    assert isinstance(e, ProblemError) and e.status == 422
    assert e.errors == [{"pointer": "#/options/scrpt", "detail": "Unknown option."}]
    assert e.type == "urn:qingxi:problem:validation" and e.request_id == "abc"
    assert "Unknown option" not in str(e) and "see errors" in str(e)
    assert len(stub.requests) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_retried_then_raised():
    with Client(f"http://127.0.0.1:{_free_port()}", retries=2, backoff=0.01) as qx:
        with pytest.raises(ClientError, match="cannot reach"):
            qx.normalize("x")
        with pytest.raises(ClientError, match="cannot reach"):
            list(qx.clean_batch(["x"]))


def _ndjson(body: bytes) -> bytes:
    lines = [json.loads(line) for line in body.splitlines() if line.strip()]
    return b"".join(json.dumps({"id": r["id"], "result": PAGE}).encode() + b"\n" for r in lines)


@pytest.mark.parametrize("stub", [[UNAVAILABLE, (200, {"Content-Type": "application/x-ndjson"},
                                                 _ndjson)]], indirect=True)
def test_batch_of_a_list_is_sent_again_after_503(stub):
    with Client(stub.url, backoff=0.01) as qx:
        out = list(qx.clean_batch(["甲", ("b", "乙"), {"id": "c", "text": "丙"}], script="keep",
                                  explain=True))
    assert [r.id for r in out] == [0, "b", "c"] and all(r.ok for r in out)
    assert out[0].unwrap().articles[0].title == "标题"
    method, path, body = stub.requests[-1]
    assert path == "/v1/clean/batch?script=keep&explain=true"
    assert [json.loads(x)["text"] for x in body.splitlines() if x.strip()] == ["甲", "乙", "丙"]
    assert len(stub.requests) == 2


@pytest.mark.parametrize("stub", [[UNAVAILABLE, (200, {}, b"")]], indirect=True)
def test_batch_of_a_generator_is_not_sent_twice(stub):
    with Client(stub.url, backoff=0.01) as qx:
        with pytest.raises(ServiceUnavailable):
            list(qx.clean_batch(t for t in ["甲", "乙"]))
    assert len(stub.requests) == 1


def test_batch_error_lines_become_problem_errors():
    line = {"id": 3, "error": {"type": "about:blank", "title": "Bad Request", "status": 400,
                               "detail": "line 3: Malformed JSON"}}
    r = BatchResult.from_line(line)
    assert not r.ok and r.error.status == 400 and r.as_dict() == line
    with pytest.raises(ProblemError, match="Malformed JSON"):
        r.unwrap()


@pytest.mark.parametrize("stub", [[(429, PROBLEM, {"status": 429})]], indirect=True)
def test_rate_limited_after_retries(stub):
    with Client(stub.url, retries=1, backoff=0.01) as qx:
        with pytest.raises(RateLimited):
            qx.rules()
    assert [r[0] for r in stub.requests] == ["GET", "GET"]


def test_bad_base_url():
    with pytest.raises(ValueError):
        Client("localhost:8000")
