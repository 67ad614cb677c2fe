"""Segmentation of the real pages: articles, titles in either reading order, furniture."""

import re
from collections import Counter

import pytest

from pagefiles import page
from service.pipeline import Options, clean_page, run
from service.pipeline.edits import replay
from service.pipeline.segment import segment


def arts(prefix: str) -> list[dict]:
    return clean_page(page(prefix))["articles"]


def test_titles_printed_after_their_body_go_to_that_body():
    a = arts("004")
    assert [x["kind"] for x in a] == ["article"] * 4 + ["teaser", "article"]
    assert (a[0]["kicker"], a[0]["title"]) == ("淇滨区开展“全域建强·比拼四季”夺锦赛", "激发“五三”工程建设新动能")
    assert (a[1]["kicker"], a[1]["title"], a[1]["subtitle"]) == (
        "示范区持续优化营商环境", "为企业排忧解难 为发展保驾护航", "加快打造营商环境“升级版”")
    assert a[2]["kicker"] == "今年前两个月，我市对外贸易质升量增"
    assert a[3]["kicker"] == "赵宏宇在听取淇河实验室筹建情况汇报时强调"
    assert a[5]["title"] == "在更高起点上扎实推动中部地区崛起"
    assert [len(x["paragraphs"]) for x in a] == [5, 3, 3, 2, 0, 14]
    assert a[0]["continued"] == a[1]["continued"] == "下转第二版"
    assert a[5]["captions"][0].endswith("新华社记者 鞠鹏 摄")
    assert a[4]["kicker"] == "鹤壁桃园公园" and a[4]["title"] == "收集利用“天上水” 打造绿色“游乐场”"
    assert a[4]["continued"].startswith("▶")
    assert [x["dateline"] for x in a] == ["本报讯"] * 4 + ["", "新华社长沙3月20日电"]
    assert [x["byline"] for x in a[:4]] == [
        "记者 李丹丹 通讯员 潘振丽", "记者 王凤侠 通讯员 化俊霞", "记者 许燕琴 通讯员 李兰", "记者 朱向阳"]


def test_furniture_of_the_column_page():
    f = clean_page(page("004"))["furniture"]
    assert ("2121", "page_number") in {(x["text"], x["kind"]) for x in f}
    assert ("奋力夺取“开门红” 实现“全年红”", "banner") in {(x["text"], x["kind"]) for x in f}


def test_markdown_page_articles_and_fields():
    r = clean_page(page("000"))
    a = r["articles"]
    assert [x["title"] for x in a] == [
        "我国将探索建立专精特新赋能体系", "坚定战略自信 勇于担当作为 全面推动共建“一带一路”高质量发展",
        "以郾城蝶变为现代化漯河建设添彩", "实践者说", "全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作推进会召开"]
    assert a[1]["kicker"] == "习近平在第四次“一带一路”建设工作座谈会上强调"
    assert a[1]["captions"] == ["12月2日，中共中央总书记、国家主席、中央军委主席习近平在北京出席第四次“一带一路”"
                                "建设工作座谈会并发表重要讲话。新华社记者 谢环驰 摄"]
    assert a[1]["paragraphs"][-1].endswith("国际视野，") and a[1]["continued"] == "下转02版"
    assert a[2]["kicker"] == "立足新发展定位 实现高质量发展 县区（功能区）调研行"
    assert a[2]["byline"] == "策划/本报记者 张炜扬 文/本报记者 张晓甫"
    assert "高能级创新 食品创新核心区全面起势" in a[2]["paragraphs"]
    assert a[3]["paragraphs"][-1] == "——郾城区委副书记、区长 李占宾"
    assert (a[4]["subtitle"], a[4]["dateline"], a[4]["byline"]) == ("常英敏主持并讲话", "本报讯", "记者 尹晓玉")
    kinds = Counter(f["kind"] for f in r["furniture"])
    assert kinds["qr_label"] == 5 and kinds["duplicate"] == 1


def test_duplicate_paragraph_is_removed_once_and_reported():
    text = page("000")
    r = clean_page(text, Options(explain=True))
    dup = next(f for f in r["furniture"] if f["kind"] == "duplicate")
    assert dup["text"].startswith("专精特新企业群体进一步壮大") and text[slice(*dup["span"])] == dup["text"]
    body = "".join(r["articles"][0]["paragraphs"])
    assert body.count("专精特新企业群体进一步壮大") == 1
    assert any(e["rule"] == "dedupe.paragraph" for e in r["edits"])


def test_page_001_titles_datelines_photos():
    a = arts("001")
    assert [x["kind"] for x in a] == ["article", "article", "photo", "article", "article", "article", "article", "photo"]
    assert a[1]["kicker"] == "习近平在第四次“一带一路”建设工作座谈会上强调"
    assert a[1]["subtitle"] == "蔡奇出席 丁薛祥主持"
    assert a[2]["title"] == "按下生产“快进键”" and a[2]["captions"][0].endswith("记者 孔博 摄")
    assert a[3]["title"] == "志合越山海 聚力共前行" and a[3]["byline"] == "记者 胡德光"
    assert [x["dateline"] for x in a[4:7]] == ["本报讯", "本报讯", "据《大众日报》消息"]
    assert a[6]["byline"] == "付玉婷" and a[6]["subtitle"] == "从8个方面提出23条具体措施"
    assert [len(x["paragraphs"]) for x in a] == [3, 10, 0, 12, 3, 6, 4, 0]


def test_page_002_headings_and_captions():
    a = arts("002")
    assert a[0]["title"] == "" and a[0]["dateline"] == "新华社北京12月2日电"  # its title is on another page
    assert (a[2]["kicker"], a[2]["title"], a[2]["subtitle"], a[2]["byline"]) == (
        "平安建设宣传周", "党建点亮网格 减负提升效能", "——我市优化运行机制实现基层治理“马壮车轻”", "本报记者 丰曼")
    assert "多格合一，破解基层党组织与网格融合不够问题" in a[2]["paragraphs"]  # a ### sub-heading
    assert a[3]["kind"] == "photo" and a[3]["captions"][0].endswith("本报记者 张占兵摄")
    assert a[4]["byline"] == "本报记者 董芳" and a[4]["captions"][0].endswith("王中勋摄")
    assert a[5]["continued"] == "下转第三版"


def test_page_003_commentary_and_interviews():
    a = arts("003")
    assert [(x["title"], x["subtitle"], x["byline"]) for x in a] == [
        ("把宏伟蓝图转化为美好现实", "——学习贯彻落实市委十二届八次全会精神之一", "郑旗"),
        ("强化科技创新引领 激活融合发展“主力军”", "——访市科技局党组书记安春茂", "本报记者 刘盼盼"),
        ("向新而行 以质致远 因地制宜发展新质生产力", "——访市工信局党组书记、局长王智明", "本报记者 徐刚领"),
    ]
    assert [len(x["paragraphs"]) for x in a] == [7, 5, 4]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_nothing_is_lost(prefix):
    """Every non-space character of the input is in an article, in furniture, or edited."""
    text = page(prefix)
    doc = run(text)
    articles, furniture = segment(doc, Options())
    have = Counter()
    for a in articles:
        for s in [a.kicker, a.title, a.subtitle, a.byline, a.continued, *a.paragraphs, *a.captions]:
            have.update(ch for ch in s if not ch.isspace())
    for f in furniture:
        if f.kind != "duplicate":
            have.update(ch for ch in f.text if not ch.isspace())
    for e in doc.edits():
        have.update(ch for ch in e.before if not ch.isspace())
    need = Counter(ch for ch in text if not ch.isspace())
    assert not (need - have)


def cleaned_span(text: str, edits: list[dict], s0: int, s1: int) -> str:
    """The input span ``[s0, s1)`` as the edit log cleans it (the edits that lie inside it)."""
    inside = [dict(e, start=e["start"] - s0, end=e["end"] - s0) for e in edits if s0 <= e["start"] and e["end"] <= s1]
    return replay(text[s0:s1], inside)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_spans_point_into_the_input(prefix):
    """Every field comes from the cleaned text of the input span the article reports."""
    text = page(prefix)
    r = clean_page(text, Options(explain=True))
    for a in r["articles"]:
        s0, s1 = a["span"]
        assert 0 <= s0 < s1 <= len(text)
        # without spaces and markdown heading marks (reported as markup between title lines)
        src = re.sub(r"#{1,6}", "", "".join(cleaned_span(text, r["edits"], s0, s1).split()))
        for field in [a["kicker"], a["title"], a["subtitle"], *a["paragraphs"], *a["captions"]]:
            assert "".join(field.split()) in src
    for f in r["furniture"]:
        s0, s1 = f["span"]
        # furniture is what was removed: reported as printed, exactly the input under its span
        assert f["text"] == text[s0:s1].strip()


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_fields_are_the_cleaned_text(prefix):
    """No field keeps the ASCII punctuation of the input: ``11月28日,记者`` comes out ``11月28日，记者``."""
    text = page(prefix)
    assert ",记者" in text or "蓝图," in text
    for a in clean_page(text)["articles"]:
        for field in [a["kicker"], a["title"], a["subtitle"], a["byline"], *a["paragraphs"], *a["captions"]]:
            assert not re.search(r"[\u4e00-\u9fff][,;:?!]|[,;:?!][\u4e00-\u9fff]", field), field
