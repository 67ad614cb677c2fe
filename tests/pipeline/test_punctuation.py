"""Punctuation on the real pages: 001 and 003 are PDF text whose fonts map Chinese marks to ASCII."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.pipeline.edits import Change, Doc
from service.pipeline.fixers import punctuation
from service.pipeline.options import Options

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"


def page(prefix: str) -> str:
    [path] = PAGES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def run(text: str) -> str:
    doc = Doc(text)
    for r in punctuation.RULES:
        doc.apply(r.fix(doc.text, Options()))
    return doc.text


CASES = [
    ("新华社北京12月2日电(记者 张辛欣 张晓洁)记者2日从工业和信息化部获悉,我国将",
     "新华社北京12月2日电（记者 张辛欣 张晓洁）记者2日从工业和信息化部获悉，我国将"),
    ("工业和信息化部公布了这样一组数据:截至目前,我国已累计培育专精特新“小巨人”企业1.46万家",
     "工业和信息化部公布了这样一组数据：截至目前，我国已累计培育专精特新“小巨人”企业1.46万家"),
    ("本报讯(通讯员 孙鹏 记者 都慧芳)今年以来,曹县", "本报讯（通讯员 孙鹏 记者 都慧芳）今年以来，曹县"),
    ("国内市场占有率达20%,并出口10多个国家", "国内市场占有率达20%，并出口10多个国家"),
    ("力争2025年技术合同成交额突破1000亿元,2030年突破2000亿元。", "力争2025年技术合同成交额突破1000亿元，2030年突破2000亿元。"),
    ("宏伟蓝图,展现光明前景;光荣使命,召唤新的进发。", "宏伟蓝图，展现光明前景；光荣使命，召唤新的进发。"),
    ("(付玉婷)", "（付玉婷）"),
    ("习近平总书记告诉我们:“新征程是充满光荣和梦想的远征,没有捷径,唯有实干。”",
     "习近平总书记告诉我们：“新征程是充满光荣和梦想的远征，没有捷径，唯有实干。”"),
    # ASCII stays inside numbers, codes, times, addresses and Latin text
    ("按照“1+4+N”的运营模式", "按照“1+4+N”的运营模式"),
    ("门票50元~100元", "门票50元~100元"),
    ("会议于10:30开始,共1,200人参加", "会议于10:30开始，共1,200人参加"),
    ("详见www.example.com/a?b=1,c 或 dev@example.com", "详见www.example.com/a?b=1,c 或 dev@example.com"),
    ("He said: yes, twice (really)!", "He said: yes, twice (really)!"),
    ('坚持"两个毫不动摇",支持国有企业', "坚持“两个毫不动摇”，支持国有企业"),
    ("市南区在牡丹区设立助学专项基金...", "市南区在牡丹区设立助学专项基金……"),
    ("紧紧相连--菏泽与青岛", "紧紧相连——菏泽与青岛"),
    ("举办“全域建强•比拼四季”夺锦赛", "举办“全域建强·比拼四季”夺锦赛"),
]


@pytest.mark.parametrize("raw, clean", CASES)
def test_cases(raw, clean):
    assert run(raw) == clean


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_pdf_text_pages_have_no_ascii_marks_left_in_chinese(prefix):
    out = run(page(prefix))
    assert not re.search(r"[,;:?!()]", out)
    # numbers keep their ASCII points
    assert out.count(".") == page(prefix).count(".")


def test_page_001_byline_and_names():
    out = run(page("001"))
    assert "新华社北京12月2日电（记者 张辛欣 张晓洁）记者2日从工业和信息化部获悉，我国将" in out
    assert "张伦与诚迈科技（南京）股份有限公司客人座谈" in out
    assert "\n（付玉婷）\n" in out


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_pages_with_full_width_marks_are_left_alone(prefix):
    # 002 chains organisations with the one-em 连接号: 党委—村（社）党支部—网格党小组
    raw = page(prefix)
    assert run(raw) == raw


def _char_changes_by_loop(text, chosen, rule_id):
    """The plain definition :func:`punctuation._char_changes` must equal: one change per stretch
    of chosen positions each at most two apart, its characters replaced."""
    out = []
    k = 0
    while k < len(chosen):
        j = k
        while j + 1 < len(chosen) and chosen[j + 1][0] - chosen[j][0] <= 2:
            j += 1
        s0, s1 = chosen[k][0], chosen[j][0] + 1
        buf = list(text[s0:s1])
        for p, after in chosen[k:j + 1]:
            buf[p - s0] = after
        out.append(Change(s0, s1, "".join(buf), rule_id))
        k = j + 1
    return out


@settings(max_examples=500, deadline=None)
@given(st.text("中,;?!文", max_size=40), st.data())
def test_char_changes_equal_their_plain_definition(text, data):
    marks = [p for p, c in enumerate(text) if c in ",;?!"]
    chosen = sorted(data.draw(st.sets(st.sampled_from(marks))) if marks else [])
    pairs = [(p, punctuation._FULL[text[p]]) for p in chosen]
    got = punctuation._char_changes(text, pairs, "r")
    assert got == _char_changes_by_loop(text, pairs, "r")
    assert all(type(c) is Change for c in got)


DOTS_AND_DASHES = st.one_of(
    st.text(".。．·・…中a-－⸺―— ", max_size=40),
    st.tuples(st.text(".。…-—中", min_size=1, max_size=4), st.integers(1, 70)).map(lambda t: t[0] * t[1]),
)


@settings(max_examples=1000, deadline=None)
@given(DOTS_AND_DASHES)
def test_matches_tried_at_the_starts_equal_finditer(text):
    threes = [t for t in punctuation._ELLIPSIS_LIKE if t in text]
    for pattern, starts in ((punctuation._ELLIPSIS, punctuation._ellipsis_starts(text, threes)),
                            (punctuation._DASH, punctuation._few_positions(text, punctuation._DASH_CHARS))):
        got = [m.span() for m in punctuation._matches(pattern, text, starts)]
        assert got == [m.span() for m in pattern.finditer(text)]


#: ASCII marks beside Chinese, digits, Latin, spaces, line ends and an address
MARK_TEXT = st.one_of(
    st.text("中文，,;:?!1a ()\n", max_size=40),
    st.lists(st.sampled_from(["中", "文", ",", ";", ":", "?", "!", "1", "a", " ", "\n", "，", "3%", "10:30",
                             "www.x.cn?a=1,"]),
             max_size=40).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(MARK_TEXT)
def test_marks_chosen_in_c_equal_the_plain_definition(text):
    """The ASCII marks fix_marks picks: every mark outside an address that a Chinese character
    touches or whose context is Chinese, as one test per mark found by str.find."""
    spans = punctuation._protected(text)
    plain = [s for s in punctuation.positions(text, ",;:?!")
             if not punctuation._inside(spans, s) and punctuation._is_chinese_mark(text, s)]
    assert punctuation._mark_positions(text) == punctuation.positions(text, ",;:?!")
    chosen = [c.start + k for c in punctuation.fix_marks(text, Options()) for k, ch in
              enumerate(c.after) if ch in "，；：？！" and text[c.start + k] in ",;:?!"]
    assert chosen == plain
    if not spans[0]:
        assert punctuation._chinese_marks(text, punctuation._mark_positions(text)) == plain
