"""Doubled text: a character printed twice (``应对对各种``) and fake bold (``▶22版版``).

OCR and PDF extraction double a character when a glyph is drawn twice (a correction in the
typesetting file, a line that wraps over itself), and double every glyph of a run set in "fake
bold" (the run is printed twice with a small offset, and the extractor reads both copies).
Chinese also doubles characters on purpose: reduplicated words (``常常``, ``看看``,
``原原本本``, ``实实在在``) and two words that meet on the same character (``九成|成为``,
``工作|作风``, ``新一代|代糖``).  The lexicon tells them apart: a doubling stays when a
dictionary word explains it, and goes only when one of the two characters is left standing alone
in the most probable reading of its neighbourhood.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ...edits import Change
from ...options import Options
from ...rules import rule
from ..remember import remember_last
from ..script import simplified
from . import lexicon as L

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_DOUBLE = re.compile(rf"([{HAN}])\1")
#: any character twice: a plain pattern scans faster than one with a class, and a match holds two
#: copies of one character, so the Han and digit ones are those of ``_DOUBLE`` (with digits)
_TWICE = re.compile(r"(.)\1")
_HAN_OR_DIGIT = re.compile(rf"[{HAN}0-9]")
_ZERO_UNIT = b"\0\0"  #: a UTF-16 code unit that is zero: a character equal to the next one
_SAME_RUN = re.compile(r"(.)\1+", re.S)  #: a run of one character, at least two long
#: how many characters on each side are segmented to judge a doubling
_CONTEXT = 5
_RUN = re.compile(rf"[{HAN}]+")

#: numerals double in numbers and plans (``十五五规划``, ``一一``): never touched (with the
#: traditional forms: the test comes before a window is read in simplified characters)
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两" "萬億兩")

#: the hundred commonest surnames (公安部 2020 list, top 100): ``李丹丹``, ``纪元元``,
#: ``刘盼盼`` are names, and given names double freely
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常纪邢"
)

#: how much more probable (log) the text must read with one copy than with the doubled word
DROP_GAIN = 7.0

_FUNCTION_TAGS = frozenset({"uj", "ul", "uz", "ud", "ug", "uv", "p", "d"})


def _suffixes(min_words: int = 40) -> frozenset[str]:
    """Characters that close many compounds whose stem is itself a word (``外交部``,
    ``研究所``, ``公安局``): after an organisation's name the same character may open the title
    of its head (``信息化部部长``, ``研究所所长``)."""
    count: Counter[str] = Counter()
    for w, f in L.FREQ.items():
        if len(w) >= 3 and f >= L.RARE and w[:-1] in L.FREQ:
            count[w[-1]] += 1
    return frozenset(
        c for c, n in count.items() if n >= min_words and L.TAG.get(c) not in _FUNCTION_TAGS
    )


SUFFIXES = _suffixes()


def context(text: str, i: int, j: int, side: int = _CONTEXT) -> tuple[str, int, bool]:
    """The Han characters around ``text[i:j]`` (at most ``side`` each side, across line breaks a
    column layout left), the index of ``text[i]`` in them, and whether the run ends at ``j``.

    Why a pattern: each side is read by one match (whitespace, then a Han character, up to
    ``side`` times), the left one in the page reversed (made once per page), instead of a Python
    step and a regex match per character.

    >>> context("过原\\n\\n原本本学、融会", 5, 7)
    ('过原原本本学', 3, False)
    """
    if side != _CONTEXT:
        return _context_by_steps(text, i, j, side)
    left = "".join(_SIDE.match(_reversed(text), len(text) - i).group().split())
    m = _SIDE.match(text, j)
    right = "".join(m.group().split())
    closes = m.end() == j or text[j].isspace()  # the match starts with a Han character or not
    return left[::-1] + text[i:j] + right, len(left), closes


#: up to ``_CONTEXT`` Han characters, each after any whitespace (what :func:`context` reads on
#: each side)
_SIDE = re.compile(rf"(?:\s*+[{HAN}]){{0,{_CONTEXT}}}")

@remember_last
def _reversed(text: str) -> str:
    """``text[::-1]``, remembered for the next call: every doubling of a page reads its left
    side in it.

    >>> _reversed("应对对各种")
    '种各对对应'
    """
    return text[::-1]


def _context_by_steps(text: str, i: int, j: int, side: int = _CONTEXT) -> tuple[str, int, bool]:
    """:func:`context` character by character: its definition, and its reading for another
    ``side``.

    >>> _context_by_steps("过原\\n\\n原本本学、融会", 5, 7)
    ('过原原本本学', 3, False)
    """
    left: list[str] = []
    a = i - 1
    while a >= 0 and len(left) < side:
        c = text[a]
        if _RUN.match(c):
            left.append(c)
        elif not c.isspace():
            break
        a -= 1
    right: list[str] = []
    b = j
    while b < len(text) and len(right) < side:
        c = text[b]
        if _RUN.match(c):
            right.append(c)
        elif not c.isspace():
            break
        b += 1
    closes = j >= len(text) or not _RUN.match(text[j])
    return "".join(reversed(left)) + text[i:j] + "".join(right), len(left), closes


def doubling_is_error(text: str, i: int) -> bool:
    """Is ``text[i] == text[i+1]`` a doubling that no word explains?

    >>> doubling_is_error("必须妥善应对对各种风险挑战", 5)
    True
    >>> doubling_is_error("部门各单位要不不断强化战略", 6)
    True
    >>> doubling_is_error("服务人民群众的的前沿阵地", 6)
    True
    >>> doubling_is_error("超九成成为国内外知名", 2)
    False
    >>> doubling_is_error("突破新一代代糖、生物酶", 4)
    False
    >>> doubling_is_error("工业和信息化部部长金壮龙", 6)
    False
    >>> doubling_is_error("市委常委、组织部部长常英敏", 7)
    False
    >>> doubling_is_error("中原食品创新核心区区全面起势", 8)
    True
    >>> doubling_is_error("增强煤炭等化石能源源兜底保障", 8)
    True
    >>> doubling_is_error("好好学习，天天向上", 0), doubling_is_error("看看好不好", 0)
    (False, False)
    >>> doubling_is_error("心的激发，常常因目标而凝", 5)
    False
    >>> doubling_is_error("（记者 纪元元）今年以来", 5)
    False
    >>> doubling_is_error("海为远。一趟趟紧凑、密集的", 6)
    False
    >>> doubling_is_error("中國邊疆研究所所長邢廣程", 5), doubling_is_error("必須妥善應對對各種風險", 5)
    (False, True)
    >>> doubling_is_error("计划投资两亿亿元建设", 5), doubling_is_error("計劃投資兩億億元建設", 5)
    (False, False)
    """
    ch = text[i]
    if ch in NUMERALS:
        return False
    # a third copy: not a doubling this rule can judge (``链链链``)
    if (i > 0 and text[i - 1] == ch) or (i + 2 < len(text) and text[i + 2] == ch):
        return False
    window, k, closes = context(text, i, i + 2)
    # the lexicon is simplified: a traditional text (a page, or the output of script=zh-Hant)
    # is judged in simplified characters, or every word of it is unknown (研究所所長 lost a 所)
    window = simplified(window)
    ch = window[k]
    # a measure word doubled after 一 means "one after another": 一趟趟, 一块块, 一层层
    if k and window[k - 1] == "一" and L.TAG.get(ch) not in _FUNCTION_TAGS:
        return False
    # a name: surname + doubled given name, closing its run (``李丹丹）``, ``刘盼盼 ``)
    a = i
    while a > 0 and i - a < 3 and _RUN.match(text[a - 1]):
        a -= 1
    if closes and i - a in (1, 2) and simplified(text[a]) in SURNAMES and (a == 0 or not _RUN.match(text[a - 1])):
        return False
    return _reads_better_single(window, k)


@lru_cache(maxsize=4096)
def _reads_better_single(window: str, k: int) -> bool:
    """The lexicon's verdict on the doubled ``window[k:k+2]`` in its context: no word explains
    it, or the text reads far better with one copy.  A pure function of the few characters around
    the doubling, remembered: the same contexts come back page after page (``部部长``, ``常常``).

    >>> _reads_better_single("必须妥善应对对各种风险挑", 5), _reads_better_single("超九成成为国内", 2)
    (True, False)
    """
    ch = window[k]
    pos = first_at = 0
    first = second = -1
    words = L.route(window)
    for n, w in enumerate(words):
        if pos <= k < pos + len(w):
            first, first_at = n, pos
        if pos <= k + 1 < pos + len(w):
            second = n
        pos += len(w)
    explained = first == second and L.FREQ.get(words[first], 0) >= L.RARE
    first, second = words[first], words[second]
    if second in (ch + "长", ch + "委") and (len(first) > 1 or (ch in SUFFIXES and first_at > 0)):
        # an organisation (or its suffix) before its head's title: 组织部|部长, 信息化部|部长,
        # 郾城区|区委
        return False
    if explained or (len(first) > 1 and len(second) > 1):
        # a word explains the doubling (常常, 实实在在) or two words meet on it (九成|成为), unless
        # the text with one copy reads far better: 能源源 (能源), 核心区区 (核心区)
        single = window[:k] + window[k + 1:]
        return L.score(single) - L.score(window) >= DROP_GAIN
    return True


@remember_last
def doubles(text: str) -> list[int]:
    """Where ``_DOUBLE`` (a Han character twice) or a digit twice matches, left to right without
    overlap, as one scan of the page shared by both rules.  Remembered for the last text: the
    doubled-character rule scans the text the fake-bold rule leaves, which is the text that rule
    scanned, or, when it changed it, the text it made (:func:`fix_fake_bold` remembers that
    text's doubles, found from the page's).

    >>> doubles("应对对各种，22版版，常常常")
    [1, 6, 8, 11]
    """
    return _scan(text, 0, len(text))


def _scan(text: str, start: int, end: int) -> list[int]:
    """:func:`doubles` of ``text[start:end]`` (in ``text``'s coordinates).

    Why: ``_TWICE`` has no first character the regex engine can look for, so it tries a match at
    every character of the page (~150 instructions each).  Here the text is compared with itself
    one character on, in C: its UTF-16 code units read as one big integer, XORed with the same
    integer shifted by one unit, give a zero unit exactly where a character equals the next
    (``bytes.find`` then lists them, blank lines aside).  Each zero found starts a run of one
    character, taken whole by one match of ``_SAME_RUN`` (a megabyte of spaces is one step): the
    doubles of a Han or digit run (the ranges of ``HAN``, tested inline) are every other position
    from its start, as ``finditer`` takes them.  A text with a character beyond the BMP (two
    units) is scanned by ``_TWICE``; a lone surrogate (JSON may carry one: ``"\\ud800"``) is one
    unit, passed as it is.

    >>> _scan("应对对各种，22版版，常常常，踏踏实实", 0, 19), _scan("见𠀋𠀋，22版", 0, 7)
    ([1, 6, 8, 11, 15, 17], [4])
    >>> _scan("常常\\ud800常常", 0, 5)
    [0, 3]
    """
    part = text[start:end]
    # a blank line is no double this rule wants, and most pages have dozens: its second line
    # break is told apart from the first (same length, so the units still count characters)
    part = part.replace("\n\n", "\n\x01")
    units = part.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(part):
        return [m.start() for m in _TWICE.finditer(text, start, end) if _HAN_OR_DIGIT.match(m.group(1))]
    n = int.from_bytes(units, "little")
    same = (n ^ (n >> 16)).to_bytes(len(units), "little")  # unit i: part[i] XOR part[i + 1]
    out: list[int] = []
    find, run = same.find, _SAME_RUN.match
    p = find(_ZERO_UNIT)
    while p >= 0:
        if p & 1:  # a zero across two units
            p = find(_ZERO_UNIT, p + 1)
            continue
        i = p >> 1
        # the first zero unit of a run of one character: the run taken whole (a megabyte of
        # spaces is one step, not one per character), its doubles from its start two by two.
        # Most runs are two long, told by one slice; a NUL in the last unit (compared with
        # nothing) is taken for one too, and is no double
        c = part[i]
        wanted = "\u4e00" <= c <= "\u9fff" or "0" <= c <= "9" or "\u3400" <= c <= "\u4dbf"
        if part[i + 2:i + 3] != c:
            e = i + 2
            if wanted:
                out.append(start + i)
        else:
            e = run(part, i).end()
            if wanted:
                out += range(start + i, start + e - 1, 2)
        p = find(_ZERO_UNIT, 2 * e)
    return out


def _after_changes(text: str, found: list[int], changes: list[Change]) -> tuple[str, list[int]]:
    """The text the changes make of ``text``, and its :func:`doubles`, from ``found`` (those of
    ``text``) and a scan of the stretch the changes touch only.

    Why: the doubled-character rule scans the text the fake-bold rule leaves; when that rule
    changed a run or two, the rest of the page holds the same doubles.  A double is found within
    a run of one character, from the run's start: outside the runs that the changes touch (the
    run before the first change, the run at the end of the last) nothing moves but by the change
    in length.

    >>> t = "各单位要不不断强化▶22版版，常常"
    >>> _after_changes(t, doubles(t), [Change(10, 14, "2版", "repair.fake_bold")])
    ('各单位要不不断强化▶2版，常常', [4, 13])
    """
    parts = []
    p = 0
    for c in changes:
        parts.append(text[p:c.start])
        parts.append(c.after)
        p = c.end
    parts.append(text[p:])
    new = "".join(parts)
    first, last = changes[0].start, changes[-1].end
    # the window: from the start of the run before the first change to past the run at the end
    # of the last one, so that both ends are run boundaries in either text
    a = len(text[:first - 1].rstrip(text[first - 1])) if first else 0
    b = len(text) - len(text[last:].lstrip(text[last])) if last < len(text) else len(text)
    shift = len(new) - len(text)
    kept = [d for d in found if d < a]
    moved = [d + shift for d in found if d >= b]
    return new, kept + _scan(new, a, b + shift) + moved


@rule("repair.doubled_char", "repair", example=("必须妥善应对对各种风险挑战", "必须妥善应对各种风险挑战"))
def fix_doubled_char(text: str, opts: Options):
    """A character printed twice where no word explains the doubling loses one copy.

    >>> from ...edits import apply_changes
    >>> apply_changes("门各单位要不不断强化战略", list(fix_doubled_char("门各单位要不不断强化战略", None)))
    '门各单位要不断强化战略'
    >>> s = "原原本本学、融会贯通，踏踏实实耕耘、兢兢业业奉献"
    >>> list(fix_doubled_char(s, None))
    []
    """
    for i in doubles(text):
        if text[i] > "9" and doubling_is_error(text, i):  # not the digits
            yield Change(i + 1, i + 2, "", "repair.doubled_char")


# fake bold: two or three glyphs in a row, each doubled (``22版版``), Han or digits
_FAKE_BOLD = re.compile(rf"([{HAN}0-9])\1(?!\1)([{HAN}0-9])\2(?:(?!\2)([{HAN}0-9])\3)?")


def _fake_bold_runs(text: str):
    """``_FAKE_BOLD.finditer(text)``, tried only where a run can start.  A run starts with a
    doubled character at ``s``; the left-to-right scan of :func:`doubles` reports that double at
    ``s``, or at ``s - 1`` when the character before is a third copy.  So only starts ``d`` and
    ``d + 1`` of each reported double ``d`` are tried, in order, past the end of the last run."""
    end = 0
    for d in doubles(text):
        for s in (d, d + 1):
            if s >= end:
                m = _FAKE_BOLD.match(text, s)
                if m is not None:
                    end = m.end()
                    yield m


def fake_bold_run(run: str) -> str | None:
    """The text a fake-bold run stands for, or None when the doubling is a real word.

    ``AABB`` is a reduplicated word when the dictionary lists it (``踏踏实实``, ``原原本本``,
    ``的的确确``); a run of doubled digits is fake bold only before a doubled ``版`` (a page
    pointer: ``▶22版版``), since numbers like ``2211`` are real.

    >>> fake_bold_run("22版版")
    '2版'
    >>> fake_bold_run("踏踏实实") is None, fake_bold_run("兢兢业业") is None
    (True, True)
    >>> fake_bold_run("科科学学")
    '科学'
    >>> fake_bold_run("踏踏實實") is None, fake_bold_run("科科學學")  # traditional
    (True, '科學')
    """
    # judged in simplified characters (the lexicon's), put back as printed
    seen = simplified(run)
    if L.FREQ.get(seen, 0) >= L.RARE:
        return None
    single = seen[::2]
    if any(c.isdigit() for c in single) and not single.endswith("版"):
        return None
    if any(c in NUMERALS for c in single):
        return None
    # two words that each double (天天|人人) or a word across the pairs (工作作风风) are read as
    # such by the lexicon: keep when the route uses no single character
    if all(len(w) > 1 and L.FREQ.get(w, 0) >= L.RARE for w in L.route(seen)):
        return None
    return run[::2]


@rule("repair.fake_bold", "repair", example=("见▶22版版", "见▶2版"))
def fix_fake_bold(text: str, opts: Options):
    """A run set in fake bold, read twice glyph by glyph, is put back to one copy.

    >>> from ...edits import apply_changes
    >>> s = "为群众提供更多便利。“跟着”政策走”现场▶22版版"
    >>> apply_changes(s, list(fix_fake_bold(s, None)))
    '为群众提供更多便利。“跟着”政策走”现场▶2版'
    """
    changes = []
    for m in _fake_bold_runs(text):
        run = m.group(0)
        single = fake_bold_run(run)
        if single is not None:
            changes.append(Change(m.start(), m.end(), single, "repair.fake_bold"))
    if changes:  # the doubled-character rule scans the text these changes make: found here
        doubles.remember(*_after_changes(text, doubles(text), changes))
    return changes
