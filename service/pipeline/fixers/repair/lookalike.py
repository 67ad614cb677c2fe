"""Lookalike and soundalike characters: ``郛城县`` for 郓城县, ``来荷`` for 来菏 (菏泽).

OCR swaps a character for one of like shape; a typist or a speech engine, for one of like sound.
Both leave a real character, so only context can tell.  The evidence asked for is strong:

- ``repair.lookalike``: a *rare* character (jieba counts it fewer than :data:`RARE_CHAR` times
  as a word of its own) that forms no dictionary word with its neighbours, where exactly one of
  its shape or sound neighbours (:mod:`.confusion`) does form a common word there.
- ``repair.abbreviation``: a character that stands alone after a verb of place (``来``, ``在``,
  ``赴``...), looks *and* sounds like the first character of a place name (tagged ``ns``) that the
  same text spells out at least :data:`MIN_MENTIONS` times: a page about 菏泽 that prints
  ``来荷`` meant 来菏.

Rare characters are found by one regular expression (a character class built at import), so a
page costs one scan plus a few dictionary look-ups per rare character.
"""

from __future__ import annotations

import re

from ...edits import Change
from ...options import Options
from ...rules import rule
from . import confusion as C
from . import lexicon as L
from .doubled import HAN

#: a character seen fewer times than this as a word of its own is rare enough to be suspected
RARE_CHAR = 100
#: the word a replacement makes must be this common in jieba's corpus
MIN_WORD = 20
#: and this many times more common than what any other candidate makes
MARGIN = 10
#: context looked at on each side of a suspect character
_SIDE = 3

_COMMON = "".join(sorted(w for w, f in L.FREQ.items() if len(w) == 1 and f >= RARE_CHAR))
_RARE = re.compile(rf"(?![{re.escape(_COMMON)}])[{HAN}]")


_HAN1 = re.compile(rf"[{HAN}]")


def _window(text: str, i: int) -> tuple[str, int]:
    """The Han characters around ``text[i]`` (at most ``_SIDE`` each side) and ``i``'s index."""
    a = i
    while a > 0 and i - a < _SIDE and _HAN1.match(text, a - 1):
        a -= 1
    b = i + 1
    while b < len(text) and b - i <= _SIDE and _HAN1.match(text, b):
        b += 1
    return text[a:b], i - a


def _best_word(window: str, k: int) -> tuple[int, int]:
    """(length, frequency) of the longest, then commonest, dictionary word (2-4 characters)
    through ``window[k]``; ``(0, 0)`` when there is none."""
    return max(
        ((len(w), f) for w in L.words_covering(window, k) if (f := L.FREQ[w]) >= L.RARE),
        default=(0, 0),
    )


def best_replacement(window: str, k: int) -> str | None:
    """The one neighbour of ``window[k]`` that makes a common word there, if the character itself
    makes none.

    >>> best_replacement("目落地郛城县", 3)
    '郓'
    >>> best_replacement("目落地郓城县", 3) is None
    True
    """
    ch = window[k]
    if _best_word(window, k)[1] >= L.RARE:
        return None
    scores = []
    for cand in C.shape_neighbours(ch) | C.sound_neighbours(ch):
        if L.FREQ.get(cand, 0) < RARE_CHAR:
            continue  # OCR puts a rare character for a common one, not the reverse
        s = _best_word(window[:k] + cand + window[k + 1:], k)
        if s[1]:
            scores.append((s, cand))
    if not scores:
        return None
    scores.sort(reverse=True)
    (length, best), cand = scores[0]
    if best < MIN_WORD:
        return None
    if len(scores) > 1 and scores[1][0][0] == length and scores[1][0][1] * MARGIN > best:
        return None
    return cand


@rule("repair.lookalike", "repair", example=("学校项目落地郛城县", "学校项目落地郓城县"))
def fix_lookalike(text: str, opts: Options):
    """A rare character that makes no word, where one lookalike or soundalike makes a common one.

    >>> from ...edits import apply_changes
    >>> s = "济宁孔子学校项目落地郛城县，西海岸"
    >>> apply_changes(s, list(fix_lookalike(s, None)))
    '济宁孔子学校项目落地郓城县，西海岸'
    """
    for m in _RARE.finditer(text):
        i = m.start()
        # spelled the same way twice on the page: a real word the lexicon lacks (锚定), not noise
        if text.count(text[i:i + 2]) > 1 or text.count(text[i - 1:i + 1]) > 1:
            continue
        window, k = _window(text, i)
        cand = best_replacement(window, k)
        if cand is not None:
            yield Change(i, i + 1, cand, "repair.lookalike")


#: verbs after which a one-character place abbreviation stands: 来菏, 在菏, 赴京, 驻港, 返乡
_PLACE_VERBS = "来在赴离抵驻返到至留入回"
_AFTER_VERB = re.compile(rf"(?<=[{_PLACE_VERBS}])[{HAN}]")
#: how often the page must spell the place out
MIN_MENTIONS = 3


def _places_spelled(text: str, first: str) -> bool:
    """Does ``text`` spell out, at least MIN_MENTIONS times, a place name that starts with
    ``first``?"""
    seen: dict[str, int] = {}
    at = text.find(first)
    while at != -1:
        for n in (2, 3):
            w = text[at:at + n]
            if len(w) == n and L.TAG.get(w) == "ns":
                seen[w] = seen.get(w, 0) + 1
                if seen[w] >= MIN_MENTIONS:
                    return True
        at = text.find(first, at + 1)
    return False


@rule("repair.abbreviation", "repair", example=("对王继平一行来荷表示欢迎", "对王继平一行来菏表示欢迎"))
def fix_abbreviation(text: str, opts: Options):
    """A place abbreviated to one character that looks and sounds like the page's own place name.

    >>> from ...edits import apply_changes
    >>> s = "菏泽市委书记。菏泽是牡丹之乡。菏泽欢迎你。对王继平一行来荷表示欢迎，将拓展在荷业务"
    >>> apply_changes(s, list(fix_abbreviation(s, None)))
    '菏泽市委书记。菏泽是牡丹之乡。菏泽欢迎你。对王继平一行来菏表示欢迎，将拓展在菏业务'
    >>> list(fix_abbreviation("荷兰客商来荷兰考察，在荷花池边", None))
    []
    """
    cache: dict[str, str | None] = {}
    for m in _AFTER_VERB.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in cache and cache[ch] is None:
            continue
        window, k = _window(text, i)
        if _best_word(window, k)[1] >= L.RARE:
            continue  # the character is in a word here: 荷兰, 荷花
        if ch not in cache:
            found = [
                a for a in C.shape_neighbours(ch) & C.sound_neighbours(ch)
                if _places_spelled(text, a)
            ]
            cache[ch] = found[0] if len(found) == 1 else None
        if cache[ch] is not None:
            yield Change(i, i + 1, cache[ch], "repair.abbreviation")
