"""De-spacing on the real damage of the pages (004: pdftotext of narrow justified columns)."""

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from service.pipeline.edits import Doc
from service.pipeline.fixers import despace
from service.pipeline.fixers.charsets import CJK_CLOSE, CJK_OPEN, HAN, LATIN_SET, SPACE
from service.pipeline.options import Options

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"


def page(prefix: str) -> str:
    [path] = PAGES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def run(text: str, **opts) -> str:
    doc = Doc(text)
    for r in despace.RULES:
        doc.apply(r.fix(doc.text, Options(**opts)))
    return doc.text


CASES = [
    # character-spaced lines lose every space but the byline's
    ("   本 报 讯 （记 者 李 丹 丹 通 讯 员 ", "   本报讯（记者 李丹丹 通讯员 "),
    ("本 报 讯 （记 者 朱 向 阳）3 月 20 日", "本报讯（记者 朱向阳）3月20日"),
    ("公 开 比 拼 ，营 造 务 实", "公开比拼，营造务实"),
    ("融 资 、政 策 、安 全 等 8 个 专 项 工 作 台 账 。", "融资、政策、安全等8个专项工作台账。"),
    ("化 架 构 ，按 照“ 1+4+N”的 运 营 模 式 ，即", "化架构，按照“1+4+N”的运营模式，即"),
    ("新 质 生 产 力 注 入 强 劲 动 能", "新质生产力注入强劲动能"),
    ("本 报 记 者 焦 海 洋 摄", "本报记者 焦海洋 摄"),
    # digits, Latin, percent: no space next to Chinese
    ("3 月 20 日", "3月20日"),
    ("由季度比拼得分的 40% 加上年终决", "由季度比拼得分的40%加上年终决"),
    ("年终采取 PPT 或视频", "年终采取PPT或视频"),
    ("合计授信金额 45.46 亿元。", "合计授信金额45.46亿元。"),
    ("新华社长沙 3 月 20 日电 中共中央", "新华社长沙3月20日电 中共中央"),
    # punctuation hugs its words
    ("今年年初以来 ，市城乡一体", "今年年初以来，市城乡一体"),
    ("高度重视革命老区和欠发达县 （市、区）", "高度重视革命老区和欠发达县（市、区）"),
    # printed spaces stay: phrase-spaced titles, bylines, datelines, credits
    ("坚定战略自信 勇于担当作为", "坚定战略自信 勇于担当作为"),
    ("明晰定位 优化架构 为培育壮大", "明晰定位 优化架构 为培育壮大"),
    ("奋力夺取“开门红” 实现“全年红”", "奋力夺取“开门红” 实现“全年红”"),
    ("新华社北京12月2日电(记者 张辛欣 张晓洁)记者2日", "新华社北京12月2日电(记者 张辛欣 张晓洁)记者2日"),
    ("新华社北京12月2日电 中共中央总书记", "新华社北京12月2日电 中共中央总书记"),
    ("新华社记者 谢环驰 摄", "新华社记者 谢环驰 摄"),
    ("——郾城区委副书记、区长 李占宾", "——郾城区委副书记、区长 李占宾"),
    ("□ 本报记者 丰曼", "□ 本报记者 丰曼"),
    ("强化科技创新引领 激活融合发展“主力军” ——访市科技局", "强化科技创新引领 激活融合发展“主力军” ——访市科技局"),
    # Latin text keeps its spaces; leading and trailing whitespace is the reflow's business
    ("他说 Hello world 很好", "他说Hello world很好"),
    ("坚定战略自信 勇于担当作为  ", "坚定战略自信 勇于担当作为  "),
]


@pytest.mark.parametrize("raw, clean", CASES)
def test_cases(raw, clean):
    assert run(raw) == clean


def test_byline_cut_by_the_line_break_keeps_its_spaces():
    raw = "本 报 讯 （记 者 王 凤 侠 通 讯\n\n员 化 俊 霞）企 业 是 推 动 经 济 高 质 量 发"
    assert run(raw) == "本报讯（记者 王凤侠 通讯\n\n员 化俊霞）企业是推动经济高质量发"


def test_latin_spacing_modes():
    raw = "记者 3 月 19 日从国家外汇管理局获悉，年终采取PPT或视频"
    assert run(raw, latin_spacing="keep") == raw
    assert run(raw, latin_spacing="pangu") == "记者 3 月 19 日从国家外汇管理局获悉，年终采取 PPT 或视频"


def test_page_004_has_no_character_spaced_line_left():
    out = run(page("004"))
    lines = [l.strip() for l in out.split("\n") if l.strip()]
    assert not [l for l in lines if despace._is_char_spaced(l)]
    assert "本报讯（记者 许燕琴 通讯" in lines
    assert "员 李兰）今年前两个月，我市国际收" in lines
    assert "是去年同期的48倍" in lines
    assert "企业进出口同比增长149.51%" in lines
    # the line structure is the reflow's to change, not this step's
    assert out.count("\n") == page("004").count("\n")


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_pages_without_extraction_spaces_keep_their_spaces(prefix):
    raw = page(prefix)
    assert run(raw) == raw


def test_page_002_only_loses_the_spaces_around_an_intruding_word():
    raw = page("002")
    assert run(raw) == raw.replace("科学布局 and 动态优化", "科学布局and动态优化")


def _latin_gaps_plain(text: str) -> list[tuple[int, int]]:
    """The plain definition of despace.latin's removals: every run of spaces inside a line with
    Chinese on one side and a Latin letter or digit on the other (ideograph or closing mark
    before a Latin one, Latin one before an ideograph or opening mark)."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text[i] not in SPACE or i == 0:
            i += 1
            continue
        j = i
        while j < n and text[j] in SPACE:
            j += 1
        if j < n:
            a, b = text[i - 1], text[j]
            han_a = bool(re.fullmatch(f"[{HAN}{CJK_CLOSE}]", a))
            han_b = bool(re.fullmatch(f"[{HAN}{CJK_OPEN}]", b))
            if (han_a and b in LATIN_SET) or (a in LATIN_SET and han_b):
                out.append((i, j))
        i = j
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["中", "𠀀", "）", "（", "，", "A", "7", "%", "-", ".", "\n", " ", "  ",
                                 "\t", "\u3000", "\u00a0"]), max_size=30).map("".join))
def test_latin_gaps_are_the_plain_definition(text):
    got = [(c.start, c.end) for c in despace.fix_latin_spaces(text, Options())]
    assert got == _latin_gaps_plain(text)
    assert all(c.after == "" for c in despace.fix_latin_spaces(text, Options()))


SPACED_PIECES = st.lists(st.sampled_from([
    "本", "报", "讯", "记", "者", "通", "讯", "员", "李", "丹", "生", "电", "（", "）", "，", "新华社北京12月2日",
    " ", " ", " ", "  ", "\n", "\n\n", "A", "7",
]), max_size=40).map("".join)


SPACED_BYLINE = st.tuples(
    st.sampled_from(["", "中", "推动形", "记者", "通讯员"]),
    st.sampled_from(["\n", "\n\n"]),
    st.sampled_from(["本 报 讯 （记 者 李 丹 丹 通 讯 员 潘 振 丽 ）为 倡 树", "本 报 讯 （记 者 王 凤 侠 通 讯",
                     "员 化 俊 霞 ）企 业 是 推 动", "新 华 社 北 京 12 月 2 日 电 中 共 中 央",
                     "推 动 形 成 务 实 重 干"]),
).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(SPACED_PIECES, SPACED_BYLINE, st.lists(SPACED_BYLINE, max_size=4).map("\n\n".join)))
@example("中\n\n本 报 讯 （记 者 李 丹 丹 通 讯 员 潘 振 丽 ）为 倡 树")
def test_a_line_the_byline_hint_skips_is_one_no_byline_reading_would_find(text):
    """fix_cjk_spaces gives a character-spaced line the byline reading only when a hint
    (者员生电) is in it or the character before it may end a role (or there is none): any other
    line is one _may_hold_byline says False of, with the tail _tail_if_needed gives it."""
    start = 0
    for line in text.split("\n"):  # the line as the rule reads it: from its start to its end
        if line.strip() and not any(h in line for h in despace._BYLINE_HINTS) \
                and despace._char_before(text, start) not in despace._MAY_NEED_TAIL:
            assert not despace._may_hold_byline(line, despace._tail_if_needed(text, start, line))
        start += len(line) + 1


@settings(max_examples=600, deadline=None)
@given(SPACED_PIECES)
def test_a_space_between_two_ideographs_is_always_a_candidate(text):
    """fix_cjk_spaces takes a space between two ideographs for a candidate run without asking
    _CANDIDATE: the pattern would match there."""
    for p in range(1, len(text) - 1):
        if text[p] == " " and text[p - 1] in despace.HAN_SET and text[p + 1] in despace.HAN_SET:
            assert despace._CANDIDATE.match(text, p) is not None


def _char_spaced_by_chains(core):
    """``despace._is_char_spaced`` as defined: the words of the line's Han chains, most of them
    one character."""
    lengths = list(map(len, " ".join(despace._HAN_CHAIN.findall(core)).split()))
    n_single = lengths.count(1)
    return n_single >= 2 and n_single * 5 >= len(lengths) * 3


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from("本报讯记者李丹 \u3000\t（）、#2a"), max_size=40))
@example("## 我国将探索建立专精特新赋能体系")
@example("本 报 讯 （记 者 李 丹 丹 通 讯 员")
@example("员\u3000化 俊")
def test_char_spaced_shortcut_is_the_chain_definition(core):
    assert despace._is_char_spaced(core) == _char_spaced_by_chains(core)
