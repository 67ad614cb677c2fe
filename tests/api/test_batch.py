"""POST /v1/clean/batch: ordering, bad lines, limits, streaming (through the app and over a real
gunicorn)."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests

from service import batching, create_app
from service.client import Client
from service.pipeline import clean_page
from service.pipeline.options import Options

from .conftest import Gunicorn, all_pages

NDJSON = "application/x-ndjson"


def _lines(resp) -> list[dict]:
    return [json.loads(x) for x in resp.data.decode().splitlines()]


def _post(client, body: bytes | str, query: str = "", **kw):
    data = body.encode() if isinstance(body, str) else body
    return client.post("/v1/clean/batch" + query, data=data, content_type=NDJSON, **kw)


def _rec(**kw) -> str:
    return json.dumps(kw, ensure_ascii=False)


def _same(result: dict, text: str, opts: Options = Options()) -> None:
    expected = clean_page(text, opts)
    for r in (result, expected):
        r["stats"].pop("elapsed_ms")
    result.pop("version")
    assert result == expected


def test_results_in_input_order_with_query_defaults_and_line_options(client):
    pages = [p.read_text(encoding="utf-8") for p in all_pages()]
    body = "\n".join([_rec(id=f"p{i}", text=t) for i, t in enumerate(pages)]
                     + [_rec(id=99, text=pages[0], options={"script": "keep", "explain": False})])
    r = _post(client, body + "\n", "?script=zh-Hant&explain=true")
    assert r.status_code == 200 and r.mimetype == NDJSON and r.is_streamed
    lines = _lines(r)
    assert [x["id"] for x in lines] == [f"p{i}" for i in range(5)] + [99]
    for line, text in zip(lines, pages):
        _same(line["result"], text, Options(script="zh-Hant", explain=True))
    _same(lines[-1]["result"], pages[0], Options(script="keep"))


def test_bad_lines_give_error_lines_and_the_stream_goes_on(client):
    good = all_pages()[4].read_text(encoding="utf-8")
    body = b"\n".join([
        b'{"id": "a", "text": ',                                   # 2 malformed JSON... line 1
        b'[1, 2]',                                                 # not an object
        b'{"id": "c"}',                                            # no text
        b'{"id": "d", "text": 5}',                                 # text not a string
        b'{"id": "e", "text": "x", "extra": 1}',                   # unknown field
        b'{"id": "f", "text": "x", "options": {"scrpt": "keep"}}', # unknown option
        b'{"id": "g", "text": "x", "options": {"dedupe": "maybe"}}',
        b'{"id": "h", "text": "x", "options": 3}',
        b'{"id": {"x": 1}, "text": "x"}',                          # id not a string or number
        b'{"id": "j", "text": "\xff\xfe"}',                        # not UTF-8
        b'{"id": "k", "text": "\\ud800"}',                         # lone surrogate
        b'{"id": "l", "text": NaN}',
        b'',                                                       # blank: no line out
        _rec(id="m", text=good).encode(),
    ])
    r = _post(client, body)
    assert r.status_code == 200
    lines = _lines(r)
    assert [x["id"] for x in lines] == [1, 2, "c", "d", "e", "f", "g", "h", 9, 10, "k", 12, "m"]
    statuses = [x["error"]["status"] if "error" in x else 200 for x in lines]
    assert statuses == [400, 400, 422, 422, 422, 422, 422, 422, 422, 400, 400, 400, 200]
    for x in lines[:-1]:
        assert set(x["error"]) >= {"type", "title", "status", "detail", "request_id"}
        assert x["error"]["detail"].startswith(f"line {lines.index(x) + 1}:")
    assert lines[5]["error"]["errors"] == [{"pointer": "#/options/scrpt",
                                            "detail": "Unknown option."}]
    assert lines[5]["error"]["type"] == "urn:qingxi:problem:validation"
    assert lines[2]["error"]["errors"][0]["pointer"] == "#/text"
    assert lines[4]["error"]["errors"] == [{"pointer": "#/extra", "detail": "Unknown field."}]
    _same(lines[-1]["result"], good)


def test_line_errors_have_the_shape_of_the_api_errors(client):
    """A 422 line and a 422 response of /v1/clean carry the same problem."""
    line = _lines(_post(client, _rec(id=1, text="x", options={"scrpt": "keep"})))[0]["error"]
    whole = client.post("/v1/clean", json={"text": "x", "options": {"scrpt": "keep"}}).json
    for body in (line, whole):
        body.pop("request_id"), body.pop("detail")
    assert line == whole


def test_a_line_over_the_size_limit_is_skipped_not_buffered():
    app = create_app({"QINGXI_MAX_BYTES": "1000"})
    after = "工业和信息化部部长金壮龙表示，我国着力营造中小企业发展良好环境。"
    body = "\n".join([_rec(id="small", text="本报讯"), _rec(id="big", text="字" * 2000),
                      _rec(id="after", text=after)])
    lines = _lines(_post(app.test_client(), body))
    assert [x["id"] for x in lines] == ["small", 2, "after"]
    assert lines[1]["error"]["status"] == 413 and "QINGXI_MAX_BYTES" in lines[1]["error"]["detail"]
    _same(lines[2]["result"], after)


def test_line_count_limit_ends_the_stream_with_a_final_error_line():
    app = create_app({"QINGXI_BATCH_MAX_LINES": "3"})
    body = "\n".join(_rec(id=i, text="本报讯") for i in range(5))
    lines = _lines(_post(app.test_client(), body))
    assert [x["id"] for x in lines] == [0, 1, 2, None]
    assert lines[-1]["error"]["status"] == 413
    assert "QINGXI_BATCH_MAX_LINES" in lines[-1]["error"]["detail"]


def test_total_size_limit():
    app = create_app({"QINGXI_BATCH_MAX_BYTES": "1000"})
    client = app.test_client()
    body = "\n".join(_rec(id=i, text="本报讯" * 20) for i in range(20))
    r = _post(client, body)  # with a Content-Length: refused before reading
    assert r.status_code == 413 and r.mimetype == "application/problem+json"
    assert "QINGXI_BATCH_MAX_BYTES" in r.json["detail"]
    # without one (chunked): cleaned up to the limit, then a final error line
    r = _post(client, body, environ_overrides={"CONTENT_LENGTH": "",
                                               "wsgi.input_terminated": True})
    lines = _lines(r)
    assert lines[-1]["id"] is None and "QINGXI_BATCH_MAX_BYTES" in lines[-1]["error"]["detail"]
    assert [x["id"] for x in lines[:-1]] == list(range(len(lines) - 1))
    assert 0 < len(lines) - 1 < 20


@pytest.mark.parametrize("ctype", ["application/json", "text/plain",
                                   "application/x-ndjson; charset=latin-1"])
def test_other_media_types_are_415(client, ctype):
    r = client.post("/v1/clean/batch", data=b'{"text": "x"}', content_type=ctype)
    assert r.status_code == 415 and r.mimetype == "application/problem+json"


def test_bad_query_options_are_a_422_of_the_whole_request(client):
    r = _post(client, _rec(text="x"), "?script=klingon")
    assert r.status_code == 422
    assert r.json["errors"][0]["pointer"] == "#/options/script"


def test_empty_body_gives_an_empty_answer(client):
    r = _post(client, b"\n\n")
    assert r.status_code == 200 and r.data == b""


def test_api_keys_apply(client):
    app = create_app({"QINGXI_API_KEYS": "k1"})
    c = app.test_client()
    assert _post(c, _rec(text="x")).status_code == 401
    r = _post(c, _rec(text="x"), headers={"Authorization": "Bearer k1"})
    assert r.status_code == 200 and "result" in _lines(r)[0]


def test_problem_bodies_match_the_service_errors(app):
    """batching.problem (no Flask, for lines) builds what service.errors.problem answers."""
    from service.errors import problem as response_problem

    with app.test_request_context():
        errors = [{"pointer": "#/text", "detail": "Not a valid string."}]
        resp = response_problem(422, "bad", type_=batching.VALIDATION, errors=errors)
        assert resp.json == batching.problem(422, "bad", type_=batching.VALIDATION, errors=errors)


# ---- over a real gunicorn ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def live():
    g = Gunicorn(QINGXI_TIMEOUT="1")  # gunicorn kills a worker silent for 11 s
    yield g
    g.stop()


def test_results_stream_while_the_request_is_still_being_sent(live):
    """The first results arrive while later records are still to be sent: neither the request
    nor the answer is buffered whole.  (gunicorn reads a chunked body 1 KB at a time, so a
    line's result can wait for the first kilobyte of the next one: pages are far longer.)"""
    page = all_pages()[0].read_text(encoding="utf-8")
    events = []

    def records():
        for i in range(6):
            events.append(("sent", i))
            yield {"id": i, "text": page}
            time.sleep(0.3)
        events.append(("sent", "all"))

    with Client(live.url, timeout=30) as qx:
        for item in qx.clean_batch(records()):
            events.append(("result", item.id))
            assert item.ok and item.result.raw["articles"] == clean_page(page)["articles"]
    assert [e[1] for e in events if e[0] == "result"] == list(range(6))
    assert events.index(("result", 0)) < events.index(("sent", 4))
    assert events.index(("result", 3)) < events.index(("sent", "all"))


def test_a_stream_longer_than_the_worker_timeout_is_not_killed(live):
    """The worker checks in with gunicorn's arbiter after each line (post_worker_init)."""
    def slow():
        for i in range(28):
            yield {"id": i, "text": "本 报 讯"}
            time.sleep(0.5)  # 14 s in all, past gunicorn's 11 s timeout

    with Client(live.url, timeout=30) as qx:
        ids = [x.id for x in qx.clean_batch(slow())]
    assert ids == list(range(28))


def test_curl_like_upload_of_many_pages(live):
    """A plain requests upload with a Content-Length (no client library) works too."""
    pages = [p.read_text(encoding="utf-8") for p in all_pages()] * 4
    body = "".join(_rec(id=i, text=t) + "\n" for i, t in enumerate(pages)).encode()
    r = requests.post(live.url + "/v1/clean/batch?dedupe=false", data=body,
                      headers={"Content-Type": NDJSON}, stream=True, timeout=60)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(NDJSON)
    lines = [json.loads(x) for x in r.iter_lines() if x]
    assert [x["id"] for x in lines] == list(range(20))
    assert lines[7]["result"]["articles"] == clean_page(pages[7], Options(dedupe=False))["articles"]
