"""The evaluation (``make eval``) pinned on the gold pages.

What segmentation, reflow and dedupe decide is pinned exactly: every article found and nothing
else, paragraph boundaries, titles (compared without spaces: removing the character spacing of
page 004 is the de-spacing rule's work), datelines and bylines, no gold text lost.
"""

import importlib.util
from pathlib import Path

import pytest

from pagefiles import gold, page
from service.pipeline import clean_page

_spec = importlib.util.spec_from_file_location("qingxi_eval", Path(__file__).resolve().parents[2] / "tools" / "eval.py")
ev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ev)


@pytest.fixture(scope="module", params=["000", "004"])
def scored(request):
    g = gold(request.param)
    r = clean_page(page(request.param))
    return request.param, g, r, ev.score(g, r)


def test_every_article_and_only_articles(scored):
    _, g, r, s = scored
    assert s["matched"] == s["gold"] == s["out"] == len(g["articles"])


def test_paragraph_boundaries(scored):
    _, _, _, s = scored
    assert ev.f1(s["tp"], s["fp"], s["fn"]) == 1.0


def test_nothing_of_the_gold_is_missing(scored):
    _, _, _, s = scored
    assert s["missing_reach"] == 0  # what needs a parallel page aside


def test_fields_of_matched_articles(scored):
    _, g, r, s = scored
    for gold_a, out_a in ev.match(g["articles"], r["articles"]):
        for f in ("kicker", "title", "subtitle", "dateline", "byline"):
            assert "".join(out_a[f].split()) == "".join(gold_a[f].split()), f
        assert out_a["continued"].replace("22版版", "2版") == gold_a["continued"]
        assert len(out_a["captions"]) == len(gold_a["captions"])


def test_markdown_page_bodies_are_the_gold_text():
    g = gold("000")
    s = ev.score(g, clean_page(page("000")))
    assert s["dist_reach"] == 0 and s["dist"] == 4  # the 4 edits only a parallel page shows
    assert s["fields"] == {f: 5 for f in ev.FIELDS}


def test_keys_and_f1_definitions():
    a = {"kind": "article", "paragraphs": ["本报讯（记者 李丹丹 通讯员 潘振丽）为倡树务实重干的导向"], "title": "", "captions": []}
    assert ev.key(a) == "本报讯记者李丹丹通讯员潘振丽为倡树务实重"
    assert ev.f1(3, 1, 0) == pytest.approx(6 / 7)
