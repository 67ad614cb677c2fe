"""Lookalike and soundalike characters: ``郛城县`` for 郓城县, ``来荷`` for 来菏 (菏泽).

OCR swaps a character for one of like shape; a typist or a speech engine, for one of like sound.
Both leave a real character, so only context can tell.  The evidence asked for is strong:

- ``repair.lookalike``: a character jieba counts fewer than :data:`RARE_CHAR` times as a word of
  its own (:data:`RARE_NAME_CHAR` for a character of names and places), that forms no word with
  its neighbours, where one of its shape or sound neighbours (:mod:`.confusion`) forms a common
  word and makes the context (``_SIDE`` characters each side, segmented by the lexicon's word
  model) at least ``e**MIN_GAIN`` times more probable, and ``e**MARGIN`` times more than any other
  candidate.  Names after a title and short quotations (slogans, coined abbreviations) are not
  looked at, nor a spelling the page repeats.
- ``repair.abbreviation``: a character that stands alone after a verb of place (``来``, ``在``,
  ``赴``...), looks *and* sounds like the first character of a place name (tagged ``ns``) that the
  same text spells out at least :data:`MIN_MENTIONS` times: a page about 菏泽 that prints
  ``来荷`` meant 来菏.

Rare characters are found by one regular expression (a character class built at import), so a
page costs one scan plus a few dictionary look-ups per rare character.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...edits import Change
from ...options import Options
from ...rules import rule
from ..script import detect
from . import confusion as C
from . import lexicon as L
from .doubled import HAN

#: a character seen fewer times than this as a word of its own is suspected when it forms no word
RARE_CHAR = 2000
#: ... but a character jieba knows mostly from names and places (tag ``nr``, ``ns``) must be this
#: rare: ``澧河``, ``淇河``, ``张辛欣`` are right as printed, and a lexicon lacks most of them
RARE_NAME_CHAR = 300
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns"})
#: the word a replacement makes must be this common in jieba's corpus
MIN_WORD = 20
#: the replacement must make its window at least e**MIN_GAIN times more probable ...
MIN_GAIN = 11.0
#: ... and e**MARGIN times more probable than the runner-up candidate does
MARGIN = 1.0
#: a word tagged as a person's name counts as a word only if this common
COMMON_NAME = 1000
#: context looked at on each side of a suspect character
_SIDE = 4


def _pairs(floor: int) -> frozenset[str]:
    """Every two characters that stand side by side inside a word seen at least ``floor`` times:
    a candidate forms no such word unless it makes one of these pairs with a neighbour, so most
    candidates are dismissed by two set look-ups (the two-character words are the lexicon's own
    string objects; the pairs only inside longer words, 27,823, are new)."""
    out = {w for w, f in L.FREQ.items() if len(w) == 2 and f >= floor}
    for w, f in L.FREQ.items():
        if len(w) > 2 and f >= floor:
            out.update(w[j:j + 2] for j in range(len(w) - 1) if w[j:j + 2] not in out)
    return frozenset(out)


_PAIRS = _pairs(MIN_WORD)
_COMMON = "".join(sorted(w for w, f in L.FREQ.items() if len(w) == 1 and f >= RARE_CHAR))
_RARE = re.compile(rf"(?![{re.escape(_COMMON)}])[{HAN}]")
_HAN1 = re.compile(rf"[{HAN}]")
#: titles after which a person's name follows (``书记尹力``, ``局长王智明``): names are not in a
#: lexicon, so the two or three characters after a title are never suspected
_TITLED = re.compile(
    rf"(?:书记|局长|主任|记者|市长|县长|区长|省长|部长|总理|主席|委员|院长|所长|董事长|经理|代表|"
    rf"会长|校长|厂长|处长|科长|乡长|镇长|村长|主委|通讯员|教授|总裁|总监|负责人|同志)"
    rf"([{HAN}]{{2,3}})"
)
#: a short run in quotation marks is a slogan or a coined abbreviation (“引企入菏”, “双违”,
#: “一企一策”): its characters are chosen, not misread
_QUOTED = re.compile(r"[“「‘『]([^“”「」‘’『』\n]{1,8})[”」’』]")


def _window(text: str, i: int) -> tuple[str, int]:
    """The Han characters around ``text[i]`` (at most ``_SIDE`` each side) and ``i``'s index."""
    a = i
    while a > 0 and i - a < _SIDE and _HAN1.match(text, a - 1):
        a -= 1
    b = i + 1
    while b < len(text) and b - i <= _SIDE and _HAN1.match(text, b):
        b += 1
    return text[a:b], i - a


#: words tagged as a person's name that are not common enough to count as words
_NAMES = frozenset(
    w for w, t in L.TAG.items() if len(w) > 1 and t.startswith("nr") and L.FREQ[w] < COMMON_NAME
)


def _makes_word(window: str, k: int, floor: int = L.RARE) -> bool:
    """Does ``window[k]`` form a dictionary word (2-4 characters, at least ``floor`` common) with
    its neighbours?  Person names (``nr``) do not count unless common (jieba tags some ordinary
    words ``nr``: ``智慧``): a name for a name is no evidence (``沈晓明``/``陈晓明``), and a name
    is no proof that the printed character is right (names of people are guarded apart)."""
    return any(L.FREQ[w] >= floor and w not in _NAMES for w in L.words_covering(window, k))


@lru_cache(maxsize=8192)
def _candidates(ch: str) -> tuple[str, ...]:
    """The shape and sound neighbours of ``ch`` seen at least 100 times as a word of their own:
    OCR puts a rare character for a common one, not the reverse."""
    return tuple(c for c in C.shape_neighbours(ch) | C.sound_neighbours(ch) if L.FREQ.get(c, 0) >= 100)


def best_replacement(window: str, k: int) -> str | None:
    """The neighbour of ``window[k]`` that makes the window far more probable, if the character
    itself forms no word there.

    The evidence is a likelihood ratio under the lexicon's word model (the best route of the
    window, both sides of the character): the candidate must form a common word with a
    neighbour, raise the window's probability by at least ``e**MIN_GAIN`` and beat every other
    candidate by ``e**MARGIN``.

    >>> best_replacement("项目落地郛城县", 4)
    '郓'
    >>> best_replacement("项目落地郓城县", 4) is None
    True
    >>> best_replacement("记者张辛欣", 4) is None  # 欣 is a name's character
    True
    """
    ch = window[k]
    if _makes_word(window, k):
        return None
    limit = RARE_NAME_CHAR if L.TAG.get(ch) in NAME_TAGS else RARE_CHAR
    if L.FREQ.get(ch, 0) >= limit:
        return None
    left, right = window[k - 1:k], window[k + 1:k + 2]
    ok = [
        cand for cand in _candidates(ch)
        # in no word with either neighbour: dismissed by two set look-ups
        if (left + cand in _PAIRS or cand + right in _PAIRS)
        and _makes_word(window[:k] + cand + window[k + 1:], k, MIN_WORD)
    ]
    if not ok:
        return None
    gains = L.gains(window, k, ok)
    gains.sort(reverse=True)
    gain, cand = gains[0]
    if gain < MIN_GAIN or (len(gains) > 1 and gain - gains[1][0] < MARGIN):
        return None
    return cand


def _protected(text: str) -> set[int]:
    """Positions no lookalike repair touches: a person's name after a title, a short quote.

    >>> sorted(_protected("先后实施“引企入菏”项目，市委书记尹力"))
    [5, 6, 7, 8, 17, 18]
    """
    out: set[int] = set()
    for rx in (_TITLED, _QUOTED):
        for m in rx.finditer(text):
            out.update(range(m.start(1), m.end(1)))
    return out


@rule("repair.lookalike", "repair", example=("学校项目落地郛城县", "学校项目落地郓城县"))
def fix_lookalike(text: str, opts: Options):
    """A rare character that makes no word, where one lookalike or soundalike makes the context
    far more probable.

    >>> from ...edits import apply_changes
    >>> s = "济宁孔子学校项目落地郛城县，西海岸"
    >>> apply_changes(s, list(fix_lookalike(s, None)))
    '济宁孔子学校项目落地郓城县，西海岸'
    >>> list(fix_lookalike("市委书记尹力，省委书记沈晓明先后发言", None))
    []
    >>> list(fix_lookalike("濟寧孔子學校項目落地郛城縣", None))  # traditional: not judged
    []
    """
    if detect(text) == "zh-Hant":
        return  # the lexicon is simplified: in traditional text every character looks rare
    protected: set[int] | None = None
    freq = L.FREQ
    for m in _RARE.finditer(text):
        i = m.start()
        # the cheap test first: most characters form a two-character word with a neighbour
        left, right = text[i - 1:i + 1] if i else "", text[i:i + 2] if i + 1 < len(text) else ""
        if (freq.get(left, 0) >= L.RARE and left not in _NAMES) or (
                freq.get(right, 0) >= L.RARE and right not in _NAMES):
            continue
        # spelled the same way twice on the page: a real word the lexicon lacks (锚定), not noise
        if text.count(text[i:i + 2]) > 1 or text.count(text[i - 1:i + 1]) > 1:
            continue
        if protected is None:
            protected = _protected(text)
        if i in protected:
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
    if detect(text) == "zh-Hant":
        return  # the lexicon's place names are simplified
    cache: dict[str, str | None] = {}
    for m in _AFTER_VERB.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in cache and cache[ch] is None:
            continue
        window, k = _window(text, i)
        if _makes_word(window, k):
            continue  # the character is in a word here: 荷兰, 荷花
        if ch not in cache:
            found = [
                a for a in C.shape_neighbours(ch) & C.sound_neighbours(ch)
                if _places_spelled(text, a)
            ]
            cache[ch] = found[0] if len(found) == 1 else None
        if cache[ch] is not None:
            yield Change(i, i + 1, cache[ch], "repair.abbreviation")
