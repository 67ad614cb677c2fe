"""English intrusions: a Chinese function word that a model-based OCR wrote in English.

An OCR engine built on a language model sometimes "translates" a short function word while it
reads a Chinese line: ``科学布局 and 动态优化`` where the paper prints ``科学布局和动态优化``.
Only a lone lower-case English function word with Chinese on both sides is taken for one; Latin in
Latin context (``PPT``, ``1+4+N``, an English sentence, a name) never matches, since each
neighbour must be a Han character, with at most spaces between.
"""

from __future__ import annotations

import re

from ...edits import Change
from ...options import Options
from ...rules import rule
from .doubled import HAN

#: English function word -> the Chinese word an OCR model translated it from.  Only words whose
#: Chinese is one word in the same place are here: ``and`` 和 (also 与, 及: 和 is by far the most
#: frequent of them in news text, and the one seen), ``or`` 或.  ``of`` (X of Y is Y的X), ``the``,
#: ``with`` and ``in`` change the word order or have no one Chinese counterpart, so they are not.
FUNCTION_WORDS: dict[str, str] = {
    "and": "和",
    "or": "或",
}

_SPACES = " \u00a0\u3000"
_INTRUSION = re.compile(
    rf"(?<=[{HAN}])[{_SPACES}]*({'|'.join(FUNCTION_WORDS)})[{_SPACES}]*(?=[{HAN}])"
)


def _starts(text: str):
    """Where :data:`_INTRUSION` can match, in order: before each occurrence of a function word,
    back over the spaces before it.  ``str.find`` scans a page far faster than the regex does,
    and most pages hold no ``and``/``or`` at all.  The word fixes the start (a match holds one
    word, and only spaces lie between it and the Han character the lookbehind wants), and
    matches cannot overlap (a Han character ends one before the next begins), so matching at
    these starts finds what ``_INTRUSION.finditer`` finds."""
    at = []
    for word in FUNCTION_WORDS:
        p = text.find(word)
        while p != -1:
            s = p
            while s and text[s - 1] in _SPACES:
                s -= 1
            at.append(s)
            p = text.find(word, p + 1)
    return sorted(at)


@rule("repair.english_intrusion", "repair", example=("科学布局 and 动态优化", "科学布局和动态优化"))
def fix_english_intrusion(text: str, opts: Options):
    """An English function word between Chinese words goes back to its Chinese (``and`` → 和).

    >>> from ...edits import apply_changes
    >>> s = "政府引导和市场运作相结合、科学布局 and 动态优化相结合"
    >>> apply_changes(s, list(fix_english_intrusion(s, None)))
    '政府引导和市场运作相结合、科学布局和动态优化相结合'
    >>> list(fix_english_intrusion("年终采取 PPT 或视频展示，按照“1+4+N”的模式", None))
    []
    >>> apply_changes("布局and动态", list(fix_english_intrusion("布局and动态", None)))
    '布局和动态'
    >>> list(fix_english_intrusion("the rich and the poor", None))
    []
    """
    for s in _starts(text):
        m = _INTRUSION.match(text, s)
        if m is not None:
            yield Change(m.start(), m.end(), FUNCTION_WORDS[m.group(1)], "repair.english_intrusion")
