"""Script: detect the page's script and convert with OpenCC (simplified / traditional).

``auto`` (the default) keeps the page's own script and converts only the characters that stray
from it: an OCR'd simplified page with a few traditional characters (or a radical repaired to
its traditional form, ``⾨`` → 門) comes out all simplified, and the reverse.  ``zh-Hans``,
``zh-Hant``, ``zh-TW`` and ``zh-HK`` convert the whole text with the OpenCC configuration for
that target; ``keep`` converts nothing.

OpenCC converts by phrase (``乾隆`` stays, ``乾淨`` → ``干净``); the changes are reported
character by character by comparing its output with the input line by line.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import islice
from typing import Iterator

import opencc

from ..edits import Change, apply_changes
from ..options import Options
from ..rules import rule
from .remember import remember_last

#: OpenCC configurations, built once (building one reads its dictionaries).  zh-TW uses s2twp:
#: Taiwan variants *and* phrases (软件 → 軟體, 信息 → 資訊); zh-HK uses s2hk (Hong Kong variants).
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
_CONVERTERS = {
    "zh-Hans": _T2S,
    "zh-Hant": _S2T,
    "zh-TW": opencc.OpenCC("s2twp"),
    "zh-HK": opencc.OpenCC("s2hk"),
}
#: a page that is already traditional is not run through s2* again (s2t reads the 郁 of an
#: already converted 濃郁 as simplified 鬱): its strays are fixed, then the regional variants
#: applied with the t2* configurations
_REGIONAL = {"zh-TW": opencc.OpenCC("t2tw"), "zh-HK": opencc.OpenCC("t2hk")}

#: Simplified characters that are also standard traditional characters in their own right
#: (台 of 台灣 and 兄台, 里 of 鄰里, 后 queen, 干 干涉, 范 surname, 征 征伐, 余 I/surname,
#: 准 permit, 丑 earthly branch, 斗 dipper, 朴 surname, 游 swim, 云 say, 咸 all, 划 row, 凶,
#: 吁, 郁 surname, 占 divine, 于 surname, 采 神采, 杰, 几 small table, 伙 伙食, 佣 佣金, 尸,
#: 咨 咨詢, 术 白术, 辟 復辟, 涂 surname, 霉, 仆 fall): s2t would rewrite them, but a traditional
#: page that has them is right, so ``auto`` leaves them alone.
_VALID_IN_TRADITIONAL = frozenset("台里后干范征余准丑斗朴游云咸划凶吁郁占于采杰几伙佣尸咨术辟涂霉仆")


def _script_tables() -> tuple[str, str]:
    """The characters only a traditional text has, and those only a simplified text has.

    One OpenCC call per direction over every BMP ideograph (newline separated, so no phrase
    spans two characters): a character t2s changes is traditional-only, one s2t changes is
    simplified-only.  Characters both change (variant pairs) tell nothing and are left out.
    """
    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    joined = "\n".join(chars)
    to_simp = _T2S.convert(joined).split("\n")
    to_trad = _S2T.convert(joined).split("\n")
    trad = {c for c, s in zip(chars, to_simp) if s != c}
    simp = {c for c, t in zip(chars, to_trad) if t != c}
    both = trad & simp
    return "".join(sorted(trad - both)), "".join(sorted(simp - both - _VALID_IN_TRADITIONAL))


_TRAD_ONLY, _SIMP_ONLY = _script_tables()
#: the traditional-only characters as the inside of a regex character class
TRAD_CLASS = re.escape(_TRAD_ONLY)
_TRAD_RE = re.compile(f"[{TRAD_CLASS}]")
_SIMP_RE = re.compile(f"[{re.escape(_SIMP_ONLY)}]")


def simplified(s: str) -> str:
    """``s`` in simplified characters, for a look-up in a simplified word list (the repairs'
    lexicon): ``s`` itself when it has no traditional-only character (most text) or when t2s
    would change its length (a phrase rewritten), so that positions in it still hold.

    >>> simplified("研究所所長"), simplified("研究所所长"), simplified("踏踏實實")
    ('研究所所长', '研究所所长', '踏踏实实')
    """
    if _TRAD_RE.search(s) is None:
        return s
    out = _T2S.convert(s)
    return out if len(out) == len(s) else s


#: counts up to this settle the script: when one side reaches it and the other does not, the
#: one that reached it is the larger
_ENOUGH = 64


def _count(pattern: re.Pattern, text: str, limit: int | None = None) -> int:
    """Matches of ``pattern`` in ``text``, counted up to ``limit``."""
    return sum(1 for _ in islice(pattern.finditer(text), limit))


def detect(text: str, no_traditional: bool = False) -> str:
    """The page's dominant script: ``zh-Hans``, ``zh-Hant``, or ``none`` when nothing tells.

    Counts the characters that only a traditional text has against those that only a
    simplified text has (``no_traditional``: a search found none of the first, see
    :func:`_counts`).

    >>> detect("新华社北京12月2日电")
    'zh-Hans'
    >>> detect("新華社北京12月2日電")
    'zh-Hant'
    >>> detect("2024"), detect("中央")
    ('none', 'none')
    """
    return _detect(*_counts(text, no_traditional))


@remember_last
def _counts(text: str, no_traditional: bool = False) -> tuple[int, int]:
    """Traditional-only and simplified-only characters of ``text``, each counted only until it
    is clearly the larger or the smaller: a simplified page has a thousand simplified-only
    characters and no traditional one, and listing them all was most of the cost.

    ``no_traditional``: the caller has searched ``text`` for a traditional-only character (with
    others, in one search) and found none: the search for them, the whole page long on a
    simplified page, is not made again.  Remembered for the last text:
    :func:`~service.pipeline.clean_page` detects the page's script and the script rule counts
    again, on the same text when no rule before it changed it.

    >>> _counts("新华社北京12月2日電"), _counts("新华社北京12月2日电", no_traditional=True)
    ((1, 1), (0, 2))
    """
    n_trad = 0 if no_traditional else _count(_TRAD_RE, text, _ENOUGH)
    n_simp = _count(_SIMP_RE, text, _ENOUGH)
    if n_trad >= _ENOUGH and n_simp >= _ENOUGH:  # a mixed text: count them all
        n_trad, n_simp = _count(_TRAD_RE, text), _count(_SIMP_RE, text)
    return n_trad, n_simp


def _detect(n_trad: int, n_simp: int) -> str:
    if n_trad == n_simp == 0:
        return "none"
    return "zh-Hant" if n_trad > n_simp else "zh-Hans"


def output_script(detected: str, opts: Options) -> str:
    """The script the output is in, given what was detected and the ``script`` option."""
    if opts.script in ("auto", "keep"):
        return detected
    return opts.script


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, end
        start = end + 1


def _diff(a: str, b: str, offset: int, rule_id: str) -> Iterator[Change]:
    """Minimal changes turning ``a`` into ``b`` (one line), shifted by ``offset``."""
    if len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                yield Change(offset + i, offset + i + 1, y, rule_id)
        return
    if len(a) > 2000:  # a phrase changed length in a huge line: one change, not a slow diff
        yield Change(offset, offset + len(a), b, rule_id)
        return
    for op, i0, i1, j0, j1 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            yield Change(offset + i0, offset + i1, b[j0:j1], rule_id)


#: lone surrogates (a run of them), which UTF-8 cannot encode
_SURROGATES_RE = re.compile("([\ud800-\udfff]+)")


def _convert(conv: opencc.OpenCC, text: str) -> str:
    """``conv.convert(text)``, around lone surrogates.

    Why: OpenCC takes UTF-8, which cannot hold a lone surrogate, and raises on one.  The API
    refuses such text (400), but a caller of the library may hand one over (a file decoded with
    ``surrogateescape``): it is kept as it is and the text around it converted.

    >>> _convert(_T2S, "門" + chr(0xD800) + "門") == "门" + chr(0xD800) + "门"
    True
    """
    try:
        return conv.convert(text)
    except UnicodeEncodeError:
        parts = _SURROGATES_RE.split(text)  # the surrogate runs at the odd places
        return "".join(p if k % 2 else conv.convert(p) for k, p in enumerate(parts))


def _convert_all(text: str, conv: opencc.OpenCC, rule_id: str) -> Iterator[Change]:
    yield from _diff_texts(text, _convert(conv, text), rule_id)


def _diff_texts(text: str, out: str, rule_id: str) -> Iterator[Change]:
    """Minimal changes from ``text`` to ``out``, compared line by line."""
    if out == text:
        return
    src_lines = text.split("\n")
    out_lines = out.split("\n")
    if len(src_lines) != len(out_lines):  # OpenCC keeps line ends; be safe if it did not
        yield from _diff(text, out, 0, rule_id)
        return
    pos = 0
    for a, b in zip(src_lines, out_lines):
        if a != b:
            yield from _diff(a, b, pos, rule_id)
        pos += len(a) + 1


def _convert_strays(text: str, stray: re.Pattern, conv: opencc.OpenCC, rule_id: str) -> Iterator[Change]:
    """Convert only the stray characters, each as OpenCC converts it in its line's context."""
    line_end = -1
    converted = ""
    line_start = 0
    for m in stray.finditer(text):
        p = m.start()
        if p > line_end:
            line_start = text.rfind("\n", 0, p) + 1
            line_end = text.find("\n", p)
            if line_end < 0:
                line_end = len(text)
            converted = _convert(conv, text[line_start:line_end])
            if len(converted) != line_end - line_start:
                converted = ""
        to = converted[p - line_start] if converted else conv.convert(m.group())
        if len(to) == 1 and to != m.group():
            yield Change(p, p + 1, to, rule_id)


@rule("script.convert", "script", example=("新华社北京12月2日電", "新华社北京12月2日电"))
def fix_script(text: str, opts: Options) -> Iterator[Change]:
    """Convert to the script the ``script`` option asks for; ``auto`` fixes only strays.

    Why: OCR and mixed sources leave traditional characters in simplified pages (and the
    reverse); consumers want one script, and sometimes a regional standard (zh-TW phrases).

    >>> f = lambda s, script="auto": apply_changes(s, fix_script(s, Options(script=script)))
    >>> f("新华社北京12月2日電 中共中央總书记、国家主席")
    '新华社北京12月2日电 中共中央总书记、国家主席'
    >>> f("新華社北京12月2日電 中共中央總書記、国家主席")
    '新華社北京12月2日電 中共中央總書記、國家主席'
    >>> f("习近平在北京出席座谈会", "zh-Hant")
    '習近平在北京出席座談會'
    >>> f("实施中小企业数字化赋能专项行动，软件信息服务", "zh-TW")
    '實施中小企業數字化賦能專項行動，軟體資訊服務'
    >>> f("新华社北京12月2日電", "keep")
    '新华社北京12月2日電'
    """
    target = opts.script
    if target == "keep":
        return
    n_trad, n_simp = _counts(text)
    detected = _detect(n_trad, n_simp)
    if target == "auto":  # (no stray at all: nothing to convert, no second scan)
        if detected == "zh-Hans" and n_trad:
            yield from _convert_strays(text, _TRAD_RE, _T2S, "script.convert")
        elif detected == "zh-Hant" and n_simp:
            yield from _convert_strays(text, _SIMP_RE, _S2T, "script.convert")
        return
    if target != "zh-Hans" and detected == "zh-Hant":
        fixed = apply_changes(text, _convert_strays(text, _SIMP_RE, _S2T, "script.convert"))
        regional = _REGIONAL.get(target)
        yield from _diff_texts(text, _convert(regional, fixed) if regional else fixed, "script.convert")
        return
    yield from _convert_all(text, _CONVERTERS[target], "script.convert")


RULES = (fix_script.rule,)
