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

The rare characters that form no common two-character word with a neighbour, and whether a
spelling around one is repeated, are found for the whole page at once, in C (numpy: the suspect
class as a table by code point, pairs of characters as sorted integer codes), so a page costs a
few passes over its code points plus a few dictionary look-ups per suspect.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from operator import add, itemgetter, sub

import numpy as np

from ...edits import Change
from ...options import Options
from ...rules import rule
from ..remember import remember_last
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
#: how far :func:`~.lexicon.gain_bound` may fall below the gain by float rounding (sums of a few
#: logarithms: about 1e-13); a bound this much under MIN_GAIN still proves the gain under it
_ROUNDING = 1e-6
#: context looked at on each side of a suspect character
_SIDE = 4


#: a candidate replacement is a character seen at least this often as a word of its own
MIN_CANDIDATE = 100
#: the characters that can be a candidate, the commonest first; a set of them is an ``int`` with
#: bit ``_BIT[c]`` set for each (a union or an intersection of two sets is one ``&`` or ``|`` in
#: C, whatever their size)
_UNIVERSE = sorted((w for w, f in L.FREQ.items() if len(w) == 1 and f >= MIN_CANDIDATE),
                   key=lambda c: (-L.FREQ[c], c))
_BIT = {c: 1 << j for j, c in enumerate(_UNIVERSE)}
_HAN_CHAR = re.compile(f"[{HAN}]")


def _chars(bits: int) -> list[str]:
    """The characters of a set of candidates (:data:`_BIT`), commonest first.

    >>> _chars(_BIT["郓"] | _BIT["的"])
    ['的', '郓']
    """
    out = []
    while bits:
        low = bits & -bits
        out.append(_UNIVERSE[low.bit_length() - 1])
        bits ^= low
    return out


def _pairs(floor: int) -> tuple[dict[str, int], ...]:
    """Every two characters that stand side by side inside a word seen at least ``floor`` times,
    indexed both ways: character -> the candidates (:data:`_BIT`) that follow it in such a pair,
    and -> those that precede it.  A candidate forms no such word unless it makes one of these
    pairs with a neighbour, so the candidates worth a look are one ``&`` of two ``int`` sets
    instead of a Python loop over every candidate.  Only Han characters are indexed (a window's
    neighbours are Han), so the text's own neighbour can be looked up, window or not.

    The words are those :func:`_makes_word` counts: that common, and no person's name.  The
    two-character ones are indexed apart (the first two tables): a candidate in one of them with
    its neighbour forms a word without any further look-up.  The pairs inside the words of three
    and four characters are in the last two tables: a candidate there may form such a word, to be
    looked up.  Returns (follows, precedes, follows_inside, precedes_inside).

    >>> _chars(_FOLLOWS["落"] & (_BIT["地"] | _BIT["郓"])), _chars(_PRECEDES["城"] & (_BIT["郓"] | _BIT["的"]))
    (['地'], ['郓'])
    """
    words: set[str] = {w for w, f in L.FREQ.items() if len(w) == 2 and f >= floor and w not in _NAMES}
    inside: set[str] = set()
    for w, f in L.FREQ.items():
        if len(w) > 2 and f >= floor and w not in _NAMES:
            inside.update(w[j:j + 2] for j in range(len(w) - 1))
    tables = []
    bit, han = _BIT, _HAN_CHAR
    for pairs in (words, inside):
        after: dict[str, int] = {}
        before: dict[str, int] = {}
        for a, b in pairs:
            if b in bit and han.match(a):
                after[a] = after.get(a, 0) | bit[b]
            if a in bit and han.match(b):
                before[b] = before.get(b, 0) | bit[a]
        tables += [after, before]
    return tuple(tables)


def _suspect_class() -> str:
    """The Han characters that may be replaced, as ranges for one regex character class: not
    common (:data:`RARE_CHAR`), and not a character of names common enough
    (:data:`RARE_NAME_CHAR`) that :func:`best_replacement` would keep it anyway.  The scan then
    hands Python only the characters that can be suspects."""
    def kept(c: str) -> bool:
        f = L.FREQ.get(c, 0)
        return f < (RARE_NAME_CHAR if L.TAG.get(c) in NAME_TAGS else RARE_CHAR)

    codes = [
        cp for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)) for cp in range(lo, hi + 1)
        if kept(chr(cp))
    ]
    runs: list[list[int]] = []
    for cp in codes:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


_RARE = re.compile(f"[{_suspect_class()}]")
#: at most ``_SIDE`` Han characters: after a position, and before one (the search ends at it)
_HAN_AFTER = re.compile(rf"[{HAN}]{{0,{_SIDE}}}")
_HAN_BEFORE = re.compile(rf"[{HAN}]{{0,{_SIDE}}}\Z")
#: titles after which a person's name follows (``书记尹力``, ``局长王智明``): names are not in a
#: lexicon, so the two or three characters after a title are never suspected
_TITLES = ("书记", "局长", "主任", "记者", "市长", "县长", "区长", "省长", "部长", "总理", "主席", "委员",
           "院长", "所长", "董事长", "经理", "代表", "会长", "校长", "厂长", "处长", "科长", "乡长", "镇长",
           "村长", "主委", "通讯员", "教授", "总裁", "总监", "负责人", "同志")
#: the longest name after a title, the longest quote, and the opening quotation marks
_NAME_MAX, _QUOTE_MAX, _OPEN_MARKS = 3, 8, "“「‘『"
_TITLED = re.compile(f"(?:{'|'.join(_TITLES)})([{HAN}]{{2,{_NAME_MAX}}})")
#: a short run in quotation marks is a slogan or a coined abbreviation (“引企入菏”, “双违”,
#: “一企一策”): its characters are chosen, not misread
_QUOTED = re.compile(f"[{_OPEN_MARKS}]([^“”「」‘’『』\\n]{{1,{_QUOTE_MAX}}})[”」’』]")
#: a title alone, its longest length, and an opening quotation mark: the local look of
#: :func:`_near_protected`
_TITLE = re.compile("|".join(_TITLES))
_TITLE_MAX = max(map(len, _TITLES))
_OPENING = re.compile(f"[{_OPEN_MARKS}]")


def _window(text: str, i: int) -> tuple[str, int]:
    """The Han characters around ``text[i]`` (at most ``_SIDE`` each side) and ``i``'s index.

    >>> _window("济宁孔子学校项目落地郛城县，西海岸", 10)
    ('项目落地郛城县', 4)
    """
    a = _HAN_BEFORE.search(text, max(0, i - _SIDE), i).start()
    return text[a:_HAN_AFTER.match(text, i + 1).end()], i - a


#: words tagged as a person's name that are not common enough to count as words
_NAMES = frozenset(
    w for w, t in L.TAG.items() if len(w) > 1 and t.startswith("nr") and L.FREQ[w] < COMMON_NAME
)


_FOLLOWS, _PRECEDES, _FOLLOWS_INSIDE, _PRECEDES_INSIDE = _pairs(MIN_WORD)
#: both kinds of pair at once: a candidate in neither forms no common word with that neighbour
_FOLLOWS_ANY = {a: _FOLLOWS.get(a, 0) | _FOLLOWS_INSIDE.get(a, 0) for a in {*_FOLLOWS, *_FOLLOWS_INSIDE}}
_PRECEDES_ANY = {b: _PRECEDES.get(b, 0) | _PRECEDES_INSIDE.get(b, 0) for b in {*_PRECEDES, *_PRECEDES_INSIDE}}

#: two-character words that make a character no suspect: common enough (:data:`~.lexicon.RARE`)
#: and no person's name (the lexicon's own string objects)
_GOOD_PAIRS = frozenset(w for w, f in L.FREQ.items() if len(w) == 2 and f >= L.RARE and w not in _NAMES)
#: :data:`_GOOD_PAIRS` that hold a character of the suspect class (the only ones asked about), as
#: sorted codes ``ord(a) << 21 | ord(b)`` (a code point has 21 bits), for :func:`_suspects`
_GOOD_CODES = np.array(sorted(ord(w[0]) << 21 | ord(w[1]) for w in _GOOD_PAIRS if _RARE.search(w)),
                       dtype=np.uint64)
#: the suspect class by code point: the class holds no character beyond the Basic Multilingual
#: Plane, whose last code point (``U+FFFF``, a non-character) it does not hold either
_IN_CLASS = np.zeros(0x10000, dtype=bool)
_IN_CLASS[[cp for cp in range(0x3400, 0xA000) if _RARE.match(chr(cp))]] = True
#: the text is read between two of these (the last code point, a non-character: in no word), so
#: that a character at an end has a neighbour that forms no pair, as the slice ``text[-1:1]``
#: (empty) and ``text[n - 1:n + 1]`` (one character) are no two-character word
_END = "\U0010ffff"


def _codes(text: str) -> np.ndarray:
    """The code points of ``text`` between two :data:`_END`, as 64-bit integers (a pair
    ``a << 21 | b`` fits).  ``surrogatepass`` keeps a lone surrogate (JSON may carry one) as its
    code point, as ``str`` does."""
    raw = (_END + text + _END).encode("utf-32-le", "surrogatepass")
    return np.frombuffer(raw, dtype=np.uint32).astype(np.uint64)


def _good(pairs: np.ndarray) -> np.ndarray:
    """Which of ``pairs`` (codes as in :data:`_GOOD_CODES`) are good pairs: one binary search
    each, in C."""
    return _GOOD_CODES.take(_GOOD_CODES.searchsorted(pairs), mode="clip") == pairs


def _suspects(codes: np.ndarray) -> np.ndarray:
    """The positions (in the text :func:`_codes` read) of the characters of the suspect class
    (:data:`_RARE`) that form no good two-character word (:data:`_GOOD_PAIRS`) with either
    neighbour, in order.

    The first test of every character of the class: on a page, ~600 of them, ~80 % dismissed
    here.  One step of Python each (a match of the scan, two slices, two look-ups in a set of
    59,346 words, ~4,600 instructions and a few cache misses) was the largest cost of the rule;
    numpy takes them all at once, in C, as code points, and the pairs as integers looked up by
    binary search in a sorted array of 196 KB.  The pair on the right is looked up only where
    the one on the left is no word.

    >>> t = "济宁孔子学校项目落地郛城县，郓城"
    >>> [t[i] for i in _suspects(_codes(t))], [t[m.start()] for m in _RARE.finditer(t)]
    (['郛'], ['宁', '郛', '郓'])
    """
    at = np.flatnonzero(_IN_CLASS.take(codes, mode="clip"))  # past U+FFFF: U+FFFF, not in it
    c = codes[at]
    at = at[~_good(codes[at - 1] << 21 | c)]
    return at[~_good(codes[at] << 21 | codes[at + 1])] - 1


#: when suspects pile up, the page's script is detected before the next one is judged: in
#: traditional text (which is never repaired) every third character or so is a suspect, in
#: simplified text one in fifty.  Detected after (suspects, one per so many characters so far,
#: or that many in all): speed only, the outcome is the same
_SCRIPT_AFTER = (16, 12, 256)


def _piles_up(at: np.ndarray) -> bool:
    """Do the suspects at ``at`` (in order) pile up as in traditional text (:data:`_SCRIPT_AFTER`):
    is there a ``j``-th suspect (from 1), ``j >= 16``, before position ``12 * j``, or a 256th?

    >>> _piles_up(np.arange(0, 64, 4)), _piles_up(np.arange(0, 640, 40)), _piles_up(np.arange(0, 25600, 100))
    (True, False, True)
    """
    first, per, most = _SCRIPT_AFTER
    if len(at) >= most:
        return True
    return bool((at[first - 1:] < np.arange(first, len(at) + 1) * per).any())


def _makes_word(window: str, k: int, floor: int = L.RARE, shortest: int = 2) -> bool:
    """Does ``window[k]`` form a dictionary word (2-4 characters, at least ``floor`` common) with
    its neighbours?  Person names (``nr``) do not count unless common (jieba tags some ordinary
    words ``nr``: ``智慧``): a name for a name is no evidence (``沈晓明``/``陈晓明``), and a name
    is no proof that the printed character is right (names of people are guarded apart).

    The words are the slices at :func:`~.lexicon.places`, looked up in place, the short ones
    first; ``shortest=3`` skips the two-character ones when they are known to be no word.

    >>> _makes_word("项目落地郓城县", 4), _makes_word("项目落地郛城县", 4)
    (True, False)
    """
    freq, names, known, mask = L.FREQ, _NAMES, L.KNOWN, L.KNOWN_MASK
    key = (k, len(window), shortest)
    places = L.PLACES.get(key)
    if places is None:  # a window longer than :func:`_window` gives (the rules have none)
        places = L.places(*key)
    for a, b in places:
        w = window[a:b]
        # most slices are no word: :func:`~.lexicon.known`, in place, spares the lexicon's look-up
        if known[hash(w) & mask]:
            f = freq.get(w)
            if f is not None and f >= floor and w not in names:
                return True
    return False


@lru_cache(maxsize=8192)
def _candidates(ch: str) -> int:
    """The shape and sound neighbours of ``ch`` seen at least :data:`MIN_CANDIDATE` times as a
    word of their own (OCR puts a rare character for a common one, not the reverse), as a set of
    :data:`_BIT`.

    >>> "郓" in _chars(_candidates("郛")), "郛" in _chars(_candidates("郓"))  # 郛 is rare
    (True, False)
    """
    bit = _BIT
    out = 0
    for c in C.shape_neighbours(ch):
        out |= bit.get(c, 0)
    # the soundalikes by reading, a set of bits each (a reading has up to hundreds of them);
    # ``ch`` is no neighbour of its own
    for r in C.readings(ch):
        out |= _SOUND_BITS.get(r, 0)
    return out & ~bit.get(ch, 0)


def _sound_bits() -> dict[str, int]:
    """Toneless reading -> the candidates that have it, as a set of :data:`_BIT`: the
    soundalikes of a character (:func:`~.confusion.sound_neighbours`) are those of its readings
    but itself, so :func:`_candidates` takes them a reading at a time.

    >>> "荷" in _chars(_sound_bits()["he"])  # 菏 is too rare to be a candidate
    True
    """
    out: dict[str, int] = {}
    for ch in _UNIVERSE:
        for r in C.readings(ch):
            out[r] = out.get(r, 0) | _BIT[ch]
    return out


_SOUND_BITS = _sound_bits()


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
    if not _suspected(window, k):
        return None
    ok = _plausible(window, k)
    if not ok or not L.gain_reaches(window, k, ok, MIN_GAIN - _ROUNDING):
        return None
    return _most_probable(window, k, ok)


def _suspected(window: str, k: int) -> bool:
    """``window[k]`` is rare enough to doubt and forms no word with its neighbours."""
    ch = window[k]
    limit = RARE_NAME_CHAR if L.TAG.get(ch) in NAME_TAGS else RARE_CHAR
    return L.FREQ.get(ch, 0) < limit and not _makes_word(window, k)


def _plausible(window: str, k: int) -> list[str]:
    """The neighbours of ``window[k]`` that form a common word (:data:`MIN_WORD`) in its place.

    >>> _plausible("项目落地郛城县", 4)  # 郓城 among them
    ['都', '市', '府', '鄂', '郓']
    """
    return _plausible_among(window, k, _near_words(_candidates(window[k]), window[k - 1:k], window[k + 1:k + 2]))


def _near_words(cands: int, left: str, right: str) -> int:
    """The candidates of ``cands`` (a set of :data:`_BIT`) that stand in a common word with
    ``left`` or ``right``, its neighbours (:data:`_FOLLOWS_ANY`, :data:`_PRECEDES_ANY`).

    The rule asks it of the text's neighbours of each suspect, and :func:`_plausible_among`
    starts from its answer instead of all the candidates again.

    >>> _chars(_near_words(_candidates("郛"), "地", "城"))  # 都市, 城府, 郓城...
    ['都', '那', '市', '府', '鄂', '覆', '郓']
    """
    return cands & _FOLLOWS_ANY.get(left, 0) | cands & _PRECEDES_ANY.get(right, 0)


def _plausible_among(window: str, k: int, near: int) -> list[str]:
    """:func:`_plausible`, given ``near``: :func:`_near_words` of the candidates of ``window[k]``
    and its neighbours in the window (or in the text: a neighbour that is no Han character is
    in none of the tables, as an empty one).

    The candidates that form a two-character word with a neighbour are those of ``near`` in
    :data:`_FOLLOWS` or :data:`_PRECEDES`; the others of ``near`` are in a longer word with a
    neighbour (:data:`_FOLLOWS_INSIDE`, :data:`_PRECEDES_INSIDE`), to be looked up.
    """
    left, right = window[k - 1:k], window[k + 1:k + 2]
    # a two-character word with a neighbour: one intersection of two sets of bits
    ok = near & _FOLLOWS.get(left, 0) | near & _PRECEDES.get(right, 0)
    # inside a longer word with a neighbour: looked up (those of a two-character word are in)
    inner = near ^ ok
    if not inner:
        return _chars(ok)
    head, tail = window[:k], window[k + 1:]
    return [*_chars(ok), *(c for c in _chars(inner) if _makes_word(head + c + tail, k, MIN_WORD, 3))]


def _most_probable(window: str, k: int, ok: list[str]) -> str | None:
    """The one of ``ok`` that makes the window far more probable than it is and than the others
    do (:data:`MIN_GAIN`, :data:`MARGIN`), if any."""
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


def _near_protected(text: str, i: int) -> bool:
    """May ``text[i]`` be in :func:`_protected`?  A look at the few characters before it: a
    name protected by a title starts right after the title and is at most :data:`_NAME_MAX`
    characters long, so the title ends 0 to ``_NAME_MAX - 1`` characters before ``i`` and lies
    within the ``_TITLE_MAX + _NAME_MAX - 1`` characters before it; a quote holds at most
    :data:`_QUOTE_MAX` characters, so its opening mark is among that many before ``i``.  When neither is there, ``i`` is not protected and the page's names and quotes
    need not be matched (most repairs weighed are far from both).

    >>> t = "先后实施“引企入菏”项目，市委书记尹力"
    >>> [i for i in range(len(t)) if _near_protected(t, i)]
    [5, 6, 7, 8, 9, 10, 11, 12, 17, 18]
    >>> _near_protected("学校项目落地郛城县", 6)
    False
    """
    return bool(_OPENING.search(text, max(0, i - _QUOTE_MAX), i)
                or _TITLE.search(text, max(0, i - _TITLE_MAX - _NAME_MAX + 1), i))


class _PageScript:
    """Whether the page is in traditional script: detected once (a scan of the page), and only
    when a rule first needs to know."""

    __slots__ = ("text", "_traditional")

    def __init__(self, text: str) -> None:
        self.text = text
        self._traditional: bool | None = None

    def traditional(self) -> bool:
        if self._traditional is None:
            self._traditional = _traditional(self.text)
        return self._traditional


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
    protected: set[int] | None = None
    # the lexicon is simplified: in traditional text every character looks rare, and nothing is
    # repaired.  The script is only detected (a scan of the page) once it matters: before a
    # repair is made, or when suspects pile up as they do in traditional text
    page = _PageScript(text)
    candidates, near_words = _candidates, _near_words
    # the tests come cheapest first: a two-character word, a spelling the page repeats, no
    # candidate that forms a word with either neighbour, a longer word, the candidates that
    # form one, the bound of the gain, the gain itself, and a protected name or quote (the
    # page's names and quotes are looked for only then).  Each dismisses a suspect for good and
    # nothing is yielded before the script is known, so their order changes nothing but the
    # time.  The first two are asked of all the suspects at once (numpy, in C); the third at
    # once too, as rows of 64-bit words, was measured slower (the sets of bits of each character
    # turned into rows cost more than the ``&`` they spare)
    codes = _codes(text)
    # most characters of the suspect class form a two-character word with a neighbour: those
    # that do not are found all at once (:func:`_suspects`)
    at = _suspects(codes)
    if _piles_up(at) and page.traditional():
        return
    at = at.tolist()
    # spelled the same way twice on the page: a real word the lexicon lacks (锚定), not noise
    for i, again in zip(at, _repeated_at(text, codes, at)):
        if again:
            continue
        # _plausible's test on the text's neighbours (they are the window's when Han, and the
        # tables hold Han characters only): most suspects have no candidate that forms a common
        # word with either neighbour, and are dismissed by two ``&`` of sets of bits
        near = near_words(candidates(text[i]), text[i - 1:i], text[i + 1:i + 2])
        if not near:
            continue
        window, k = _window(text, i)
        # _suspected, but the class holds only characters rare enough, and the cheap test found
        # no two-character word
        if _makes_word(window, k, L.RARE, 3):
            continue
        ok = _plausible_among(window, k, near)
        if not ok:
            continue
        if not L.gain_reaches(window, k, ok, MIN_GAIN - _ROUNDING):
            continue  # no candidate can reach MIN_GAIN: the full computation is not needed
        cand = _most_probable(window, k, ok)
        if cand is None:
            continue
        # a name after a title or a short quote is left as printed: the page's names and quotes
        # are matched only when one may hold ``i`` (:func:`_near_protected`)
        if _near_protected(text, i):
            if protected is None:
                protected = _protected(text)
            if i in protected:
                continue
        if page.traditional():
            return
        yield Change(i, i + 1, cand, "repair.lookalike")


def _repeated_at(text: str, codes: np.ndarray, at: list[int]) -> list[bool]:
    """For each position ``i`` of ``at`` (a character of the suspect class, :data:`_RARE`): is
    a spelling around it (``text[i:i + 2]`` or ``text[i - 1:i + 1]``) printed more than once, as
    ``str.count`` counts (:class:`_Spellings` answers the same question one position at a
    time)?  ``codes`` is :func:`_codes` of ``text``.

    The page's pairs of characters that hold a character of the class (every occurrence of a
    spelling asked about does, at the same place: a fifth of a page's pairs) are codes
    (``a << 21 | b``), sorted once; a spelling of two different characters is printed as often
    as its code is among them (two occurrences of it cannot overlap), two binary searches in C.
    A spelling of one character twice (whose occurrences overlap in a run of three, which
    ``str.count`` counts once) and the spellings at the ends of the text (fewer than two
    characters) are asked of :class:`_Spellings`.

    >>> t = "郾城区，郾城县，郛城县，郛郛郛"
    >>> at = [0, 4, 8, 12, 13]
    >>> _repeated_at(t, _codes(t), at) == [_Spellings(t)(i) for i in at]
    True
    """
    if not at:
        return []
    inner = codes[1:-1]  # the text
    held = _IN_CLASS.take(inner, mode="clip")  # past U+FFFF: U+FFFF, not in the class
    pairs = np.sort((inner[:-1] << 21 | inner[1:])[held[:-1] | held[1:]])
    i = np.array(at) + 1  # in ``codes``, after the first _END
    c = codes[i]
    before, after = codes[i - 1], codes[i + 1]
    out = ((_count(pairs, c << 21 | after) > 1) | (_count(pairs, before << 21 | c) > 1)).tolist()
    odd = np.flatnonzero((before == c) | (after == c) | (i == 1) | (i == len(codes) - 2))
    if odd.size:
        spellings = _Spellings(text)
        for j in odd.tolist():
            out[j] = spellings(at[j])
    return out


def _count(sorted_pairs: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """How often each of ``pairs`` is among ``sorted_pairs``."""
    return sorted_pairs.searchsorted(pairs, "right") - sorted_pairs.searchsorted(pairs)


class _Spellings:
    """Is a spelling around a suspect (the two characters starting or ending at ``text[i]``)
    printed more than once in ``text`` (``text.count(s) > 1``)?  For one page.  The rule asks
    :func:`_repeated_at`, which asks this only of a suspect beside its own character (a
    doubling, whose spellings overlap) or at an end of the text.

    ``text.count`` scans the whole text, once for each spelling asked about: on a page twice as
    long, twice as many spellings, each twice as long to count (quadratic), and even once costs
    more than the rest of a suspect's tests.  Every occurrence of a spelling holds the suspect's
    character ``c`` at the same offset, so the spellings are counted around the positions of
    ``c``.  A page asks about a few dozen characters: each one's positions are found by
    ``str.find`` of that one character (``memchr`` in C, a few thousand instructions for a page),
    once.  Most are printed once, and then so is each spelling around them.  Of the others, the
    characters that follow the occurrences are put in one string and those that precede them in
    another (in C): ``c + d`` is printed as often as ``d`` follows ``c``, ``d + c`` as often as
    it precedes it (for ``d != c``; two occurrences of ``c + d`` never overlap), one
    ``str.count`` of a short string for each spelling.  A character printed more than
    :data:`_FEW` times has them counted once instead (a :class:`~collections.Counter` each,
    dearer to make), so that a page of one character with many neighbours stays linear.

    The scans are held to a budget (:data:`_SCANS` scans of the page), so that a page of many
    distinct rare characters stays linear: past it, the positions of every character of the
    suspect class are found by one scan of :data:`_RARE` and indexed by character (the same
    positions: the class holds every suspect's character).

    ``str.count`` counts occurrences that do not overlap; two occurrences of a doubled character
    (``cc``) overlap in ``ccc``, and are counted at the positions of ``c`` the same way.  A
    spelling of fewer than two characters (at the ends of the text) is counted by ``str.count``
    itself: at the start, ``text[-1:1]`` is empty, and ``str.count`` finds it everywhere.

    >>> t = "郾城区，郾城县，郛城县，郛郛郛"
    >>> r = _Spellings(t)
    >>> [(t[i:i + 2], r(i)) for i in (0, 4, 8, 12, 13)]  # at 0, the empty spelling; ，郛 twice
    [('郾城', True), ('郾城', True), ('郛城', True), ('郛郛', True), ('郛郛', False)]
    >>> at = [m.start() for m in _RARE.finditer(t)]
    >>> all(_Spellings(t)(i) == (t.count(t[i:i + 2]) > 1 or t.count(t[i - 1:i + 1]) > 1) for i in at)
    True
    >>> r = _Spellings(t); r.budget = 0  # past the budget: the index gives the same answers
    >>> [r(i) for i in (0, 4, 8, 12, 13)]
    [True, True, True, True, False]
    """

    __slots__ = ("text", "at", "indexed", "budget", "around", "known")

    def __init__(self, text: str):
        self.text = text
        #: character -> its positions, in order (each found when first asked)
        self.at: dict[str, list[int]] = {}
        #: whether ``at`` holds every character of the suspect class
        self.indexed = False
        #: how many more characters the scans of single characters may read
        self.budget = _SCANS * len(text)
        #: character -> how often a character follows it, and precedes it (as functions), or
        #: ``None`` if printed once
        self.around: dict[str, tuple[Callable[[str], int], Callable[[str], int]] | None] = {}
        #: spelling -> whether it is printed more than once
        self.known: dict[str, bool] = {}

    def __call__(self, i: int) -> bool:
        text = self.text
        if not 0 < i < len(text) - 1:
            return self._repeated(text[i:i + 2], 0) or self._repeated(text[i - 1:i + 1], 1)
        c = text[i]
        around = self.around
        nb = around[c] if c in around else self._around(c)
        if nb is None:
            return False  # ``c`` is printed once, and so is each spelling that holds it
        d = text[i + 1]
        if nb[0](d) > 1 if d != c else self._repeated(c + c, 0):
            return True
        d = text[i - 1]
        return nb[1](d) > 1 if d != c else self._repeated(c + c, 0)

    def _around(self, c: str) -> tuple[Callable[[str], int], Callable[[str], int]] | None:
        """How often each character follows ``c`` and precedes it (none follows one at the end
        of the text, none precedes one at its start), or ``None`` if ``c`` is printed once."""
        ps = self._positions(c)
        if len(ps) < 2:
            out = None
        else:
            text = self.text
            last, first = ps[-1], ps[0]
            # the characters at the positions, taken by one itemgetter (in C; ``str.__getitem__``
            # through ``map`` parses its arguments for each)
            after = "".join(itemgetter(*map(add, ps[:-1], repeat(1)))(text)) + text[last + 1:last + 2]
            before = text[first - 1:first] + "".join(itemgetter(*map(sub, ps[1:], repeat(1)))(text))
            if len(ps) <= _FEW:
                out = after.count, before.count
            else:
                out = Counter(after).__getitem__, Counter(before).__getitem__
        self.around[c] = out
        return out

    def _positions(self, c: str) -> list[int]:
        """The positions of ``c`` (a character of the suspect class) in the text, in order."""
        ps = self.at.get(c)
        if ps is not None:
            return ps
        text = self.text
        if self.indexed or self.budget < len(text):
            self._index()
            return self.at[c]
        self.budget -= len(text)
        ps = []
        find = text.find
        p = find(c)
        while p != -1:
            ps.append(p)
            p = find(c, p + 1)
        self.at[c] = ps
        return ps

    def _index(self) -> None:
        """Index the positions of every character of the suspect class, once (past the budget)."""
        if self.indexed:
            return
        self.indexed = True
        text = self.text
        at: dict[str, list[int]] = {}
        for p in map(_START, _RARE.finditer(text)):
            c = text[p]
            ps = at.get(c)
            if ps is None:
                at[c] = [p]
            else:
                ps.append(p)
        self.at = at

    def _repeated(self, s: str, j: int) -> bool:
        """``text.count(s) > 1``, for ``s`` holding a character of the class at ``s[j]``."""
        out = self.known.get(s)
        if out is not None:
            return out
        text = self.text
        if len(s) != 2:
            out = text.count(s) > 1
        else:
            n, end = 0, 0
            for p in self._positions(s[j]):
                q = p - j
                if q >= end and text.startswith(s, q):
                    n += 1
                    end = q + 2
            out = n > 1
        self.known[s] = out
        return out


#: how many scans of the whole page :class:`_Spellings` may make for single characters (each a
#: ``str.find`` in C, ~0.5-6 instructions a character) before it indexes the suspect class (a
#: scan of the regex and a Python step for each position, ~4,000 instructions)
_SCANS = 64
#: :class:`_Spellings` counts the neighbours of a character printed more often than this once
#: (a Counter), not for each spelling (``str.count``)
_FEW = 64


#: the start of a match, as a function (``map`` calls it in C)
_START = re.Match.start


@remember_last
def _traditional(text: str) -> bool:
    """Is ``text`` in traditional characters (:func:`~..script.detect`)?  Remembered for the
    last text: the lookalike and the abbreviation rules both ask, most often about the same one.

    >>> _traditional("濟寧孔子學校項目落地郛城縣"), _traditional("济宁孔子学校项目落地郛城县")
    (True, False)
    """
    return detect(text) == "zh-Hant"


#: verbs after which a one-character place abbreviation stands: 来菏, 在菏, 赴京, 驻港, 返乡
_PLACE_VERBS = "来在赴离抵驻返到至留入回"
#: the character after such a verb (group 1; the verb first, so that the scan looks for the verbs
#: alone, in C, and a lookahead, so that a verb after a verb is seen: 回到京)
_AFTER_VERB = re.compile(rf"[{_PLACE_VERBS}](?=([{HAN}]))")
#: how often the page must spell the place out
MIN_MENTIONS = 3
#: the first characters of the place names (``ns``) of two and three characters: the only ones
#: :func:`_places_spelled` can find
_PLACE_FIRST = frozenset(w[0] for w, t in L.TAG.items() if t == "ns" and len(w) in (2, 3))


@lru_cache(maxsize=8192)
def _abbreviated(ch: str) -> tuple[str, ...]:
    """The characters that look *and* sound like ``ch`` and begin a place name: those ``ch`` may
    stand for.  Most characters have none, and are then passed over without a look at their
    context.

    >>> _abbreviated("荷"), _abbreviated("的")
    (('菏',), ())
    """
    return tuple(sorted(a for a in C.shape_neighbours(ch) & C.sound_neighbours(ch) if a in _PLACE_FIRST))


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
    # the lexicon's place names are simplified: traditional text is left alone (the script is
    # detected only when a repair is found)
    # the characters after a verb, each once: most pages have none that could stand for a place
    places: dict[str, str] = {}
    for ch in set(_AFTER_VERB.findall(text)):
        found = [a for a in _abbreviated(ch) if _places_spelled(text, a)]
        if len(found) == 1:
            places[ch] = found[0]
    if not places:
        return
    page = _PageScript(text)
    for m in _AFTER_VERB.finditer(text):
        place = places.get(m.group(1))
        if place is None:
            continue
        i = m.start(1)
        window, k = _window(text, i)
        if _makes_word(window, k):
            continue  # the character is in a word here: 荷兰, 荷花
        if page.traditional():
            return
        yield Change(i, i + 1, place, "repair.abbreviation")
