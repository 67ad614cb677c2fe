"""Punctuation: full-width Chinese punctuation in Chinese context; ASCII stays in numbers, codes.

PDF text whose fonts map Chinese punctuation to ASCII (pages 001 and 003) prints
``新华社北京12月2日电(记者 张辛欣 张晓洁)记者2日…,我国将…``; house style (GB/T 15834) wants
``（记者 张辛欣 张晓洁）`` and ``，``.  ftfy goes the other way (its width fix turns ``，`` into
``,``), which is why these rules are ours.

What counts as Chinese context is decided from the nearest characters on each side, skipping one
run of digits or Latin letters: ``达到3%,2030年达到3.5%`` is Chinese (a comma between two
numbers inside a Chinese sentence), ``1,000`` and ``10:30`` are numbers, ``Hello, world`` is
Latin.  URLs and e-mail addresses are never touched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress, count, repeat
from operator import add, le, not_, sub
from typing import Iterable, Iterator, Sequence

from ..edits import Change, apply_changes, coalesce, new_change
from ..options import Options
from ..rules import rule
from .charsets import (
    CJK, CJK_CLOSE, CJK_PAUSE, CJK_PUNCT, HAN_SET, SPACE, has_any, is_cjk, is_han, positions,
)

#: URLs and e-mail addresses: their ASCII marks are part of an address.  The scheme, the local
#: part and the domain are bounded (RFC 3986 schemes are short; RFC 5321: local part <= 64,
#: domain <= 255): unbounded, a long run of letters with an "@" or "://" elsewhere in the text
#: is rescanned from each of its positions, quadratic in its length.
_ADDRESS = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]{0,31}://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}"
)


def _protected(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the addresses in ``text`` (empty lists when there is none)."""
    if "@" not in text and "://" not in text and "www." not in text:
        return [], []
    starts, ends = [], []
    for m in _ADDRESS.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _inside(spans: tuple[list[int], list[int]], pos: int) -> bool:
    starts, ends = spans
    if not starts:
        return False
    k = bisect_right(starts, pos) - 1
    return k >= 0 and pos < ends[k]


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.%‰")
#: ... looked through across line ends, as once reflow has joined the lines (``讯z\n%!``: the
#: ``!`` ends the token ``z%`` after 讯 on a second cleaning, so it does on the first)
_TOKEN_LINES = _TOKEN_CHARS | frozenset("\r\n")
_DIGITS = frozenset("0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


#: the full-width marks that ASCII ones become (quotes and brackets by rules that run after the
#: marks): a context search looks through them as through the ASCII ones, and they are no
#: evidence of a Chinese sentence beside a mark, so that a mark is judged the same before and
#: after (``A?'⼯`` kept its ``?`` and turned ``'`` into ``‘``; cleaned again, ``?‘`` became
#: ``？‘``; ``深（·/")!`` the same with ``)`` and ``）``)
_MADE_FULL = "‘’“”" + "，；：？！（）"
#: what the neighbour search looks through: spaces, the ASCII marks these rules may turn
#: full-width (so that ``:,、`` decides the same before and after its comma is converted, and
#: cleaning twice changes nothing) and the full-width marks they become
_THROUGH = frozenset(SPACE + ",;:?!()\"'.-" + _MADE_FULL)


#: ... and line ends: reflow, which runs later, may join the lines, so a mark at a line's edge is
#: decided as it would be once joined (``:\\n关``), or cleaning the joined text would change it
_THROUGH_LINES = _THROUGH | frozenset("\r\n")


#: how far the context search looks through marks, spaces, line ends or one token: nearer than
#: that on every page, and bounded so that a run of marks (a megabyte of commas) costs each of
#: its marks a bounded look, not a walk to the run's end (quadratic)
_REACH = 24


def _skip_left(text: str, i: int, chars: frozenset) -> int:
    """The first index at or left of ``i`` whose character is not in ``chars``, at most
    :data:`_REACH` characters back; -1 when there is none within reach."""
    stop = max(-1, i - _REACH)
    while i > stop and text[i] in chars:
        i -= 1
    return i if i >= 0 and text[i] not in chars else -1


def _skip_right(text: str, i: int, chars: frozenset) -> int:
    """The first index at or right of ``i`` whose character is not in ``chars``, at most
    :data:`_REACH` characters on; -1 when there is none within reach."""
    n = len(text)
    stop = min(n, i + _REACH)
    while i < stop and text[i] in chars:
        i += 1
    return i if i < n and text[i] not in chars else -1


def _left(text: str, i: int) -> int:
    """Index of the nearest character left of ``i``, looking through spaces, ASCII marks and
    line ends (:data:`_THROUGH_LINES`); -1 when there is none (within :data:`_REACH`).

    >>> _left("关\\n\\n:", 3), _left(":", 0), _left("中" + "," * 100, 100)
    (0, -1, -1)
    """
    return _skip_left(text, i - 1, _THROUGH_LINES)


def _right(text: str, i: int) -> int:
    """Index of the nearest character at or right of ``i``, looking through spaces, ASCII marks
    and line ends; -1 when there is none (within :data:`_REACH`).

    >>> _right(":\\n关，", 1), _right("Hello:", 6)
    (2, -1)
    """
    return _skip_right(text, i, _THROUGH_LINES)


def _chinese_context(text: str, s: int, e: int) -> bool:
    """Is the mark ``text[s:e]`` in a Chinese sentence?

    >>> _chinese_context("达到3%,2030年", 4, 5), _chinese_context("Hello, world", 5, 6)
    (True, False)
    >>> _chinese_context("合作区,", 3, 4), _chinese_context("1,000元", 1, 2)
    (True, False)
    >>> _chinese_context("讯z\\n%!", 4, 5), _chinese_context("讯z%!", 3, 4)  # the same, joined or not
    (True, True)
    """
    i, j = _left(text, s), _right(text, e)
    a = text[i] if i >= 0 else ""
    b = text[j] if j >= 0 else ""
    if (a in _DIGITS and b in _DIGITS) or (a in _LETTERS and b in _LETTERS):
        return False  # 1,000  10:30  Hello, world
    if (a and is_cjk(a)) or (b and is_cjk(b)):
        return True
    # skip one run of digits or Latin letters on each side (达到3%,2030年), and then the marks
    # beyond it, ASCII or made full-width by these rules, so that 、:0: decides its second colon
    # the same before and after its first one is converted
    if i >= 0:
        i = _skip_left(text, i, _TOKEN_LINES)
        if i >= 0:
            i = _skip_left(text, i, _THROUGH_LINES)
    a2 = text[i] if i >= 0 else ""
    if j >= 0:
        j = _skip_right(text, j, _TOKEN_LINES)
        if j >= 0:
            j = _skip_right(text, j, _THROUGH_LINES)
    b2 = text[j] if j >= 0 else ""
    return bool(a2) and is_cjk(a2) and (not b2 or is_cjk(b2))


_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

#: ideographs of the BMP and full-width marks: what :func:`is_cjk` says, in one set lookup
_CJK_BMP = HAN_SET | frozenset(CJK_PUNCT)
#: ... but the marks of :data:`_MADE_FULL`: what beside a mark says it is in a Chinese sentence
_CJK_BESIDE = _CJK_BMP - frozenset(_MADE_FULL)



@rule("punctuation.marks", "punctuation", example=("记者2日从工业和信息化部获悉,我国将", "记者2日从工业和信息化部获悉，我国将"))
def fix_marks(text: str, opts: Options) -> list[Change]:
    """Half-width , ; : ? ! in a Chinese sentence become ，；：？！.

    Why: PDF fonts map Chinese punctuation to ASCII code points (pages 001 and 003); house style
    prints full-width marks in Chinese text and keeps ASCII in numbers, times and Latin text.

    >>> f = lambda s: apply_changes(s, fix_marks(s, Options()))
    >>> f("在党中央坚强领导下,经过各方共同努力,共建“一带一路”始终秉")
    '在党中央坚强领导下，经过各方共同努力，共建“一带一路”始终秉'
    >>> f("曹县:重点项目释放发展新动能")
    '曹县：重点项目释放发展新动能'
    >>> f("张小让说:“在推进项目过程中,我们集中人力物力财力智力")
    '张小让说：“在推进项目过程中，我们集中人力物力财力智力'
    >>> f("2025年全社会研发投入强度达到3%,2030年达到3.5%。")
    '2025年全社会研发投入强度达到3%，2030年达到3.5%。'
    >>> f("经贸交流协作等工作;青岛9个区市与菏泽9个县区一对一帮扶")
    '经贸交流协作等工作；青岛9个区市与菏泽9个县区一对一帮扶'
    >>> f("不断为奋力谱写中原大地推进中国式现代化新篇章作出新贡献!")
    '不断为奋力谱写中原大地推进中国式现代化新篇章作出新贡献！'
    >>> f("上午10:30在www.example.com/a?b=1报名,共1,000人")
    '上午10:30在www.example.com/a?b=1报名，共1,000人'
    >>> f("共建“一带一路”,始终秉持"), f("A?'B"), f("A?‘B")  # a quote is looked through
    ('共建“一带一路”，始终秉持', "A?'B", 'A?‘B')
    """
    if not has_any(text, ",;:?!"):
        return []
    spans = _protected(text)
    if spans[0]:
        chosen = [s for s in positions(text, ",;:?!") if not _inside(spans, s) and _is_chinese_mark(text, s)]
    else:
        chosen = _chinese_marks(text, _mark_positions(text))
    return _mark_changes(text, chosen, list(map(_FULL.__getitem__, map(text.__getitem__, chosen))),
                         "punctuation.marks")




def _is_chinese_mark(text: str, s: int) -> bool:
    """Is the ASCII mark at ``s`` in a Chinese sentence?  A Chinese character right beside it
    settles it (most marks); else :func:`_chinese_context` looks further."""
    return ((s > 0 and text[s - 1] in _CJK_BESIDE) or (s < len(text) - 1 and text[s + 1] in _CJK_BESIDE)
            or _chinese_context(text, s, s + 1))


def _chinese_marks(text: str, pos: list[int]) -> list[int]:
    """The marks at ``pos`` that :func:`_is_chinese_mark` says are in a Chinese sentence.

    Why: on a page whose fonts lost the Chinese marks, hundreds of marks follow a Chinese
    character; that test is made for all of them by C-level maps (the text with a line break
    before it, so that the character before a mark at 0 is no character), and only the others
    are looked at one by one.

    >>> t = "达到3%,2030年,经过:10:30,Hello, world"
    >>> _chinese_marks(t, _mark_positions(t))
    [4, 10, 13]
    """
    before = map(("\n" + text).__getitem__, pos)
    chosen = list(map(_CJK_BESIDE.__contains__, before))
    for k in compress(count(), map(not_, chosen)):
        chosen[k] = _is_chinese_mark(text, pos[k])
    return list(compress(pos, chosen))


def _mark_positions(text: str) -> list[int]:
    """``positions(text, ",;:?!")``: every mark made a comma (``str.replace``), the text cut at
    the commas, and the positions summed from the pieces' lengths, in C (hundreds of marks on a
    page whose fonts lost the Chinese ones: one ``str.find`` and a Python step each, else).

    >>> _mark_positions("曹县:重点,项目!?"), _mark_positions("项目")
    ([2, 5, 8, 9], [])
    """
    for mark in ";:?!":
        if mark in text:
            text = text.replace(mark, ",")
    return list(accumulate(map(add, map(len, text.split(",")), repeat(1)), initial=-1))[1:-1]


def _char_changes(text: str, chosen: list[tuple[int, str]], rule_id: str) -> list[Change]:
    """Changes that replace single characters, from sorted ``(position, new character)``: one
    change per stretch of marks at most one character apart (``?!`` → ``？！``, and half a
    million ``中,`` make one edit, as :func:`~service.pipeline.edits.coalesce` does).

    >>> [tuple(c[:3]) for c in _char_changes("好?!中,中,", [(1, "？"), (2, "！"), (4, "，"), (6, "，")], "r")]
    [(1, 7, '？！中，中，')]
    """
    if not chosen:
        return []
    pos, afters = zip(*chosen)
    return _mark_changes(text, pos, afters, rule_id)


def _mark_changes(text: str, pos: Sequence[int], afters: Sequence[str], rule_id: str) -> list[Change]:
    """:func:`_char_changes` from the positions and the new characters as two lists.

    Why: a page whose fonts lost the Chinese marks has hundreds, nearly all apart; each becomes
    a change made in C (:data:`~..edits.new_change`), and only the stretches of near marks are merged one by
    one.

    >>> [tuple(c[:3]) for c in _mark_changes("中文,中文,中文?!中文,", [2, 5, 8, 9, 12], "，，？！，", "r")]
    [(2, 3, '，'), (5, 6, '，'), (8, 10, '？！'), (12, 13, '，')]
    """
    # k is in ``near`` when the mark k is at most one character after the mark k - 1
    near = list(compress(count(1), map(le, map(sub, pos[1:], pos), repeat(2))))
    if not near:
        return _singles(pos, afters, rule_id)
    out: list[Change] = []
    k = i = 0  # k: the first mark not yet made a change; near[i]: the next stretch's second mark
    while i < len(near):
        first = j = near[i] - 1
        while i < len(near) and near[i] == j + 1:
            i += 1
            j += 1
        out += _singles(pos[k:first], afters[k:first], rule_id)
        s0, s1 = pos[first], pos[j] + 1
        buf = list(text[s0:s1])
        for p, after in zip(pos[first:j + 1], afters[first:j + 1]):
            buf[p - s0] = after
        out.append(Change(s0, s1, "".join(buf), rule_id))
        k = j + 1
    out += _singles(pos[k:], afters[k:], rule_id)
    return out


def _singles(pos: Sequence[int], afters: Sequence[str], rule_id: str) -> list[Change]:
    """``Change(p, p + 1, after, rule_id)`` for each position and new character."""
    return list(map(new_change, zip(pos, map(add, pos, repeat(1)), afters, repeat(rule_id))))


_CJK_SEARCH = re.compile(f"[{CJK}]")


@rule("punctuation.brackets", "punctuation", example=("电(记者 张辛欣 张晓洁)记者", "电（记者 张辛欣 张晓洁）记者"))
def fix_brackets(text: str, opts: Options) -> Iterator[Change]:
    """Half-width ( ) around or beside Chinese become （ ）, as a pair.

    Why: the same fonts turn （ ） into ASCII.  A pair is Chinese when it holds Chinese or
    touches it (``(1)加强`` → ``（1）加强``); ``f(x)`` stays.  A bracket that closes a full-width
    one becomes full-width too.

    >>> f = lambda s: apply_changes(s, fix_brackets(s, Options()))
    >>> f("张伦与诚迈科技(南京)股份有限公司客人座谈")
    '张伦与诚迈科技（南京）股份有限公司客人座谈'
    >>> f("(付玉婷)")
    '（付玉婷）'
    >>> f("探索一流大学(科研机构)郑州研究院建设新模式")
    '探索一流大学（科研机构）郑州研究院建设新模式'
    >>> f("各基层党（工)委, f(x) = 1")
    '各基层党（工）委, f(x) = 1'
    """
    if "(" not in text and ")" not in text:
        return
    spans = _protected(text)
    stack: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    cjk = _CJK_BESIDE
    last = len(text) - 1

    def lone(pos: int, ch: str) -> None:
        if ch in "()" and not (spans[0] and _inside(spans, pos)):
            # a Chinese character right beside it settles it (the common case); else look further
            if not ((pos and text[pos - 1] in cjk) or (pos < last and text[pos + 1] in cjk)):
                i, j = _left(text, pos), _right(text, pos + 1)
                if not ((i >= 0 and is_cjk(text[i])) or (j >= 0 and is_cjk(text[j]))):
                    return
            pending.append((pos, _FULL[ch]))

    prev = 0
    for pos in positions(text, "()（）"):  # (a str.find per kind: brackets are few on a page)
        ch = text[pos]
        if stack and text.find("\n", prev, pos) >= 0:  # pairs do not span lines
            for o, oc in stack:
                lone(o, oc)
            stack.clear()
        prev = pos
        if ch in "(（":
            stack.append((pos, ch))
            continue
        if not stack:
            lone(pos, ch)
            continue
        o, oc = stack.pop()
        if oc == "(" and ch == ")":
            if _inside(spans, o) or _inside(spans, pos):
                continue
            i, j = _left(text, o), _right(text, pos + 1)
            if (
                _CJK_SEARCH.search(text, o + 1, pos)
                or (i >= 0 and is_cjk(text[i]))
                or (j >= 0 and is_cjk(text[j]))
            ):
                pending.append((o, "（"))
                pending.append((pos, "）"))
        elif oc == "(":  # ( … ）
            pending.append((o, "（"))
        elif ch == ")":  # （ … )
            pending.append((pos, "）"))
    for o, oc in stack:
        lone(o, oc)
    pending.sort()
    yield from _char_changes(text, pending, "punctuation.brackets")


_QUOTE = re.compile(r"[\"']")
_BLOCK = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}


def _pairs(text: str, positions: list[int]) -> Iterator[tuple[int, int]]:
    for k in range(0, len(positions) - 1, 2):
        yield positions[k], positions[k + 1]


@rule("punctuation.quotes", "punctuation", example=('他说"好"', "他说“好”"))
def fix_quotes(text: str, opts: Options) -> Iterator[Change]:
    """Straight quotes around or beside Chinese become paired “ ” and ‘ ’.

    Why: straight quotes say nothing of which side they open; Chinese print pairs them.  Quotes
    pair up within a paragraph (or, when a paragraph has an odd number, within each line that
    has an even number); an apostrophe between letters (``don't``) is not a quote.

    >>> f = lambda s: apply_changes(s, fix_quotes(s, Options()))
    >>> f('坚持"两个毫不动摇",支持国有企业')
    '坚持“两个毫不动摇”,支持国有企业'
    >>> f("全面贯彻'两高四着力'重大要求, don't")
    "全面贯彻‘两高四着力’重大要求, don't"
    >>> f('He said "yes" twice')
    'He said "yes" twice'
    """
    if '"' not in text and "'" not in text:
        return
    spans = _protected(text)
    out: list[tuple[int, str]] = []
    for block in _BLOCK.finditer(text):
        for q in ('"', "'"):
            pos = [
                m.start() for m in re.finditer(q, block.group())
            ]
            pos = [p + block.start() for p in pos]
            if q == "'":
                pos = [p for p in pos if not (0 < p < len(text) - 1 and text[p - 1].isalpha()
                                              and text[p + 1].isalpha() and not is_han(text[p - 1])
                                              and not is_han(text[p + 1]))]
            pos = [p for p in pos if not _inside(spans, p)]
            if not pos:
                continue
            groups = [pos] if len(pos) % 2 == 0 else _by_line(text, pos)
            for g in groups:
                for o, c in _pairs(text, g):
                    i, j = _left(text, o), _right(text, c + 1)
                    if (
                        _CJK_SEARCH.search(text, o + 1, c)
                        or (i >= 0 and is_cjk(text[i]))
                        or (j >= 0 and is_cjk(text[j]))
                    ):
                        left, right = _QUOTES[q]
                        out.append((o, left))
                        out.append((c, right))
    out.sort()
    yield from _char_changes(text, out, "punctuation.quotes")


def _by_line(text: str, pos: list[int]) -> list[list[int]]:
    """Group quote positions by line, keeping the lines that hold an even number."""
    groups: dict[int, list[int]] = {}
    for p in pos:
        groups.setdefault(text.rfind("\n", 0, p), []).append(p)
    return [g for g in groups.values() if len(g) % 2 == 0]


#: what may be an ellipsis to repair: a lone …, or three or more of one dot; it is one when no
#: other dot touches it (a longer run of mixed dots is not an ellipsis)
_ELLIPSIS = re.compile(r"……*|\.\.\.+|。。。+|．．．+|···+|・・・+")  # (a literal first: a fast scan)
_DOT_CHARS = frozenset(".。．·・…")
_ELLIPSIS_LIKE = frozenset({"...", "。。。", "．．．", "···", "・・・"})

#: up to this many places where a match may start, :func:`_matches` tries the pattern at each;
#: beyond (a hostile page of dashes), the pattern scans the text in C
_FEW_STARTS = 64


def _matches(pattern: re.Pattern, text: str, starts: list[int] | None) -> Iterable[re.Match]:
    """``pattern.finditer(text)``, tried only at ``starts`` (sorted, holding every place a match
    can start) unless they are None.

    Why: most pages hold a few dashes (or a ``……``) among thousands of characters; a
    ``str.find`` per kind of character finds them, where the pattern's own scan tests every
    character of the page.  Trying at each start not inside the last match, in order, is what
    ``finditer`` does (the patterns never match empty).

    >>> [m.span() for m in _matches(_DASH, "党委—村--网格-组", [2, 4, 5, 9])]
    [(2, 3), (4, 6)]
    """
    if starts is None:
        return pattern.finditer(text)
    out = []
    end = 0
    match = pattern.match
    for p in starts:
        if p >= end:
            m = match(text, p)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


def _few_positions(text: str, needles: Iterable[str], step: int = 1) -> list[int] | None:
    """Sorted places of ``needles`` in ``text`` (each searched again ``step`` on from its last
    place), or None when there are more than :data:`_FEW_STARTS`: a bounded look, where
    ``str.count`` would read the whole text once per needle.

    >>> _few_positions("党委—村--网格", "-—"), _few_positions("-" * 100, "-")
    ([2, 4, 5], None)
    """
    out: list[int] = []
    find = text.find
    for needle in needles:
        p = find(needle)
        while p >= 0:
            if len(out) == _FEW_STARTS:
                return None
            out.append(p)
            p = find(needle, p + step)
    out.sort()
    return out


def _ellipsis_starts(text: str, present: list[str]) -> list[int] | None:
    """Every place an :data:`_ELLIPSIS` match can start, or None when there are many: each
    ``…``, and the runs of three dots found three by three (so a run's first three are found);
    ``present``: the three-dot strings of :data:`_ELLIPSIS_LIKE` that ``text`` holds."""
    lone = _few_positions(text, "…")
    threes = _few_positions(text, present, 3)
    if lone is None or threes is None or len(lone) + len(threes) > _FEW_STARTS:
        return None
    return sorted(lone + threes)


@rule("punctuation.ellipsis", "punctuation", example=("纷至沓来...", "纷至沓来……"))
def fix_ellipsis(text: str, opts: Options) -> Iterator[Change]:
    """``...``, ``。。。``, ``···`` and a lone ``…`` in Chinese text become ``……``.

    Why: the Chinese ellipsis is two ellipsis characters (six dots); extractors and typists
    leave three ASCII dots, three full stops or a single ``…``.

    >>> f = lambda s: apply_changes(s, fix_ellipsis(s, Options()))
    >>> f("市南区在牡丹区设立助学专项基金...")
    '市南区在牡丹区设立助学专项基金……'
    >>> f("资源禀赋整合集成……"), f("Wait...")
    ('资源禀赋整合集成……', 'Wait...')
    >>> f("红色游、民俗游。。。")
    '红色游、民俗游……'
    """
    yield from coalesce(text, _ellipses(text))


def _ellipses(text: str) -> Iterator[tuple[int, int, str, str]]:
    threes = [t for t in _ELLIPSIS_LIKE if t in text]
    if not threes and "…" not in text:
        return
    spans = None  # the addresses, found when a match first needs them (most pages: never)
    n = len(text)
    for m in _matches(_ELLIPSIS, text, _ellipsis_starts(text, threes)):
        s, e = m.span()
        run = m.group()
        if (run[0] == "…" and len(run) > 1) or (s and text[s - 1] in _DOT_CHARS) or (
                e < n and text[e] in _DOT_CHARS):
            continue  # ……, or part of a run of mixed dots: not an ellipsis to repair
        if spans is None:
            spans = _protected(text)
        if _inside(spans, s):
            continue
        if run[0] != "。":
            i, j = _left(text, s), _right(text, e)
            if not ((i >= 0 and is_cjk(text[i])) or (j >= 0 and is_cjk(text[j]))):
                continue
        yield (s, e, "……", "punctuation.ellipsis")


#: ``--`` or ``－－`` (two hyphens for the 破折号), the two-em dash ⸺, two horizontal bars ――
#: (GB2312's dash as some decoders map it), and a lone — at the start of a line or after a
#: punctuation mark (a subtitle or attribution dash that lost its half).  A lone — between two
#: characters is the 连接号 (``乡镇街道党委—村（社）党支部``, page 002) and stays.
_AFTER_DASH = frozenset(CJK_PAUSE + CJK_CLOSE)
#: a run of dashes, but a lone hyphen (2024-12-02) is not even looked at
_DASH = re.compile(r"[-－⸺―—](?:[-－⸺―—]+|(?<=[⸺―—]))")
_DASH_CHARS = "-－⸺―—"


@rule("punctuation.dash", "punctuation", example=("菏泽与青岛--携手", "菏泽与青岛——携手"))
def fix_dash(text: str, opts: Options) -> Iterator[Change]:
    """``--``, ``⸺``, ``――`` and a lone subtitle dash in Chinese text become ``——``.

    Why: the Chinese dash (破折号) is two em dashes; extractors leave hyphens, a horizontal bar
    U+2015 (GB2312's dash), the single two-em-dash character, or one em dash of the two.

    >>> f = lambda s: apply_changes(s, fix_dash(s, Options()))
    >>> f("紧紧相连--菏泽与青岛")
    '紧紧相连——菏泽与青岛'
    >>> f("―学习贯彻落实市委十二届八次全会精神之一"), f("北京―上海")
    ('——学习贯彻落实市委十二届八次全会精神之一', '北京—上海')
    >>> f("2024 ―学习贯彻落实"), f(f("2024 ―学习贯彻落实"))  # as a lone — there: idempotent
    ('2024 ——学习贯彻落实', '2024 ——学习贯彻落实')
    >>> f("现代化’―（新篇章"), f("现代化’—（新篇章")  # after a closing quote
    ('现代化’——（新篇章', '现代化’——（新篇章')
    >>> f("■\u00a0—策划/本报记者 张炜扬"), f("■\u00a0―策划")  # after a no-break space too
    ('■\xa0——策划/本报记者 张炜扬', '■\xa0——策划')
    >>> f("“乡镇街道党委—村（社）党支部—网格党小组”, a--b, 2024-12-02")
    '“乡镇街道党委—村（社）党支部—网格党小组”, a--b, 2024-12-02'
    """
    yield from coalesce(text, _dashes(text))


def _dashes(text: str) -> Iterator[tuple[int, int, str, str]]:
    if not has_any(text, _DASH_CHARS):
        return
    spans = None  # the addresses, found when a dash first needs them (most pages: never)
    for m in _matches(_DASH, text, _few_positions(text, _DASH_CHARS)):
        s, e = m.start(), m.end()
        run = m.group()
        if run == "——":
            continue
        if spans is None:
            spans = _protected(text)
        if _inside(spans, s):
            continue
        # where a subtitle dash stands: at the start of a line, after a mark or after any
        # whitespace (despace, which runs later, makes a no-break space a plain one)
        before = text[s - 1] if s else "\n"
        opens = before in _AFTER_DASH or before.isspace()
        if run == "—":  # lone: a subtitle dash only where one stands
            if not opens:
                continue
        elif run not in ("--", "---", "－－", "－－－", "⸺", "―", "――", "—―", "―—"):
            continue
        i, j = _left(text, s), _right(text, e)
        left_ok = i < 0 or is_cjk(text[i])
        right_ok = j >= 0 and is_cjk(text[j])
        if run[0] in "-－" and not (left_ok and right_ok):
            continue
        if run == "—" and not right_ok:
            continue
        if run == "―":
            if not (left_ok or right_ok):
                continue
            # where a lone — would be taken for a subtitle dash (``opens``), ― is one too: "—"
            # there would become "——" on a second pass; and after a mark the search reaches
            starts = opens or i < 0 or text[i] in _AFTER_DASH
            yield (s, e, "——" if starts and right_ok else "—", "punctuation.dash")
            continue
        yield (s, e, "——", "punctuation.dash")


#: bullets and dots that OCR and fonts put for the middle dot of names and titles
#: (迈克尔·杰克逊, 全域建强·比拼四季): bullet, katakana middle dot (full and half width),
#: full-width full stop, hyphenation point, bullet operator, dot operator
_DOTS = "•・．‧∙⋅･"


@rule("punctuation.middle_dot", "punctuation", example=("全域建强・比拼四季", "全域建强·比拼四季"))
def fix_middle_dot(text: str, opts: Options) -> Iterator[Change]:
    """Mixed middle dots between Chinese characters become ``·`` (U+00B7).

    Why: the 间隔号 of names and titles arrives as a bullet, a katakana dot or a full-width
    stop depending on the font; one code point makes the text searchable.

    >>> f = lambda s: apply_changes(s, fix_middle_dot(s, Options()))
    >>> f("举办“全域建强•比拼四季”夺锦赛"), f("名门．繁花里"), f("1．5")
    ('举办“全域建强·比拼四季”夺锦赛', '名门·繁花里', '1．5')
    """
    if not has_any(text, _DOTS):
        return
    han = HAN_SET
    chosen = [
        (p, "·") for p in positions(text, _DOTS)
        if p and (text[p - 1] in han or is_han(text[p - 1])) and _han_after(text, p + 1)
    ]
    yield from _char_changes(text, chosen, "punctuation.middle_dot")


def _han_after(text: str, i: int) -> bool:
    """Is ``text[i]`` a Han character, or the first of the next line when the line ends at ``i``?

    A dot at a line's end is read with the next line, which reflow may join to it (``丹・\\n丹``
    is decided as ``丹・丹``, or cleaning the joined text would change it again).  A dot at a
    line's start is a bullet, and reflow keeps it there.

    >>> _han_after("丹・\\n丹", 2), _han_after("丹・", 2), _han_after("丹・A", 2)
    (True, False, False)
    """
    n = len(text)
    while i < n and text[i] in "\r\n":
        i += 1
    return i < n and (text[i] in HAN_SET or is_han(text[i]))


RULES = (
    fix_marks.rule,
    fix_brackets.rule,
    fix_quotes.rule,
    fix_ellipsis.rule,
    fix_dash.rule,
    fix_middle_dot.rule,
)
