"""The shortcuts in the chain of tests ``repair.lookalike`` runs for each suspect character,
held to the plain definitions they replace."""

import itertools
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from service.pipeline.fixers.repair import lookalike as lk

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"
_SAMPLE = (PAGES / "002_1b84ae08a5e3d540.txt").read_text(encoding="utf-8")[:3000]

#: titles, names, quotation marks of every kind (opening and closing, paired or not), line
#: breaks and common characters, so that names after titles and short quotes are frequent, nest,
#: overlap and run past the limits of 3 and 8 characters
_PROTECT_TEXT = st.lists(
    st.sampled_from(["书记", "董事长", "负责人", "局长", "记者", "尹力", "王", "张辛", "“", "”", "「", "」",
                     "‘", "’", "『", "』", "\n", "引企入菏", "的", "，", "a", "项目落地"]),
    max_size=30,
).map("".join)


def test_the_local_look_matches_the_page_patterns():
    """``_near_protected`` looks as far back as the patterns of ``_protected`` reach: its title
    pattern finds every title ``_TITLED`` knows, and the longest name and quote those patterns
    take are the limits it counts with."""
    for title in lk._TITLES:
        assert lk._TITLED.fullmatch(title + "尹力") and lk._TITLE.fullmatch(title)
    assert lk._TITLED.fullmatch("书记" + "王" * lk._NAME_MAX)
    assert not lk._TITLED.fullmatch("书记" + "王" * (lk._NAME_MAX + 1))
    assert lk._QUOTED.fullmatch("“" + "菏" * lk._QUOTE_MAX + "”")
    assert not lk._QUOTED.fullmatch("“" + "菏" * (lk._QUOTE_MAX + 1) + "”")


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_PROTECT_TEXT, st.builds(lambda a, n: _SAMPLE[a:a + n], st.integers(0, 2900),
                                          st.integers(0, 300))))
def test_near_protected_holds_every_protected_position(text):
    """``_near_protected`` is true wherever ``_protected`` holds the position, so the rule's
    answer (``i in _protected(text)``, asked only when near) is the whole-page answer."""
    protected = lk._protected(text)
    for i in range(len(text)):
        if i in protected:
            assert lk._near_protected(text, i), (text, i)


def _makes_word_plain(window, k, floor, shortest):
    """The definition :func:`lookalike._makes_word` had before its places were precomputed."""
    for size in range(shortest, 5):
        for a in range(max(0, k - size + 1), min(k, len(window) - size) + 1):
            w = window[a:a + size]
            f = lk.L.FREQ.get(w)
            if f is not None and f >= floor and w not in lk._NAMES:
                return True
    return False


@settings(max_examples=1500, deadline=None)
@given(st.integers(0, 2900), st.integers(1, 14), st.integers(0, 13), st.sampled_from("郛郓荷菏的城智"),
       st.sampled_from([lk.L.RARE, lk.MIN_WORD, 1000]), st.sampled_from([2, 3]))
def test_makes_word_is_the_nested_loops(a, n, k, c, floor, shortest):
    """``_makes_word`` answers as the two nested loops over sizes and starts did, in windows of
    the page of every length (longer than the precomputed ones too) and at every position."""
    window = _SAMPLE[a:a + n]
    k = min(k, len(window) - 1)
    window = window[:k] + c + window[k + 1:]
    assert lk._makes_word(window, k, floor, shortest) == _makes_word_plain(window, k, floor, shortest)


def test_makes_word_reaches_four_character_words():
    """一不小心 is a word and none of its two- or three-character parts through 一 is: only the
    longest places of a window find it (fails when lexicon.places stops at three characters)."""
    for window, k in (("一不小心", 0), ("，一不小心摔倒", 1)):
        for shortest in (2, 3):
            assert _makes_word_plain(window, k, lk.L.RARE, shortest)
            assert lk._makes_word(window, k, lk.L.RARE, shortest)


def test_known_filter_holds_every_word():
    """``lexicon.KNOWN`` has the byte of every word of both tables set: a clear byte proves a
    slice is no word, so the look-ups it spares would have found nothing."""
    lex = lk.L
    assert all(map(lex.known, lex.FREQ))
    mask = lex.KNOWN_MASK
    assert all(lex.KNOWN[h & mask] for h in lex._LOW)


def _words_around_plain(s, k, cands):
    """``lexicon._words_around`` without the filter: every place looked up in both tables."""
    out = []
    for c in cands:
        t = s[:k] + c + s[k + 1:]
        for a, b in lk.L.places(k, len(t)):
            cnt = lk.L.FREQ.get(t[a:b]) or lk.L._LOW.get(hash(t[a:b]))
            if cnt:
                out.append((a, b, cnt))
    return out


@settings(max_examples=1500, deadline=None)
@given(st.integers(0, 2900), st.integers(1, 14), st.integers(0, 13),
       st.lists(st.sampled_from("郛郓荷菏的城智结售汇对展"), min_size=1, max_size=5))
def test_words_around_is_every_place_looked_up(a, n, k, cands):
    """The words a candidate forms around ``k`` are those every place's look-up finds, the rare
    ones (``_LOW``, by hash) too, whatever the filter spares."""
    s = _SAMPLE[a:a + n]
    k = min(k, len(s) - 1)
    assert lk.L._words_around(s, k, cands) == _words_around_plain(s, k, cands)


def _suspects_plain(text):
    """The first test of ``repair.lookalike`` as it was a step of Python for each character of
    the class: its two-character spellings looked up in ``_GOOD_PAIRS``."""
    good = lk._GOOD_PAIRS
    return [m.start() for m in lk._RARE.finditer(text)
            if not (text[m.start() - 1:m.start() + 1] in good or text[m.start():m.start() + 2] in good)]


@settings(max_examples=1500, deadline=None)
@given(st.one_of(
    st.builds(lambda a, n: _SAMPLE[a:a + n], st.integers(0, 2900), st.integers(0, 300)),
    # suspects at both ends, beside lone surrogates, astral characters, U+FFFF and class
    # characters side by side (郛郓, 郓城 a good pair, 菏泽 another)
    st.text(st.sampled_from(["郛", "郓", "城", "菏", "泽", "的", "\ud800", "\udfff", "𠀋", "\uffff",
                             "\u3400", "\u9fff", "a", "\n", "，"]), max_size=20),
    st.text(max_size=40),
))
def test_suspects_are_the_pairs_looked_up(text):
    """``_suspects`` (numpy, all at once) finds the positions the per-character test found."""
    assert lk._suspects(lk._codes(text)).tolist() == _suspects_plain(text)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(
    st.builds(lambda a, n: _SAMPLE[a:a + n], st.integers(0, 2900), st.integers(1, 300)),
    # runs of one character (overlapping spellings), suspects at both ends, lone surrogates,
    # class characters side by side (郛郓) and beside common ones (城)
    st.text(st.sampled_from(["郛", "郓", "城", "，", "\ud800", "𠀋", "a"]), min_size=1, max_size=24),
), st.data())
def test_repeated_at_is_str_count(text, data):
    """``_repeated_at`` answers, for each position of a class character asked, whether
    ``str.count`` finds either spelling around it more than once (the plain definition
    :class:`_Spellings` also meets)."""
    held = [m.start() for m in lk._RARE.finditer(text)]
    at = sorted(data.draw(st.sets(st.sampled_from(held), max_size=12))) if held else []
    want = [text.count(text[i:i + 2]) > 1 or text.count(text[i - 1:i + 1]) > 1 for i in at]
    assert lk._repeated_at(text, lk._codes(text), at) == want


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(1, 40), max_size=300))
def test_piles_up_is_the_count_along_the_suspects(gaps):
    """``_piles_up`` (numpy, at once) answers as the count kept suspect by suspect did: some
    ``j``-th suspect (from 1), ``j >= 16``, before position ``12 * j``, or a 256th."""
    at = list(itertools.accumulate(gaps, initial=0))[1:]
    first, per, most = lk._SCRIPT_AFTER
    want = any(j >= first and (j * per > i or j >= most) for j, i in enumerate(at, 1))
    assert lk._piles_up(np.array(at, dtype=np.int64)) is want


def _plausible_plain(window, k):
    """``_plausible`` as it was: the unions of the tables of both neighbours first, then the
    intersections with all the candidates of ``window[k]``."""
    cands = lk._candidates(window[k])
    left, right = window[k - 1:k], window[k + 1:k + 2]
    ok = cands & (lk._FOLLOWS.get(left, 0) | lk._PRECEDES.get(right, 0))
    inner = cands & (lk._FOLLOWS_INSIDE.get(left, 0) | lk._PRECEDES_INSIDE.get(right, 0)) & ~ok
    head, tail = window[:k], window[k + 1:]
    return [*lk._chars(ok), *(c for c in lk._chars(inner) if lk._makes_word(head + c + tail, k, lk.MIN_WORD, 3))]


@settings(max_examples=1500, deadline=None)
@given(st.integers(0, 2900), st.integers(1, 9), st.integers(0, 8),
       st.one_of(st.none(), st.sampled_from("郛郓荷菏的城智淮准泽")))
def test_plausible_among_the_near_words_is_the_plain_definition(a, n, k, c):
    """``_plausible`` (the candidates near a word first, short ``&`` on few bits) keeps the same
    candidates, in the same order, as the plain intersections of every candidate; and the rule's
    ``_near_words`` of the text's neighbours (a non-Han neighbour outside the window) is the
    window's."""
    window = _SAMPLE[a:a + n]
    k = min(k, len(window) - 1)
    if c is not None:
        window = window[:k] + c + window[k + 1:]
    assert lk._plausible(window, k) == _plausible_plain(window, k)
    i = a + k
    if c is None and lk._HAN_CHAR.match(_SAMPLE[i]):
        w, j = lk._window(_SAMPLE, i)
        text_near = lk._near_words(lk._candidates(_SAMPLE[i]), _SAMPLE[i - 1:i], _SAMPLE[i + 1:i + 2])
        assert lk._plausible_among(w, j, text_near) == _plausible_plain(w, j)
