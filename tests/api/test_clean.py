"""POST /v1/clean and POST /v1/normalize on real pages, in both content types."""

from __future__ import annotations

import pytest

from schemas import CleanResponseSchema, NormalizeResponseSchema
from service.pipeline import Options, clean_page, normalize
from service.pipeline.edits import replay

from .conftest import all_pages, page

TEXT = "text/plain; charset=utf-8"


def _without_timing(body: dict) -> dict:
    body = dict(body)
    body["stats"] = {k: v for k, v in body["stats"].items() if k != "elapsed_ms"}
    return body


@pytest.mark.parametrize("path", all_pages(), ids=lambda p: p.name[:3])
def test_clean_returns_what_the_pipeline_returns_in_the_response_schema(client, path):
    text = path.read_text(encoding="utf-8")
    r = client.post("/v1/clean", json={"text": text})
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    body = r.get_json()
    CleanResponseSchema().load(body)  # every field the schema requires, nothing it does not know
    expected = clean_page(text, Options())
    assert _without_timing(body) == _without_timing({**expected, "version": body["version"]})
    assert body["stats"]["input_chars"] == len(text)
    assert body["articles"], "a real page has at least one article"
    for a in body["articles"]:
        start, end = a["span"]
        assert 0 <= start < end <= len(text)
    assert "edits" not in body  # only with explain


def test_plain_text_body_gives_the_same_answer_as_json(client):
    text = page()
    as_json = client.post("/v1/clean", json={"text": text, "options": {"script": "keep"}})
    as_text = client.post("/v1/clean?script=keep", data=text.encode("utf-8"), content_type=TEXT)
    assert as_text.status_code == as_json.status_code == 200
    assert _without_timing(as_text.get_json()) == _without_timing(as_json.get_json())


def test_plain_text_without_charset_is_utf8(client):
    sentence = "新华社北京12月2日电 中共中央总书记习近平2日在北京出席座谈会。"
    r = client.post("/v1/clean", data=sentence.encode(), content_type="text/plain")
    assert r.status_code == 200
    assert r.get_json()["articles"][0]["text"] == sentence


def test_query_options_are_validated_and_used(client):
    r = client.post("/v1/clean?script=zh-Hant&explain=true", data=page().encode(), content_type=TEXT)
    body = r.get_json()
    assert r.status_code == 200
    assert body["script"] == {"detected": "zh-Hans", "output": "zh-Hant"}
    assert "edits" in body


def test_json_options_win_over_query_options(client):
    r = client.post("/v1/clean?script=zh-Hant&explain=true",
                    json={"text": page(), "options": {"script": "zh-HK"}})
    body = r.get_json()
    assert body["script"]["output"] == "zh-HK"
    assert "edits" in body  # explain from the query, not overridden


def test_a_bad_query_option_is_an_error_even_when_the_body_gives_it(client):
    r = client.post("/v1/clean?script=klingon", json={"text": "标题", "options": {"script": "keep"}})
    assert r.status_code == 422
    assert r.get_json()["errors"][0]["pointer"] == "#/options/script"


@pytest.mark.parametrize("path", all_pages(), ids=lambda p: p.name[:3])
def test_explain_returns_an_edit_log_that_replays_to_the_output(client, path):
    text = path.read_text(encoding="utf-8")
    body = client.post("/v1/normalize", json={"text": text}).get_json()
    for e in body["edits"]:
        assert text[e["start"]:e["end"]] == e["before"]
    # the log is exactly the pipeline's: replaying it over the input gives the clean text
    assert body["text"] == normalize(text, Options())["text"]
    assert replay(text, body["edits"]) == body["text"]
    clean = client.post("/v1/clean", json={"text": text, "options": {"explain": True}}).get_json()
    assert clean["edits"] == body["edits"]


def test_normalize_json_and_text(client):
    text = "本 报 讯 （记 者 李丹丹 通讯员 潘振丽）为倡树务实重干的导向"
    r = client.post("/v1/normalize", json={"text": text, "options": {"latin_spacing": "pangu"}})
    assert r.status_code == 200
    body = r.get_json()
    NormalizeResponseSchema().load(body)
    assert body["stats"]["input_chars"] == len(text)
    expected = normalize(text, Options(latin_spacing="pangu"))
    assert body["text"] == expected["text"]
    assert body["edits"] == expected["edits"]
    r2 = client.post("/v1/normalize?latin_spacing=pangu", data=text.encode(), content_type=TEXT)
    assert r2.get_json()["text"] == body["text"]


def test_normalize_has_no_page_options(client):
    r = client.post("/v1/normalize", json={"text": "标题", "options": {"segment": False}})
    assert r.status_code == 422
    assert r.get_json()["errors"] == [{"pointer": "#/options/segment", "detail": "Unknown option."}]


def test_empty_text_is_an_empty_page(client):
    r = client.post("/v1/clean", json={"text": ""})
    assert r.status_code == 200
    body = r.get_json()
    assert body["articles"] == [] and body["furniture"] == []
    assert body["stats"]["input_chars"] == 0


def test_json_with_charset_and_bom_is_accepted(client):
    raw = '\ufeff{"text": "标题"}'.encode("utf-8")
    r = client.post("/v1/normalize", data=raw, content_type="application/json; charset=UTF-8")
    assert r.status_code == 200
    assert r.get_json()["text"] == "标题"


def test_responses_are_utf8_not_escaped(client):
    r = client.post("/v1/normalize", json={"text": "清洗"})
    assert "清洗".encode() in r.data


def test_rules_lists_every_rule_of_the_pipeline(client):
    from service.pipeline import ORDER

    r = client.get("/v1/rules")
    assert r.status_code == 200
    rules = r.get_json()["rules"]
    assert [x["id"] for x in rules] == [x.id for x in ORDER]
    for x in rules:
        assert x["option"] in Options._fields
        assert x["default"] == getattr(Options(), x["option"])
        assert set(x["example"]) == {"before", "after"}


def test_request_id_is_honoured_sanitised_and_echoed(client):
    r = client.get("/healthz", headers={"X-Request-ID": "job-42:page.7"})
    assert r.headers["X-Request-ID"] == "job-42:page.7"
    r = client.get("/healthz", headers={"X-Request-ID": "a b;<\">" + "c" * 300})
    assert r.headers["X-Request-ID"] == "ab" + "c" * 62
    r = client.get("/healthz")
    assert len(r.headers["X-Request-ID"]) == 32


def test_one_json_log_line_per_request(client, logs):
    client.post("/v1/clean", json={"text": "标题"}, headers={"X-Request-ID": "rid-1"})
    lines = [r for r in logs if r.name == "qingxi.request"]
    assert len(lines) == 1
    rec = lines[0]
    assert (rec.request_id, rec.method, rec.endpoint, rec.status) == ("rid-1", "POST", "/v1/clean", 200)
    assert rec.bytes_in > 0 and rec.duration_ms >= 0
