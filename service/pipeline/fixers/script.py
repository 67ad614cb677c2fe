"""Script: detect the page's script and convert with OpenCC (simplified / traditional)."""

from __future__ import annotations

import opencc

from ..options import Options

# Converters are built once at import: building one reads OpenCC's dictionaries.
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


def detect(text: str) -> str:
    """The page's dominant script: ``zh-Hans``, ``zh-Hant``, or ``none`` when nothing tells.

    Counts the characters that only a traditional text would have (OpenCC t2s changes them)
    against those only a simplified text would have (s2t changes them).

    >>> detect("新华社北京12月2日电")
    'zh-Hans'
    >>> detect("新華社北京12月2日電")
    'zh-Hant'
    >>> detect("2024")
    'none'
    """
    simp = _T2S.convert(text)
    trad = _S2T.convert(text)
    n_trad = n_simp = 0
    if len(simp) == len(text):
        n_trad = sum(1 for a, b in zip(text, simp) if a != b)
    if len(trad) == len(text):
        n_simp = sum(1 for a, b in zip(text, trad) if a != b)
    if n_trad == n_simp == 0:
        return "none"
    return "zh-Hant" if n_trad > n_simp else "zh-Hans"


def output_script(detected: str, opts: Options) -> str:
    """The script the output is in, given what was detected and the ``script`` option."""
    if opts.script in ("auto", "keep"):
        return detected
    return opts.script


RULES: tuple = ()
