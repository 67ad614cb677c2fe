"""Character classes the fixers share, each range commented with why it is there.

Kept as regex character-class fragments (strings) so that every fixer compiles its own patterns
once at import, and as frozensets for the few places that test one character (the two say the
same):

>>> import re
>>> {chr(c) for c in range(0x10000) if re.match(f"[{LATIN}]", chr(c))} == LATIN_SET
True
"""

from __future__ import annotations

#: Han ideographs: CJK Unified (BMP), Extension A, compatibility ideographs, 〇 (U+3007, the
#: ideographic zero of dates like 二〇二四年), and the supplementary planes (Extensions B–H).
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

#: Full-width punctuation that ends or pauses a clause: no space is ever printed around it.
CJK_PAUSE = "，。、；：？！…·～"
#: Opening brackets and quotes: a space after them is never printed.
CJK_OPEN = "（《“‘【〔〖「『〈［｛"
#: Closing brackets and quotes: a space before them is never printed.
CJK_CLOSE = "）》”’】〕〗」』〉］｝"
#: Dashes used as Chinese punctuation (破折号 ——, 连接号 —).
DASH = "—―"
CJK_PUNCT = CJK_PAUSE + CJK_OPEN + CJK_CLOSE + DASH

#: What counts as "Chinese" when deciding the context of an ASCII mark: ideographs and
#: full-width punctuation.
CJK = HAN + CJK_PUNCT

#: Latin letters, digits and the signs that belong to a number (40%, 3‰, 25℃): the "half-width"
#: side of a Chinese/Latin boundary.
LATIN = "A-Za-z0-9%‰℃°"

#: Spaces that may separate words inside a line once Unicode repair has run (U+3000 and NBSP are
#: included so that de-spacing still works when Unicode repair is switched off).
SPACE = " \t\u00a0\u3000"

#: the characters of :data:`LATIN`, for the places that test one character (a set lookup is
#: several times faster than a regex match)
LATIN_SET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%‰℃°")

HAN_SET = frozenset(
    chr(c)
    for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x3007, 0x3007))
    for c in range(lo, hi + 1)
)


def is_han(ch: str) -> bool:
    """True for a Han ideograph (any block).

    >>> is_han("报"), is_han("，"), is_han("𠀀"), is_han("A")
    (True, False, True, False)
    """
    return ch in HAN_SET or ("\U00020000" <= ch <= "\U0003134f")


_CJK_PUNCT_SET = frozenset(CJK_PUNCT)


def is_cjk(ch: str) -> bool:
    """True for a Han ideograph or full-width Chinese punctuation."""
    return ch in _CJK_PUNCT_SET or is_han(ch)


def has_any(text: str, chars: str) -> bool:
    """Does ``text`` hold any of ``chars``?  One ``in`` per character: for a handful of rare
    characters this is many times faster than a regex character class over Chinese text, so
    rules use it to return at once on clean text.

    >>> has_any("本报讯，", "\\r\\f"), has_any("本报讯\\r\\n", "\\r\\f")
    (False, True)
    """
    for ch in chars:
        if ch in text:
            return True
    return False


def positions(text: str, chars: str) -> list[int]:
    """Sorted indexes of every occurrence of any of ``chars`` (a few rare characters).

    >>> positions("a—b——c-d", "—-")
    [1, 3, 4, 6]
    """
    out: list[int] = []
    for ch in chars:
        find = text.find
        p = find(ch)
        while p >= 0:
            out.append(p)
            p = find(ch, p + 1)
    if len(chars) > 1:
        out.sort()
    return out
