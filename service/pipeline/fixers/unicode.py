"""Unicode repair: code points that PDF fonts and OCR leave behind, mapped to what was printed.

Each rule maps single code points (or a line end), so each edit is one character.  The whole text
is never NFKC-normalised: NFKC also turns ``，`` into ``,`` and ``：`` into ``:``, which is exactly
the damage the punctuation step repairs.  Instead the tables below apply NFKC or NFC to the few
blocks where it is right, one character at a time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable, Iterator

import opencc

from ..edits import Change, apply_changes, coalesce_runs
from ..options import Options
from ..rules import rule
from .charsets import has_any, is_cjk, positions

#: Every code point some rule below changes lies in this class (a superset, by blocks; a test
#: checks every table against it).  A page without any is left alone after one search instead
#: of seven: the pipeline skips every rule of this step when it finds nothing.
PRECHECK_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u034f\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u206f\u2e80-\u2fdf\u3000\uf900-\ufaff\ufeff\uff05\uff0e\uff10-\uff19"
    "\uff21-\uff3a\uff41-\uff5a\U0002f800-\U0002fa1f"
)
PRECHECK = re.compile(f"[{PRECHECK_CLASS}]")

#: a run of more changed code points than this, each at most one character from the next, is
#: one edit (see :func:`_bounded`)
LONG_RUN = 32


def _bounded(fix: Callable[[str, Options], Iterator[Change]]) -> Callable[[str, Options], Iterator[Change]]:
    """The fixer's changes, one per code point, but a run of more than :data:`LONG_RUN` ones at
    most one character apart as one change (:func:`~service.pipeline.edits.coalesce_runs`).

    Why: a damaged page has a few such code points in a row (``２０２４``) and its log reads
    them one by one; a hostile megabyte of them would cost a million edits.
    """

    @functools.wraps(fix)
    def bounded(text: str, opts: Options) -> Iterator[Change]:
        return coalesce_runs(text, fix(text, opts), LONG_RUN, gap=1)

    return bounded


# -- line ends ------------------------------------------------------------------------------

#: CRLF and CR (Windows and old Mac files), form feed (pdftotext's page break), vertical tab,
#: NEL, and the Unicode line and paragraph separators: all become one LF.
_NEWLINE_CHARS = "\r\f\v\x85\u2028\u2029"
#: a run of such line ends (CRLF taken as one)
_LINE_ENDS = re.compile("(?:\r\n?|[\f\v\x85\u2028\u2029])+")


@rule("unicode.newlines", "unicode", example=("新华社北京12月2日电\r\n中共中央", "新华社北京12月2日电\n中共中央"), precheck=PRECHECK)
def fix_newlines(text: str, opts: Options) -> Iterator[Change]:
    """CRLF, CR, form feed and the Unicode separators become LF.

    Why: every later rule works line by line on LF; a CR left inside a line is an invisible
    character that breaks matching.

    >>> apply_changes("本报讯\\r\\n（记者 李丹丹）\\r为倡树\\f", fix_newlines("本报讯\\r\\n（记者 李丹丹）\\r为倡树\\f", Options()))
    '本报讯\\n（记者 李丹丹）\\n为倡树\\n'
    """
    if not has_any(text, _NEWLINE_CHARS):
        return
    for m in _LINE_ENDS.finditer(text):
        p, e = m.span()
        run = m.group()
        n = len(run) - run.count("\r\n")  # line ends in the run
        if n > LONG_RUN:  # a hostile run: one change
            yield Change(p, e, "\n" * n, "unicode.newlines")
            continue
        while p < e:
            q = p + 2 if text.startswith("\r\n", p) else p + 1
            yield Change(p, q, "\n", "unicode.newlines")
            p = q


# -- invisible characters -------------------------------------------------------------------

#: Characters that print nothing: zero-width space, word joiner, BOM / zero-width no-break
#: space, soft hyphen (a hyphenation hint), Mongolian vowel separator, combining grapheme joiner,
#: invisible math operators, bidirectional marks and embeddings (never needed in Chinese text).
_INVISIBLE = (
    "\u200b\u2060\ufeff\u00ad\u180e\u034f\u2061\u2062\u2063\u2064\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: zero-width (non-)joiners shape emoji and some scripts: removed only next to Chinese or spaces
_JOINERS = "\u200c\u200d"


def _joiner_is_stray(text: str, p: int) -> bool:
    a = text[p - 1] if p else " "
    b = text[p + 1] if p + 1 < len(text) else " "
    return a.isspace() or b.isspace() or is_cjk(a) or is_cjk(b)


@rule("unicode.invisible", "unicode", example=("专精特\u200b新", "专精特新"), precheck=PRECHECK)
@_bounded
def fix_invisible(text: str, opts: Options) -> Iterator[Change]:
    """Zero-width characters, BOM, soft hyphen, word joiner and direction marks are removed.

    Why: they come from web copies and PDF text layers, print nothing, and split words for
    search and dedupe (``专精特\\u200b新`` ≠ ``专精特新``).

    >>> apply_changes("\\ufeff专精特\\u200b新\\u00ad企业", fix_invisible("\\ufeff专精特\\u200b新\\u00ad企业", Options()))
    '专精特新企业'
    """
    if not has_any(text, _INVISIBLE + _JOINERS):
        return
    for p in positions(text, _INVISIBLE + _JOINERS):
        if text[p] not in _JOINERS or _joiner_is_stray(text, p):
            yield Change(p, p + 1, "", "unicode.invisible")


# -- control characters ---------------------------------------------------------------------

#: C0 controls but tab and LF (CR, FF, VT are line ends, handled above), DEL, and C1 controls
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


@rule("unicode.controls", "unicode", example=("工业和\x07信息化部", "工业和信息化部"), precheck=PRECHECK)
@_bounded
def fix_controls(text: str, opts: Options) -> Iterator[Change]:
    """Control characters (C0 but tab and line ends, DEL, C1) are removed.

    Why: broken PDF text layers emit them in place of glyphs they cannot map; they are not text
    and break JSON consumers and terminals.

    >>> apply_changes("工业和\\x07信息化部\\x9b", fix_controls("工业和\\x07信息化部\\x9b", Options()))
    '工业和信息化部'
    """
    for m in _CONTROL.finditer(text):
        yield Change(m.start(), m.end(), "", "unicode.controls")


# -- spaces ---------------------------------------------------------------------------------

#: no-break space, the typographic spaces U+2000–U+200A, narrow no-break space, medium
#: mathematical space and the ideographic space U+3000
_ODD_SPACE = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
#: leading whitespace of a line: ``　　`` at the start of a line is the indentation of a
#: paragraph, which the reflow step reads, and is skipped
_LEADING = re.compile(rf"[ \t{_ODD_SPACE}]*")


@rule("unicode.spaces", "unicode", example=("坚定战略自信\u3000勇于担当作为", "坚定战略自信 勇于担当作为"), precheck=PRECHECK)
@_bounded
def fix_spaces(text: str, opts: Options) -> Iterator[Change]:
    """No-break, typographic and ideographic spaces inside a line become a plain space.

    Why: later rules (de-spacing) and every consumer expect one kind of space.  An ideographic
    space U+3000 at the start of a line is paragraph indentation, not a word space: it is left
    for the reflow step, which reads indentation as a paragraph start.

    >>> f = lambda s: apply_changes(s, fix_spaces(s, Options()))
    >>> f("\\u3000\\u3000坚定战略自信\\u3000勇于担当作为\\u00a0")
    '\\u3000\\u3000坚定战略自信 勇于担当作为 '
    """
    if not has_any(text, _ODD_SPACE):
        return
    lead_until = -1
    for p in positions(text, _ODD_SPACE):
        if p < lead_until:
            continue
        q = p
        while q > 0 and text[q - 1] in " \t":
            q -= 1
        if q == 0 or text[q - 1] == "\n":  # only whitespace before it on its line: an indent
            lead_until = _LEADING.match(text, p).end()
            continue
        yield Change(p, p + 1, " ", "unicode.spaces")


# -- radicals -------------------------------------------------------------------------------

#: Radicals of the CJK Radicals Supplement that NFKC leaves alone, by hand: what each is when a
#: PDF font uses it for a whole character or a component.  Checked one by one against the
#: code charts; the simplified forms (C-SIMPLIFIED) are the PRC forms, the J-SIMPLIFIED ones the
#: Japanese forms.  Entries derived below from names agree with these (tests check it).
_SUPPLEMENT = {
    "⺁": "厂",  # CLIFF
    "⺅": "亻",  # PERSON (left-side form)
    "⺉": "刂",  # KNIFE TWO
    "⺌": "小",  # SMALL ONE: 小 without its hook
    "⺍": "小",  # SMALL TWO
    "⺎": "兀",  # LAME ONE
    "⺐": "尢",  # LAME THREE
    "⺒": "巳",  # SNAKE
    "⺓": "幺",  # THREAD
    "⺔": "彑",  # SNOUT ONE
    "⺖": "忄",  # HEART ONE
    "⺘": "扌",  # HAND
    "⺙": "攵",  # RAP
    "⺛": "旡",  # CHOKE
    "⺜": "日",  # SUN
    "⺝": "月",  # MOON
    "⺞": "歺",  # DEATH
    "⺠": "民",  # CIVILIAN
    "⺡": "氵",  # WATER ONE
    "⺢": "氺",  # WATER TWO
    "⺣": "灬",  # FIRE
    "⺤": "爫",  # PAW ONE
    "⺥": "爫",  # PAW TWO
    "⺦": "丬",  # SIMPLIFIED HALF TREE TRUNK (爿 simplified)
    "⺧": "牜",  # COW
    "⺨": "犭",  # DOG
    "⺩": "王",  # JADE
    "⺪": "疋",  # BOLT OF CLOTH
    "⺫": "罒",  # EYE
    "⺬": "示",  # SPIRIT ONE
    "⺭": "礻",  # SPIRIT TWO
    "⺮": "竹",  # BAMBOO
    "⺯": "糸",  # SILK
    "⺰": "纟",  # C-SIMPLIFIED SILK (component: 糸 has no standalone simplification)
    "⺱": "罓",  # NET ONE
    "⺲": "罒",  # NET TWO
    "⺳": "罓",  # NET THREE
    "⺴": "罒",  # NET FOUR
    "⺵": "罒",  # MESH
    "⺶": "羊",  # SHEEP
    "⺷": "羊",  # RAM
    "⺹": "耂",  # OLD
    "⺺": "肀",  # BRUSH ONE
    "⺻": "聿",  # BRUSH TWO
    "⺼": "月",  # MEAT
    "⺽": "臼",  # MORTAR
    "⺾": "艹",  # GRASS ONE
    "⺿": "艹",  # GRASS TWO
    "⻀": "艹",  # GRASS THREE
    "⻁": "虍",  # TIGER
    "⻂": "衤",  # CLOTHES
    "⻃": "覀",  # WEST ONE
    "⻄": "西",  # WEST TWO
    "⻆": "角",  # SIMPLIFIED HORN
    "⻇": "角",  # HORN
    "⻈": "讠",  # C-SIMPLIFIED SPEECH (component)
    "⻊": "足",  # FOOT
    "⻌": "辶",  # SIMPLIFIED WALK
    "⻍": "辶",  # WALK ONE
    "⻎": "辶",  # WALK TWO
    "⻏": "阝",  # CITY
    "⻐": "钅",  # C-SIMPLIFIED GOLD (component)
    "⻑": "長",  # LONG ONE
    "⻒": "镸",  # LONG TWO
    "⻕": "阜",  # MOUND ONE
    "⻖": "阝",  # MOUND TWO
    "⻗": "雨",  # RAIN
    "⻘": "青",  # BLUE
    "⻝": "食",  # EAT ONE
    "⻞": "飠",  # EAT TWO
    "⻟": "食",  # EAT THREE
    "⻠": "饣",  # C-SIMPLIFIED EAT (component)
    "⻡": "首",  # HEAD
    "⻣": "骨",  # BONE
    "⻤": "鬼",  # GHOST
    "⻨": "麦",  # SIMPLIFIED WHEAT
    "⻩": "黄",  # SIMPLIFIED YELLOW
    "⻫": "斉",  # J-SIMPLIFIED EVEN
    "⻭": "歯",  # J-SIMPLIFIED TOOTH
    "⻯": "竜",  # J-SIMPLIFIED DRAGON
    "⻱": "龜",  # TURTLE
    "⻲": "亀",  # J-SIMPLIFIED TURTLE
}


def _derived_supplement() -> dict[str, str]:
    """Supplement radicals whose ideograph Unicode itself tells.

    NFKC maps two of them (⺟ → 母, ⻳ → 龟).  A ``C-SIMPLIFIED X`` radical is the PRC
    simplification of the Kangxi radical ``X``: its NFKC ideograph through OpenCC t2s
    (``C-SIMPLIFIED GATE`` → ⾨ → 門 → 门), kept only where t2s does simplify it (SPEECH, GOLD,
    EAT, SILK have no standalone simplified form: the table gives their components).
    """
    t2s = opencc.OpenCC("t2s")
    out = {}
    for cp in range(0x2E80, 0x2EFF + 1):
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        nfkc = unicodedata.normalize("NFKC", ch)
        if nfkc != ch:
            out[ch] = nfkc
        elif "C-SIMPLIFIED " in name:
            try:
                kangxi = unicodedata.lookup("KANGXI RADICAL " + name.split("C-SIMPLIFIED ")[1])
            except KeyError:
                continue
            trad = unicodedata.normalize("NFKC", kangxi)
            simp = t2s.convert(trad)
            if simp != trad:
                out[ch] = simp
    return out


#: every radical code point → the ideograph meant: Kangxi radicals by NFKC, the supplement by
#: Unicode's own data first and the commented table for the rest
RADICALS: dict[str, str] = {
    chr(cp): unicodedata.normalize("NFKC", chr(cp))
    for cp in range(0x2F00, 0x2FDF + 1)
    if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}
DERIVED_SUPPLEMENT = _derived_supplement()
RADICALS.update(DERIVED_SUPPLEMENT)
RADICALS.update(_SUPPLEMENT)
#: (a run written ``[x][x]*``, not ``[x]+``: a pattern that starts with a class is scanned fast)
_RADICAL_RE = re.compile("[{0}][{0}]*".format("".join(sorted(RADICALS))))
_RADICAL_TABLE = str.maketrans(RADICALS)


@rule("unicode.radicals", "unicode", example=("⼯业和信息化部", "工业和信息化部"), precheck=PRECHECK)
@_bounded
def fix_radicals(text: str, opts: Options) -> Iterator[Change]:
    """Kangxi radicals and CJK radical supplement code points become the ideographs meant.

    Why: some PDF fonts map common characters to radical code points (``⼯`` U+2F2F for 工,
    ``⻓`` U+2ED3 for 长); they look right but are not the characters, so search, segmentation
    and script conversion miss them.  NFKC maps the Kangxi block only; the supplement needs the
    table.  The Kangxi forms are traditional (⾨ → 門); script conversion then gives 门 on a
    simplified page.

    >>> f = lambda s: apply_changes(s, fix_radicals(s, Options()))
    >>> f("⼯业和信息化部"), f("⻓沙"), f("⻔户"), f("⾨")
    ('工业和信息化部', '长沙', '门户', '門')
    """
    for m in _RADICAL_RE.finditer(text):
        run = m.group()
        if len(run) > LONG_RUN:  # a hostile run: one change, by str.translate
            yield Change(m.start(), m.end(), run.translate(_RADICAL_TABLE), "unicode.radicals")
            continue
        for k, ch in enumerate(run, m.start()):
            yield Change(k, k + 1, RADICALS[ch], "unicode.radicals")


# -- compatibility ideographs ---------------------------------------------------------------

#: CJK Compatibility Ideographs (U+F900–FAFF) and their supplement (U+2F800–2FA1F) with a
#: canonical decomposition: NFC gives the unified ideograph (豈 U+F900 → 豈 U+8C48).  Twelve code
#: points of the block (﨎 U+FA0E…) are unified ideographs themselves and are left out.
COMPAT: dict[str, str] = {
    chr(cp): unicodedata.normalize("NFC", chr(cp))
    for cp in (*range(0xF900, 0xFAFF + 1), *range(0x2F800, 0x2FA1F + 1))
    if unicodedata.normalize("NFC", chr(cp)) != chr(cp)
}
_COMPAT_ONE = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]")  # found fastest one by one
_COMPAT_RUN = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]+")
_COMPAT_TABLE = str.maketrans(COMPAT)


@rule("unicode.compat_ideographs", "unicode", example=("\uf9b5例", "例例"), precheck=PRECHECK)
@_bounded
def fix_compat_ideographs(text: str, opts: Options) -> Iterator[Change]:
    """CJK compatibility ideographs become the unified ideographs they duplicate.

    Why: they come from Korean and Big5 round trips and some PDF fonts; they render the same
    but do not match the unified character in search or dedupe.

    >>> s = "\\uf9b5如\\U0002f81a"
    >>> [hex(ord(c)) for c in apply_changes(s, fix_compat_ideographs(s, Options()))]
    ['0x4f8b', '0x5982', '0x51ac']
    """
    pos = 0
    while (one := _COMPAT_ONE.search(text, pos)) is not None:
        m = _COMPAT_RUN.match(text, one.start())
        pos = m.end()
        run = m.group()
        if len(run) > LONG_RUN:  # a hostile run: one change, by str.translate
            yield Change(m.start(), m.end(), run.translate(_COMPAT_TABLE), "unicode.compat_ideographs")
            continue
        for k, ch in enumerate(run, m.start()):
            to = COMPAT.get(ch)
            if to:
                yield Change(k, k + 1, to, "unicode.compat_ideographs")


# -- full-width Latin -----------------------------------------------------------------------

#: full-width digits and Latin letters → ASCII (U+FF10–FF19, FF21–FF3A, FF41–FF5A); full-width
#: Chinese punctuation (，：；！？（）) is deliberately not here: it is the house style.
FULLWIDTH: dict[str, str] = {
    chr(cp): chr(cp - 0xFEE0)
    for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
#: …and the two signs that belong to a full-width number: a decimal point between digits
#: (１０．５ → 10.5) and a percent sign after one (４０％ → 40%)
#: a run of full-width letters, digits and number signs, and the table that maps it
_FULLWIDTH_RUN = re.compile(r"[０-９Ａ-Ｚａ-ｚ．％][０-９Ａ-Ｚａ-ｚ．％]*")
_FULLWIDTH_TABLE = str.maketrans(FULLWIDTH)
_DIGIT = frozenset("0123456789０１２３４５６７８９")
_NUMBER_SIGNS = {"．": ".", "％": "%"}


@rule("unicode.fullwidth", "unicode", example=("２０２４年", "2024年"), precheck=PRECHECK)
@_bounded
def fix_fullwidth(text: str, opts: Options) -> Iterator[Change]:
    """Full-width Latin letters and digits become ASCII; Chinese punctuation stays full-width.

    Why: house style prints numbers and Latin in half-width (``1.46万家``, ``PPT``); OCR and
    some fonts produce full-width forms that defeat search.  Unlike ftfy's width fix, the
    full-width Chinese marks are kept.

    >>> f = lambda s: apply_changes(s, fix_fullwidth(s, Options()))
    >>> f("累计培育１．４６万家，占比４０％：ＰＰＴ")
    '累计培育1.46万家，占比40%：PPT'
    """
    n = len(text)
    for m in _FULLWIDTH_RUN.finditer(text):
        s, e = m.span()
        run = m.group()
        if e - s > LONG_RUN and "．" not in run and "％" not in run:  # hostile: one change
            yield Change(s, e, run.translate(_FULLWIDTH_TABLE), "unicode.fullwidth")
            continue
        for p in range(s, e):
            ch = text[p]
            to = FULLWIDTH.get(ch)
            if to is None:  # ． between digits, ％ after one
                if not (p and text[p - 1] in _DIGIT):
                    continue
                if ch == "．" and not (p + 1 < n and text[p + 1] in _DIGIT):
                    continue
                to = _NUMBER_SIGNS[ch]
            yield Change(p, p + 1, to, "unicode.fullwidth")


RULES = (
    fix_newlines.rule,
    fix_invisible.rule,
    fix_controls.rule,
    fix_spaces.rule,
    fix_radicals.rule,
    fix_compat_ideographs.rule,
    fix_fullwidth.rule,
)
