"""De-spacing: remove the spaces an extractor put between Chinese characters, keep printed ones.

pdftotext spreads a justified line of a narrow column by putting a space between every
character (``本 报 讯 （记 者 李 丹 丹``), and puts spaces around every run of digits or Latin
letters (``明确 12 个项目``, ``采取 PPT 或视频``).  Chinese print has no such spaces (GB/T 15834),
except single spaces that the print does have: between the parallel phrases of a title or slogan
(``坚定战略自信 勇于担当作为``) and between roles and names in bylines and datelines
(``（记者 李丹丹 通讯员 潘振丽）``, ``新华社北京12月2日电 中共中央``).

The line is the unit an extractor spaced, so the rules decide line by line: a line is
*character-spaced* when most of its Chinese tokens are single characters; there every space
between Chinese characters goes, except at byline boundaries.  In any other line a space between
two Chinese characters is a printed phrase space and stays; spaces next to full-width
punctuation go everywhere.  Leading and trailing whitespace of a line is left alone: indentation
marks a paragraph and a markdown hard break (two trailing spaces) marks a line break, and the
reflow step reads both.  Line breaks are never touched here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from typing import Iterator

from ..edits import Change, apply_changes, new_change
from ..options import Options
from ..rules import rule
from .charsets import (
    CJK_CLOSE, CJK_OPEN, CJK_PAUSE, CJK_PUNCT, DASH, HAN, HAN_SET, LATIN, LATIN_SET, SPACE,
    has_any, is_cjk, is_han,
)

#: a run of spaces inside a line (a non-space character on both sides, same line)
#: (written to start with the character class: a leading lookbehind makes the regex engine try
#: every position of the text instead of jumping to the spaces)
_INNER = re.compile(rf"[{SPACE}](?<=[^\s][{SPACE}])[{SPACE}]*(?=[^\s])")
_SPACES = re.compile(rf"[{SPACE}]+")

#: a chain of Chinese runs that only spaces separate (``新 质 生``, ``坚定战略自信 勇于担当``);
#: it starts only where a run starts and never gives back what it matched, so that a long run
#: without a space after it is scanned once, not once per character
_HAN_CHAIN = re.compile(rf"(?<![{HAN}])[{HAN}]++(?:[{SPACE}]++[{HAN}]++)+")

#: roles that a byline puts before a name (longest first so that 本报记者 wins over 记者)
_ROLES = ("新华社记者", "本报通讯员", "本报记者", "特约记者", "见习记者", "实习记者", "摄影记者",
          "通讯员", "实习生", "记者")
_ROLE = "|".join(_ROLES)
#: the first characters of the roles
_ROLE_STARTS = "".join(sorted({r[0] for r in _ROLES}))
#: a role cut by the end of the line (``通 讯`` / ``员 化 俊 霞``): any proper prefix of a role
_ROLE_PREFIX = "|".join(sorted({r[:k] for r in _ROLES for k in range(1, len(r))}, key=len, reverse=True))
#: a role, the name after it, and what may follow a name: another role, a role cut by the line
#: end, a closing bracket, the photo credit 摄, or the end of the line
_BYLINE = re.compile(
    rf"(?:^|(?<=[（(□■/。，]))({_ROLE})([{HAN}]{{2,8}}?)"
    rf"(?=(?:{_ROLE})|(?:{_ROLE_PREFIX})$|[）)]|摄(?![{HAN}])|$)"
)
_BYLINE_CHAIN = re.compile(rf"({_ROLE})([{HAN}]{{2,8}}?)(?=(?:{_ROLE})|(?:{_ROLE_PREFIX})$|[）)]|摄(?![{HAN}])|$)")
#: characters without which a line holds no byline or dateline (roles end in 者, 员, 生; a
#: dateline holds 电)
_BYLINE_HINTS = "者员生电"
#: a dateline at the start of a line: the space after 电 is printed
_DATELINE = re.compile(rf"^(?:新华社|中新社|本报)[{HAN}]{{0,10}}?\d{{1,2}}月\d{{1,2}}日电")

_SPACE_CHARS = frozenset(SPACE)
_PAUSE = frozenset(CJK_PAUSE)
_OPEN = frozenset(CJK_OPEN)
_CLOSE = frozenset(CJK_CLOSE)
_DASHES = frozenset(DASH)

#: ASCII marks that a PDF font may have put in place of Chinese punctuation
_ASCII_PAUSE = frozenset(",.;:?!")


def _cls(ch: str) -> str:
    """The class of one character: Han, Pause, Open, Close, Dash, latiN, Ascii mark, or X."""
    if is_han(ch):
        return "H"
    if ch in _PAUSE:
        return "P"
    if ch in _OPEN:
        return "O"
    if ch in _CLOSE:
        return "C"
    if ch in _DASHES:
        return "D"
    if ch in LATIN_SET:
        return "N"
    if ch < "\x80" and not ch.isspace():
        return "A"
    return "X"


def _pair(text: str, s: int, e: int) -> tuple[str, str]:
    """Classes of the characters either side of the space run ``text[s:e]``.

    An ASCII mark takes the class of the Chinese mark it stands for when Chinese stands on its
    far side (``以来 ,市`` behaves like ``以来 ，市``).

    >>> _pair("中 : 0", 3, 4), _pair("中: 0", 2, 3)
    (('P', 'N'), ('P', 'N'))
    """
    a, b = text[s - 1], text[e]
    ca, cb = _cls(a), _cls(b)
    if ca == "A":
        # the far side is read through spaces (``中 : 0``): they may go, and ``中: 0`` must be
        # decided as ``中 : 0`` was, or cleaning twice would change it again
        k = s - 2
        while k >= 0 and text[k] in _SPACE_CHARS:
            k -= 1
        far = text[k] if k >= 0 else ""
        if a == "(" or a == "（":
            ca = "O"
        elif far and is_cjk(far):
            ca = "P" if a in _ASCII_PAUSE else ("C" if a == ")" else "A")
    if cb == "A":
        if b in _ASCII_PAUSE and ca in "HPOCD":
            cb = "P"
        elif b == ")" and ca in "HPOCD":
            cb = "C"
        elif b == "(" and ca in "HPCD":
            cb = "O"
    return ca, cb


#: :func:`_run_verdict` of the characters around a run, by those characters (a page has a few
#: dozen kinds of run ends: 、 before a Han, a digit after one), one table per line kind
_VERDICTS: tuple[dict, dict] = ({}, {})
_MAX_VERDICTS = 4096  #: entries a table keeps (hostile text of every pair: cleared, not grown)


def _run_verdict(text: str, s: int, e: int, char_spaced: bool) -> tuple[str, str]:
    """``(verdict, class before)`` of the space run ``text[s:e]``: :func:`_cjk_verdict` of
    :func:`_pair`, which read only the character before the run and the one after it (and,
    when the one before is an ASCII mark, the one before that), so it is looked up by them and
    worked out once per page for each kind of run end.

    >>> t = "融 资 、政 策 等 8 个"
    >>> _run_verdict(t, 3, 4, True), _run_verdict(t, 10, 11, True), _run_verdict(t, 12, 13, False)
    (('remove', 'H'), ('latin', 'H'), ('latin', 'N'))
    """
    if text[s - 1] >= "\x80":
        key = text[s - 1] + text[e]  # not an ASCII mark: :func:`_pair` reads no further back
    elif s >= 2 and text[s - 2] in _SPACE_CHARS:
        ca, cb = _pair(text, s, e)  # the far side is further back: not one of the table's keys
        return _cjk_verdict(ca, cb, char_spaced, text[e]), ca
    else:
        key = text[s - 2:s] + text[e] if s >= 2 else text[:s] + text[e]
    table = _VERDICTS[char_spaced]
    found = table.get(key)
    if found is None:
        ca, cb = _pair(text, s, e)
        found = (_cjk_verdict(ca, cb, char_spaced, text[e]), ca)
        if len(table) >= _MAX_VERDICTS:
            table.clear()
        table[key] = found
    return found


def _cjk_verdict(a: str, b: str, char_spaced: bool, b_char: str) -> str:
    """What happens to a space run between classes ``a`` and ``b``: remove, keep, or latin."""
    if a in "NA" and b in "NA":
        return "keep"  # Latin text: its spaces are words apart
    if a == "P" or b == "P" or a == "O" or b == "C":
        return "remove"  # never a space around ，。、 nor inside brackets
    if a in "NA" or b in "NA":
        return "remove" if b_char in "（(" else "latin"
    if a == "X" or b == "X":
        return "keep"  # layout marks (□ ■ ▶) are printed apart
    if char_spaced:
        return "remove"
    if b_char in "（(" or a == "D":
        return "remove"  # 欠发达县 （市、区）: a bracket hugs the word it annotates
    return "keep"  # a printed phrase space: 坚定战略自信 勇于担当作为, 开门红” 实现


#: a plain space beside a Han ideograph that no other one touches: where a chain of
#: :data:`_HAN_CHAIN` (its words apart by plain spaces) holds a one-character word.  A line
#: without one (most lines with a space: ``## 我国将``, ``（记者 张辛欣 张晓洁）``) has none,
#: which this search says jumping from space to space (it starts with a literal), where
#: :data:`_HAN_CHAIN` tests every character of the line
_SINGLE_BY_SPACE = re.compile(rf" (?:[{HAN}](?![{HAN}])|(?<![{HAN}][{HAN}] )(?<=[{HAN}] ))")


def _is_char_spaced(core: str) -> bool:
    """Most words of the line that spaces keep apart are one character: the extractor spaced it.

    Only the runs of Chinese characters that a space separates from another such run count
    (``新 质 生`` → 新, 质, 生); spaces next to punctuation or digits do not, so the verdict is
    the same before and after the other spaces are removed (cleaning twice changes nothing).

    >>> _is_char_spaced("本 报 讯 （记 者 李 丹 丹 通 讯 员")
    True
    >>> _is_char_spaced("明晰定位 优化架构 为培育壮大")
    False
    >>> _is_char_spaced("员 李兰）今年前两个月，我市国际收")
    False
    """
    if _SINGLE_BY_SPACE.search(core) is None and not has_any(core, _RARE_SPACES):
        return False  # no one-character word beside a plain space: no chain holds one
    # the words of all chains at once (the spaces of SPACE are all str.isspace)
    lengths = list(map(len, " ".join(_HAN_CHAIN.findall(core)).split()))
    n_single = lengths.count(1)
    return n_single >= 2 and n_single * 5 >= len(lengths) * 3


def _byline_boundaries(collapsed: str, tail: str) -> set[int]:
    """Positions of ``collapsed`` (a line without its spaces) where a byline keeps a space.

    ``tail`` is the end of the previous line, so that a role cut by the line break
    (``通讯`` / ``员化俊霞）``) is still seen.

    >>> sorted(_byline_boundaries("本报讯（记者李丹丹通讯员", ""))
    [6, 9]
    >>> sorted(_byline_boundaries("员化俊霞）企业是推动经济高质量发", "通讯"))
    [1]
    >>> sorted(_byline_boundaries("本报记者焦海洋摄", ""))
    [4, 7]
    """
    text = tail + collapsed
    off = len(tail)
    keep: set[int] = set()

    def chain(m: re.Match | None) -> int:
        end = off
        while m is not None:
            keep.add(m.end(1) - off)
            name = m.group(2)
            if len(name) == 6:  # two three-character names: 张辛欣 张晓洁
                keep.add(m.start(2) + 3 - off)
            end = m.end(2)
            nxt = text[end:end + 1]
            if nxt and nxt not in "）)":
                keep.add(end - off)
            m = _BYLINE_CHAIN.match(text, end)
        return end

    pos = off
    # a role that the line break cut (通讯 / 员化俊霞) starts in the tail with a role's first
    # character: without one the tail holds none (most tails: 2121, 凤侠通讯 does)
    for i in range(off if has_any(tail, _ROLE_STARTS) else 0):
        m = _BYLINE_CHAIN.match(text, i)
        if m and m.end(1) >= off:
            pos = chain(m)
            break
    while True:
        m = _BYLINE.search(text, pos) if off == 0 else _BYLINE.search(collapsed, pos - off)
        if m is None:
            break
        if off:
            m = _BYLINE_CHAIN.match(text, m.start() + off)
            if m is None:
                break
        pos = max(chain(m), m.end(1))
    return {k for k in keep if 0 <= k < len(collapsed)}


#: the spaces of :data:`SPACE` but the plain one
_RARE_SPACES = SPACE.replace(" ", "")


def _without_spaces(s: str) -> str:
    """``s`` without the spaces of :data:`SPACE`.

    Why this way: one :meth:`str.replace` per kind of space is a memory scan in C each
    (~0.15 us for a line); :meth:`str.translate` looks every ideograph up in its table
    (~4 us for a line of 30), and a regex substitution builds one replacement per space.

    >>> _without_spaces("员 化\\u3000俊\\t霞）")
    '员化俊霞）'
    """
    for ch in SPACE:
        s = s.replace(ch, "")
    return s


def _prev_tail(text: str, line_start: int) -> str:
    """The last few non-space characters of the previous non-blank line.

    >>> _prev_tail("本 报 讯 （记 者 王 凤 侠 通 讯\\n\\n员 化 俊 霞", 22)
    '凤侠通讯'
    """
    p = line_start - 1
    while p > 0:
        s = text.rfind("\n", 0, p) + 1
        seg = text[s:p].strip()
        if seg:
            return _without_spaces(seg)[-4:]
        p = s - 1
    return ""


#: the last character of every role of :data:`_ROLES`
_ROLE_ENDS = "者员生"
_ANY_ROLE = re.compile(_ROLE)


def _tail_if_needed(text: str, start: int, core: str) -> str:
    """:func:`_prev_tail` of the line ``core`` at ``start`` when a byline may use it, else "".

    Why: a byline reaches back into the previous line only through a role word that ends in
    this line or at the end of the previous one (``通讯`` / ``员 化 俊 霞``), so a line without
    ``者 员 生 电`` whose previous line ends otherwise needs no tail (most lines of a page).

    >>> t = "本 报 讯 （记 者 王 凤 侠 通 讯\\n\\n员 化 俊 霞）企 业\\n\\n是 推 动 经 济"
    >>> _tail_if_needed(t, 22, "员 化 俊 霞）企 业"), _tail_if_needed(t, 34, "是 推 动 经 济")
    ('凤侠通讯', '')
    """
    if has_any(core, _BYLINE_HINTS):
        return _prev_tail(text, start)
    before = _char_before(text, start)  # it ends the tail
    if before and before not in _ROLE_ENDS:
        return ""
    return _prev_tail(text, start)


def _may_hold_byline(core: str, tail: str) -> bool:
    """Can :func:`_byline_boundaries` or :data:`_DATELINE` find anything in ``core``?

    A dateline needs ``电``; a byline needs a whole role word in ``tail + core`` that ends in
    the line or at the end of ``tail``, so without a role's last character there, and without
    a role word at all, the (costly) byline reading is skipped.  It may say True for a line
    without a byline (that reading then finds nothing), never False for one with a byline.

    >>> _may_hold_byline("员 化 俊 霞）企 业 是", "凤侠通讯"), _may_hold_byline("新 质 生 产 力", "培育壮大")
    (True, False)
    """
    if "电" in core:
        return True
    if has_any(core, _ROLE_ENDS) or (tail and tail[-1] in _ROLE_ENDS):
        return _ANY_ROLE.search(tail + _without_spaces(core)) is not None
    return False


#: a run of spaces inside a line that may change: every run but a single plain space between
#: a Han ideograph and a Latin letter or digit, or between two Latin ones (``明确 12 个``), which
#: stays in a line spaced by phrase and, no chain of Chinese being around it, cannot make a line
#: character-spaced either (:func:`_is_char_spaced`).  A line without one yields no change.
_CANDIDATE = re.compile(
    rf"[{SPACE}](?<=[^\s][{SPACE}])[{SPACE}]*+(?=[^\s])"
    rf"(?:(?<![{HAN}{LATIN}] )|(?![{HAN}{LATIN}])|(?<=[{HAN}] )(?=[{HAN}]))"
)
#: a character of :data:`_BYLINE_HINTS`: the page is searched for the next one, so that a line
#: without one is known to be so by one comparison (:func:`fix_cjk_spaces`)
_HINT = re.compile(f"[{_BYLINE_HINTS}]")
#: what :func:`_char_before` gives when the line may need a tail: a role's last character, or
#: nothing (:func:`_tail_if_needed` then reads the previous line)
_MAY_NEED_TAIL = frozenset(("", *_ROLE_ENDS))
#: a line (its indent and trailing whitespace stripped) of Chinese marks, plain spaces, and Han
#: ideographs none of which touches another (``公 开 比 拼 ，营 造``, ``员 化 俊 霞）企 业``)
_SPACED_PURE = re.compile(rf"[{CJK_PUNCT} ]*+(?:[{HAN}][{CJK_PUNCT} ]++)*+[{HAN}]?")
#: two Han ideographs that only plain spaces separate (a chain of :data:`_HAN_CHAIN`)
_HAN_GAP = re.compile(rf"[{HAN}] ++[{HAN}]")


@rule("despace.cjk", "despace", example=("本 报 讯 （记 者 李 丹 丹", "本报讯（记者 李丹丹"))
def fix_cjk_spaces(text: str, opts: Options) -> Iterator[Change]:
    """Remove spaces between Chinese characters and punctuation that the print does not have.

    Why: extractors spread justified lines and pad punctuation; a character-spaced line loses
    all its spaces except the byline's, any other line keeps single spaces between phrases.

    How, cheaply: only lines with a run that may change are read (:data:`_CANDIDATE`; where the
    only space of the text is the plain one, ``str.find`` jumps to the next space, many times
    faster than a regex scans Chinese text, and the rest of a line read is skipped).  A line
    that one match of :data:`_SPACED_PURE` shows to be all single ideographs, marks and plain
    spaces is character-spaced without counting its words, and, unless a byline may be in it,
    is one change (most lines of a spaced column); any other line is read as
    :func:`_line_changes` says.

    >>> f = lambda s: apply_changes(s, fix_cjk_spaces(s, Options()))
    >>> f("   本 报 讯 （记 者 李 丹 丹 通 讯 员 ")
    '   本报讯（记者 李丹丹 通讯员 '
    >>> f("今年年初以来 ，市城乡一体")
    '今年年初以来，市城乡一体'
    >>> f("高度重视革命老区和欠发达县 （市、区）")
    '高度重视革命老区和欠发达县（市、区）'
    >>> f("明晰定位 优化架构 为培育壮大\\n新 质 生 产 力 注 入 强 劲 动 能")
    '明晰定位 优化架构 为培育壮大\\n新质生产力注入强劲动能'
    >>> f("奋力夺取“开门红” 实现“全年红”")
    '奋力夺取“开门红” 实现“全年红”'
    >>> f("本 报 讯 （记 者 王 凤 侠 通 讯\\n\\n员 化 俊 霞）企 业 是 推 动 经 济 高 质 量 发")
    '本报讯（记者 王凤侠 通讯\\n\\n员 化俊霞）企业是推动经济高质量发'
    >>> f("融 资 、政 策 、安 全 等 8 个 专 项 工 作 台 账 。")
    '融资、政策、安全等 8 个专项工作台账。'
    """
    find, rfind, candidate = text.find, text.rfind, _CANDIDATE.search
    n = len(text)
    rare = has_any(text, _RARE_SPACES)
    pure, gap, han = _SPACED_PURE.fullmatch, _HAN_GAP.search, HAN_SET
    hint_search = _HINT.search
    hint_at = -1  # the first byline hint at or after some place before the line, else n
    pos = 0
    while True:
        if rare:
            m = candidate(text, pos)
            if m is None:
                return
            q = m.start()
            end = find("\n", q)
            if end < 0:
                end = n
        else:
            p = find(" ", pos)
            if p < 0:
                return
            end = find("\n", p)
            if end < 0:
                end = n
            if p and text[p - 1] in han and p + 1 < n and text[p + 1] in han:
                q = p  # a space between two ideographs is a candidate: no regex needed
            else:
                m = candidate(text, p, end)
                if m is None:
                    pos = end  # only spaces between Chinese and digits or Latin: they stay here
                    continue
                q = m.start()
        pos = end
        start = rfind("\n", 0, q) + 1
        core = text[start:end]
        body = core.strip()
        if pure(body) is not None:
            # every run of such a line may change, so q is its first space inside
            if (text[q - 1] in han and text[q + 1] in han) or gap(body) is not None:
                # character-spaced; one change unless a byline may keep a space
                if hint_at < start:
                    h = hint_search(text, start)
                    hint_at = n if h is None else h.start()
                if hint_at < end or _char_before(text, start) in _MAY_NEED_TAIL:
                    # a byline hint in the line, or a tail that may end in a role
                    tail = _tail_if_needed(text, start, core)
                    if _may_hold_byline(core, tail):
                        yield from _spaced_line(text, start, core, tail, True)
                        continue
                g1 = q - body.find(" ") + body.rfind(" ") + 2
                yield new_change((q - 1, g1, text[q - 1:g1].replace(" ", ""), "despace.cjk"))
                continue
        yield from _line_changes(text, start, core)


def _char_before(text: str, start: int) -> str:
    """The last character but whitespace of the 64 before the line at ``start`` (0 or just
    after a line break), or "": what :func:`_tail_if_needed` reads.  Why: the character two or
    three back (before the line break, or before a blank line) is read first, without slicing.

    >>> t = "通 讯\\n\\n员 化 俊 霞\\n\\n\\n\\n企 业"
    >>> _char_before(t, 5), _char_before(t, 16), _char_before(t, 0)
    ('讯', '霞', '')
    """
    if start >= 2:
        c = text[start - 2]
        if not c.isspace():
            return c
        if start >= 3:
            c = text[start - 3]
            if not c.isspace():
                return c
    before = text[max(0, start - 64):start].rstrip()
    return before[-1] if before else ""


def _line_changes(text: str, start: int, core: str) -> Iterator[Change]:
    """The changes of the line ``core`` (at ``start`` in ``text``) that has a space run inside:
    a character-spaced line loses its spaces but a byline's, a line spaced by phrase only the
    spaces next to marks and brackets (:func:`_run_verdict`).

    >>> t = "展的主体。今年年初以来 ，市城乡一体"
    >>> [(t[c.start:c.end], c.after) for c in _line_changes(t, 0, t)]
    [(' ', '')]
    """
    if _is_char_spaced(core):
        yield from _spaced_line(text, start, core, _tail_if_needed(text, start, core))
        return
    for m in _CANDIDATE.finditer(core):  # the runs of :data:`_INNER` that may change
        s, e = m.start() + start, m.end() + start
        verdict, ca = _run_verdict(text, s, e, False)
        if verdict == "remove":
            yield new_change((s, e, "", "despace.cjk"))
        elif verdict == "keep" and ca not in "NA" and m.group() != " ":
            yield new_change((s, e, " ", "despace.cjk"))


#: :data:`_INNER` as the separator of :meth:`re.Pattern.split`: a line's words and space runs
_INNER_SPLIT = re.compile(f"({_INNER.pattern})")
#: whitespace but the plain space
_ODD_WHITESPACE = re.compile(r"[^\S ]")
#: a character but a Han ideograph, a Chinese punctuation mark or the plain space
_NOT_PURE = re.compile(rf"[^{HAN}{CJK_PUNCT} ]")
#: a run of plain spaces inside a line that does not stand between two Chinese characters
_NOT_BETWEEN_HAN = re.compile(
    rf" (?:(?<=[^\s{HAN}] ) *(?=\S)|(?<=[{HAN}] ) *(?=[^\s{HAN}]))"
)


def _runs_that_stay(text: str, start: int, core: str) -> list[tuple[int, int]] | None:
    """The space runs of a character-spaced line ``core`` (at ``start`` in ``text``) that stay,
    when the line has no byline and no whitespace but plain spaces: every run between two
    Chinese characters goes, so only the others are looked at.  None when a run would change
    to one space (``□   本报记者``): :func:`_spaced_line` then decides run by run.
    """
    stays: list[tuple[int, int]] = []
    for m in _NOT_BETWEEN_HAN.finditer(core):
        s, e = m.span()
        verdict, ca = _run_verdict(text, start + s, start + e, True)
        if verdict == "remove":
            continue
        if verdict == "keep" and ca not in "NA" and e - s > 1:
            return None
        stays.append((s, e))
    return stays


def _plain_spaced_line(start: int, core: str, stays: list[tuple[int, int]]) -> Iterator[Change]:
    """The changes of a line :func:`_runs_that_stay` could decide: each stretch between two
    runs that stay is one change, made by one regex substitution.

    >>> t = "融 资 、政 策 、安 全 等 8 个 专 项"
    >>> [(t[c.start:c.end], c.after) for c in _plain_spaced_line(0, t, _runs_that_stay(t, 0, t))]
    [('融 资 、政 策 、安 全 等', '融资、政策、安全等'), ('个 专 项', '个专项')]
    """
    inner_end = len(core.rstrip())
    a = len(core) - len(core.lstrip())
    for s, e in (*stays, (inner_end, inner_end)):
        first = core.find(" ", a, s)
        if first >= 0:
            g0, g1 = first - 1, core.rfind(" ", a, s) + 2
            yield new_change((start + g0, start + g1, core[g0:g1].replace(" ", ""), "despace.cjk"))
        a = e


def _kept_runs(body: str, lead: int, kept: set[int]) -> list[tuple[int, int]]:
    """The spans (in the line, ``lead`` its indent) of the space runs that a byline keeps:
    ``kept`` holds their places in the stripped line ``body`` without its spaces, which holds
    single plain spaces only.  The words' lengths summed (in C) give the place of each run.

    >>> sorted(_kept_runs("本 报 讯 （记 者 李 丹 丹 通 讯 员", 2, {6, 9}))
    [(12, 13), (18, 19)]
    """
    ends = list(accumulate(map(len, body.split(" "))))  # run i stands after ends[i] characters
    last = len(ends) - 1
    out = []
    for c in kept:
        i = bisect_left(ends, c)
        if i < last and ends[i] == c:
            out.append((lead + c + i, lead + c + i + 1))
    return out


def _spaced_line(text: str, start: int, core: str, tail: str, byline: bool | None = None
                 ) -> Iterator[Change]:
    """The changes of a character-spaced line ``core`` (at ``start`` in ``text``): every space
    run goes but the byline's, one change per stretch of runs that all change, the characters
    on either side included, so the log reads ``本 报 讯 （记 者`` → ``本报讯（记者`` (and 1 MB of
    ``中 `` is one edit, not half a million).

    ``tail``: the end of the previous line, where a byline cut by the line break begins;
    ``byline``: :func:`_may_hold_byline` of the line when the caller has it.

    >>> t = "本 报 讯 （记 者 李 丹 丹 通 讯 员 "
    >>> [(t[c.start:c.end], c.after) for c in _spaced_line(t, 0, t, "")]
    [('本 报 讯 （记 者', '本报讯（记者'), ('李 丹 丹', '李丹丹'), ('通 讯 员', '通讯员')]
    """
    body = core.strip()
    if byline is None:
        byline = _may_hold_byline(core, tail)
    if not byline and _NOT_PURE.search(body) is None:
        # Chinese, its marks and plain spaces only: every run stands between two of the classes
        # H P O C D, where a character-spaced line loses it (:func:`_cjk_verdict`), so the
        # line is one change (most lines of a character-spaced page)
        yield from _plain_spaced_line(start, core, [])
        return
    odd = _ODD_WHITESPACE.search(body) is not None  # a tab, NBSP or U+3000 inside
    kept: set[int] = set()  # where a byline or dateline keeps a space, in the line without spaces
    lead = len(core) - len(core.lstrip())
    if byline:
        # without other whitespace inside, every plain space of the stripped line is inside
        collapsed = "".join(_INNER.split(core))[lead:].rstrip() if odd else body.replace(" ", "")
        kept = _byline_boundaries(collapsed, tail)
        kept.discard(0)
        d = _DATELINE.match(collapsed)
        if d:
            kept.add(d.end())
    if not odd and (not kept or "  " not in body):
        stays = _runs_that_stay(text, start, core)
        if stays is not None:
            if kept:
                stays = sorted({*stays, *_kept_runs(body, lead, kept)})
            yield from _plain_spaced_line(start, core, stays)
            return
    pieces = _INNER_SPLIT.split(core)
    toks, runs = pieces[0::2], pieces[1::2]  # words (the first with the indent), space runs
    k = len(runs)
    keep: set[int] = set()  # indexes of the runs kept
    if kept:
        n = -(len(core) - len(core.lstrip()))
        for i in range(k):
            n += len(toks[i])
            if n in kept:
                keep.add(i)
    han = HAN_SET
    afters: list[str | None] = []  # per run: what it becomes, None when it stays
    at: list[int] = []  # per run: where it starts in text
    p = start
    for i in range(k):
        p += len(toks[i])
        run = runs[i]
        e = p + len(run)
        at.append(p)
        if toks[i][-1] in han and toks[i + 1][0] in han:  # the common case, fast
            afters.append((None if run == " " else " ") if i in keep else "")
        else:
            verdict, ca = _run_verdict(text, p, e, True)
            if verdict == "remove" and i in keep:
                verdict = "keep"
            if verdict == "remove":
                afters.append("")
            elif verdict == "keep" and ca not in "NA" and run != " ":
                afters.append(" ")
            else:
                afters.append(None)
        p = e
    i = 0
    while i < k:
        if afters[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < k and afters[j + 1] is not None:
            j += 1
        parts = [toks[i][-1]]
        for m in range(i, j):
            parts.append(afters[m])
            parts.append(toks[m + 1])
        parts.append(afters[j])
        parts.append(toks[j + 1][0])
        yield new_change((at[i] - 1, at[j] + len(runs[j]) + 1, "".join(parts), "despace.cjk"))
        i = j + 1


#: a run of spaces between Chinese (an ideograph or a closing mark) and a Latin letter or digit,
#: or between a Latin one and Chinese (an ideograph or an opening mark)
_LATIN_GAP = re.compile(
    rf"[{SPACE}](?:(?<=[{HAN}{CJK_CLOSE}][{SPACE}])[{SPACE}]*(?=[{LATIN}])"
    rf"|(?<=[{LATIN}][{SPACE}])[{SPACE}]*(?=[{HAN}{CJK_OPEN}]))"
)
#: :data:`_LATIN_GAP` for a text whose only space is the plain one: a pattern that starts with
#: one literal character lets the regex engine jump from one to the next in a tight C loop
#: (~3x faster over Chinese text than testing a character class at every position)
_LATIN_GAP_PLAIN = re.compile(
    rf" (?:(?<=[{HAN}{CJK_CLOSE}] ) *(?=[{LATIN}])|(?<=[{LATIN}] ) *(?=[{HAN}{CJK_OPEN}]))"
)
_LATIN_RUN = re.compile(rf"[{LATIN}]+")
_HAN_SIDE = re.compile(rf"[{HAN}{CJK_CLOSE}{CJK_OPEN}]")
_HAN_ONLY = re.compile(rf"[{HAN}]")


@rule("despace.latin", "despace", example=("采取 PPT 或视频", "采取PPT或视频"))
def fix_latin_spaces(text: str, opts: Options) -> Iterator[Change]:
    """Spaces between Chinese and Latin letters or digits, as ``latin_spacing`` says.

    Why: extractors pad every run of digits or Latin letters with spaces; house style (GB/T
    15834) prints ``3月20日`` and ``40%加上`` (``remove``, the default).  ``keep`` leaves these
    spaces as they are; ``pangu`` puts exactly one space at every such boundary.

    >>> f = lambda s, m="remove": apply_changes(s, fix_latin_spaces(s, Options(latin_spacing=m)))
    >>> f("新华社长沙 3 月 20 日电 中共中央")
    '新华社长沙3月20日电 中共中央'
    >>> f("由季度比拼得分的 40% 加上年终决")
    '由季度比拼得分的40%加上年终决'
    >>> f("年终采取 PPT 或视频")
    '年终采取PPT或视频'
    >>> f("年终采取 PPT 或视频", "keep")
    '年终采取 PPT 或视频'
    >>> f("记者2日从工业和信息化部获悉", "pangu")
    '记者 2 日从工业和信息化部获悉'
    """
    mode = opts.latin_spacing
    if mode == "keep":
        return
    if mode == "pangu":
        yield from _pangu(text)
        return
    gap = _LATIN_GAP if has_any(text, _RARE_SPACES) else _LATIN_GAP_PLAIN
    for m in gap.finditer(text):
        s, e = m.span()
        yield new_change((s, e, "", "despace.latin"))


def _pangu(text: str) -> Iterator[Change]:
    """One space between a Han character and a run of Latin letters or digits."""
    n = len(text)
    for m in _LATIN_RUN.finditer(text):
        s, e = m.start(), m.end()
        i = s
        while i > 0 and text[i - 1] in _SPACE_CHARS:
            i -= 1
        if i > 0 and _HAN_ONLY.match(text[i - 1]) and text[i:s] != " ":
            yield Change(i, s, " ", "despace.latin")
        j = e
        while j < n and text[j] in _SPACE_CHARS:
            j += 1
        if j < n and _HAN_ONLY.match(text[j]) and text[e:j] != " ":
            yield Change(e, j, " ", "despace.latin")


RULES = (fix_cjk_spaces.rule, fix_latin_spaces.rule)
