"""Unicode repair: real pages with the code-point damage PDF fonts and OCR leave, repaired."""

import unicodedata
from pathlib import Path

import pytest

from service.pipeline.edits import Doc, replay
from service.pipeline.fixers import unicode as uni
from service.pipeline.options import Options

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"


def page(prefix: str) -> str:
    [path] = PAGES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def run(text: str) -> Doc:
    doc = Doc(text)
    for r in uni.RULES:
        doc.apply(r.fix(doc.text, Options()))
    return doc


def damage(text: str) -> str:
    """What a bad PDF text layer does to a clean page: radicals, full-width digits, odd spaces."""
    text = text.replace("工", "⼯").replace("长", "⻓").replace("门", "⻔").replace("见", "⻅")
    text = text.translate({ord(d): chr(ord(d) + 0xFEE0) for d in "0123456789"})
    text = text.replace("新华社", "新\u200b华社").replace("，", "\u00ad，")
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_damaged_page_is_repaired_to_the_page(prefix):
    clean = page(prefix)
    raw = damage(clean)
    assert raw != clean
    doc = run(raw)
    assert doc.text == clean
    assert replay(raw, doc.edits()) == clean
    # every edit is one code point (or CRLF), so the log reads character by character
    assert all(e.end - e.start <= 2 and len(e.after) <= 1 for e in doc.edits())


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_clean_pages_are_untouched(prefix):
    # full-width Chinese punctuation (，：；（）) is house style: NFKC would have broken it
    raw = page(prefix)
    assert run(raw).text == raw


def test_ideographic_space_indent_stays_inner_one_becomes_space():
    raw = "\u3000\u3000坚定战略自信\u3000勇于担当作为\u00a0全面推动"
    assert run(raw).text == "\u3000\u3000坚定战略自信 勇于担当作为 全面推动"


def test_controls_and_line_ends():
    assert run("本报讯\r（记者 李丹丹\x07）\x0c为倡树").text == "本报讯\n（记者 李丹丹）\n为倡树"


def test_every_kangxi_radical_maps_to_an_ideograph():
    for cp in range(0x2F00, 0x2FD6):
        to = uni.RADICALS[chr(cp)]
        assert unicodedata.name(to).startswith("CJK UNIFIED IDEOGRAPH")


def test_supplement_table_agrees_with_unicode_data():
    for ch, to in uni.DERIVED_SUPPLEMENT.items():
        assert uni.RADICALS[ch] == to
    for ch, to in uni.RADICALS.items():
        assert unicodedata.name(to).startswith("CJK UNIFIED IDEOGRAPH"), (ch, to)
    # the simplified forms the brief names
    assert [uni.RADICALS[c] for c in "⻓⻔⻅⻋⻢⻥⻦⻰⻳"] == list("长门见车马鱼鸟龙龟")


def test_compatibility_ideographs_become_unified():
    assert run("\uf9b5如").text == "例如"
    assert all(unicodedata.name(v).startswith("CJK UNIFIED") for v in uni.COMPAT.values())


def test_precheck_finds_every_code_point_a_rule_changes():
    # the pipeline skips the whole step when PRECHECK finds nothing: it must miss none
    tables = (
        uni._NEWLINE_CHARS + uni._INVISIBLE + uni._JOINERS + uni._ODD_SPACE + "．％"
        + "".join(uni.RADICALS) + "".join(uni.COMPAT) + "".join(uni.FULLWIDTH)
    )
    assert all(uni.PRECHECK.match(c) for c in tables)
    controls = [chr(c) for c in range(0xA0) if uni._CONTROL.match(chr(c))]
    assert controls and all(uni.PRECHECK.match(c) for c in controls)
    # and it finds nothing on the clean pages, so they cost one search
    for prefix in ["000", "001", "002", "003", "004"]:
        assert uni.PRECHECK.search(page(prefix)) is None
