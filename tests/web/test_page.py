"""The web page in a real browser: headless Chromium against the live service.

Each test loads ``GET /`` from the service running on a loopback port and uses the page as a
person would (menus, buttons, keyboard); what the page shows is checked against what the public
API returns for the same request, so the test holds whatever the pipeline learns next.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import requests
from PIL import Image

from service.pipeline.edits import replay

PAGES = Path(__file__).resolve().parents[2] / "service" / "web" / "examples"
PAGE_004 = "004_f7398b48e92c5c4a.txt"
#: the options the page sends when nothing is changed: every default, and the edit log
PAGE_DEFAULTS = {
    "script": "auto", "latin_spacing": "remove", "segment": True, "unicode": True,
    "despace": True, "punctuation": True, "reflow": True, "repair": True, "dedupe": True,
    "explain": True,
}


def api_clean(base_url: str, text: str, headers: dict | None = None) -> dict:
    res = requests.post(f"{base_url}v1/clean", json={"text": text, "options": PAGE_DEFAULTS},
                        headers=headers or {}, timeout=30)
    assert res.status_code == 200, res.text
    return res.json()


def load_example(page, base_url: str, name: str) -> str:
    page.goto(base_url)
    page.select_option("#example", name)
    text = (PAGES / name).read_text(encoding="utf-8")
    page.wait_for_function("n => document.getElementById('text').value.length === n",
                           arg=len(text.replace("\r\n", "\n")))
    return text


def wait_result(page) -> None:
    page.wait_for_selector("#summary", state="visible")
    page.wait_for_function("!document.getElementById('clean').disabled")


def texts(where, selector: str) -> list[str]:
    """The text of every element ``selector`` finds in ``where`` (a page or a locator)."""
    return where.locator(selector).evaluate_all("els => els.map(e => e.textContent)")


def test_page_004_shows_articles_furniture_and_marked_edits(page, live, tmp_path):
    text = load_example(page, live.url, PAGE_004)
    expected = api_clean(live.url, text)
    page.click("#clean")
    wait_result(page)

    # the articles, as a reader sees them
    arts = expected["articles"]
    assert len(arts) >= 2
    assert page.locator("#articles article.news").count() == len(arts)
    for k, a in enumerate(arts):
        art = page.locator("#articles article.news").nth(k)
        if a["title"]:
            assert art.locator("h3.title").inner_text() == a["title"]
        assert texts(art, ".para") == a["paragraphs"]
        assert texts(art, "figcaption") == a["captions"]

    # the furniture that was removed, with its kind
    furniture = expected["furniture"]
    assert furniture, "page 004 prints furniture (page numbers, a slogan) that must be removed"
    assert texts(page, "#furniture .ftext") == [f["text"] for f in furniture]
    assert texts(page, "#furniture .kind") == [f["kind"] for f in furniture]

    # every edit marked in the input, where the input has `before`...
    edits = expected["edits"]
    assert edits
    assert page.eval_on_selector("#in-marked", "e => e.textContent") == text
    assert texts(page, "#in-marked mark.ed") == [e["before"] for e in edits]
    # ...and in the cleaned text rebuilt by replaying the log, where the output has `after`
    assert page.eval_on_selector("#out-marked", "e => e.textContent") == replay(text, edits)
    assert texts(page, "#out-marked mark.ed") == [e["after"] for e in edits]
    # the rule's name on hover, for every mark
    titles = page.eval_on_selector_all("#in-marked mark.ed", "els => els.map(e => e.title)")
    assert all(t.split("\n")[0] == " + ".join(e["rules"]) for t, e in zip(titles, edits))
    # marks inside the articles too, each one an edit of the log
    in_articles = page.eval_on_selector_all(
        "#articles mark.ed", "els => els.map(e => [+e.dataset.i, e.textContent])")
    assert in_articles
    assert all(edits[i]["after"] == shown for i, shown in in_articles)

    # the rule filter lists every rule with its count, and filters the marks
    by_rule = expected["stats"]["edits_by_rule"]
    chips = page.eval_on_selector_all(
        "#rule-list input", "els => els.map(e => [e.dataset.rule, e.labels[0].textContent])")
    assert sorted(r for r, _ in chips) == sorted(by_rule)
    assert all(label.split()[-1] == str(by_rule[r]) for r, label in chips)
    rule = chips[0][0]
    page.uncheck(f"#rule-list input[data-rule='{rule}']")
    off = page.eval_on_selector_all("#in-marked mark.ed.off", "els => els.map(e => +e.dataset.i)")
    assert off and all(rule in edits[i]["rules"] for i in off)
    page.click("#rules-all")
    assert page.locator("#in-marked mark.ed.off").count() == 0

    # a removed item is shown where it was in the input
    page.locator("#furniture .ftext").first.click()
    assert page.get_attribute("#tab-in-marked", "aria-selected") == "true"
    assert page.evaluate("CSS.highlights.get('spot').size") == 1
    assert page.evaluate("[...CSS.highlights.get('spot')][0].toString()") == \
        text[slice(*furniture[0]["span"])]

    # the stats
    stats = page.locator("#stats").inner_text()
    assert str(expected["stats"]["edits"]) in stats

    # the JSON and the curl command, one click away
    page.click("#tab-json")
    assert json.loads(page.locator("#json").text_content())["articles"] == arts
    page.click("#tab-curl")
    curl = page.locator("#curl").text_content()
    assert curl.startswith(f"curl -sS -X POST '{live.url}v1/clean'")
    body = curl.split("<<'JSON'\n", 1)[1].split("\nJSON\n", 1)[0]
    assert json.loads(body) == {"text": text, "options": PAGE_DEFAULTS}

    # clicking a mark in the input selects that edit in the output too
    page.locator("#in-marked mark.ed").nth(10).click()
    assert page.locator("#out-marked mark.ed.sel").get_attribute("data-i") == "10"
    assert f"{edits[10]['start']}–{edits[10]['end']}" in page.locator("#edit-info").inner_text()

    # a picture for the README: the articles beside the marked input, one edit selected
    page.click("#tab-articles")
    for _ in range(3):
        page.click("#edit-prev")
    page.locator("#in-marked mark.ed").nth(2).hover()
    shot = Path(os.environ.get("QINGXI_SCREENSHOT") or tmp_path / "page-004.png")
    page.screenshot(path=str(shot))
    assert_not_blank(shot)


def assert_not_blank(path: Path) -> None:
    """A real rendering has text and colour in it: many colours, no colour covering almost all."""
    with Image.open(path) as im:
        assert im.size[0] >= 1000 and im.size[1] >= 700
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None  # more than a million colours: not blank either
    total = sum(n for n, _ in colours)
    assert len(colours) > 200, f"only {len(colours)} colours: a blank page?"
    assert max(n for n, _ in colours) / total < 0.9


def test_code_point_offsets_outside_the_bmp(page, live):
    """Edit offsets count code points; the page must not shift marks after a 𠮷 (two UTF-16 units).

    The response is fixed here (through the browser's request routing) so that the edits sit
    right after characters outside the BMP; a page that sliced by UTF-16 units would mark the
    wrong characters.
    """
    text = "𠮷野家 本 报\n𩸽𩸽鱼 ,好"
    cps = list(text)
    edits = []
    for rule, start, after in (("despace.cjk", 3, ""), ("despace.cjk", 5, ""),
                               ("punctuation.comma", 12, "，")):
        edits.append({"rule": rule, "rules": [rule], "start": start, "end": start + 1,
                      "before": cps[start], "after": after})
    assert [e["before"] for e in edits] == [" ", " ", ","]
    response = {
        "articles": [{"kind": "article", "kicker": "", "title": "", "subtitle": "",
                      "dateline": "", "byline": "", "paragraphs": ["𠮷野家本报", "𩸽𩸽鱼 好"],
                      "captions": [], "continued": "", "text": "", "span": [0, len(cps)]}],
        "furniture": [], "edits": edits,
        "script": {"detected": "zh-Hans", "output": "zh-Hans"},
        "stats": {"edits": 3, "edits_by_rule": {"despace.cjk": 2, "punctuation.comma": 1}},
    }
    page.route("**/v1/clean", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(response)))
    page.goto(live.url)
    page.fill("#text", text)
    page.click("#clean")
    wait_result(page)
    assert texts(page, "#in-marked mark.ed") == [" ", " ", ","]
    assert page.eval_on_selector("#out-marked", "e => e.textContent") == "𠮷野家本报\n𩸽𩸽鱼 ，好"
    # the first paragraph occurs verbatim in the rebuilt text: its two deletions are marked in it
    first = page.locator("#articles .para").first
    assert first.text_content() == "𠮷野家本报"
    assert first.locator("mark.ed.del").count() == 2


def test_api_key_missing_is_a_clear_message_then_the_key_works(page, live_with_keys):
    load_example(page, live_with_keys.url, PAGE_004)
    page.click("#clean")
    error = page.locator("#error")
    error.wait_for(state="visible")
    message = error.inner_text()
    assert "401" in message
    problem = requests.post(f"{live_with_keys.url}v1/clean", json={"text": "本报讯"}, timeout=10)
    assert problem.headers["Content-Type"].startswith("application/problem+json")
    assert problem.json()["title"] in message  # the problem+json title is what the page shows
    assert "API key" in message
    assert page.evaluate("document.activeElement.id") == "apikey"
    assert page.locator("#articles article").count() == 0

    page.keyboard.type(live_with_keys.key)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    wait_result(page)
    assert page.locator("#error").is_hidden()
    assert page.locator("#articles article.news").count() >= 1
    assert page.evaluate("sessionStorage.getItem('qingxi.apiKey')") == live_with_keys.key
    page.click("#tab-curl")
    curl = page.locator("#curl").text_content()
    assert 'Authorization: Bearer $QINGXI_API_KEY' in curl and live_with_keys.key not in curl


def test_validation_problem_shows_title_detail_and_fields(page, live):
    """The real service's 422: the page's request is sent on with an option the API does not
    know and a wrong type, and the page shows the problem's title, detail and each field."""
    def bad_options(route):
        body = json.loads(route.request.post_data)
        body["options"].update({"colour": "red", "reflow": "yes"})
        route.continue_(post_data=json.dumps(body))

    page.route("**/v1/clean", bad_options)
    load_example(page, live.url, PAGE_004)
    page.click("#clean")
    page.wait_for_selector("#error:not([hidden])")
    message = page.locator("#error").inner_text()
    assert "422" in message and "see errors" in message
    assert "options/colour: Unknown option." in message
    assert "options/reflow: Not a valid boolean." in message


def test_service_down_is_a_clear_message(page, live):
    page.route("**/v1/clean", lambda route: route.abort("connectionrefused"))
    load_example(page, live.url, PAGE_004)
    page.click("#clean")
    error = page.locator("#error")
    error.wait_for(state="visible")  # the failed fetch is answered asynchronously
    assert "The service did not answer" in error.inner_text()
    assert page.locator("#clean").is_enabled()


def test_empty_input_says_what_to_do(page, live):
    page.goto(live.url)
    page.click("#clean")
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert "Nothing to clean" in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "text"


def test_keyboard_tab_to_the_button_and_enter_runs(page, live):
    text = load_example(page, live.url, PAGE_004)
    expected = api_clean(live.url, text)
    page.focus("#apikey")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "clean"
    # the focus is visible
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    wait_result(page)
    assert page.locator("#articles article.news").count() == len(expected["articles"])

    # the tabs answer the arrow keys, and Next walks the edits
    page.focus("#tab-articles")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-out-marked"
    assert page.locator("#panel-out-marked").is_visible()
    page.focus("#edit-next")
    page.keyboard.press("Enter")
    first = expected["edits"][0]
    assert page.locator("#out-marked mark.ed.sel").get_attribute("data-i") == "0"
    assert first["rule"] in page.locator("#edit-info").inner_text()


def test_ctrl_enter_in_the_text_runs(page, live):
    load_example(page, live.url, PAGE_004)
    page.focus("#text")
    page.keyboard.press("Control+Enter")
    wait_result(page)
    assert page.locator("#articles article.news").count() >= 1


def test_a_dropped_or_opened_file_becomes_the_input(page, live, tmp_path):
    page.goto(live.url)
    dropped = page.evaluate_handle("""() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["本 报 讯 （记 者 李 丹 丹）"], "dropped.txt", {type: "text/plain"}));
        return dt;
    }""")
    page.dispatch_event("#panel-raw", "drop", {"dataTransfer": dropped})
    page.wait_for_function("document.getElementById('text').value.startsWith('本 报 讯')")
    assert "dropped.txt" in page.locator("#status").inner_text()

    opened = tmp_path / "opened.txt"
    opened.write_text("新华社北京12月2日电", encoding="utf-8")
    page.set_input_files("#file", str(opened))
    page.wait_for_function("document.getElementById('text').value === '新华社北京12月2日电'")


def test_without_explain_the_page_says_why_nothing_is_marked(page, live):
    load_example(page, live.url, PAGE_004)
    page.uncheck("#opt-explain")
    page.click("#clean")
    wait_result(page)
    assert "explain is off" in page.locator("#status").inner_text()
    assert page.locator("mark.ed").count() == 0
    assert page.locator("#articles article.news").count() >= 1
