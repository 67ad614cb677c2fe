"""What one printed line tells about the layout: its width, its ending, its kind.

Reflow and segmentation both read these features.  They work on the current text of a line and,
when a :class:`~service.pipeline.edits.Doc` is at hand, on the raw line behind it (the spaces that
pdftotext put into a justified line are gone once de-spacing has run, but they still say that the
line was stretched to the full column width).

Every pattern here is compiled once at import and is linear on any input: no nested quantifiers,
bounded repetitions only.
"""

from __future__ import annotations

import re

#: CJK ideographs (unified, extension A, compatibility) and the Kangxi/CJK radical blocks.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u2e80-\u2fdf"
HAN_RE = re.compile(f"[{_HAN}]")
#: Chinese punctuation as printed (full-width) and the ASCII that PDF fonts map it to.
_CJK_PUNCT = "，。、；：！？“”‘’（）《》〈〉「」『』【】…—·"

#: sentence-final punctuation, optionally followed by closing quotes or brackets: a line that
#: ends so may end a paragraph.
TERMINAL_RE = re.compile(r"(?:[。！？!?]|……|…|\.(?<=[A-Za-z0-9]\.))[”’」』）)\]】》]{0,3}$")
_CLOSERS = "”’」』）)]】》"
#: punctuation inside a sentence: a line that ends so goes on.
OPEN_END_RE = re.compile(r"[，、；：,;:（(“‘《〈「『【—\-]$")
#: a line that starts with punctuation continues the line before it.
CONT_START_RE = re.compile(r"^[，。、；：！？”’）》〉」』】…%,.;:!?)]")
#: a single character and then punctuation or a symbol (``系、服务``, ``路”八项``, ``剂+”``):
#: no paragraph starts like that, it is the tail of a word cut at the line end.
ONE_CHAR_START_RE = re.compile(f"^[{_HAN}][，。、；：！？”’）》%+,.;:!?)]")
#: characters no title or heading ends with: a line that ends with one is cut mid-sentence.
FUNCTION_END_RE = re.compile(r"(?:[的和与及或了在对把被将从向以并而等这那各每该此给让使由于到也都还就更很其]|的一|是一)$")
#: a markdown heading mark.
HEADING_MARK_RE = re.compile(r"^(#{1,6})[ \t]+")

#: datelines a news paragraph starts with (a body starts here, never a title).
DATELINE_RE = re.compile(
    r"^(?:"
    r"本报(?:讯|[^\s（(，,]{1,12}?(?:\d{1,2}月\d{1,2}日)?电)"  # 本报讯, 本报北京3月2日电
    r"|(?:新华社|中新社|人民网|新华网|央视网|中国新闻网|据新华社)[^\s（(，,。]{0,16}?电"
    r"|据[《“][^》”]{1,20}[》”][^\s，,。]{0,8}?(?:消息|报道)"
    r")"
)
#: a photo credit at the end of a caption: ``新华社记者 谢环驰 摄``, ``王中勋摄``.
CREDIT_END_RE = re.compile(
    r"(?:(?:新华社|本报|人民日报|中新社)?(?:特约)?(?:记者|通讯员|摄影)?[ \u3000]?"
    r"[\u4e00-\u9fff·]{2,4}(?:[ \u3000]+[\u4e00-\u9fff·]{2,4}){0,2}[ \u3000]?摄)$"
)
#: a line that is only a credit.
CREDIT_LINE_RE = re.compile(
    r"^(?:(?:新华社|本报|人民日报|中新社)?(?:特约)?(?:记者|通讯员|摄影)[ \u3000]?)?"
    r"[\u4e00-\u9fff·]{2,4}(?:[ \u3000、]+[\u4e00-\u9fff·]{2,4}){0,3}[ \u3000]?摄(?:影)?$"
)
#: a jump line: the article goes on (or came from) another page.
JUMP_RE = re.compile(
    r"[（(][ \u3000]?((?:下转|上接|接上|转下|转第|接第|下接)[ \u3000]?(?:第?[0-9０-９一二三四五六七八九十]{1,3}[版页]|[A-Z]?\d{1,2}[版页]?))[ \u3000]?[）)]"
)
#: a teaser pointer to another page: ``▶2版``, ``▶22版版`` (fake bold), ``见第3版``.
TEASER_RE = re.compile(r"(?:[▶►→]\s?[0-9０-９A-Z]{1,4}[版页]{1,2}|[（(]?详见?第?[0-9一二三四五六七八九十]{1,3}版[）)]?)$")
#: byline lines: ``□ 本报记者 丰曼``, ``■策划/本报记者 张炜扬``, ``文/本报记者 张晓甫``,
#: ``记者 胡德光``, ``(付玉婷)``, ``本报记者 刘盼盼``.
BYLINE_LINE_RE = re.compile(
    r"^(?:[□■◆●▲△○◎]\s?)?"
    r"(?:(?:[\u4e00-\u9fff]{1,3}/)?(?:本报|新华社|特约)?(?:记者|通讯员|实习生|评论员)[ \u3000]?"
    r"[\u4e00-\u9fff·]{2,4}(?:[ \u3000、]+(?:(?:记者|通讯员|实习生)[ \u3000]?)?[\u4e00-\u9fff·]{2,4}){0,4}"
    r"|[（(][\u4e00-\u9fff·]{2,4}(?:[ \u3000、]+[\u4e00-\u9fff·]{2,4}){0,3}[）)]"
    r"|[□■]\s?[\u4e00-\u9fff·]{2,4}"
    r")$"
)
#: one byline line of a multi-line byline block: ``文/本报记者 张晓甫``.
BYLINE_PART_RE = re.compile(r"^(?:[□■◆●]\s?)?[\u4e00-\u9fff]{1,3}/(?:本报)?(?:记者|通讯员)?[ \u3000]?[\u4e00-\u9fff·]{2,4}$")

#: what every byline line holds: a leading mark or bracket, or a role word or a ``文/`` slash.
#: Two tests: an alternation of literals alone is searched by its first characters (one scan),
#: which an anchored branch beside them would prevent (every position tried).
_BYLINE_MARKS = "□■◆●▲△○◎（("
_BYLINE_HINT_RE = re.compile(r"记者|通讯员|实习生|评论员|/")
_OTHER_RE = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff \t\u3000\r\n]")
_SPACE_BETWEEN_RE = re.compile(f"[{_HAN}{_CJK_PUNCT}][ \u3000]+(?=[{_HAN}{_CJK_PUNCT}])")
_LEAD_WS_RE = re.compile(r"^[ \t\u3000]+")


def width(line: str) -> float:
    """Printed width of a line in ems: an ideograph is one, anything else half; spaces are none.

    Punctuation counts half because the press compresses it (``、“`` share one em), and digits
    and Latin are half-width.  With these weights the full lines of one column differ by about
    one em, whether or not the extractor spaced their characters out.

    >>> width("潘振丽）为倡树务实重干的导向，推动形")
    17.0
    >>> width("本 报 讯 （记 者 李 丹 丹 通 讯 员 ")
    11.5
    >>> width("年同期的 13.8 倍，反映出外资愈加看")
    15.5
    """
    other = len(_OTHER_RE.findall(line))
    spaces = line.count(" ") + line.count("\t") + line.count("\u3000") + line.count("\r") + line.count("\n")
    return len(line) - spaces - 0.5 * other


def stretched(raw: str) -> bool:
    """True when a space stands between two Chinese characters inside the line.

    pdftotext writes the gaps of a justified line as spaces: such a line was stretched to the
    full column width, however few characters it holds.

    >>> stretched("大 力 发 展 县 域 经 济 ， 形 成 新 的 增 长 点 。")
    True
    >>> stretched("高度重视革命老区和欠发达县 （市、区）")
    True
    >>> stretched("合实际确定全年比拼项目，明确 12 个项目")
    False
    """
    if " " not in raw and "\u3000" not in raw:
        return False  # most lines: no space to look at
    return _SPACE_BETWEEN_RE.search(raw.strip()) is not None


def char_spaced(raw: str) -> bool:
    """True when most neighbouring Chinese characters of the line are spaced apart.

    A display line set with letter spacing (``新 质 生 产 力 注 入 强 劲 动 能``) joins the next
    title line without a space, unlike a title whose phrases are spaced on purpose.

    >>> char_spaced("新 质 生 产 力 注 入 强 劲 动 能")
    True
    >>> char_spaced("明晰定位 优化架构 为培育壮大")
    False
    """
    s = raw.strip()
    # three ideographs or more, at most twice as many as the gaps: at least two gaps, and each
    # holds a space (most lines have fewer spaces than that: no pattern runs)
    if s.count(" ") + s.count("\u3000") < 2:
        return False
    gaps = len(_SPACE_BETWEEN_RE.findall(s))
    if gaps < 2:
        return False
    han = len(HAN_RE.findall(s))
    return han >= 3 and gaps * 2 >= han


def indented(raw: str) -> bool:
    """True when the raw line starts with a space: pdftotext keeps some paragraph indents."""
    return _LEAD_WS_RE.match(raw) is not None and raw.strip() != ""


def terminal(line: str) -> bool:
    """True when the line ends a sentence.

    >>> terminal("第一、比实干、树正气”的浓厚氛围。"), terminal("真正实现“政府有为，企业有利，百姓有")
    (True, False)
    >>> terminal("感”。"), terminal("要切实研究解决。”")
    (True, True)
    """
    s = line.rstrip().rstrip(_CLOSERS)
    if not s:
        return False
    last = s[-1]
    return last in "。！？!?…" or (last == "." and len(s) > 1 and s[-2].isascii() and s[-2].isalnum())


def dateline_start(line: str) -> bool:
    """True when the line opens with a dateline (spaces ignored): ``本 报 讯 （记 者``.

    >>> dateline_start("本 报 讯 （记 者 李 丹 丹"), dateline_start("新华社长沙 3 月 20 日电 中共中央")
    (True, True)
    >>> dateline_start("据《大众日报》消息 省应急管理厅"), dateline_start("据国家外汇管理局统计")
    (True, False)
    """
    # every dateline starts with one of these: other lines (most paragraphs) are not compacted
    s = line.lstrip()
    if not s or s[0] not in _DATELINE_FIRST:
        return False
    return DATELINE_RE.match(compact(line)) is not None


#: the first characters of the datelines of :data:`DATELINE_RE` (本报, 新华社, 中新社, 人民网, 央视网, 据)
_DATELINE_FIRST = "本新中人央据"


def compact(line: str) -> str:
    """The line without any space (for matching patterns whatever the spacing)."""
    return line.replace(" ", "").replace("\u3000", "").replace("\t", "").strip()


def is_credit_line(line: str) -> bool:
    """True for a line that is only a photo credit.

    >>> is_credit_line("新华社记者 谢环驰 摄"), is_credit_line("本报记者 张占兵摄"), is_credit_line("记者 孔博 摄")
    (True, True, True)
    >>> is_credit_line("河南食品科创园。")
    False
    """
    s = line.strip()
    return len(s) <= 24 and CREDIT_LINE_RE.match(s) is not None


def ends_with_credit(line: str) -> bool:
    """True for a caption line that ends with its credit: ``…帽衫。王中勋摄``.

    >>> ends_with_credit("主持召开新时代推动中部地区崛起座谈会并发表重要讲话。新华社记者 鞠鹏 摄")
    True
    >>> ends_with_credit("云州区吉祥里社区“巧婆娘”手工团队的妇女们精心钩织“佛小伴”帽衫。王中勋摄")
    True
    """
    s = line.rstrip()
    if not s.endswith("摄"):
        return False
    return CREDIT_END_RE.search(s[-30:]) is not None


def is_jump_line(line: str) -> bool:
    """True for a line that is only a jump marker: ``（下转第二版）``."""
    s = compact(line)
    m = JUMP_RE.search(s)
    return m is not None and m.start() == 0 and m.end() == len(s)


def is_byline_line(line: str) -> bool:
    """True for a line that is only a byline.

    >>> [is_byline_line(s) for s in ("□ 本报记者 丰曼", "■策划/本报记者 张炜扬", "文/本报记者 张晓甫",
    ...  "记者 胡德光", "(付玉婷)", "本报记者 刘盼盼", "□郑旗", "实践者说")]
    [True, True, True, True, True, True, True, False]
    """
    s = line.strip()
    if len(s) > 40 or not ((s and s[0] in _BYLINE_MARKS) or _BYLINE_HINT_RE.search(s)):
        return False  # most lines: no role word, no mark, no bracket, no slash
    return BYLINE_LINE_RE.match(s) is not None or BYLINE_PART_RE.match(s) is not None


def heading_mark(line: str) -> int:
    """The level of a markdown heading mark (``##`` → 2), 0 when there is none."""
    m = HEADING_MARK_RE.match(line)
    return len(m.group(1)) if m else 0
