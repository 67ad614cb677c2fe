"""Reflow: join the lines a column layout broke, keep true paragraph, heading and caption breaks.

Extractors break text where the print broke it.  pdftotext of a narrow-column page writes every
printed line (15–20 characters) followed by a blank line; PDF-to-markdown cuts a paragraph in two
where a column ends (``一带一\\n\\n路``).  Reflow removes those breaks, and only those: a join is
the removal of the newline(s) between two lines (and the spaces around them), logged as an edit.

Two layouts, told apart by the text itself (:func:`layout`):

* ``column``: most of the text is in lines narrower than 30 ems.  The column width is inferred
  locally (the median width of the lines around), and a line ends its paragraph when it ends a
  sentence and is short of the column width, or when the next line is indented or starts a
  dateline.  A line stretched by justification (pdftotext spaced its characters out) is full
  whatever its length.  Short lines that end no sentence are display lines (titles, headings):
  they are never joined here; segmentation reads them.
* ``block``: a line is a paragraph.  A paragraph goes on across blank lines when it stops
  mid-sentence (no sentence-final punctuation, a comma, a word cut in two) and the next block
  continues it; markdown hard breaks (two trailing spaces) are kept unless a short lead-in is
  followed by the body text it introduces.

The rules see the raw line behind each current line through the :class:`~..edits.Doc` (the
pipeline passes it) so that a line whose character spacing de-spacing removed is still known to
have been stretched.  Called on text alone, the text is its own source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from functools import partial
from itertools import accumulate, compress, repeat
from operator import add, gt, itemgetter, mul, not_, sub
from typing import Callable, Iterable, Iterator, NamedTuple

from ..edits import Change, Doc, new_change
from ..options import Options
from ..rules import rule
from ..segment import lines as L
from .charsets import LATIN_SET

_LATIN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
#: what ``latin_spacing="pangu"`` spaces from Han (letters, digits, % ‰ ℃ °)
_PANGU_LATIN = LATIN_SET
#: a hyphen after a Latin letter, the line break(s) after it, a lower-case letter next (written to
#: start with the hyphen: a leading lookbehind makes the regex engine try every position of the
#: text instead of jumping to the hyphens)
_HYPHEN_RE = re.compile(r"-(?<=[A-Za-z]-)[ \t]*\n(?:[ \t]*\n){0,3}[ \t]*(?=[a-z])")
#: "A，B。" — a lead-in sentence of two short clauses, printed bold before its paragraph.
_LEADIN_RE = re.compile(r"^[^，。,；;\s]{2,10}[，,][^，。,；;\s]{2,12}。$")
_LEADIN_START_RE = re.compile(r"^[^，。,；;\s]{2,10}[，,][^，。,；;\s]{2,12}。[^\s]")
_LEADIN_LINE_RE = re.compile(r"^([^\n，。,；;]{2,10}[，,][^\n，。,；;]{2,12}。)[ \t]*\n(?:[ \t]*\n){0,3}", re.M)
_NEXT_LINE_RE = re.compile(r"[^\n]+")
_NEXT_LINES_RE = re.compile(r"(?:[^\n]*\n){0,8}")
#: a list item or numbered point never continues the line before it.
_ITEM_START_RE = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．](?![\d])|[●■□◆▲△○◎▶►·•・‧∙⋅･-]\s?)")
#: a bullet that starts a list item in a column: the line before it is never joined to it.  The
#: dots among them are the ones ``punctuation.middle_dot`` turns into ``·`` between two Chinese
#: characters: joined, a bullet would become a middle dot on a second cleaning (not idempotent).
_BULLET_START = frozenset("●■◆▲▶►•・‧∙⋅･")
#: sentence punctuation: a block without any is a heading, whatever its length.
_SENTENCE_PUNCT_RE = re.compile(r"[，。；！？,;!?]")

WINDOW = 12  #: lines on each side whose widths give the local column width
NARROW = 30.0  #: a line narrower than this many ems may be a column line


class Line(NamedTuple):
    start: int  #: first non-space character (current text)
    end: int  #: end of the last non-space character
    text: str  #: the stripped current line
    blanks: int  #: blank lines between the previous line and this one
    hard: bool  #: the previous line ended with a markdown hard break (two spaces)
    width: float
    stretched: bool
    indented: bool
    terminal: bool
    special: str  #: ``jump``, ``credit``, ``heading``, ``byline``, ``dateline`` or ""
    first: str  #: the first character of ``text``
    last: str  #: the last character of ``text``


#: ``Line(*fields)`` made in C: a NamedTuple's own constructor is a Python function
_new_line = partial(tuple.__new__, Line)


class Columns(NamedTuple):
    """The lines of a page field by field: a tuple per field of :class:`Line` (``lines[i]`` is
    ``Line(*(col[i] for col in columns))``).

    Why: the column rules read one or two fields of every line of a page of hundreds of short
    lines; read here, each field is one tuple made in C, not an attribute lookup per line, and
    no :class:`Line` is made at all (the block rules, which read many fields of two neighbours,
    read :func:`_rows`).
    """

    start: tuple[int, ...]
    end: tuple[int, ...]
    text: tuple[str, ...]
    blanks: tuple[int, ...]
    hard: tuple[bool, ...]
    width: tuple[float, ...]
    stretched: tuple[bool, ...]
    indented: tuple[bool, ...]
    terminal: tuple[bool, ...]
    special: tuple[str, ...]
    first: tuple[str, ...]
    last: tuple[str, ...]


_NO_LINES = Columns(*([()] * len(Columns._fields)))


def _rows(c: Columns) -> list[Line]:
    """The lines of the columns, one :class:`Line` each."""
    return list(map(_new_line, zip(*c)))


def _lines(text: str, doc: Doc | None) -> Columns:
    """The non-blank lines of ``text`` and what the rules read of each, as columns.

    The lines are found a column at a time (:func:`_found`); each feature is then computed a
    column at a time (a column page has hundreds of short lines): the widths from one encoding
    of the page, the line-kind tests (:func:`_special`) only on the lines whose first or last
    character or role word allows one.
    """
    found = _found(text)
    if found is None:
        return _NO_LINES
    starts, ends, texts, blanks_, hards, line_starts, line_ends = found
    firsts = tuple(map(itemgetter(0), texts))
    lasts = tuple(map(itemgetter(-1), texts))
    spaced = {sp: _holding(text, sp, starts, ends) for sp in _SPACES}
    # the raw lines behind the lines an earlier rule edited; every other line is its own raw
    raws = {} if doc is None else doc.edited_source_texts(line_starts, line_ends)
    return Columns(
        starts, ends, texts, blanks_, hards,
        _widths(text, starts, ends, texts, spaced),
        _stretched(texts, spaced, raws),
        _indented(starts, line_starts, raws),
        _terminals(texts, lasts),
        _specials(text, starts, ends, texts, firsts, lasts),
        firsts, lasts,
    )


#: ``(starts, ends, texts, blanks, hards, line_starts, line_ends)`` of the non-blank lines
_Found = tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...], tuple[int, ...], tuple[bool, ...],
               tuple[int, ...], tuple[int, ...]]


def _found(text: str) -> _Found | None:
    """The non-blank lines of ``text`` (None if none), as :func:`_found_plain` defines them:
    each one's start (its first non-space character), end, stripped text, blank lines before
    it, hard break before it, and the start and end of its line (less a final CR).

    Why: a column page has hundreds of lines, as many blank lines between them, and few lines
    with a space at either end.  The lines are split and stripped in C (``str.split``,
    ``map``), their positions added up over the non-blank lines only (a blank line is empty:
    one character, its newline), and only the few lines that a strip changed are looked at one
    by one.  A page with a CR or a blank line of spaces is read by :func:`_found_plain`.

    >>> _found("   本报讯（记者 \\n潘振丽）为倡\\n\\n成“以比促干")
    ((3, 11, 19), (9, 17, 25), ('本报讯（记者', '潘振丽）为倡', '成“以比促干'), (0, 0, 1), (False, False, False), (0, 11, 19), (10, 17, 25))
    """
    if "\r" in text:
        return _found_plain(text)
    raw = text.split("\n")
    stripped = list(map(str.strip, raw))
    idx = list(compress(range(len(raw)), stripped))
    n = len(idx)
    if not n:
        return None
    if len(raw) - n != raw.count(""):  # a blank line of spaces
        return _found_plain(text)
    get = _getter(idx)
    texts = get(stripped)
    lines = get(raw)
    # the start of raw line idx[k]: the lengths of the lines before it plus a newline each
    # (blank lines are empty: only their newline counts)
    line_starts = tuple(map(add, accumulate(map(len, lines[:-1]), initial=0), idx))
    line_ends = tuple(map(add, line_starts, map(len, lines)))
    u = list(map(sub, idx, range(n)))  # blank lines before line k on the page
    blanks = (0, *map(sub, u[1:], u))
    if lines == texts:  # no line has a space at either end (most pages)
        return line_starts, line_ends, texts, blanks, (False,) * n, line_starts, line_ends
    # the lines a strip changed: their start and end move in, a hard break may follow them
    starts, ends = list(line_starts), list(line_ends)
    hards = [False] * n
    for k in compress(range(n), map(str.__ne__, lines, texts)):
        line, t = lines[k], texts[k]
        if line[0] != t[0]:
            starts[k] += len(line) - len(line.lstrip())
        ends[k] = starts[k] + len(t)
        # a line ending with two spaces or a tab (a markdown hard break) before the next one
        if line[-1] != t[-1] and (line[-1] == "\t" or line.endswith("  ")) and k + 1 < n and not blanks[k + 1]:
            hards[k + 1] = True
    return tuple(starts), tuple(ends), texts, blanks, tuple(hards), line_starts, line_ends


def _found_plain(text: str) -> _Found | None:
    """What :func:`_found` gives, line by line: the definition it is held to (a property test)."""
    found = []  # (start, stripped line, blanks before, hard break before, line start, line end)
    blanks = 0
    prev_hard = False
    s = 0
    for line in text.split("\n"):
        e = s + len(line)
        if line:
            if line[-1] == "\r":
                line = line[:-1]
            t = line.strip()
            if t:
                lead = 0 if line[0] == t[0] else len(line) - len(line.lstrip())
                found.append((s + lead, t, blanks if found else 0, prev_hard and blanks == 0,
                              s, s + len(line)))
                # a line ending with two spaces or a tab (a markdown hard break)
                prev_hard = line[-1] != t[-1] and (line[-1] == "\t" or line.endswith("  "))
                blanks = 0
                s = e + 1
                continue
        blanks += 1
        prev_hard = False
        s = e + 1
    if not found:
        return None
    starts, texts, blanks_, hards, line_starts, line_ends = zip(*found)
    return starts, tuple(map(add, starts, map(len, texts))), texts, blanks_, hards, line_starts, line_ends


#: the first character of an indented raw line (:func:`~..segment.lines.indented`)
_INDENT_CHARS = " \t\u3000"
#: the last character of any line that :func:`~..segment.lines.terminal` says ends a sentence
_MAY_END_SENTENCE = frozenset("。！？!?…." + L._CLOSERS)
#: the high byte of a UTF-16 code unit: 1 for the blocks that :func:`~..segment.lines.width`
#: counts one em (U+3400–U+9FFF, U+F900–U+FAFF), else 0
_HAN_HIGH_BYTE = bytes(int(0x34 <= b <= 0x9F or 0xF9 <= b <= 0xFA) for b in range(256))
#: the spaces a line is searched for (for its width and its gaps) line by line where it holds one
_SPACES = (" ", "\u3000")


def _holding(text: str, sub: str, starts: tuple[int, ...], ends: tuple[int, ...]) -> list[int]:
    """The lines (stripped, ``text[starts[i]:ends[i]]``) that hold ``sub``, in order.

    Why: a page has few spaces left after de-spacing and few role words: a search of the page
    (``str.find``, in C) jumps to them, where a test of each line costs a step per line.  After
    each hit the search goes on at the next line, so it costs at most a step per line.

    >>> t = "大 力 发 展\\n\\n  合实际确定全年比拼项目\\n明确 12 个项目"
    >>> _holding(t, " ", (0, 11, 23), (7, 22, 31))
    [0, 2]
    """
    out = []
    n = len(starts)
    p = text.find(sub, starts[0]) if n else -1
    while p >= 0:
        i = bisect_right(starts, p) - 1
        if p < ends[i]:
            out.append(i)
        if i + 1 == n:
            break
        p = text.find(sub, starts[i + 1])
    return out


def _widths(text: str, starts: tuple[int, ...], ends: tuple[int, ...], texts: tuple[str, ...],
            spaced: dict[str, list[int]]) -> list[float]:
    """:func:`~..segment.lines.width` of each line (``texts[i]``, stripped, at
    ``[starts[i], ends[i])``; ``spaced``: the lines that hold each of :data:`_SPACES`).

    Why: the width is ``(characters - spaces + ideographs) / 2``; the ideographs of every line
    are counted on one UTF-16 encoding of the page (a C count of a byte per line) instead of a
    regex list per line, the spaces only in the lines that hold one.

    >>> t = "潘振丽）为倡树务实重干的导向，推动形\\n\\n年同期的 13.8 倍，反映出外资愈加看"
    >>> _widths(t, (0, 20), (18, 40), ("潘振丽）为倡树务实重干的导向，推动形", "年同期的 13.8 倍，反映出外资愈加看"),
    ...         {" ": [1], "\\u3000": []})
    [17.0, 15.5]
    """
    units = text.encode("utf-16-be", "surrogatepass")
    if len(units) != 2 * len(text):  # a character beyond the BMP takes two code units
        return [L.width(t) for t in texts]
    han = units[::2].translate(_HAN_HIGH_BYTE)
    # characters that count: the length plus one more for each ideograph, less the spaces
    n = list(map(add, map(len, texts), map(han.count, repeat(1), starts, ends)))
    for sp, holding in spaced.items():
        for i in holding:
            n[i] -= texts[i].count(sp)
    # tabs and CRs inside a line are rare (a CR ends a line: outside the stripped line), so
    # these are counted line by line, in C, only on a page that has them
    for sp in ("\t", "\r"):
        if sp in text:
            n = list(map(sub, n, map(str.count, texts, repeat(sp))))
    return list(map(mul, repeat(0.5), n))


#: a space between two Chinese characters (:func:`~..segment.lines.stretched`), found from
#: the space: the regex engine jumps to the spaces of the line instead of trying each character
_GAP_RE = re.compile(
    f"[ \u3000](?<=[{L._HAN}{L._CJK_PUNCT}][ \u3000])[ \u3000]*+(?=[{L._HAN}{L._CJK_PUNCT}])")


def _stretched(texts: tuple[str, ...], spaced: dict[str, list[int]], raws: dict[int, str]) -> list[bool]:
    """:func:`~..segment.lines.stretched` of the raw line behind each line, where ``raws``
    holds the raw lines an edit touched and ``spaced`` the lines that hold each space.

    Why: the other lines are their own raw line, and only those that hold a space can have a
    gap; the edited lines are read one by one, those with a space with a search that jumps to
    the spaces (a gap is never at either end of a line, so neither line needs stripping).

    >>> texts = ("大 力 发 展 县 域 经 济", "合实际确定全年比拼项目，明确 12 个项目", "推动形")
    >>> _stretched(texts, {" ": [0, 1]}, {2: "推 动 形"})
    [True, False, True]
    """
    out = [False] * len(texts)
    gap = _GAP_RE.search
    for holding in spaced.values():
        for i in holding:
            if not out[i]:
                out[i] = gap(texts[i]) is not None
    for i, raw in raws.items():
        out[i] = (" " in raw or "\u3000" in raw) and gap(raw) is not None
    return out


def _indented(starts: tuple[int, ...], line_starts: tuple[int, ...], raws: dict[int, str]) -> list[bool]:
    """Whether each line (stripped, at ``starts[i]``; its line at ``line_starts[i]``) is
    indented: its line starts with a space, or the raw line behind it did (``raws``: the raw
    lines an edit touched; every other line is its own raw line)."""
    out = list(map(gt, starts, line_starts))
    for i, raw in raws.items():
        if not out[i]:
            raw = raw.strip("\r\n")
            out[i] = raw[:1] in _INDENT_CHARS and L.indented(raw)
    return out


def _terminals(texts: tuple[str, ...], lasts: list[str]) -> list[bool]:
    """:func:`~..segment.lines.terminal` of each line, asked only of the lines whose last
    character (``lasts[i]``) may end a sentence."""
    out = [False] * len(texts)
    for i in compress(range(len(texts)), map(_MAY_END_SENTENCE.__contains__, lasts)):
        out[i] = L.terminal(texts[i])
    return out


_DATELINE_FIRST = "本新据中人央"  #: the first characters of the datelines
#: first characters of the lines that may be a heading, a dateline or a byline with a mark
_SPECIAL_FIRST = frozenset("#" + _DATELINE_FIRST + L._BYLINE_MARKS)
#: last characters of the lines that may be a jump or a credit line
_SPECIAL_LAST = frozenset("）)摄影")
#: the role words and slash of :data:`~..segment.lines._BYLINE_HINT_RE`, one by one
_BYLINE_HINTS = tuple(L._BYLINE_HINT_RE.pattern.split("|"))
assert all(re.escape(h) == h for h in _BYLINE_HINTS), "_BYLINE_HINT_RE is no list of words"


def _specials(text: str, starts: tuple[int, ...], ends: tuple[int, ...], texts: tuple[str, ...],
              firsts: list[str], lasts: list[str]) -> list[str]:
    """:func:`_special` of each line, asked only of the lines that may be one (most lines of a
    page are none): a heading, a dateline or a marked byline starts with a known character; a
    jump, credit or byline line is at most 40 characters and ends with a bracket or 摄 or holds
    a role word or slash (the search :func:`~..segment.lines.is_byline_line` starts with).
    ``firsts`` and ``lasts``: the first and last character of each line; each test is made
    a column at a time, in C.

    The role words are searched for in the short lines one by one (~0.3 µs a line) or, on a
    page of many lines (a column page), in the whole page one word at a time
    (:func:`_holding`, ~4 ns a character for the five words): whichever costs less.
    """
    n = len(texts)
    maybe = set(compress(range(n), map(_SPECIAL_FIRST.__contains__, firsts)))
    maybe.update(compress(range(n), map(_SPECIAL_LAST.__contains__, lasts)))
    # either search gives the short lines that hold a role word; the page search may add long
    # ones, which the test below leaves out (or which start with a character of _SPECIAL_FIRST,
    # already in): which to use is a matter of cost only, so it is told by the number of lines
    if n * 75 > len(text):
        for word in _BYLINE_HINTS:
            maybe.update(_holding(text, word, starts, ends))
    else:
        short = list(compress(range(n), map((40).__ge__, map(len, texts))))
        maybe.update(compress(short, map(L._BYLINE_HINT_RE.search, map(texts.__getitem__, short))))
    out = [""] * n
    for i in maybe:
        t = texts[i]
        if t[0] in _SPECIAL_FIRST or len(t) <= 40:
            out[i] = _special(t)
    return out


def _special(t: str) -> str:
    """What a line is beyond text (cheap character tests first: most lines are none of these)."""
    if t[0] == "#" and L.heading_mark(t):
        return "heading"
    if len(t) <= 40:
        if t[-1] in "）)" and L.is_jump_line(t):
            return "jump"
        if t[-1] in "摄影" and L.is_credit_line(t):
            return "credit"
        if L.is_byline_line(t):
            return "byline"
    if t[0] in _DATELINE_FIRST and L.dateline_start(t[:40]):
        return "dateline"
    return ""



def layout(c: Columns) -> str:
    """``column`` when most of the text sits in narrow lines, else ``block``.

    Markdown marks (a heading ``#``, a hard break) say ``block`` whatever the widths.

    >>> layout(_lines("潘振丽）为倡树务实重干的导向，推动形\\n\\n成“以比促干、以比破题、以比争优”的抓\\n", None))
    'column'
    """
    if True in c.hard or "heading" in c.special:
        return "block"
    lengths = list(map(len, c.text))
    total = sum(lengths)
    narrow = sum(compress(lengths, map(NARROW.__ge__, c.width)))
    return "column" if total and narrow * 2 >= total and len(lengths) >= 2 else "block"


def _column_widths(c: Columns) -> list[float]:
    """The local column width at each line: the upper median of the nearby plain full lines.

    A stretched line (justified by extra spaces) is not plain; but where every full line is
    stretched (a character-spaced column) they are all there is to go by.  Without them the
    width would be nothing, every line "wide", and the same column cleaned once more (its
    spaces gone) would be joined differently.
    """
    plain = [10 <= w <= NARROW and not s and not t for w, s, t in zip(c.width, c.stretched, c.terminal)]
    if True not in plain:
        plain = [10 <= w <= NARROW and not t for w, t in zip(c.width, c.terminal)]
    ws = list(compress(c.width, plain))
    if not ws:
        return [0.0] * len(plain)
    # the median of ws[k - WINDOW:k + WINDOW] for each k (k: the plain full lines before a
    # line), the window kept sorted as k moves on: one width leaves, one comes, so each step
    # is two bisections instead of a sort, and none where the width that leaves is the one
    # that comes (a column's full lines mostly have one width)
    return list(map(_window_medians(ws).__getitem__, accumulate(plain[:-1], initial=0)))


def _window_medians(ws: list[float]) -> list[float]:
    """The upper median (the item at 3/5) of ``ws[k - WINDOW:k + WINDOW]`` for each ``k`` in
    ``0..len(ws)``: the steps where a width only comes (``k < WINDOW``), comes and leaves, or
    only leaves (the last ``WINDOW``) are three loops, so that no step asks which it is.

    >>> ws = [17.0] * 30 + [12.0, 16.5, 17.0]
    >>> _window_medians(ws) == [sorted(ws[max(0, k - WINDOW):k + WINDOW])[(len(ws[max(0, k - WINDOW):k + WINDOW]) * 3) // 5]
    ...                         for k in range(len(ws) + 1)]
    True
    """
    n = len(ws)
    near = sorted(ws[:WINDOW])
    medians = [near[(len(near) * 3) // 5]]
    grow = min(WINDOW, n - WINDOW)  # steps k < grow: ws[k + WINDOW] comes, none leaves
    for w in ws[WINDOW:WINDOW + grow] if grow > 0 else ():
        insort(near, w)
        medians.append(near[(len(near) * 3) // 5])
    # steps grow <= k < WINDOW (a short page): nothing comes or leaves
    medians += [medians[-1]] * (min(WINDOW, n) - max(grow, 0))
    # steps WINDOW <= k < n - WINDOW: ws[k - WINDOW] leaves, ws[k + WINDOW] comes
    mid = (2 * WINDOW * 3) // 5
    for out, w in zip(ws, ws[2 * WINDOW:]):
        if out != w:
            del near[bisect_left(near, out)]
            insort(near, w)
        medians.append(near[mid])
    # steps max(WINDOW, n - WINDOW) <= k < n: ws[k - WINDOW] leaves
    for out in ws[max(0, n - 2 * WINDOW):max(0, n - WINDOW)]:
        del near[bisect_left(near, out)]
        medians.append(near[(len(near) * 3) // 5])
    return medians



def _kind(special: str, width: float, stretched: bool, terminal: bool, w: float) -> str:
    """Role of a line (its special kind, width, stretch and ending) in a column ``w`` ems wide:
    ``full``, ``first`` (short by an indent), ``last`` (ends a paragraph short of the width),
    ``wide`` (a line of a wider block), ``display``, ``jump``, ``credit``."""
    if special:  # most lines are plain text: one test for the four kinds
        if special in ("jump", "credit"):
            return special
        if special in ("heading", "byline"):
            return "display"
        if special == "dateline":
            return "first"
    if width >= 1.6 * w:
        return "wide"
    if width > w + 2.5:
        return "display"
    if width >= w - 0.75 or (stretched and width >= w - 4.5):
        return "full"
    if terminal:
        return "last"
    if width >= w - 3.5:
        return "first"
    return "display"


#: kinds of a line that is never joined to the next one (a wide line has rules of its own)
_ENDS = frozenset(("display", "jump", "credit", "last"))
#: kinds of a line that no line before it is joined to
_STANDS_ALONE = frozenset(("display", "jump", "credit", "wide"))


def _column_joins(c: Columns) -> list[bool]:
    """For each line but the last: is it joined to the next one?"""
    ws = _column_widths(c)
    kinds = list(map(_kind, c.special, c.width, c.stretched, c.terminal, ws))
    # the tests in the order that decides the most lines first: a plain line (full or first)
    # before a line that may follow it; the cut bylines of datelines are joined afterwards
    joins = []
    for a_terminal, b_first, b_special, b_indented, b_stretched, b_width, ka, kb, w in zip(
        c.terminal, c.first[1:], c.special[1:], c.indented[1:], c.stretched[1:], c.width[1:],
        kinds, kinds[1:], ws,
    ):
        if b_first in _BULLET_START:
            ok = False  # a list item
        elif ka == "full" or ka == "first":
            if kb in _STANDS_ALONE or b_indented or b_special == "dateline" or b_special == "heading":
                ok = False
            elif a_terminal:
                # the next line starts a paragraph when it is short by an indent
                ok = not (kb == "first" or (not b_stretched and b_width <= w - 1.25))
            else:
                ok = True
        elif ka == "wide":
            ok = (kb == "wide" or kb == "full") and not a_terminal and not b_indented
        else:
            ok = False  # a line that ends its paragraph
        joins.append(ok)
    # a dateline cut inside its byline is joined whatever its kind
    for i in compress(range(len(joins)), map("dateline".__eq__, c.special)):
        if _open_byline(c.text[i], c.text[i + 1]):
            joins[i] = True
    return joins


def _caption_follows(lines: list[Line], j: int) -> bool:
    """True when line ``j`` is a caption: the line after it is a photo credit, or it ends with one.

    (A line's text is stripped: :func:`~..segment.lines.ends_with_credit` says True only of
    one whose last character is 摄, tested first without a call.)"""
    t = lines[j].text
    if t[-1] == "摄" and L.ends_with_credit(t):
        return True
    return j + 1 < len(lines) and lines[j + 1].special == "credit"


def _block_joins(lines: list[Line], pairs: Iterable[int] | None = None) -> list[bool]:
    """For each line but the last (or each line ``i`` of ``pairs``), in a page whose lines are
    paragraphs: is it joined to the next?  (The pair ``i`` reads ``lines[i:i + 3]`` only.)"""
    joins = []
    for i in range(len(lines) - 1) if pairs is None else pairs:
        a = lines[i]
        if a.terminal and a.special != "dateline":
            # a line that ends a sentence is joined nowhere below (each case asks it): most
            # paragraphs are decided by this one test
            joins.append(False)
            continue
        b = lines[i + 1]
        at, bt = a.text, b.text
        if a.special == "dateline" and _open_byline(at, bt):
            joins.append(True)  # cut inside the byline of a dateline
            continue
        if (a.special in ("heading", "byline", "credit") or b.special
                or (at[-1] == "摄" and L.ends_with_credit(at)) or _ITEM_START_RE.match(bt)):
            joins.append(False)
            continue
        if b.blanks == 0:
            if b.hard:
                # a hard break: a short lead-in followed by the body text it introduces
                ok = (not a.terminal and not OPEN_SEMI.search(at[-1:]) and (b.terminal or OPEN_SEMI.search(bt[-1:]))
                      and b.width >= max(20.0, 2 * a.width))
            else:
                ok = not a.terminal and a.width >= 20
            joins.append(ok)
            continue
        # a blank line between: the paragraph goes on only where it visibly stops mid-sentence,
        # and never into an indented line (a paragraph indent, kept by pdftotext)
        if a.terminal or b.indented or _caption_follows(lines, i + 1):
            joins.append(False)
            continue
        body_next = b.width >= 20 or b.terminal
        if L.CONT_START_RE.match(bt) or L.ONE_CHAR_START_RE.match(bt):
            ok = True
        elif L.OPEN_END_RE.search(at[-2:]) or L.FUNCTION_END_RE.search(at[-2:]):
            ok = body_next
        elif a.width < 60 and not _SENTENCE_PUNCT_RE.search(at):
            ok = False  # a heading: ``强化科技创新引领 激活融合发展“主力军” ——访…``
        else:
            ok = body_next and a.width >= NARROW
        joins.append(ok)
    return joins


OPEN_SEMI = re.compile(r"[；;]$")

#: a role word of a byline or credit: ``记者``, ``本报记者``, ``通讯员``, ``见习记者``, ``摄影``.
_ROLE = r"(?:本报|新华社|人民日报|中新社|特约|见习|实习)?(?:摄影记者|记者|通讯员|实习生|评论员|摄影)"
_NAME = r"[\u4e00-\u9fff·]{2,4}"
#: the byline a line ends in (spaces removed): an open bracket after a dateline, or a byline
#: line of its own (``□本报记者``, ``文/记者 张三``), then roles and names.
_BYLINE_TAIL_RE = re.compile(rf"[（(]((?:{_ROLE}(?:{_NAME}、?){{0,3}}){{1,4}})$")
_BYLINE_HEAD_RE = re.compile(rf"^[□■◆●]?(?:[\u4e00-\u9fff]{{1,3}}/)?((?:{_ROLE}(?:{_NAME}、?){{0,3}}){{1,4}})$")
_ROLE_LAST = "者员生影"  #: the last character of every role word
_ROLE_LAST_RE = re.compile(f"[{_ROLE_LAST}]")
#: the first character of every role word (its prefixes and words as :data:`_ROLE` lists them)
_ROLE_FIRST = frozenset(re.findall(r"(?<=[:|])[\u4e00-\u9fff]", _ROLE))
_ROLE_END_RE = re.compile(rf"{_ROLE}$")
_NAME_END_RE = re.compile(rf"{_ROLE}{_NAME}$|{_NAME}、?{_NAME}$")
_ROLE_START_RE = re.compile(rf"^{_ROLE}")
_NAME_START_RE = re.compile(r"^[\u4e00-\u9fff·]{2}")
#: a line cut inside the bracketed byline after a dateline: ``新华社北京12月2日电（记者``.
#: the end of a photo credit set with spaces: ``新华社记者 谢环驰`` (``摄`` on the next line).
_CREDIT_TAIL_RE = re.compile(rf"{_ROLE}[ \u3000]+{_NAME}$")
_OPEN_BYLINE_RE = re.compile(rf"[（(]{_ROLE}[^（）()，。；！？,;!?]{{0,30}}$")
_BYLINE_CLOSE_RE = re.compile(r"^[^（）()，。；！？,;!?]{1,30}[）)]")


def byline_space(a: str, b: str) -> bool:
    """True when a break inside a byline falls between a role word and a name (either way
    round): the join leaves the one space the print sets there, as in ``（记者 李丹丹 通讯员
    潘振丽）``.  A name cut in two (``（记者 李\n丹丹）``) joins without one.

    >>> byline_space("本报讯（记者 李丹丹 通讯员", "潘振丽）为倡树务实重干的导向")
    True
    >>> byline_space("本 报 讯 （记 者 李 丹 丹 通 讯 员", "潘 振 丽 ）为 倡 树")
    True
    >>> byline_space("本报讯（记者 李丹丹", "通讯员 潘振丽）为倡树")
    True
    >>> byline_space("本报讯（记者 李", "丹丹 通讯员 潘振丽）为倡树"), byline_space("（记者 李丹", "丹）")
    (False, False)
    >>> byline_space("记者", "张三 李四"), byline_space("□ 本报记者", "丰曼"), byline_space("文/本报记者", "张晓甫")
    (True, True, True)
    >>> byline_space("今年以来，全市新闻记者", "深入基层一线采访")
    False

    A credit whose ``摄`` went to the next line keeps the spacing of the rest of the credit:

    >>> byline_space("并发表重要讲话。新华社记者 谢环驰", "摄"), byline_space("帽衫。王中勋", "摄")
    (True, False)
    """
    if a[-1] not in _ROLE_LAST and _ROLE_LAST_RE.search(b, 0, 12) is None:
        if b[:1] == "摄" and (len(b.rstrip()) == 1 or b[1] in "）)"):
            return _CREDIT_TAIL_RE.search(a[-20:]) is not None
        return False  # no role word at the break: most joins end here
    tail = _BYLINE_TAIL_RE.search(L.compact(a[-40:]))
    if tail is None and len(a) <= 40:
        tail = _BYLINE_HEAD_RE.match(L.compact(a))
    if tail is None:
        return False
    nb = L.compact(b[:12])
    inner = tail.group(1)
    if _ROLE_END_RE.search(inner):
        return _NAME_START_RE.match(nb) is not None and _ROLE_START_RE.match(nb) is None
    return _NAME_END_RE.search(inner) is not None and _ROLE_START_RE.match(nb) is not None


def _open_byline(a: str, b: str) -> bool:
    """True when a line stops inside the bracketed byline of a dateline and the next closes it:
    the byline is one, whatever the layout says about short lines.

    >>> _open_byline("新华社北京12月2日电（记者", "张辛欣 张晓洁）记者2日从工业和信息化部获悉")
    True
    >>> _open_byline("（记者", "张三）"), _open_byline("本报讯（记者", "一、加强组织领导")
    (False, False)
    """
    return (L.dateline_start(a[:40]) and _OPEN_BYLINE_RE.search(a) is not None
            and _BYLINE_CLOSE_RE.match(b) is not None)


def _glue(at: str, bt: str, opts: Options) -> str:
    """What replaces the break between two lines (``at``, ``bt``: stripped): nothing between
    Chinese, a space between Latin words and between a byline's role word and a name."""
    # byline_space is True only where a role word ends the line (its last character ends it)
    # or starts the next one (or 摄 does): each of its answers that says True reads one of
    # them, at the ends of the lines (stripped) the break is between
    if (at[-1] in _ROLE_LAST or bt[0] in _ROLE_FIRST) and byline_space(at, bt):
        return " "
    last, first = at[-1], bt[0]
    latin_a = last in _LATIN_CHARS
    latin_b = first in _LATIN_CHARS
    if latin_a and latin_b:
        if last.isalpha() and first.isalpha():
            return " "
        return " " if opts.latin_spacing != "remove" else ""
    if opts.latin_spacing == "pangu" and (
        (first in _PANGU_LATIN and L.HAN_RE.match(last)) or (last in _PANGU_LATIN and L.HAN_RE.match(first))
    ):
        return " "  # what despace.latin puts between Han and Latin (3% 的, 长 40%)
    return ""


@rule("reflow.hyphen", "reflow", example=("inter-\nnational", "international"))
def join_hyphenated(text: str, opts: Options) -> list[Change]:
    """Rejoin a Latin word broken by a hyphen at the end of a line.

    >>> from ..edits import apply_changes
    >>> apply_changes("the inter-\\n\\nnational market", join_hyphenated("the inter-\\n\\nnational market", None))
    'the international market'
    >>> join_hyphenated("COVID-\\n19", None)
    []
    """
    return [Change(m.start(), m.end(), "", "reflow.hyphen") for m in _HYPHEN_RE.finditer(text)]


@rule("reflow.lines", "reflow", example=("推动形\n\n成“以比促干", "推动形成“以比促干"), needs_doc=True)
def join_lines(text: str, opts: Options, doc: Doc | None = None) -> list[Change]:
    """Join lines the layout broke: column lines into paragraphs, paragraphs cut across blocks.

    A column page (pdftotext, one printed line per line, blank lines between):

    >>> from ..edits import apply_changes
    >>> page = ("   本 报 讯 （记 者 李 丹 丹 通 讯 员 \\n\\n潘振丽）为倡树务实重干的导向，推动形\\n\\n"
    ...   "第一、比实干、树正气”的浓厚氛围。\\n\\n  公 开 比 拼 ，营 造 务 实\\n重干的创业氛围\\n\\n"
    ...   "科学化实施。制定《淇滨区“全域建\\n\\n主题，作为全年基层党建的破题方向。\\n\\n"
    ...   "分领域比拼。每季度中旬前，各基层\\n\\n党（工）委根据项目采取措施、进展情况和\\n")
    >>> print(apply_changes(page, join_lines(page, Options())))
       本 报 讯 （记 者 李 丹 丹 通 讯 员 潘振丽）为倡树务实重干的导向，推动形第一、比实干、树正气”的浓厚氛围。
    <BLANKLINE>
      公 开 比 拼 ，营 造 务 实
    重干的创业氛围
    <BLANKLINE>
    科学化实施。制定《淇滨区“全域建主题，作为全年基层党建的破题方向。
    <BLANKLINE>
    分领域比拼。每季度中旬前，各基层党（工）委根据项目采取措施、进展情况和
    <BLANKLINE>

    A markdown page: a paragraph cut in two by a column break, a heading kept:

    >>> md = ("## 我国将探索建立专精特新赋能体系\\n\\n以高质量共建“一带一\\n\\n\\n\\n路”八项行动为指引，以互联互通为主线。\\n\\n"
    ...   "坚定战略自信 勇于担当作为  \\n全面推动共建“一带一路”高质量发展\\n")
    >>> print(apply_changes(md, join_lines(md, Options())))
    ## 我国将探索建立专精特新赋能体系
    <BLANKLINE>
    以高质量共建“一带一路”八项行动为指引，以互联互通为主线。
    <BLANKLINE>
    坚定战略自信 勇于担当作为  
    全面推动共建“一带一路”高质量发展
    <BLANKLINE>
    """
    c = _lines(text, doc)
    if len(c.text) < 2:
        return []
    kind = layout(c)
    block = kind == "block"
    joins = _decide(c, kind)
    may_glue = _glue_breaks(c)
    glues = _glues(c.text, may_glue.intersection(compress(range(len(joins)), joins)), opts)
    # the joined page is decided again until nothing more joins, so that cleaning the output
    # joins nothing (a line joined to its continuation is longer and may now end a sentence).
    # The joined page is read as the output will be (:func:`_as_cleaned`): a character-spaced
    # line is one no longer, so a column page with one is decided again even where nothing
    # joined (the block rule reads no stretch: a block page that joined nothing is done)
    for _ in range(MAX_ROUNDS):
        if not any(joins) and (block or not any(c.stretched)):
            break
        groups, merged = _merge(c, joins, glues)
        if len(merged.text) < 2:
            break
        merged = _as_cleaned(merged)
        more = _decide_again(merged, groups, len(c.text)) if block else _decide(merged)
        if not any(more):
            break
        newly = [groups[g + 1] - 1 for g in compress(range(len(more)), more)]
        for i in newly:
            joins[i] = True
        glues.update(_glues(c.text, may_glue.intersection(newly), opts))
    # one Change per join, made column-wise in C: the end of the line, the start of the next,
    # the glue (nothing for most joins)
    return list(map(new_change, zip(
        compress(c.end, joins),
        compress(c.start[1:], joins),
        map(glues.get, compress(range(len(joins)), joins), repeat("")),
        repeat("reflow.lines"),
    )))




MAX_ROUNDS = 3  #: rounds of deciding on the joined page (one is enough on real pages)


def _decide(c: Columns, kind: str | None = None) -> list[bool]:
    """For each line but the last: is it joined to the next?  By the rule of the page's
    :func:`layout` (``kind``, when the caller has it already)."""
    return _column_joins(c) if (kind or layout(c)) == "column" else _block_joins(_rows(c))


def _decide_again(merged: Columns, groups: list[int], n: int) -> list[bool]:
    """:func:`_decide` of the lines a block page's joins made (``groups``: the index of each
    one's first line among the ``n`` lines of the page), asked only of the pairs of lines
    where a join changed a line.

    Why: on a block page the block rule decided every pair of lines, and it reads a pair's two
    lines and the line after them (:func:`_caption_follows`); a pair of the joined page whose
    three lines are lines of the page as they were (no join in them) reads what it read then,
    and was not joined (its lines are two groups).  A block page joins a few of its 50-60
    lines: the others are not decided again.  A joined page that turns
    into a column page is decided in full.
    """
    if layout(merged) == "column":
        return _column_joins(merged)
    m = len(merged.text)
    stops = groups[1:] + [n]
    pairs: set[int] = set()
    for g in compress(range(m), map((1).__lt__, map(sub, stops, groups))):
        pairs.update((g - 2, g - 1, g))
    pairs.intersection_update(range(m - 1))
    pairs = sorted(pairs)
    more = [False] * (m - 1)
    for i, ok in zip(pairs, _block_joins(_rows(merged), pairs)):
        more[i] = ok
    return more


#: the last character of a line after which :func:`_glue` may give a space (a role word's end,
#: Latin, what pangu spaces), and the first character of a line before which it may
_GLUE_END = frozenset(_ROLE_LAST) | _PANGU_LATIN
_GLUE_START = _ROLE_FIRST | _PANGU_LATIN


def _glue_breaks(c: Columns) -> set[int]:
    """The breaks (``i``: after line ``i``) where :func:`_glue` may give a space: a character of
    :data:`_GLUE_END` before or of :data:`_GLUE_START` after.

    Why: most joins of a Chinese page are between two ideographs, glued with nothing; the byline
    test of :func:`_glue` needs a role word's last character before the break or a role word's
    first character after it (see :func:`byline_space`), its Latin ones a Latin character on one
    side.  A column page joins hundreds of lines, few of them at such a character (11 of 255 on
    a 16 KB page): two set tests a line in C pick them, where a loop over the joins took a step
    per join.  (A test holds every break :func:`_glue` glues to be one of them.)

    >>> _glue_breaks(_lines("本报讯（记者\\n\\n李丹丹）为倡树务实重干的导向，推动形\\n\\n成“以比促干的抓\\n\\n COVID 19 疫情", None))
    {0, 2}
    """
    n = len(c.last)
    return set(compress(range(n), map(_GLUE_END.__contains__, c.last))).union(
        compress(range(n - 1), map(_GLUE_START.__contains__, c.first[1:])))


def _glues(texts: tuple[str, ...], breaks: Iterable[int], opts: Options) -> dict[int, str]:
    """The glue (:func:`_glue`) of each break ``i`` (after line ``i``) of ``breaks`` where it is
    not nothing.  The caller hands it only the breaks :func:`_glue_breaks` picked: elsewhere the
    glue is nothing.

    >>> t = "本报讯（记者\\n\\n李丹丹）为倡树务实重干的导向，推动形\\n\\n成“以比促干的抓\\n\\n COVID 19 疫情"
    >>> _glues(_lines(t, None).text, range(3), Options())
    {0: ' '}
    """
    out = {}
    for i in breaks:
        glue = _glue(texts[i], texts[i + 1], opts)
        if glue:
            out[i] = glue
    return out


def _merge(c: Columns, joins: list[bool], glues: dict[int, str]) -> tuple[list[int], Columns]:
    """The lines the joins make: ``(index of each one's first line, their columns)``; ``glues``
    holds the glue after each joined line that is not glued with nothing.

    A page where most lines join (a column page) is merged a column at a time
    (:func:`_joined`), one where few do (a block page) by splicing the joined lines into its
    columns (:func:`_spliced`); both give the same columns (a property test).
    """
    n = len(c.text)
    firsts = [0]
    firsts += compress(range(1, n), map(not_, joins))
    if 4 * (n - len(firsts)) < n:  # few joins (a block page): the lines they make spliced in
        return firsts, _spliced(c, firsts, glues)
    return firsts, _joined(c, joins, glues, firsts)


def _joined(c: Columns, joins: list[bool], glues: dict[int, str], firsts: list[int]) -> Columns:
    """The columns of :func:`_merge` (``firsts``: the first line of each joined line), a
    column at a time.

    Why: the texts of all the joined lines come from one join of the page (a newline where
    nothing joins, the glue where a line joins) split at the newlines, not one join per line;
    each other field is taken from the group's first or last line, or adds up over it, a
    column at a time.
    """
    n = len(c.text)
    seps = ["" if ok else "\n" for ok in joins]
    for i, glue in glues.items():
        if joins[i]:
            seps[i] = glue
    pieces = [""] * (2 * n - 1)
    pieces[::2] = c.text
    pieces[1::2] = seps
    texts = tuple("".join(pieces).split("\n"))
    stops = firsts[1:] + [n]
    lasts = [k - 1 for k in stops]
    groups = list(map(slice, firsts, stops))
    # a field of each group's first (last) line: one itemgetter call per column
    first, last = _getter(firsts), _getter(lasts)
    return Columns(
        first(c.start),
        last(c.end),
        texts,
        first(c.blanks),
        first(c.hard),
        # width adds up (a glue space has none); the end is the last line's
        tuple(map(sum, map(c.width.__getitem__, groups))),
        tuple(map(any, map(c.stretched.__getitem__, groups))),
        first(c.indented),
        last(c.terminal),
        tuple([c.special[f] if f == k else _special(t) for f, k, t in zip(firsts, lasts, texts)]),
        first(c.first),
        last(c.last),
    )


def _spliced(c: Columns, firsts: list[int], glues: dict[int, str]) -> Columns:
    """The columns of :func:`_merge` (``firsts``: the first line of each joined line), made
    by splicing each line that joins several into copies of the columns.

    Why: a block page joins a few of its lines; the other lines stay as they are, and copying
    a column costs little next to a step per line for each of its twelve fields.
    """
    n = len(c.text)
    cols = list(map(list, c))
    start, end, text, blanks, hard, width, stretched, indented, terminal, special, first, last = cols
    stops = firsts[1:] + [n]
    for f, k in reversed([(f, k) for f, k in zip(firsts, stops) if k - f > 1]):
        parts = []
        for i in range(f, k - 1):
            parts += (c.text[i], glues.get(i, ""))
        parts.append(c.text[k - 1])
        t = "".join(parts)
        # the fields of the group's first line stay; the others give way to the joined line's
        for col in (start, blanks, hard, indented, first):
            del col[f + 1:k]
        end[f:k] = (c.end[k - 1],)
        text[f:k] = (t,)
        width[f:k] = (sum(c.width[f:k]),)
        stretched[f:k] = (any(c.stretched[f:k]),)
        terminal[f:k] = (c.terminal[k - 1],)
        special[f:k] = (_special(t),)
        last[f:k] = (c.last[k - 1],)
    return Columns(*map(tuple, cols))


def _as_cleaned(c: Columns) -> Columns:
    """The joined page as a second cleaning of the output reads it: a line is stretched only
    where its text still has a gap between Chinese characters.

    Why: :func:`_stretched` reads the raw line behind a line, and despace has closed the gaps of
    a character-spaced line by then; the output carries no trace of them.  Such a line is left
    out of the column width (:func:`_column_widths`), but where it stays a line of its own (a
    byline, the page's last line) the next cleaning counts it, and may join what this one did
    not.  The rounds of :func:`join_lines` decide the joined page as that cleaning will.

    >>> c = _lines("从8个方面提出23条具体措施\\n\\n以 机 制 创 新 激 发 创 新 活 力 。 要 加 快 进", None)
    >>> tuple(c.stretched), _as_cleaned(c).stretched  # the raw line is the line: still spaced
    ((False, True), (False, True))
    >>> c = c._replace(text=("从8个方面提出23条具体措施", "以机制创新激发创新活力。要加快进"))  # despaced
    >>> _as_cleaned(c).stretched
    (False, False)
    """
    gap = _GAP_RE.search
    return c._replace(stretched=tuple([
        (" " in t or "\u3000" in t) and gap(t) is not None for t in c.text
    ]))


def _getter(idx: list[int]) -> Callable[[tuple], tuple]:
    """``lambda col: tuple(col[i] for i in idx)``, made in C (``itemgetter``; it gives the
    item itself, not a tuple, for one index).

    >>> _getter([0, 2])("abc"), _getter([1])("abc")
    (('a', 'c'), ('b',))
    """
    if len(idx) == 1:
        k = idx[0]
        return lambda col: (col[k],)
    return itemgetter(*idx)


@rule("reflow.leadin", "reflow", example=("坚持以新图强，激发高能级创新。\n\n牢固树立大食物观", "坚持以新图强，激发高能级创新。牢固树立大食物观"))
def join_leadin(text: str, opts: Options) -> list[Change]:
    """Join a bold lead-in sentence to its paragraph when the extractor printed it apart.

    Commentaries set each point as ``A，B。`` in bold followed by its paragraph on the same line;
    when most sibling paragraphs carry their lead-in inline, one printed alone above its
    paragraph was split off by the extractor.

    >>> from ..edits import apply_changes
    >>> t = ("坚持以新图强，激发高能级创新。\\n\\n牢固树立大食物观、大农业观、大健康观，全力服务中原食品实验室成果转化。\\n\\n"
    ...   "加快转型升级，推动高质量发展。做大做强健康食品、生物制造三大主导产业。\\n\\n"
    ...   "推动城市更新，创造高品质生活。统筹推进主干道和畅通“微循环”。\\n")
    >>> print(apply_changes(t, join_leadin(t, None)).splitlines()[0])
    坚持以新图强，激发高能级创新。牢固树立大食物观、大农业观、大健康观，全力服务中原食品实验室成果转化。
    """
    changes = []
    for m in _leadin_lines(text):
        nxt = _NEXT_LINE_RE.match(text, m.end())
        if nxt is None or _LEADIN_START_RE.match(nxt.group()) or L.width(nxt.group()) < 20:
            continue
        window = _NEXT_LINES_RE.match(text, nxt.end())
        siblings = sum(1 for ln in window.group().split("\n") if _LEADIN_START_RE.match(ln.strip()))
        if siblings >= 2:
            changes.append(Change(m.start() + len(m.group(1)), m.end(), "", "reflow.leadin"))
    return changes


#: the end of a line that ends with 。 (the only lines :data:`_LEADIN_LINE_RE` can match)
_STOP_EOL_RE = re.compile(r"。[ \t]*\n")


def _leadin_lines(text: str) -> Iterator[re.Match]:
    """The matches of :data:`_LEADIN_LINE_RE` in ``text``, as ``finditer`` gives them.

    Why: tried at every line start, the pattern costs a regex step per character of the page;
    the lines it can match end with ``。`` (a literal the regex engine jumps to) and are short.

    >>> [m.group(1) for m in _leadin_lines("标题\\n坚持以新图强，激发高能级创新。\\n\\n牢固树立大食物观、大农业观、大健康观，全力服务中原食品实验室成果转化。\\n")]
    ['坚持以新图强，激发高能级创新。']
    """
    for e in _STOP_EOL_RE.finditer(text):
        stop = e.start()
        start = text.rfind("\n", 0, stop) + 1
        if stop - start < 24:  # the pattern's sentence is at most 24 characters
            m = _LEADIN_LINE_RE.match(text, start)
            if m is not None:
                yield m


RULES = (join_hyphenated.rule, join_lines.rule, join_leadin.rule)
