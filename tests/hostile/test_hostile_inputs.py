"""Hostile input, one test each: a 4xx problem+json or a correct result, never a 500, a hang or
a memory blow-up.

Small bodies go through the app factory's test client.  Big ones (10 MB, 1 MB of one character,
100,000 newlines, a 1 MB line) go through real gunicorn (one sync worker, ``QINGXI_TIMEOUT=2``):
there the test also sees that the worker survives (same pid), how long the answer took, and the
worker's peak resident memory (``VmHWM``).  A big input either is cleaned (200, consistent) or
runs into the deadline (a complete problem+json 503 soon after it): both are answers; a 500, a
dropped connection, a killed worker or gigabytes of memory are not.
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from service import create_app

from .conftest import check_clean, check_normalize, check_problem, problem

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
PATHS = ("/v1/clean", "/v1/normalize")
MB = 1024 * 1024

#: a worker may use this much more memory than when idle for a 1 MB input (the input as bytes,
#: as str, as JSON, the edit log and the output: a few tens of MB); a blow-up is far beyond it
MEMORY_BOUND_MB = 400


def _hwm_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _live_post(live, path: str, data, content_type: str = TEXT, explain: bool = False) -> \
        tuple[requests.Response, float]:
    """POST through gunicorn; check the worker survived and stayed within its memory bound."""
    (worker,) = live.worker_pids()
    idle = _hwm_mb(worker) if not hasattr(live, "idle_mb") else live.idle_mb
    live.idle_mb = idle
    started = time.monotonic()
    r = requests.post(live.url + path + ("?explain=true" if explain and path == "/v1/clean"
                                         else ""),
                      data=data, headers={"Content-Type": content_type}, timeout=60)
    elapsed = time.monotonic() - started
    assert live.worker_pids() == [worker], "the worker died"
    assert _hwm_mb(worker) - idle < MEMORY_BOUND_MB
    return r, elapsed


def _answered(live, path: str, text: str, elapsed: float, r: requests.Response) -> str:
    """200 with a consistent result, or the deadline's 503 soon after the deadline."""
    if r.status_code == 503:
        body = problem(503, r.headers.get("Content-Type"), r.content)
        assert body["type"] == "urn:qingxi:problem:timeout"
        assert elapsed < 2 + 3  # QINGXI_TIMEOUT plus the time to read, decode and answer
        return "deadline"
    assert r.status_code == 200, r.content[:300]
    body = r.json()
    (check_clean if path == "/v1/clean" else check_normalize)(text, body)
    return "cleaned"


# ---- empty and oversized bodies ---------------------------------------------------------------

@pytest.mark.parametrize("path", PATHS)
def test_empty_body(client, path):
    # as text/plain an empty body is an empty page: nothing in, nothing out
    r = client.post(path, data=b"", content_type=TEXT)
    assert r.status_code == 200
    body = r.get_json()
    assert body["stats"]["input_chars"] == 0
    assert body.get("articles", []) == [] and body.get("text", "") == ""
    # as JSON an empty body is not a JSON document
    assert "Malformed JSON" in check_problem(client.post(path, data=b"", content_type=JSON),
                                             400)["detail"]
    # and a JSON document without the text names the missing field
    body = check_problem(client.post(path, data=b"{}", content_type=JSON), 422)
    assert body["errors"][0]["pointer"] == "#/text"
    r = client.post(path, json={"text": ""})
    assert r.status_code == 200 and r.get_json()["stats"]["input_chars"] == 0


def test_10_mb_body(live, client):
    big = b"x" * (10 * MB)
    for path in PATHS:
        # with a Content-Length: refused before reading it
        r, elapsed = _live_post(live, path, big)
        problem(413, r.headers.get("Content-Type"), r.content)
        # chunked (no length): read at most one byte past the limit, then refused
        r, _ = _live_post(live, path, (big[i:i + 65536] for i in range(0, len(big), 65536)))
        problem(413, r.headers.get("Content-Type"), r.content)
        r, _ = _live_post(live, path, json.dumps({"text": "新" * (4 * MB)}).encode(), JSON)
        problem(413, r.headers.get("Content-Type"), r.content)
    check_problem(client.post("/v1/clean", data=big, content_type=TEXT), 413)


# ---- encodings --------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    b"\xff\xfe\xfa",  # bytes that start no UTF-8 sequence
    "新华社".encode("utf-8")[:-1],  # a sequence cut short at the end
    "新华社北京电".encode("gbk"),  # another encoding
    b"\xed\xa0\x80",  # a surrogate encoded as UTF-8 (CESU-8 / WTF-8)
    b"\xc0\xaf",  # an overlong encoding of '/'
])
@pytest.mark.parametrize("path", PATHS)
def test_invalid_utf8(client, path, raw):
    body = check_problem(client.post(path, data=b"ok " + raw, content_type=TEXT), 400)
    assert "not valid UTF-8" in body["detail"]
    body = check_problem(client.post(path, data=b'{"text": "' + raw + b'"}', content_type=JSON),
                         400)
    assert "not valid UTF-8" in body["detail"]


@pytest.mark.parametrize("path", PATHS)
def test_utf16_with_bom(client, path):
    text = "本报讯（记者 李丹丹）为倡树务实重干的导向"
    for raw in (text.encode("utf-16"), text.encode("utf-16-be"),
                json.dumps({"text": text}).encode("utf-16")):
        for ct in (TEXT, JSON):
            assert "not valid UTF-8" in check_problem(
                client.post(path, data=raw, content_type=ct), 400)["detail"]
    # UTF-8 with a BOM is UTF-8: the BOM is an invisible character, removed and logged
    r = client.post("/v1/normalize", data=("\ufeff" + text).encode(), content_type=TEXT)
    body = r.get_json()
    assert r.status_code == 200 and not body["text"].startswith("\ufeff")
    assert body["edits"][0]["before"] == "\ufeff" and body["edits"][0]["start"] == 0
    check_normalize("\ufeff" + text, body)
    # before a JSON value it is not data
    r = client.post(path, data="\ufeff".encode() + json.dumps({"text": text}).encode(),
                    content_type=JSON)
    assert r.status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_nul_bytes(client, path):
    text = "本报讯\x00（记者 李丹丹）\x00为倡树务实重干的导向，\x00\x00激发工程建设新动能。\n" * 50
    for r in (client.post(path, data=text.encode(), content_type=TEXT),
              client.post(path, json={"text": text, "options": {"explain": True}}
                          if path == "/v1/clean" else {"text": text})):
        assert r.status_code == 200, r.data[:300]
        body = r.get_json()
        (check_clean if path == "/v1/clean" else check_normalize)(text, body)
        # out of the clean text (the log's `before`, and furniture, which is verbatim input,
        # keep them)
        cleaned = body["articles"] if path == "/v1/clean" else body["text"]
        assert "\x00" not in json.dumps(cleaned, ensure_ascii=False).replace("\\u0000", "\x00")
    if path == "/v1/normalize":
        nuls = [e for e in body["edits"] if "\x00" in e["before"]]
        assert sum(e["before"].count("\x00") for e in nuls) == text.count("\x00")


@pytest.mark.parametrize("path", PATHS)
def test_surrogates_escaped_in_json(client, path):
    for raw in (b'{"text": "\\ud800"}', b'{"text": "ok \\udfff ok"}',
                b'{"text": "\\ude00\\ud83d"}',  # a pair in the wrong order
                b'{"text": "x", "options": {"\\ud800": true}}'):
        assert "lone surrogate" in check_problem(
            client.post(path, data=raw, content_type=JSON), 400)["detail"]
    # a correct pair is one astral character, kept
    r = client.post(path, data=b'{"text": "\\u65b0\\u95fb \\ud83d\\ude00"}', content_type=JSON)
    assert r.status_code == 200
    assert "😀" in r.data.decode("utf-8")


# ---- size and shape of the text (through gunicorn) --------------------------------------------

@pytest.mark.parametrize("char", ["新", "a", " ", "。", "\u3000"])
def test_1_mb_of_one_character(live, char):
    text = char * (MB // len(char.encode()))
    for path in PATHS:
        r, elapsed = _live_post(live, path, text.encode())
        _answered(live, path, text, elapsed, r)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_100000_newlines(live, newline):
    text = newline * 100_000
    for path in PATHS:
        r, elapsed = _live_post(live, path, text.encode())
        _answered(live, path, text, elapsed, r)
    # between words too: 100,000 one-character lines
    text = ("新" + newline) * 100_000
    r, elapsed = _live_post(live, "/v1/clean", text.encode())
    _answered(live, "/v1/clean", text, elapsed, r)


@pytest.mark.parametrize("kind", ["page", "spaced", "latin"])
def test_a_single_1_mb_line(live, kind):
    from faults.live import page

    unit = {"page": page().replace("\n", ""), "spaced": "本 报 讯 记 者 李 丹 丹 ",
            "latin": "The quick brown fox jumps over the lazy dog. "}[kind]
    size = len(unit.encode())
    text = unit * (MB // size)
    for path in PATHS:
        r, elapsed = _live_post(live, path, text.encode())
        _answered(live, path, text, elapsed, r)


@pytest.mark.parametrize("path", PATHS)
def test_all_emoji(client, path):
    text = "😀🎉👍🏽👨‍👩‍👧‍👦🇨🇳\ufe0f" * 500 + "\n" + "🔥" * 300
    r = client.post(path, json={"text": text, "options": {"explain": True}}
                    if path == "/v1/clean" else {"text": text})
    assert r.status_code == 200
    body = r.get_json()
    (check_clean if path == "/v1/clean" else check_normalize)(text, body)
    if path == "/v1/normalize":  # nothing here is damage (reflow may join the two lines); the
        # offsets of the log are code points, astral characters included
        assert body["text"].replace("\n", "") == text.replace("\n", "")
        assert all(e["before"] == "\n" for e in body["edits"])


@pytest.mark.parametrize("path", PATHS)
def test_all_latin(client, path):
    text = ("The Quick Brown Fox, \"jumps\" over the lazy dog (again); it's 3:45 p.m. - "
            "e-mail: fox@example.com, price $12.50...\n") * 200
    r = client.post(path, data=text.encode(), content_type=TEXT)
    assert r.status_code == 200
    body = r.get_json()
    (check_clean if path == "/v1/clean" else check_normalize)(text, body)
    if path == "/v1/normalize":  # no Chinese context: every letter, digit and ASCII mark stays,
        # in order (reflow joins the lines)
        assert "".join(body["text"].split()) == "".join(text.split())
    else:
        assert body["script"]["detected"] == "none"


# ---- JSON that is valid but hostile -----------------------------------------------------------

@pytest.mark.parametrize("path", PATHS)
def test_deeply_nested_json(client, path):
    for depth in (100_000, 5_000):
        for raw in (b"[" * depth + b"]" * depth,
                    b'{"text": "x", "options": ' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"):
            body = check_problem(client.post(path, data=raw, content_type=JSON), 400)
            assert "nested too deeply" in body["detail"]
    # nesting the parser accepts is refused by the schema, naming the field
    raw = b'{"text": "x", "options": ' + b'{"a":' * 50 + b"1" + b"}" * 50 + b"}"
    body = check_problem(client.post(path, data=raw, content_type=JSON), 422)
    assert body["errors"] == [{"pointer": "#/options/a", "detail": "Unknown option."}]
    body = check_problem(client.post(path, json={"text": [[["x"]]]}), 422)
    assert body["errors"][0]["pointer"] == "#/text"


@pytest.mark.parametrize("path", PATHS)
def test_huge_numbers(client, path):
    # an integer too long for Python to convert (over 4300 digits) is malformed JSON
    for raw in (b'{"text": ' + b"9" * 5000 + b"}",
                b'{"text": "x", "options": {"despace": ' + b"9" * 5000 + b"}}"):
        assert "Malformed JSON" in check_problem(
            client.post(path, data=raw, content_type=JSON), 400)["detail"]
    # numbers JSON allows but no option takes
    for value in (b"1e999", b"-1e999", b"9" * 4000, b"1.5", b"2", b"-1"):
        for field, pointer in ((b'"text": ' + value, "#/text"),
                               (b'"text": "x", "options": {"despace": ' + value + b"}",
                                "#/options/despace"),
                               (b'"text": "x", "options": {"script": ' + value + b"}",
                                "#/options/script")):
            body = check_problem(client.post(path, data=b"{" + field + b"}", content_type=JSON),
                                 422)
            assert [e["pointer"] for e in body["errors"]] == [pointer]
    # NaN and Infinity are not JSON
    for raw in (b'{"text": NaN}', b'{"text": "x", "options": {"despace": Infinity}}'):
        check_problem(client.post(path, data=raw, content_type=JSON), 400)


@pytest.mark.parametrize("path", PATHS)
def test_duplicate_keys(client, path):
    """The last occurrence of a key wins (as in JavaScript's JSON.parse): the text and the
    options validated and used are the ones the response reports."""
    raw = '{"text": "本 报 讯", "text": "新 华 社", "options": {"despace": true, "despace": false}}'
    r = client.post(path, data=raw.encode(), content_type=JSON)
    assert r.status_code == 200
    body = r.get_json()
    assert body["stats"]["input_chars"] == 5
    if path == "/v1/normalize":
        assert body["text"] == "新 华 社"  # de-spacing was switched off by the last value
    # a later duplicate that is invalid is refused even if the first was valid
    raw = b'{"text": "x", "options": {"script": "keep", "script": "klingon"}}'
    body = check_problem(client.post(path, data=raw, content_type=JSON), 422)
    assert body["errors"][0]["pointer"] == "#/options/script"


# every option with values of every wrong JSON type (booleans take true/false, 0/1 and the
# usual strings; the enumerations take one of their strings)
WRONG = {
    "bool": [2, -1, 1.5, "maybe", "", [], {}, None, [True], {"value": True}],
    "enum": [0, 1, True, 1.5, "", "ZH-HANT ", [], {}, None, ["auto"], {"value": "auto"}],
}
OPTIONS = {
    "/v1/clean": {"script": "enum", "latin_spacing": "enum", "segment": "bool",
                  "unicode": "bool", "reflow": "bool", "despace": "bool", "punctuation": "bool",
                  "repair": "bool", "dedupe": "bool", "explain": "bool"},
    "/v1/normalize": {"script": "enum", "latin_spacing": "enum", "unicode": "bool",
                      "reflow": "bool", "despace": "bool", "punctuation": "bool",
                      "repair": "bool", "dedupe": "bool"},
}


@pytest.mark.parametrize("path", PATHS)
def test_wrong_types_for_every_option(client, path):
    from schemas import FixOptionsSchema, PageOptionsSchema

    schema = PageOptionsSchema if path == "/v1/clean" else FixOptionsSchema
    assert set(OPTIONS[path]) == set(schema().fields)  # every option of the schema is tried
    for name, kind in OPTIONS[path].items():
        for value in WRONG[kind]:
            body = check_problem(client.post(path, json={"text": "x", "options": {name: value}}),
                                 422)
            assert [e["pointer"] for e in body["errors"]] == [f"#/options/{name}"], (name, value)
        # and as a query parameter of a text/plain body
        bad = "maybe" if kind == "bool" else "klingon"
        body = check_problem(client.post(f"{path}?{name}={bad}", data=b"x", content_type=TEXT),
                             422)
        assert [e["pointer"] for e in body["errors"]] == [f"#/options/{name}"]
    # the options object itself, and the text, with wrong types
    for value in ("explain", 1, True, [], None):
        body = check_problem(client.post(path, json={"text": "x", "options": value}), 422)
        assert body["errors"][0]["pointer"] == "#/options"
    for value in (1, 1.5, True, [], {}, None, ["x"]):
        body = check_problem(client.post(path, json={"text": value}), 422)
        assert body["errors"][0]["pointer"] == "#/text"


@pytest.mark.parametrize("path", PATHS)
def test_unknown_options(client, path):
    for name in ("scirpt", "Script", "__proto__", "constructor", "", "a/b~c", "选项", "x" * 5000):
        body = check_problem(client.post(path, json={"text": "x", "options": {name: True}}), 422)
        pointer = "#/options/" + name.replace("~", "~0").replace("/", "~1")
        assert body["errors"] == [{"pointer": pointer, "detail": "Unknown option."}]
    body = check_problem(client.post(path, json={"text": "x", "colour": "red"}), 422)
    assert body["errors"] == [{"pointer": "#/colour", "detail": "Unknown option."}] or \
        body["errors"][0]["pointer"] == "#/colour"
    body = check_problem(client.post(f"{path}?colour=red&script=keep", data=b"x",
                                     content_type=TEXT), 422)
    assert [e["pointer"] for e in body["errors"]] == ["#/options/colour"]


# ---- inputs that made a regex rescan a long run from each of its positions --------------------

@pytest.mark.parametrize("text", [
    "a" * 32_000 + " 本 报 讯 记 者",  # a long token without Chinese on a character-spaced line
    "本报讯" + "a" * 32_000 + "@",  # a long run of letters where an e-mail address could start
    "." * 32_000 + " 本 报 讯",
])
def test_long_runs_are_linear_not_quadratic(text):
    """Each of these took 25 to 50 s before the regexes were anchored or bounded (the deadline
    then answered 503); cleaned in well under a second now, so the generous deadline here is
    never reached (``bench/regex_growth.py`` prints the growth)."""
    client = create_app({"QINGXI_TIMEOUT": "5", "QINGXI_LOG_LEVEL": "WARNING"}).test_client()
    for path in PATHS:
        r = client.post(path, data=text.encode(), content_type=TEXT)
        assert r.status_code == 200, r.data[:200]
        (check_clean if path == "/v1/clean" else check_normalize)(text, r.get_json())
