"""The lexicon every repair consults: jieba's dictionary of words with frequencies and POS tags.

jieba ships ``dict.txt`` (349,045 words, one ``word freq tag`` a line, counted over a large
general corpus) inside its wheel.  It is read once at import, without importing jieba itself (its
import costs more than the read): the repairs need the word frequencies, never jieba's segmenter.

Only short windows are ever segmented here (a few characters around a suspect position), with
the same rule jieba uses: the route of dictionary words whose product of probabilities is
highest.  Nothing segments a whole page.
"""

from __future__ import annotations

import importlib.util
import math
import os

_spec = importlib.util.find_spec("jieba")
if _spec is None or not _spec.origin:  # pragma: no cover - a declared dependency
    raise ImportError("the repair step needs the jieba package (its dictionary)")
DICT_PATH = os.path.join(os.path.dirname(_spec.origin), "dict.txt")


def _load(path: str) -> tuple[dict[str, int], dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        cells = f.read().split()
    words = cells[0::3]
    return dict(zip(words, map(int, cells[1::3]))), dict(zip(words, cells[2::3]))


#: word -> frequency in jieba's corpus; word -> part-of-speech tag (``ns`` place, ``nr`` person...)
FREQ, TAG = _load(DICT_PATH)
TOTAL = sum(FREQ.values())
_LOG_TOTAL = math.log(TOTAL)
#: words longer than this are never looked up (jieba's longest useful words are idioms of 4-7)
MAX_WORD = 7
#: a word this rare in jieba's list is often noise of its construction (``对对`` 3, ``展展`` 2)
RARE = 5


def logp(word: str) -> float:
    """Log probability of a word; an unknown single character gets jieba's floor (count 1).

    >>> logp("的") > logp("不断") > logp("郓城县")
    True
    """
    return math.log(FREQ.get(word) or 1) - _LOG_TOTAL


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
            if w in FREQ:
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


def score(s: str) -> float:
    """Log probability of the best route of ``s``."""
    return sum(logp(w) for w in route(s))


def words_covering(s: str, i: int, min_len: int = 2, max_len: int = 4) -> list[str]:
    """Dictionary words of ``s`` (length ``min_len``..``max_len``) that include position ``i``.

    >>> words_covering("落地郓城县，", 2)
    ['郓城', '郓城县']
    >>> words_covering("落地郛城县，", 2)
    []
    """
    out = []
    n = len(s)
    for a in range(max(0, i - max_len + 1), i + 1):
        for b in range(max(a + min_len, i + 1), min(n, a + max_len) + 1):
            if s[a:b] in FREQ:
                out.append(s[a:b])
    return out
