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
from collections import Counter
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
#: how far :func:`~.lexicon.gain_bound` may fall below the gain by float rounding (sums of a few
#: logarithms: about 1e-13); a bound this much under MIN_GAIN still proves the gain under it
_ROUNDING = 1e-6
#: context looked at on each side of a suspect character
_SIDE = 4


def _pairs(floor: int) -> tuple[dict[str, frozenset[str]], ...]:
    """Every two characters that stand side by side inside a word seen at least ``floor`` times,
    indexed both ways: character -> the characters that follow it in such a pair, and -> those
    that precede it.  A candidate forms no such word unless it makes one of these pairs with a
    neighbour, so the candidates worth a look are found by set intersections in C instead of a
    Python loop over every candidate (one object per character: the sets share them).

    The pairs that are themselves a word that common and no person's name (:func:`_makes_word`'s
    test) are indexed apart (the first two tables): a candidate in one of them with its neighbour
    forms a word without any further look-up.  The others (pairs inside longer words, names) are
    in the last two tables.  Returns (follows, precedes, follows_inside, precedes_inside)."""
    one: dict[str, str] = {w: w for w in L.FREQ if len(w) == 1}
    words: set[str] = {w for w, f in L.FREQ.items() if len(w) == 2 and f >= floor and w not in _NAMES}
    inside: set[str] = set()
    for w, f in L.FREQ.items():
        if len(w) > 1 and f >= floor:
            inside.update(w[j:j + 2] for j in range(len(w) - 1))
    inside -= words
    tables = []
    for pairs in (words, inside):
        after: dict[str, set[str]] = {}
        before: dict[str, set[str]] = {}
        for pair in pairs:
            a, b = one.setdefault(pair[0], pair[0]), one.setdefault(pair[1], pair[1])
            after.setdefault(a, set()).add(b)
            before.setdefault(b, set()).add(a)
        tables += [{a: frozenset(x) for a, x in after.items()},
                   {b: frozenset(x) for b, x in before.items()}]
    return tuple(tables)


_NONE: frozenset[str] = frozenset()
_COMMON = "".join(sorted(w for w, f in L.FREQ.items() if len(w) == 1 and f >= RARE_CHAR))


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
_TITLED = re.compile(
    rf"(?:书记|局长|主任|记者|市长|县长|区长|省长|部长|总理|主席|委员|院长|所长|董事长|经理|代表|"
    rf"会长|校长|厂长|处长|科长|乡长|镇长|村长|主委|通讯员|教授|总裁|总监|负责人|同志)"
    rf"([{HAN}]{{2,3}})"
)
#: a short run in quotation marks is a slogan or a coined abbreviation (“引企入菏”, “双违”,
#: “一企一策”): its characters are chosen, not misread
_QUOTED = re.compile(r"[“「‘『]([^“”「」‘’『』\n]{1,8})[”」’』]")


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

#: two-character words that make a character no suspect: common enough (:data:`~.lexicon.RARE`)
#: and no person's name (the lexicon's own string objects)
_GOOD_PAIRS = frozenset(w for w, f in L.FREQ.items() if len(w) == 2 and f >= L.RARE and w not in _NAMES)
#: when suspects pile up, the page's script is detected before the next one is judged: in
#: traditional text (which is never repaired) every third character or so is a suspect, in
#: simplified text one in fifty.  Detected after (suspects, one per so many characters so far,
#: or that many in all): speed only, the outcome is the same
_SCRIPT_AFTER = (16, 12, 256)


def _makes_word(window: str, k: int, floor: int = L.RARE, shortest: int = 2) -> bool:
    """Does ``window[k]`` form a dictionary word (2-4 characters, at least ``floor`` common) with
    its neighbours?  Person names (``nr``) do not count unless common (jieba tags some ordinary
    words ``nr``: ``智慧``): a name for a name is no evidence (``沈晓明``/``陈晓明``), and a name
    is no proof that the printed character is right (names of people are guarded apart).

    The words are those of :func:`~.lexicon.words_covering`, looked up in place, the short ones
    first; ``shortest=3`` skips the two-character ones when they are known to be no word.

    >>> _makes_word("项目落地郓城县", 4), _makes_word("项目落地郛城县", 4)
    (True, False)
    """
    freq, names, n = L.FREQ, _NAMES, len(window)
    for size in range(shortest, 5):
        for a in range(max(0, k - size + 1), min(k, n - size) + 1):
            w = window[a:a + size]
            f = freq.get(w)
            if f is not None and f >= floor and w not in names:
                return True
    return False


@lru_cache(maxsize=8192)
def _candidates(ch: str) -> frozenset[str]:
    """The shape and sound neighbours of ``ch`` seen at least 100 times as a word of their own:
    OCR puts a rare character for a common one, not the reverse."""
    return frozenset(c for c in C.shape_neighbours(ch) | C.sound_neighbours(ch) if L.FREQ.get(c, 0) >= 100)


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
    if not ok or L.gain_bound(window, k, ok) < MIN_GAIN - _ROUNDING:
        return None
    return _most_probable(window, k, ok)


def _suspected(window: str, k: int) -> bool:
    """``window[k]`` is rare enough to doubt and forms no word with its neighbours."""
    ch = window[k]
    limit = RARE_NAME_CHAR if L.TAG.get(ch) in NAME_TAGS else RARE_CHAR
    return L.FREQ.get(ch, 0) < limit and not _makes_word(window, k)


def _plausible(window: str, k: int) -> list[str]:
    """The neighbours of ``window[k]`` that form a common word (:data:`MIN_WORD`) in its place."""
    cands = _candidates(window[k])
    left, right = window[k - 1:k], window[k + 1:k + 2]
    # a two-character word with a neighbour: two set intersections
    ok = cands & _FOLLOWS.get(left, _NONE) | cands & _PRECEDES.get(right, _NONE)
    # inside a longer word with a neighbour: looked up (no two-character word, then)
    inner = (cands & _FOLLOWS_INSIDE.get(left, _NONE) | cands & _PRECEDES_INSIDE.get(right, _NONE)) - ok
    if not inner:
        return list(ok)
    return [*ok, *(c for c in inner if _makes_word(window[:k] + c + window[k + 1:], k, MIN_WORD, 3))]


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
    # repaired.  The script is only detected (a scan of the page) once it matters: before the
    # page's spellings are counted (a repair needs them), or when suspects pile up as they do in
    # traditional text
    page = _PageScript(text)
    suspects = 0
    good = _GOOD_PAIRS
    seen: set[str] = set()
    # the repeated-spelling test counts the page's spellings once (:class:`_Spellings`), not
    # the whole text for each spelling; a traditional text is given up before they are counted
    repeated = _Spellings(text)
    for m in _RARE.finditer(text):
        i = m.start()
        # the cheap test first: most characters form a two-character word with a neighbour (at the
        # ends of the text the slices have fewer than two characters, and are in no word)
        if text[i - 1:i + 1] in good or text[i:i + 2] in good:
            continue
        suspects += 1
        ch = text[i]
        if ch in seen:
            # a character suspected before on this page: its spellings may repeat (郾城, fifteen
            # times on one page), and the page-level test, remembered, is then the cheapest
            if page.traditional():
                return
            if repeated(text[i:i + 2]) or repeated(text[i - 1:i + 1]):
                continue
        else:
            seen.add(ch)
        if suspects >= _SCRIPT_AFTER[0] and (
                suspects * _SCRIPT_AFTER[1] > i or suspects >= _SCRIPT_AFTER[2]) \
                and page.traditional():
            return
        window, k = _window(text, i)
        # _suspected, but the class holds only characters rare enough, and the cheap test found
        # no two-character word
        if _makes_word(window, k, L.RARE, 3):
            continue
        ok = _plausible(window, k)
        if not ok or L.gain_bound(window, k, ok) < MIN_GAIN - _ROUNDING:
            continue  # no candidate can reach MIN_GAIN: the full computation is not needed
        # spelled the same way twice on the page: a real word the lexicon lacks (锚定), not noise
        if page.traditional():
            return
        if repeated(text[i:i + 2]) or repeated(text[i - 1:i + 1]):
            continue
        cand = _most_probable(window, k, ok)
        if cand is None:
            continue
        if protected is None:
            protected = _protected(text)
        if i in protected:
            continue
        yield Change(i, i + 1, cand, "repair.lookalike")


class _Spellings:
    """Is a spelling around a suspect (the two characters ending or starting at it) printed more
    than once in ``text`` (``text.count(s) > 1``)?  For one page.

    ``text.count`` scans the whole text, once for each spelling asked about: on a page twice as
    long, twice as many spellings, each twice as long to count (quadratic).  A spelling asked
    about holds a character of the suspect class where the suspect is, so every place it is
    printed is at a position of ``at`` (all the class's matches) or just before one: the
    spellings there are counted once, when the first question comes, in one pass (linear).
    Counting them costs a scan of the page with Python work per match: the caller asks only once
    it knows the text is simplified (in traditional text a third of the characters match).

    Counted that way, occurrences may overlap; ``str.count`` does not count overlapping ones, and
    two overlapping occurrences of two characters are possible only for a doubled character
    (``ccc``): two such occurrences are then checked with ``str.count`` itself.  An empty or
    one-character spelling (at the ends of the text) is counted by ``str.count`` too.

    >>> t = "郾城区，郾城县，郛城县，郛郛郛"
    >>> r = _Spellings(t)
    >>> at = [m.start() for m in _RARE.finditer(t)]
    >>> [(s, r(s)) for s in ("郾城", "郛城", "，郛", "郛郛", "")]
    [('郾城', True), ('郛城', False), ('，郛', True), ('郛郛', False), ('', True)]
    >>> all(r(s) == (t.count(s) > 1) for i in at for s in (t[i:i + 2], t[i - 1:i + 1]))
    True
    """

    __slots__ = ("text", "starting", "ending", "known")

    def __init__(self, text: str):
        self.text = text
        self.starting: Counter[str] | None = None
        self.ending: Counter[str] = Counter()
        self.known: dict[str, bool] = {}

    def __call__(self, s: str) -> bool:
        out = self.known.get(s)
        if out is not None:
            return out
        text = self.text
        if len(s) != 2:
            out = text.count(s) > 1
        else:
            if self.starting is None:
                # two characters starting at a match, and ending at one (not at the text's start)
                at = [m.start() for m in _RARE.finditer(text)]
                self.starting = Counter([text[p:p + 2] for p in at])
                self.ending = Counter([text[p - 1:p + 1] for p in at if p])
            # every occurrence of s starts at a match (s[0] in the class) or ends at one
            n = self.starting[s] if _RARE.match(s) else self.ending[s]
            out = n > 1 if n != 2 or s[0] != s[1] else text.count(s) > 1
        self.known[s] = out
        return out


#: the last text whose script was detected, and whether it is traditional: the lookalike and
#: the abbreviation rules both ask, most often about the same text
_LAST_SCRIPT: tuple[str, bool] = ("", False)


def _traditional(text: str) -> bool:
    """Is ``text`` in traditional characters (:func:`~..script.detect`)?  Remembers its last
    answer.

    >>> _traditional("濟寧孔子學校項目落地郛城縣"), _traditional("济宁孔子学校项目落地郛城县")
    (True, False)
    """
    global _LAST_SCRIPT
    last = _LAST_SCRIPT
    if text == last[0]:
        return last[1]
    out = detect(text) == "zh-Hant"
    _LAST_SCRIPT = (text, out)
    return out


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
    # the lexicon's place names are simplified: traditional text is left alone (the script is
    # detected only when a repair is found)
    page = _PageScript(text)
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
            if page.traditional():
                return
            yield Change(i, i + 1, cache[ch], "repair.abbreviation")
