"""The neighbour tables of the repairs are their plain definitions, computed faster.

``confusion.shape_neighbours`` finds the targets alike at the corners by an index of three of
the five digits of their codes, and ``lookalike._candidates`` takes the soundalikes a reading at
a time; both are held here to the definitions they replace, on characters drawn from every
table (all 74,807 characters were compared once when the index was written: no difference).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from service.pipeline.fixers.repair import confusion as C
from service.pipeline.fixers.repair import lookalike as LK

#: every character some table knows: decomposed, coded at the corners, or read by pypinyin
_CHARS = sorted(set(C._DECOMP) | set(C._CORNER) | set(C._SOUNDS))
#: the characters of a component shared by hundreds of targets, where the index matters most
_BUSY = [ch for ch in _CHARS if any(p and p[0] in "艹阝氵扌亻口木" for p in C._DECOMP.get(ch, ()))]


def plain_shape_neighbours(ch: str) -> frozenset[str]:
    """The definition: a target sharing a component pattern with one slot open, whose corner
    code agrees with ``ch``'s in at least three digits, compared one by one."""
    out: set[str] = set()
    for parts in C._DECOMP.get(ch, ()):
        out |= C._SLOTS.get(tuple(parts), set())
        for j in range(len(parts)):
            out |= C._SLOTS.get((*parts[:j], "*", *parts[j + 1:]), set())
    out.discard(ch)
    return frozenset(c for c in out if C._corners_agree(ch, c) >= 3)


def plain_candidates(ch: str) -> int:
    """The definition: the bits of every shape and sound neighbour of ``ch``."""
    out = 0
    for c in plain_shape_neighbours(ch) | C.sound_neighbours(ch):
        out |= LK._BIT.get(c, 0)
    return out


_CHAR = st.one_of(st.sampled_from(_CHARS), st.sampled_from(_BUSY), st.characters())


@settings(max_examples=400, deadline=None)
@given(_CHAR)
def test_shape_neighbours_are_the_definition(ch):
    assert C.shape_neighbours.__wrapped__(ch) == plain_shape_neighbours(ch)


@settings(max_examples=400, deadline=None)
@given(_CHAR)
def test_candidates_are_the_definition(ch):
    assert LK._candidates.__wrapped__(ch) == plain_candidates(ch)


@settings(max_examples=100, deadline=None)
@given(_CHAR)
def test_corner_alike_is_three_digits_agreeing(ch):
    expected = {t for t in C._TARGETS if C._corners_agree(ch, t) >= 3}
    assert C._corner_alike(ch) == expected


def test_the_pages_neighbours():
    """The pairs the repairs were built on: 郛/郓 (shape), 荷/菏 (shape and sound)."""
    assert "郓" in C.shape_neighbours("郛")
    assert "菏" in C.shape_neighbours("荷") and "菏" in C.sound_neighbours("荷")
    assert "郓" in LK._chars(LK._candidates("郛"))
    assert "郛" not in LK._chars(LK._candidates("郛"))
