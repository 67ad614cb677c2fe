"""Script detection and conversion on the real pages (all five are simplified)."""

from pathlib import Path

import opencc
import pytest

from service.pipeline import run
from service.pipeline.edits import Doc, replay
from service.pipeline.fixers import script
from service.pipeline.options import Options

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"


def page(prefix: str) -> str:
    [path] = PAGES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def convert(text: str, target: str) -> Doc:
    doc = Doc(text)
    doc.apply(script.fix_script(text, Options(script=target)))
    return doc


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_pages_are_simplified_and_auto_leaves_them(prefix):
    raw = page(prefix)
    assert script.detect(raw) == "zh-Hans"
    assert convert(raw, "auto").text == raw


def test_traditional_strays_in_a_simplified_page_come_out_simplified():
    clean = page("000")
    raw = clean.replace("国家", "國家").replace("发展", "發展", 3)
    doc = convert(raw, "auto")
    assert doc.text == clean
    assert all(e.end - e.start == 1 for e in doc.edits())  # one character per edit


def test_simplified_strays_in_a_traditional_page_come_out_traditional():
    trad = opencc.OpenCC("s2t").convert(page("001"))
    assert script.detect(trad) == "zh-Hant"
    raw = trad.replace("國家", "国家", 2)
    assert convert(raw, "auto").text == trad
    # characters valid in both scripts are not touched on a traditional page
    assert convert("中華民國臺灣省台北市鄰里", "auto").text == "中華民國臺灣省台北市鄰里"


def test_kangxi_radical_ends_simplified_on_a_simplified_page():
    raw = page("001").replace("部门", "部⾨")
    out = run(raw, Options(segment=False, reflow=False, repair=False, dedupe=False))
    assert "部门" in out.text and "⾨" not in out.text and "門" not in out.text
    edits = [e for e in out.edits() if e.before == "⾨"]
    assert len(edits) == raw.count("⾨") > 1
    assert all(e.after == "门" and e.rules == ("unicode.radicals", "script.convert") for e in edits)


@pytest.mark.parametrize("target, config", [
    ("zh-Hant", "s2t"), ("zh-TW", "s2twp"), ("zh-HK", "s2hk"),
])
def test_explicit_targets_use_the_opencc_config(target, config):
    raw = page("003")
    doc = convert(raw, target)
    assert doc.text == opencc.OpenCC(config).convert(raw)
    assert replay(raw, doc.edits()) == doc.text


def test_zh_tw_uses_taiwan_phrases():
    assert convert("加强软件和信息服务", "zh-TW").text == "加強軟體和資訊服務"


def test_zh_hans_converts_a_traditional_page_back():
    trad = opencc.OpenCC("s2t").convert(page("003"))
    assert convert(trad, "zh-Hans").text == opencc.OpenCC("t2s").convert(trad)


def test_keep_converts_nothing():
    raw = page("000").replace("国家", "國家")
    assert convert(raw, "keep").text == raw


def _detect_plainly(text):
    """Script detection by its definition: every traditional-only and simplified-only character
    counted, none remembered."""
    n_trad = sum(1 for _ in script._TRAD_RE.finditer(text))
    n_simp = sum(1 for _ in script._SIMP_RE.finditer(text))
    return script._detect(n_trad, n_simp)


@pytest.mark.parametrize("edit", [
    lambda t: t,  # simplified, nothing for the Unicode step: one search for both
    lambda t: t.replace("国家", "國家", 1),  # a stray traditional character
    lambda t: opencc.OpenCC("s2t").convert(t),  # a traditional page
    lambda t: t.replace("工业", "⼯业", 1),  # a radical for the Unicode step
    lambda t: "\u3000\u3000" + t,  # an indent the Unicode step reads
])
@pytest.mark.parametrize("prefix", ["000", "003"])
def test_clean_page_detects_the_script_as_defined_whatever_it_searched_first(prefix, edit):
    from service.pipeline import clean_page
    from service.pipeline.fixers import unicode

    text = edit(page(prefix))
    out = clean_page(text)
    assert out["script"]["detected"] == _detect_plainly(text)
    # and the Unicode step ran when it had something to do (the radical becomes 工)
    if unicode.PRECHECK.search(text):
        assert "⼯" not in "".join(a["text"] for a in out["articles"])
