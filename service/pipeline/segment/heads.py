"""Title blocks, datelines and bylines: how the display lines of a page become fields.

A title block is a run of display units (a unit is one or more display lines printed together).
Which unit is the kicker 引题, the title 主题 and the subtitle 副题 follows from markdown heading
levels when there are any, else from what the units say (a ``——`` subtitle, ``…主持并讲话``,
a kicker ending in ``强调``) and how many there are.
"""

from __future__ import annotations

import re

from . import lines as L

#: a continuation line that starts with a function word joins its title line without a space
_FUNCTION_START_RE = re.compile(r"^[同与和及的并暨]")
_OPEN_PUNCT_END_RE = re.compile(r"[，、：；,:;（(“‘《—]$")
_PUNCT_START_RE = re.compile(r"^[，。、：；！？”’）》…,.:;!?)]")
#: a subtitle that reports who attended or spoke: ``常英敏主持并讲话``, ``蔡奇出席 丁薛祥主持``
_PERSON_ACTION_RE = re.compile(r"(?:主持|出席|讲话|致辞|参加|会见|调研|强调|指出)(?:[ \u3000]|$)")
#: a kicker that reports a speech, printed on one line with its title: ``…座谈会上强调 坚定战略自信…``
_SPEECH_KICKER_RE = re.compile(r"^([^ \u3000]{6,40}?(?:强调|指出|表示|要求|寄语|勉励))[ \u3000]+(\S.*)$")
#: the space run before a subtitle's dash; matched only from the start of a run, whole (a match
#: tried at every space of a long run, each giving back the run, was quadratic)
_SUBTITLE_SPLIT_RE = re.compile(r"(?<![ \u3000])[ \u3000]++(?=——)")
_DIGIT_RE = re.compile(r"\d")
_ROLE_RE = re.compile(r"(本报记者|特约记者|记者|通讯员|实习生|本报评论员|评论员)")
_SPACES_RE = re.compile(r"[ \u3000]+")
_BYLINE_MARK_RE = re.compile(r"^[□■◆●▲△○◎][ \u3000]?")
_PAREN_BYLINE_RE = re.compile(r"^[（(]([^（）()]{2,60})[）)]")


def join_lines(parts: list[tuple[str, str]]) -> str:
    """Join the lines of one display unit: ``(current text, raw line)`` pairs.

    Without a space after a letter-spaced line or before one (``明晰定位 优化架构 为培育壮大`` +
    ``新 质 生 产 力…``), before a function word (``…成果`` + ``同乡村振兴…``), and around
    punctuation inside a sentence; otherwise one space, as the print sets parallel phrases.

    >>> join_lines([("坚定战略自信 勇于担当作为", "坚定战略自信 勇于担当作为  "), ("全面推动共建“一带一路”高质量发展", "")])
    '坚定战略自信 勇于担当作为 全面推动共建“一带一路”高质量发展'
    >>> join_lines([("全市巩固拓展脱贫攻坚成果", ""), ("同乡村振兴有效衔接工作推进会召开", "")])
    '全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作推进会召开'
    >>> join_lines([("明晰定位 优化架构 为培育壮大", "明晰定位 优化架构 为培育壮大"), ("新质生产力注入强劲动能", "新 质 生 产 力 注 入 强 劲 动 能")])
    '明晰定位 优化架构 为培育壮大新质生产力注入强劲动能'
    >>> join_lines([("收集利用“天上水”", ""), ("打造绿色“游乐场”", "")])
    '收集利用“天上水” 打造绿色“游乐场”'
    """
    out = ""
    prev_raw = ""
    for text, raw in parts:
        text = text.strip()
        if not out:
            out = text
        elif (L.char_spaced(prev_raw or out) or L.char_spaced(raw or text)
              or _OPEN_PUNCT_END_RE.search(out) or _PUNCT_START_RE.match(text)
              or _FUNCTION_START_RE.match(text)):
            out += text
        else:
            out += " " + text
        prev_raw = raw
    return out


def split_title(units: list[tuple[str, int]]) -> tuple[str, str, str]:
    """(kicker, title, subtitle) of a title block: ``(text, heading level)`` units in order.

    >>> split_title([("立足新发展定位 实现高质量发展", 2), ("县区（功能区）调研行", 2), ("以郾城蝶变为现代化漯河建设添彩", 2)])
    ('立足新发展定位 实现高质量发展 县区（功能区）调研行', '以郾城蝶变为现代化漯河建设添彩', '')
    >>> split_title([("平安建设宣传周", 2), ("党建点亮网格 减负提升效能", 1), ("——我市优化运行机制实现基层治理“马壮车轻”", 0)])
    ('平安建设宣传周', '党建点亮网格 减负提升效能', '——我市优化运行机制实现基层治理“马壮车轻”')
    >>> split_title([("全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作推进会召开", 0), ("常英敏主持并讲话", 0)])
    ('', '全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作推进会召开', '常英敏主持并讲话')
    >>> split_title([("示范区持续优化营商环境", 0), ("为企业排忧解难 为发展保驾护航", 0), ("加快打造营商环境“升级版”", 0)])
    ('示范区持续优化营商环境', '为企业排忧解难 为发展保驾护航', '加快打造营商环境“升级版”')
    >>> split_title([("习近平在第四次“一带一路”建设工作座谈会上强调 坚定战略自信 勇于担当作为", 1)])
    ('习近平在第四次“一带一路”建设工作座谈会上强调', '坚定战略自信 勇于担当作为', '')
    >>> split_title([("强化科技创新引领 激活融合发展“主力军” ——访市科技局党组书记安春茂", 0)])
    ('', '强化科技创新引领 激活融合发展“主力军”', '——访市科技局党组书记安春茂')
    """
    # a "title ——subtitle" printed on one line
    flat: list[tuple[str, int]] = []
    for text, level in units:
        # the pattern only splits before a dash: a unit without one is left whole unread
        parts = _SUBTITLE_SPLIT_RE.split(text, maxsplit=1) if "——" in text else [text]
        flat.append((parts[0], level))
        if len(parts) > 1:
            flat.append((parts[1], 0))
    units = [(t, lv) for t, lv in flat if t]
    if not units:
        return "", "", ""
    m = _SPEECH_KICKER_RE.match(units[0][0])
    if m:  # "…座谈会上强调 坚定战略自信…": the kicker printed on the title's line
        units[0:1] = [(m.group(1), units[0][1]), (m.group(2), units[0][1])]
        if units[0][1]:
            return units[0][0], units[1][0], " ".join(t for t, _ in units[2:])
    levels = [lv for _, lv in units if lv]
    if levels:
        top = min(levels)
        k = max(i for i, (_, lv) in enumerate(units) if lv == top)
        return (" ".join(t for t, _ in units[:k]), units[k][0], " ".join(t for t, _ in units[k + 1:]))
    texts = [t for t, _ in units]
    if len(texts) == 1:
        return "", texts[0], ""
    # the last unit is a subtitle when it says so; else the first ones are kickers
    last, before = texts[-1], texts[-2]
    is_sub = (
        last.startswith("——")
        or (len(last) <= 14 and _PERSON_ACTION_RE.search(last) is not None)
        or (_DIGIT_RE.search(last) is not None and _DIGIT_RE.search(before) is None)
    )
    if len(texts) == 2:
        return ("", before, last) if is_sub else (before, last, "")
    if is_sub or len(texts) >= 3:
        return " ".join(texts[:-2]), before, last
    return " ".join(texts[:-1]), last, ""


def dateline_byline(first: str, raw_spaced: bool) -> tuple[str, str]:
    """The dateline and the byline printed at the start of a first paragraph.

    >>> dateline_byline("本报讯（记者 李丹丹 通讯员 潘振丽）为倡树务实重干的导向", False)
    ('本报讯', '记者 李丹丹 通讯员 潘振丽')
    >>> dateline_byline("新华社北京12月2日电 中共中央总书记", False)
    ('新华社北京12月2日电', '')
    >>> dateline_byline("本 报 讯 （记 者 李 丹 丹 通 讯 员 潘振丽）为倡树", True)
    ('本报讯', '记者 李丹丹 通讯员 潘振丽')
    >>> dateline_byline("据《大众日报》消息 省应急管理厅联合", False)
    ('据《大众日报》消息', '')
    """
    compact = L.compact(first[:80])
    m = L.DATELINE_RE.match(compact)
    if not m:
        return "", ""
    dateline = m.group()
    rest = compact[m.end():]
    b = _PAREN_BYLINE_RE.match(rest)
    if not b:
        return dateline, ""
    # the byline with its printed spaces: take it from the text, not from the compact form
    k = first.find("（") if "（" in first[:40] else first.find("(")
    inner = first[k + 1:]
    close = min([i for i in (inner.find("）"), inner.find(")")) if i >= 0] or [len(inner)])
    return dateline, normalize_byline(inner[:close], raw_spaced)


def normalize_byline(text: str, raw_spaced: bool = False) -> str:
    """One space between role words and names: ``记 者 李 丹 丹 通 讯 员 潘振丽`` → ``记者 李丹丹 通讯员 潘振丽``.

    >>> normalize_byline("□ 本报记者  丰曼")
    '本报记者 丰曼'
    >>> normalize_byline("(付玉婷)")
    '付玉婷'
    """
    s = _BYLINE_MARK_RE.sub("", text.strip())
    if s[:1] in "（(" and s[-1:] in "）)":
        s = s[1:-1]
    if raw_spaced or L.char_spaced(s):
        s = _ROLE_RE.sub(r" \1 ", L.compact(s))
    return _SPACES_RE.sub(" ", s).strip()
