"""Reflow on the real pages: the lines a layout broke are joined, true breaks are kept."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.pipeline import Options, normalize, run
from service.pipeline.edits import Doc, apply_changes, replay
from service.pipeline.fixers import reflow

SHARED = Path(__file__).resolve().parents[3] / "shared"


def page(prefix: str) -> str:
    (path,) = SHARED.glob(f"pages/{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def lines_of(text: str) -> list[str]:
    return [ln.strip() for ln in run(text).text.split("\n") if ln.strip()]


def test_column_page_is_reflowed_into_the_gold_paragraphs():
    out = lines_of(page("004"))
    # the first paragraph: 10 printed lines, the dateline line stretched by justification
    first = out[0]
    assert first.startswith("本报讯（记者 李丹丹 通讯员 潘振丽）为倡树") and first.endswith("树正气”的浓厚氛围。")
    assert "潘振丽）为倡树" in first and "推动形成“以比促干" in first
    # a short line that ends a sentence ends its paragraph; the next starts one
    assert "科学化实施。制定《淇滨区“全域建强·比拼四季”夺锦赛方案》" in out[3]
    assert out[3].endswith("作为全年基层党建的破题方向。")
    # a sentence ending at the full column width does not end the paragraph
    assert any("技术支撑能力。强化企业创新主体地位" in ln for ln in out)
    # stretched lines ending a sentence are full lines: the paragraph goes on
    assert any("形成新的增长点。高度重视" in ln for ln in out)
    # title lines stay apart, each on its line
    assert "淇滨区开展“全域建强·比拼四季”夺锦赛" in out and "激发“五三”工程建设新动能" in out
    assert "2121" in out and "（下转第二版）" in out
    # the Xi article: 14 paragraphs between its dateline and its title block
    start = next(i for i, ln in enumerate(out) if ln.startswith("新华社长沙"))
    end = out.index("习近平主持召开新时代推动中部地区崛起座谈会强调")
    assert end - start == 14


@pytest.mark.parametrize("text, out", [
    # a break between a role word and a name leaves the space the print has there
    ("本报讯（记者 李丹丹 通讯员 \n\n潘振丽）为倡树务实重干的导向。", "本报讯（记者 李丹丹 通讯员 潘振丽）为倡树务实重干的导向。"),
    ("本报讯（记者 李丹丹\n\n通讯员 潘振丽）为倡树务实重干的导向。", "本报讯（记者 李丹丹 通讯员 潘振丽）为倡树务实重干的导向。"),
    ("新华社北京12月2日电（记者\n张辛欣 张晓洁）记者2日从工业和信息化部获悉。", "新华社北京12月2日电（记者 张辛欣 张晓洁）记者2日从工业和信息化部获悉。"),
    ("本报讯（见习记者\n\n王一 实习生 刘二）近日，市里召开会议。", "本报讯（见习记者 王一 实习生 刘二）近日，市里召开会议。"),
    ("记者\n张三 李四\n", "记者 张三 李四\n"),
    # a name cut in two joins without one
    ("本报讯（记者 李\n\n丹丹 通讯员 潘振丽）为倡树务实重干的导向。", "本报讯（记者 李丹丹 通讯员 潘振丽）为倡树务实重干的导向。"),
    # and outside a byline a role word is a word
    ("近年来，全市各级媒体积极开展“走基层”活动，一大批新闻记者\n\n通讯员深入基层一线采访，写出了一批好新闻。",
     "近年来，全市各级媒体积极开展“走基层”活动，一大批新闻记者通讯员深入基层一线采访，写出了一批好新闻。"),
])
def test_a_join_inside_a_byline_keeps_the_space_between_role_and_name(text, out):
    assert normalize(text, Options())["text"] == out
    assert normalize(out, Options())["text"] == out  # idempotent


@pytest.mark.parametrize("text", [
    # joined to its continuation, the middle line ends a sentence: the first join must be seen
    "  3 月 20 日下午，中共中央总书记、国家主席、中央军委主席习近平在湖南省长沙市\n\n从 国 家 外 汇 管 理 局 鹤 壁 市 分 局 获 悉\n\n"
    "路”八项行动为指引，以互联互通为主线，坚持高质量发展和高水平安全相结合、政府引导和市场运作相结合、科学布局和动态优化相结合。",
    # joined, the first two lines are one wide line: the page is no longer a column
    "丁薛祥在讲话中表示，要深入学习贯\n\n从 国 家 外 汇 管 理 局 鹤 壁 市 分 局 获 悉\n\n  3 月 20 日下午，中共中央总书记、国家主席、中央军委主席习近平在湖南省长沙市",
])
def test_reflowing_reflowed_text_joins_nothing(text):
    opts = Options(unicode=False, despace=False, punctuation=False, script="keep", repair=False, dedupe=False)
    once = normalize(text, opts)["text"]
    assert normalize(once, opts)["text"] == once


def test_markdown_page_rejoins_a_paragraph_cut_across_blank_lines():
    out = lines_of(page("000"))
    assert any("以高质量共建“一带一路”八项行动为指引" in ln for ln in out)  # 一带一\n\n\n\n路
    assert any("政策体系，专精特新企业群体进一步壮大" in ln for ln in out)  # a line ending with ，
    assert any("“新型酶制剂+”等细分赛道" in ln for ln in out)
    assert any("其中500强企业" in ln for ln in out)
    assert any(ln.startswith("编者按：2023年9月至11月") for ln in out)
    # a hard break after a lead-in joins it to its body; after a list item it stays
    assert any(ln.startswith("看技术创新——“创新一号工程”中原食品实验室会聚") for ln in out)
    assert any(ln.startswith("探产业发展——") for ln in out)
    # headings and title lines stay
    assert "坚定战略自信 勇于担当作为" in out and "全面推动共建“一带一路”高质量发展" in out
    assert "实践者说" in out and "常英敏主持并讲话" in out
    # the lead-in sentence printed apart joins its paragraph like its siblings
    assert any(ln.startswith("坚持以新图强，激发高能级创新。牢固树立大食物观") for ln in out)


def test_pdf_text_pages_rejoin_words_cut_at_a_column_break():
    out1 = lines_of(page("001"))
    assert any("始终秉持和平合作" in ln for ln in out1)
    assert any("梁堤头镇,该镇党委副书记" in ln or "梁堤头镇，该镇党委副书记" in ln for ln in out1)
    out2 = lines_of(page("002"))
    assert any("畅通党和政府联系、服务居民群众" in ln for ln in out2)
    assert any("是其中的一张“大”订单" in ln for ln in out2)
    # a paragraph cut before a photo caption does not swallow the caption
    assert any(ln.startswith("厚重的历史与现代生活有机融合") for ln in out2)
    out3 = lines_of(page("003"))
    assert any("强化科技创新引领" in ln and ln.endswith("安春茂") for ln in out3)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_reflow_only_removes_line_breaks_and_spaces(prefix):
    text = page(prefix)
    doc = Doc(text)
    for r in reflow.RULES:
        doc.apply(r.fix(doc.text, Options(), doc) if r.needs_doc else r.fix(doc.text, Options()))
    edits = doc.edits()
    assert edits and replay(text, edits) == doc.text
    assert all(not e.after.strip() and not e.before.replace("-", "").strip() for e in edits)
    assert all(e.rule.startswith("reflow.") for e in edits)


def test_reflow_alone_through_normalize():
    out = normalize("以高质量共建“一带一\n\n路”八项行动为指引。", Options())
    assert out["text"] == "以高质量共建“一带一路”八项行动为指引。"
    assert out["edits"][0]["rule"] == "reflow.lines" and out["edits"][0]["before"] == "\n\n"
    assert normalize("以高质量共建“一带一\n\n路”", Options(reflow=False))["text"] == "以高质量共建“一带一\n\n路”"


def test_latin_words_are_rejoined():
    assert normalize("the inter-\nnational market", Options())["text"] == "the international market"
    assert apply_changes("COVID-\n19", reflow.join_hyphenated("COVID-\n19", Options())) == "COVID-\n19"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "潘振丽）为倡树务实重干的导向，推动形", "第一、比实干、树正气”的浓厚氛围。", "激发“五三”工程建设新动能",
    "  公 开 比 拼 ，营 造 务 实", "2121", "（下转第二版）", "", "", "## 标题", "新华社记者 谢环驰 摄",
    "以高质量共建“一带一", "路”八项行动为指引。", "inter-", "national", "  ",
]), max_size=30))
def test_reflow_keeps_every_character_but_breaks(lines):
    text = "\n".join(lines)
    out = normalize(text, Options(unicode=False, despace=False, punctuation=False, script="keep",
                                  repair=False, dedupe=False))
    assert replay(text, out["edits"]) == out["text"]
    # only line breaks, spaces and the hyphen of a broken Latin word go
    assert "".join(out["text"].split()).replace("-", "") == "".join(text.split()).replace("-", "")


@pytest.mark.parametrize("bullet", list("•・‧∙⋅･●▶"))
def test_a_line_starting_with_a_bullet_is_a_list_item_not_a_continuation(bullet):
    text = (f"淇滨区开展“全域建强·比拼四季”活动，各基层党组织的主要做法有\n"
            f"{bullet}分领域比拼，每季度中旬前各基层党（工）委根据项目进展情况打分\n"
            f"{bullet}建强支部")
    out = normalize(text, Options(segment=False))["text"]
    assert out.count("\n") == 2, out
    assert normalize(out, Options(segment=False))["text"] == out  # cleaning twice changes nothing


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([
    "\n", "\n\n", " ", "  ", "\t", "\u3000", "\r", "\x0b", "\x85", "\u2028", "潘振丽）为倡", "a b", "## 标题",
]), max_size=24))
def test_lines_found_column_wise_are_the_lines_found_one_by_one(pieces):
    text = "".join(pieces)
    assert reflow._found(text) == reflow._found_plain(text)
    page_ = "\n\n".join(pieces)
    assert reflow._found(page_) == reflow._found_plain(page_)


def _column_joins_plain(c):
    """The column rule as first written (each test in turn for every pair of lines)."""
    ws = reflow._column_widths(c)
    kinds = list(map(reflow._kind, c.special, c.width, c.stretched, c.terminal, ws))
    joins = []
    for i in range(len(c.text) - 1):
        a_special, a_text, a_terminal = c.special[i], c.text[i], c.terminal[i]
        b_text, b_special, b_indented = c.text[i + 1], c.special[i + 1], c.indented[i + 1]
        ka, kb, w = kinds[i], kinds[i + 1], ws[i]
        if a_special == "dateline" and reflow._open_byline(a_text, b_text):
            ok = True
        elif b_text[0] in reflow._BULLET_START:
            ok = False
        elif ka == "wide":
            ok = kb in ("wide", "full") and not a_terminal and not b_indented
        elif ka in reflow._ENDS or kb in reflow._STANDS_ALONE:
            ok = False
        elif b_indented or b_special in ("dateline", "heading"):
            ok = False
        elif a_terminal:
            ok = not (kb == "first" or (not c.stretched[i + 1] and c.width[i + 1] <= w - 1.25))
        else:
            ok = True
        joins.append(ok)
    return joins


COLUMN_LINES = [
    "潘振丽）为倡树务实重干的导向，推动形", "第一、比实干、树正气”的浓厚氛围。", "激发“五三”工程建设新动能",
    "  公 开 比 拼 ，营 造 务 实", "本报讯（记者 王凤侠 通讯", "员 化俊霞）企业是推动经济高质量发", "（下转第二版）",
    "新华社北京12月2日电（记者", "张辛欣 张晓洁）记者2日从工业和信息化部获悉", "新华社记者 谢环驰 摄", "## 标题",
    "●分领域比拼。每季度中旬前，各基层", "主题，作为全年基层党建的破题方向。", "  合实际确定全年比拼项目，明确12个项目",
    "大 力 发 展 县 域 经 济 ，推 动 形", "示范区持续优化营商环境，为企业排忧解难为发展保驾护航加快打造营商环境升级版",
    "感”。", "访忧解难，助企发展。组织开展“三",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(COLUMN_LINES), min_size=2, max_size=40), st.sampled_from(["\n", "\n\n"]))
def test_column_joins_decide_as_each_test_in_turn_would(lines, sep):
    c = reflow._lines(sep.join(lines), None)
    assert reflow._column_joins(c) == _column_joins_plain(c)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(COLUMN_LINES + [
    "本报记者 张三", "文/记者 李四", "（记者 王五）", "王中勋 摄", "（下转第二版）", "本报讯 今年以来，全市新闻记者深入基层一线采访，" * 4,
]), min_size=1, max_size=30), st.sampled_from(["\n", "\n\n", "\n\n\n\n\n\n"]))
def test_line_kinds_are_asked_of_every_line_that_may_have_one(lines, sep):
    """_specials asks _special only of the lines a character or role word allows, searching
    the page or the short lines by cost: either way it is _special of every line."""
    c = reflow._lines(sep.join(lines), None)
    assert list(c.special) == [reflow._special(t) for t in c.text]


GLUE_ENDS = st.text("记者员生影摄李丹A9% 中，）", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=500, deadline=None)
@given(st.lists(GLUE_ENDS, min_size=2, max_size=8), st.sampled_from(["keep", "remove", "pangu"]))
def test_a_break_glued_with_a_space_is_one_glue_breaks_picks(lines, latin_spacing):
    """join_lines computes the glue only at the breaks _glue_breaks picks: every break that
    _glue glues with something must be one of them."""
    c = reflow._lines("\n\n".join(lines), None)
    opts = Options(latin_spacing=latin_spacing)
    picked = reflow._glue_breaks(c)
    for i in range(len(c.text) - 1):
        if reflow._glue(c.text[i], c.text[i + 1], opts):
            assert i in picked


BLOCK_LINES = [
    "## 我国将探索建立专精特新赋能体系", "以高质量共建“一带一", "路”八项行动为指引，以互联互通为主线。",
    "坚定战略自信 勇于担当作为  ", "全面推动共建“一带一路”高质量发展", "新华社记者 谢环驰 摄", "王中勋 摄",
    "新华社北京12月2日电（记者", "张辛欣 张晓洁）记者2日从工业和信息化部获悉，今年前三季度工业经济稳中有进",
    "今年以来，全市上下深入贯彻落实党中央决策部署，坚持稳中求进工作总基调，推动经济高质量发展，",
    "并在此基础上进一步加强", "的统筹协调，各项工作取得积极成效。", "  一、加强组织领导", "本报记者 张三",
    "强化科技创新引领 激活融合发展“主力军”", "（下转第二版）", "帽衫。王中勋 摄", "在推进中国式现代化进程中，",
    "潘振丽）为倡树务实重干的导向，推动形", "第一、比实干、树正气”的浓厚氛围。",
    # a line that joins only once joined to the line before it: a short clause is a line
    # of its own until the line it continues makes it long enough to go on (a second round)
    "今年以来全市上下深入贯彻落实党中央决策部署和国务院工作要求", "，坚持稳中求进工作总基调",
    # and one that goes on into a short line only once that line is joined to its continuation
    "坚持稳中求进", "，推动经济高质量发展取得新成效新进展新突破",
]


def _join_lines_plain(text, opts):
    """join_lines as first written: every round decides every pair of the joined page, read as
    its output will be (_as_cleaned), and the joined page is merged a column at a time."""
    from itertools import compress
    c = reflow._lines(text, None)
    if len(c.text) < 2:
        return []
    joins = reflow._decide(c)
    glues = reflow._glues(c.text, compress(range(len(joins)), joins), opts)
    for _ in range(reflow.MAX_ROUNDS):
        if not any(joins) and not any(c.stretched):
            break
        n = len(c.text)
        firsts = [0] + [i for i in range(1, n) if not joins[i - 1]]
        merged = reflow._as_cleaned(reflow._joined(c, joins, glues, firsts))
        if len(merged.text) < 2:
            break
        more = reflow._decide(merged)
        if not any(more):
            break
        newly = [firsts[g + 1] - 1 for g in range(len(more)) if more[g]]
        for i in newly:
            joins[i] = True
        glues.update(reflow._glues(c.text, newly, opts))
    return [(c.end[i], c.start[i + 1], glues.get(i, "")) for i in range(len(joins)) if joins[i]]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BLOCK_LINES + COLUMN_LINES[:6]), min_size=2, max_size=30),
       st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n\n"]), min_size=29, max_size=29))
def test_joins_decided_again_only_where_a_join_changed_a_line_are_the_plain_rounds(lines, seps):
    """A block page's joined lines are decided again only at the pairs a join changed
    (_decide_again) and merged by splicing (_spliced): the joins are those of every pair
    decided again on the page merged a column at a time."""
    text = "".join(line + sep for line, sep in zip(lines, seps))
    got = [(ch.start, ch.end, ch.after) for ch in reflow.join_lines(text, Options())]
    assert got == _join_lines_plain(text, Options())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BLOCK_LINES + COLUMN_LINES), min_size=1, max_size=25), st.data())
def test_joined_lines_spliced_are_the_joined_lines_made_column_wise(lines, data):
    c = reflow._lines("\n\n".join(lines), None)
    n = len(c.text)
    joins = data.draw(st.lists(st.booleans(), min_size=n - 1, max_size=n - 1))
    glues = {i: " " for i in data.draw(st.sets(st.integers(0, max(0, n - 2)))) if i < n - 1 and joins[i]}
    firsts = [0] + [i for i in range(1, n) if not joins[i - 1]]
    assert reflow._spliced(c, firsts, glues) == reflow._joined(c, joins, glues, firsts)
