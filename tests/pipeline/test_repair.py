"""Repair rules on real pages: what they fix, what they leave, and that the log records it."""

from pathlib import Path

import opencc
import pytest

from service.pipeline import Options, run
from service.pipeline.edits import Doc
from service.pipeline.fixers.repair import RULES

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"


def repaired(text: str) -> tuple[str, list]:
    doc = Doc(text)
    for r in RULES:
        doc.apply(r.fix(doc.text, None))
    return doc.text, doc.edits()


@pytest.mark.parametrize("before, after, rule", [
    ("必须妥善应对对各种风险挑战", "必须妥善应对各种风险挑战", "repair.doubled_char"),
    ("各部门各单位要不不断强化战略思维", "各部门各单位要不断强化战略思维", "repair.doubled_char"),
    ("服务人民群众的的前沿阵地", "服务人民群众的前沿阵地", "repair.doubled_char"),
    ("“游乐场”▶22版版", "“游乐场”▶2版", "repair.fake_bold"),
    ("政府引导和市场运作相结合、科学布局 and 动态优化相结合", "政府引导和市场运作相结合、科学布局和动态优化相结合",
     "repair.english_intrusion"),
    ("济宁孔子学校项目落地郛城县，西海岸", "济宁孔子学校项目落地郓城县，西海岸", "repair.lookalike"),
])
def test_fixes_the_errors_seen_on_the_pages(before, after, rule):
    text, edits = repaired(before)
    assert text == after
    assert [e.rule for e in edits] == [rule]


@pytest.mark.parametrize("text", [
    "超九成成为国内外知名大企业的配套供应商",
    "突破新一代代糖、生物酶等关键技术",
    "工业和信息化部部长金壮龙表示",
    "中国社科院中国边疆研究所所长邢广程",
    "转变工作作风，了解真实情况",
    "心的激发，常常因目标而凝聚；踏踏实实耕耘、兢兢业业奉献",
    "原原本本学、融会贯通，的的确确，一一落实，人人天天看看，谢谢",
    "一块块钢板经过切割，一趟趟紧凑、密集的",
    "（记者 纪元元）今年以来，（记者 李丹丹 通讯员 潘振丽）",
    "“十四五”规划收官，“十五五”规划即将开局",
    "年终采取 PPT 或视频展示，按照“1+4+N”的运营模式",
    "多年来，郾城区锚定“三区”建设",
])
def test_leaves_correct_text_alone(text):
    assert repaired(text) == (text, [])


def test_place_abbreviation_needs_the_page_to_spell_the_place():
    page = (PAGES / "001_ab1831b580658198.txt").read_text(encoding="utf-8")
    text, edits = repaired(page)
    fixed = {(e.before, e.after, e.rule) for e in edits}
    assert ("荷", "菏", "repair.abbreviation") in fixed
    assert "来菏表示欢迎" in text and "在菏业务" in text
    # without the page's 菏泽, 来荷 is left as printed
    assert repaired("对王继平一行来荷表示欢迎")[1] == []


def test_repairs_show_in_the_pipeline_edit_log_and_switch_off():
    page = (PAGES / "002_1b84ae08a5e3d540.txt").read_text(encoding="utf-8")
    doc = run(page)
    rules = [r for e in doc.edits() for r in e.rules if r.startswith("repair.")]
    assert rules.count("repair.doubled_char") == 2 and "repair.english_intrusion" in rules
    off = run(page, Options(repair=False))
    assert not [e for e in off.edits() if any(r.startswith("repair.") for r in e.rules)]


def test_every_page_repairs_only_known_errors():
    """On all five raw pages, the repairs are exactly the errors a reader finds there."""
    found = []
    for p in sorted(PAGES.glob("*.txt")):
        raw = p.read_text(encoding="utf-8")
        for e in run(raw).edits():
            if e.rule.startswith("repair."):
                found.append((p.name[:3], raw[e.start - 4:e.end + 2], e.after, e.rule))
    assert found == [
        ("001", "妥善应对对各种", "", "repair.doubled_char"),
        ("001", "项目落地郛城县", "郓", "repair.lookalike"),
        ("001", "平一行来荷表示", "菏", "repair.abbreviation"),
        ("001", "步拓展在荷业务", "菏", "repair.abbreviation"),
        # de-spacing removes the spaces around the intruding word first: one edit " and " → 和
        ("002", "学布局 and 动", "和", "repair.english_intrusion"),
        ("002", "单位要不不断强", "", "repair.doubled_char"),
        ("002", "民群众的的前沿", "", "repair.doubled_char"),
        ("004", "乐场”▶22版版\n\n", "2版", "repair.fake_bold"),
    ]


def test_eval_scoring_counts_hits_misses_and_false_repairs():
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    import eval_repair as ev

    damaged = "必须妥善应对对各种风险挑战，科学布局 and 动态优化"
    errors = [ev.Injected("doubled", 5, 7, "对"), ev.Injected("intrusion", 18, 23, "和")]
    _, edits = ev.repair_edits(damaged)
    assert ev.score(damaged, errors, edits) == (ev.Counter({"doubled": 1, "intrusion": 1}), 2, 0)
    # a repair elsewhere is false, and the missed error is not counted fixed
    clean_edit = [ev.Edit("x", 0, 1, "必", "", ("x",))]
    assert ev.score(damaged, errors, clean_edit) == (ev.Counter(), 0, 1)
    # injection is deterministic at a seed and says where each error is
    rng1, rng2 = ev.random.Random(1), ev.random.Random(1)
    text = "推动共建“一带一路”高质量发展和国际合作"
    a, b = ev.damage(text, rng1, 2), ev.damage(text, rng2, 2)
    assert a == b
    for err in a[1]:
        assert a[0][:err.start] + err.right + a[0][err.end:] != a[0]


def test_gain_reaches_answers_as_the_bound_it_stands_for():
    """``lexicon.gain_reaches(s, k, cands, limit)`` skips work that ``gain_bound`` does and must
    still answer ``gain_bound(s, k, cands) >= limit`` exactly: for every rare character of the
    pages with a plausible candidate, at the rule's threshold, at zero, and just either side of
    the bound itself."""
    from service.pipeline.fixers.repair import lexicon as lex
    from service.pipeline.fixers.repair import lookalike as lk

    checked = 0
    for path in sorted(PAGES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in lk._RARE.finditer(text):
            window, k = lk._window(text, m.start())
            cands = lk._plausible(window, k)
            if not cands:
                continue
            bound = lex.gain_bound(window, k, cands)
            for limit in (lk.MIN_GAIN - lk._ROUNDING, 0.0, bound - 1e-6, bound, bound + 1e-6):
                assert lex.gain_reaches(window, k, cands, limit) == (bound >= limit), (window, k, limit)
            checked += 1
    assert checked > 200  # the pages hold hundreds of such suspects


_S2T = opencc.OpenCC("s2t")


#: the repairs that judge traditional text too (the lookalike rules leave it alone)
_BOTH_SCRIPTS = ("repair.doubled_char", "repair.fake_bold", "repair.english_intrusion")


def _repairs(text: str, opts: Options) -> list[tuple[str, str, str]]:
    # (the repair's rule: an edit the script step also made lists script.convert first)
    return [(r, e.before, e.after) for e in run(text, opts).edits() for r in e.rules if r in _BOTH_SCRIPTS]


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_traditional_page_gets_the_repairs_of_its_simplified_form(path):
    """The lexicon is simplified: a traditional page (and a simplified one put out in
    traditional script) is judged in simplified characters, so that it loses no more than its
    simplified form does (研究所所長, 部部長, 踏踏實實 and 兢兢業業 lost a copy before)."""
    text = path.read_text(encoding="utf-8")
    simplified = [(rule, _S2T.convert(b), _S2T.convert(a)) for rule, b, a in _repairs(text, Options())]
    assert _repairs(_S2T.convert(text), Options()) == simplified
    assert simplified or path.name[:3] not in ("001", "002")  # the pages that have such errors
    assert [r for r, _, _ in _repairs(text, Options(script="zh-Hant"))] == [r for r, _, _ in simplified]
