"""The lexicon every repair consults: jieba's dictionary of words with frequencies and POS tags.

jieba ships ``dict.txt`` (349,045 words, one ``word freq tag`` a line, counted over a large
general corpus) inside its wheel.  It is read once at import, without importing jieba itself (its
import costs more than the read): the repairs need the word frequencies, never jieba's segmenter.
Only the words the rules consult are kept (see :func:`_load`): about 20 MB of Python objects
instead of about 110 MB.  A gunicorn master that preloads the app loads it once for all workers.

Only short windows are ever segmented here (a few characters around a suspect position), with
the same rule jieba uses: the route of dictionary words whose product of probabilities is
highest.  Nothing segments a whole page.
"""

from __future__ import annotations

import importlib.util
import math
import os
import sys

_spec = importlib.util.find_spec("jieba")
if _spec is None or not _spec.origin:  # pragma: no cover - a declared dependency
    raise ImportError("the repair step needs the jieba package (its dictionary)")
DICT_PATH = os.path.join(os.path.dirname(_spec.origin), "dict.txt")


#: words longer than this are never looked up (the rules consult words of 2-4 characters; a
#: longer idiom in a window of a few characters changes nothing they decide)
MAX_WORD = 4
#: a word this rare in jieba's list is often noise of its construction (``对对`` 3, ``展展`` 2)
RARE = 5
#: the tags the rules read: of a single character (function words, names) and of names and places
_KEPT_TAGS = ("nr", "ns")


def _load(path: str) -> tuple[dict[str, int], dict[int, int], dict[str, str], int]:
    """Read ``dict.txt`` and keep only what the rules consult: words of at most ``MAX_WORD``
    characters; those seen at least ``RARE`` times (132,921 of 349,045) by their text, with the
    tags of single characters, names and places (tag strings interned: one object per tag); the
    rarer ones (``结售汇`` 3) only by their hash, since they are only ever looked up (a route
    that reads them as a word must not call their characters noise)."""
    with open(path, encoding="utf-8") as f:
        cells = f.read().split()
    words, counts, tags = cells[0::3], cells[1::3], cells[2::3]
    freq: dict[str, int] = {}
    low: dict[int, int] = {}
    tag: dict[str, str] = {}
    total = 0
    intern = sys.intern
    for w, c, t in zip(words, counts, tags):
        n = int(c)
        total += n
        if len(w) > MAX_WORD:
            continue
        if n >= RARE or len(w) == 1:
            freq[w] = n
            if len(w) == 1 or t.startswith(_KEPT_TAGS):
                tag[w] = intern(t)
        else:
            low[hash(w)] = n
    return freq, low, tag, total


#: word -> frequency in jieba's corpus; word -> part-of-speech tag (``ns`` place, ``nr`` person...)
FREQ, _LOW, TAG, TOTAL = _load(DICT_PATH)

#: slots of :data:`KNOWN` (2**22, a byte each: four megabytes)
KNOWN_BITS = 22
KNOWN_MASK = (1 << KNOWN_BITS) - 1


def known_filter() -> bytes:
    """A filter of every word of :data:`FREQ` and :data:`_LOW`: byte ``hash(w) & KNOWN_MASK`` set.

    Most slices a rule looks up around a suspect are no word (``地郓城`` is, ``郛城县`` is not),
    and a look-up that finds nothing probes both tables: two dictionaries of a few hundred
    thousand entries, a few cache misses each on a page (the tables are tens of megabytes).  A
    word whose byte is clear is in neither, which one byte of four megabytes tells (one miss at
    most, and one subscript: a byte a slot, not a bit, costs fewer steps than the shifts and
    masks of a bit); a set byte (the word, or 8 % of the others) is looked up as before, so every
    answer is the same.  ``_LOW`` is keyed by the same hash (:func:`hash` of a string is fixed
    in a process).

    >>> known("郓城"), known("郓城县"), known("结售汇")  # 结售汇: 3 times, in ``_LOW``
    (1, 1, 1)
    >>> t = "济宁孔子学校项目落地郛城县，西海岸经济新区"  # its slices that are no word: few pass
    >>> slices = {t[a:a + n] for n in (2, 3, 4) for a in range(len(t) - n + 1)}
    >>> absent = [w for w in slices if w not in FREQ and hash(w) not in _LOW]
    >>> len(absent), sum(map(known, absent)) < 20
    (47, True)
    """
    slots = bytearray(1 << KNOWN_BITS)
    mask = KNOWN_MASK
    for h in (*map(hash, FREQ), *_LOW):
        slots[h & mask] = 1
    return bytes(slots)


KNOWN = known_filter()


def known(w: str) -> int:
    """1 if ``w`` may be a word of :data:`FREQ` or :data:`_LOW` (:func:`known_filter`), 0 if it
    is in neither; the rules' loops read the byte in place, this is its definition."""
    return KNOWN[hash(w) & KNOWN_MASK]


_LOG_TOTAL = math.log(TOTAL)
#: how far a sum of a few logarithms may be off by float rounding (about 1e-13), with room to spare
_SLACK = 1e-9


def logp(word: str) -> float:
    """Log probability of a word; an unknown single character gets jieba's floor (count 1).

    >>> logp("的") > logp("不断") > logp("郓城县")
    True
    """
    return math.log(FREQ.get(word) or _LOW.get(hash(word)) or 1) - _LOG_TOTAL


def route(s: str) -> list[str]:
    """The most probable split of a short string into dictionary words (jieba's rule).

    >>> route("应对对各种")
    ['应对', '对', '各种']
    >>> route("超九成成为")
    ['超', '九成', '成为']
    """
    n = len(s)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        top = (logp(s[i]) + best[i + 1][0], i + 1)
        for j in range(i + 2, min(n, i + MAX_WORD) + 1):
            w = s[i:j]
            if w in FREQ or hash(w) in _LOW:
                cand = (logp(w) + best[j][0], j)
                if cand[0] > top[0]:
                    top = cand
        best[i] = top
    out, i = [], 0
    while i < n:
        j = best[i][1]
        out.append(s[i:j])
        i = j
    return out


def _best_from(s: str, best: list[float], start: int) -> float:
    """Fill ``best[i]`` (log probability of the best route of ``s[i:]``) for i = start..0, given
    ``best[start + 1:]``; return ``best[0]``."""
    n = len(s)
    freq, low, floor = FREQ, _LOW, _LOG_TOTAL
    for i in range(start, -1, -1):
        top = math.log(freq.get(s[i]) or 1) - floor + best[i + 1]
        for j in range(i + 2, min(n, i + MAX_WORD) + 1):
            w = s[i:j]
            c = freq.get(w) or low.get(hash(w))
            if c:
                v = math.log(c) - floor + best[j]
                if v > top:
                    top = v
        best[i] = top
    return best[0]


def gains(s: str, k: int, cands) -> list[tuple[float, str]]:
    """For each candidate ``c``: how much more probable (log) the best route of ``s`` becomes
    with ``c`` in place of ``s[k]``.  The routes of ``s[k+1:]`` do not change, so they are
    computed once.

    >>> [(round(g, 1), c) for g, c in gains("落地郛城县", 2, "郓")]
    [(17.1, '郓')]
    """
    n = len(s)
    best = [0.0] * (n + 1)
    _best_from(s, best, n - 1)
    base = best[0]
    out = []
    for c in cands:
        t = s[:k] + c + s[k + 1:]
        out.append((_best_from(t, best, k) - base, c))
    return out


def _prefix_routes(s: str) -> list[float]:
    """``out[j]``: log probability of the best route of ``s[:j]`` (a forward pass)."""
    freq, low, floor, log = FREQ, _LOW, _LOG_TOTAL, math.log
    out = [0.0]
    for j in range(1, len(s) + 1):
        top = out[j - 1] + (log(freq.get(s[j - 1]) or 1) - floor)
        for i in range(max(0, j - MAX_WORD), j - 1):
            c = freq.get(s[i:j]) or low.get(hash(s[i:j]))
            if c:
                v = out[i] + (log(c) - floor)
                if v > top:
                    top = v
        out.append(top)
    return out


def _routes_around(s: str, k: int) -> tuple[int, list[float], list[float]]:
    """``(a0, lbest, rbest)``: the first place a word through ``k`` may start, the best routes
    of ``s[a:k]`` (``lbest[a - a0]``) and of ``s[k+1:b]`` (``rbest[b - k - 1]``)."""
    a0 = max(0, k - MAX_WORD + 1)
    left = s[a0:k]
    lbest = [0.0] * (len(left) + 1)
    if left:
        _best_from(left, lbest, len(left) - 1)
    return a0, lbest, _prefix_routes(s[k + 1:min(len(s), k + MAX_WORD)])


def gain_bound(s: str, k: int, cands) -> float:
    """An upper bound of ``max(gains(s, k, cands))``, from the few characters around ``k`` only.

    With ``L``, ``R`` the best routes of ``s[:k]`` and ``s[k+1:]``: the text as printed scores at
    least ``L + logp(s[k]) + R`` (``s[k]`` a word of its own).  With ``c`` in its place, the best
    route either has ``c`` alone (``L + logp(c) + R``) or a word ``s[a:k] + c + s[k+1:b]`` with
    the best routes of ``s[:a]`` and ``s[b:]`` around it, and those are at most
    ``L - route(s[a:k])`` and ``R - route(s[k+1:b])`` (routes concatenate).  ``L`` and ``R``
    cancel: the bound needs the routes of at most three characters on each side.  Most suspects
    are dismissed by it without the full computation (rounding aside, it is never below the gain).
    The rules ask :func:`gain_reaches`, which answers ``gain_bound(...) >= limit`` for less work;
    this is its definition (``tests/pipeline/test_repair.py`` holds them to the same answer).

    >>> b = gain_bound("落地郛城县", 2, "郓")  # here the bound is the gain, up to rounding
    >>> round(b, 1), abs(b - max(gains("落地郛城县", 2, "郓"))[0]) < 1e-9
    (17.1, True)
    >>> s = "加强政务服务标准化"  # 淮 for 准 forms no word: at most logp(淮) - logp(准)
    >>> round(gain_bound(s, 6, "淮"), 1), round(max(gains(s, 6, "淮"))[0], 1)
    (-0.4, -17.6)
    """
    freq, low, floor, log = FREQ, _LOW, _LOG_TOTAL, math.log
    n = len(s)
    a0, lbest, rbest = _routes_around(s, k)
    top = -math.inf
    for c in cands:
        v = log(freq.get(c) or 1) - floor
        for a in range(a0, k + 1):
            head = s[a:k] + c
            for b in range(max(a + 2, k + 1), min(n, a + MAX_WORD) + 1):
                w = head + s[k + 1:b]
                cnt = freq.get(w) or low.get(hash(w))
                if cnt:
                    x = log(cnt) - floor - lbest[a - a0] - rbest[b - k - 1]
                    if x > v:
                        v = x
        if v > top:
            top = v
    return top - (log(freq.get(s[k]) or 1) - floor)


def gain_reaches(s: str, k: int, cands, limit: float) -> bool:
    """Is :func:`gain_bound` at least ``limit``?  The same answer for less work.

    Each term of the bound is a word's ``log(count) - floor`` less the routes of the characters
    of the context it takes.  Most candidates form few words around ``k`` (one or two among a
    dozen places), so the words are looked up first, each a slice of the window with the
    candidate in place, and no route is computed when there is none.  A route is never less
    probable than the route of single characters, so a word's term is at most its count less
    the single characters of its context (:func:`_word_bounds`): the routes themselves
    (:func:`_routes_around`, a few dozen look-ups) are computed only when that reaches ``limit``
    (less :data:`_SLACK`, for the rounding of the sums), which in a window of a page is seldom.
    Each term is then computed as :func:`gain_bound` computes it, so the answer is the same to
    the last bit.

    >>> gain_reaches("落地郛城县", 2, "郓", 11.0), gain_reaches("落地郛城县", 2, "郓", 17.2)
    (True, False)
    >>> s = "加强政务服务标准化"
    >>> gain_reaches(s, 6, "淮", -0.5), gain_reaches(s, 6, "淮", -0.3)
    (True, False)
    """
    freq, low, floor, log = FREQ, _LOW, _LOG_TOTAL, math.log
    base = log(freq.get(s[k]) or 1) - floor
    for c in cands:
        if log(freq.get(c) or 1) - floor - base >= limit:
            return True
    words = _words_around(s, k, cands)
    if not words:
        return False
    near = [(a, b, cnt) for a, b, cnt, top in _word_bounds(s, k, words) if top - base >= limit - _SLACK]
    if not near:
        return False
    a0, lbest, rbest = _routes_around(s, k)
    for a, b, cnt in near:
        if log(cnt) - floor - lbest[a - a0] - rbest[b - k - 1] - base >= limit:
            return True
    return False


def places(k: int, n: int, shortest: int = 2) -> tuple[tuple[int, int], ...]:
    """Where a word of ``shortest`` to ``MAX_WORD`` characters through position ``k`` of ``n``
    may lie, as ``(start, end)``, the short ones first (a rule that stops at the first word
    found meets the commonest, two-character ones first).

    >>> places(1, 3), places(1, 3, 3)
    (((0, 2), (1, 3), (0, 3)), ((0, 3),))
    """
    return tuple((a, a + size) for size in range(shortest, MAX_WORD + 1)
                 for a in range(max(0, k - size + 1), min(k, n - size) + 1))


#: :func:`places` of the windows the rules look at, by ``(k, n, shortest)``, made once instead
#: of two nested ``range`` loops per look-up (a longer string computes its own)
PLACES = {(k, n, shortest): places(k, n, shortest)
          for n in range(1, 13) for k in range(n) for shortest in (2, 3)}


def _words_around(s: str, k: int, cands) -> list[tuple[int, int, int]]:
    """``(a, b, count)`` of each word (by its text or, if rare, its hash) that a candidate in
    place of ``s[k]`` forms as ``s[a:b]``, for each candidate in turn.

    >>> _words_around("落地郛城县", 2, "郓")  # 郓城, 郓城县
    [(2, 4, 42), (2, 5, 77)]
    """
    freq, low, bits, mask = FREQ, _LOW, KNOWN, KNOWN_MASK
    n = len(s)
    spots = PLACES.get((k, n, 2))
    if spots is None:
        spots = places(k, n)
    head, tail = s[:k], s[k + 1:]
    out = []
    for c in cands:
        t = head + c + tail
        for a, b in spots:
            w = t[a:b]
            h = hash(w)
            # :func:`known`, in place: most of these slices are no word
            if bits[h & mask]:
                cnt = freq.get(w) or low.get(h)
                if cnt:
                    out.append((a, b, cnt))
    return out


def _word_bounds(s: str, k: int, words) -> list[tuple[int, int, int, float]]:
    """``(a, b, count, top)`` for each of ``words`` (:func:`_words_around`): ``top`` is at least
    the word's term in :func:`gain_bound` plus ``logp(s[k])``, up to rounding: its
    ``log(count) - floor`` less the log probabilities of the context's characters, each as a
    word of its own (the best route of the context is at least as probable as that one)."""
    freq, floor, log = FREQ, _LOG_TOTAL, math.log
    single: dict[int, float] = {}
    out = []
    for a, b, cnt in words:
        top = log(cnt) - floor
        for j in range(a, b):
            if j != k:
                v = single.get(j)
                if v is None:
                    single[j] = v = log(freq.get(s[j]) or 1) - floor
                top -= v
        out.append((a, b, cnt, top))
    return out


def score(s: str) -> float:
    """Log probability of the best route of ``s``."""
    return sum(logp(w) for w in route(s))
