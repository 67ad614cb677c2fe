"""Page to articles: split the cleaned page into articles and furniture.

The page is read line by line (after reflow a line is a paragraph or a display line) and each
line gets a role (:func:`_items`): paragraph, display unit (title lines printed together), markdown
heading, byline, caption (a text ending in a photo credit, or followed by a credit line), jump
line, teaser, furniture.  Runs of paragraphs are article bodies; what stands between two bodies
either belongs inside one article (a sub-heading, a caption, a byline after an editor's note) or
marks the boundary between two (:func:`_boundary`).  At a boundary the title lines go to the body
before or the body after: markdown puts titles before their body, pdftotext of a column page
after it, and a page can be of either kind.  The page's reading order is decided by evidence
(:func:`_style`) — how much each title's character bigrams appear in each neighbouring body, and
whether the page opens with a body — and each title block is then given to the body it overlaps
most, or to none (a banner) when it overlaps neither.

Everything is one pass over the lines plus work proportional to the number of title blocks;
the spans are mapped back to the input through the :class:`~service.pipeline.edits.Doc`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter, itemgetter

from ..edits import Doc
from ..model import Article, Furniture
from ..options import Options
from . import furniture as F
from . import heads as H
from . import lines as L

_LINE_RE = re.compile(r"[^\n]+")
#: a run of characters that are not ideographs (written ``[^…][^…]*`` rather than ``[^…]+``: a
#: pattern that starts with a class, not a repeat, lets the engine skip to each run in C)
_NON_HAN_RE = re.compile(f"[^{L._HAN}][^{L._HAN}]*")
_CAPTION_MARK_RE = re.compile(r"^[←→↑↓↖↗↘↙▲▼◀◆●■□][ \u3000]?")
_BYLINE_MARK_RE = re.compile(r"^[□■◆●▲△○◎][ \u3000]?")
_JUMP_END_RE = re.compile(L.JUMP_RE.pattern + r"[ \u3000]*$")
_JUMP_START_RE = re.compile(r"^[ \u3000]*" + L.JUMP_RE.pattern)
_SIGNATURE_RE = re.compile(r"^——[^\s，。]{2,30}[ \u3000][\u4e00-\u9fff·]{2,4}$")
_EDITOR_NOTE_RE = re.compile(r"^(?:编者按|编者的话|编辑手记)[：:]")

_SPANS = attrgetter("spans")
_END = itemgetter(1)

OVERLAP = 0.25  #: share of a title's bigrams found in a body that ties the title to it


@dataclass(slots=True)
class Item:
    kind: str  #: para, display, heading, byline, caption, credit, jump, teaser, furniture
    text: str
    spans: list  #: current-text spans of the lines it is made of
    blank_before: bool
    level: int = 0  #: markdown heading level
    fkind: str = ""  #: furniture kind
    jump: str = ""  #: jump marker printed at the end (or start) of a paragraph
    marks: list = field(default_factory=list)  #: (current span, text) of marks dropped


def _raw(doc: Doc, c0: int, c1: int) -> str:
    s0, s1 = doc.to_source_span(c0, c1)
    return doc.source[s0:s1]


_SENTENCE_PUNCT_RE = re.compile(r"[，。；！？,;!?]")


def _is_para(text: str) -> bool:
    """A paragraph ends a sentence or is long and has sentence punctuation; else it is a display
    line (a title printed on one long line has none: ``…强调 坚定战略自信 勇于担当作为 …``)."""
    if L.terminal(text) or _SIGNATURE_RE.match(text):
        return True
    w = L.width(text)
    return w >= L_NARROW and (w >= 60 or _SENTENCE_PUNCT_RE.search(text) is not None)


L_NARROW = 30.0


def _items(doc: Doc) -> list[Item]:
    """One item per line of the current text, display lines printed together merged into units.

    Most lines are paragraphs: the tests that need a line short, or a given first or last
    character, are guarded by that cheap condition before their pattern runs, and the raw line
    behind a line (a mapping to the input) is only looked up for display units of several lines,
    which need it to join them (:func:`_join_units`).
    """
    text = doc.text
    items: list[Item] = []
    last_end = 0
    for m in _LINE_RE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start()
        c0 = start + line.find(stripped[0])  # the first character that is not a space
        c1 = c0 + len(stripped)
        blank = not items or text.count("\n", last_end, start) > 1
        last_end = m.end()
        first, last = stripped[0], stripped[-1]
        if (last in "。！？!?…" and len(stripped) - stripped.count(" ") > 40 and first not in "#星农"
                and not first.isdecimal()):
            # a sentence too long for any other kind (furniture is at most 40 characters without
            # spaces unless it is a date, which starts with a digit, 星期 or 农历): a paragraph
            items.append(Item("para", stripped, [(c0, c1)], blank))
            continue
        if first == "#":
            level = L.heading_mark(stripped)
            if level:
                mark = L.HEADING_MARK_RE.match(stripped).group()
                marks = [((c0, c0 + len(mark.rstrip())), mark.strip())]
                stripped = stripped[len(mark):].strip()
                c0 += len(mark)
                items.append(Item("heading", stripped, [(c0, c1)], blank, level=level, marks=marks))
                continue
        fk = F.kind(stripped)
        if fk:
            items.append(Item("furniture", stripped, [(c0, c1)], blank, fkind=fk))
            continue
        n = len(stripped)
        if last in "）)" and L.is_jump_line(stripped):
            items.append(Item("jump", stripped, [(c0, c1)], blank))
            continue
        if n <= 24 and last in "摄影" and L.is_credit_line(stripped):
            items.append(Item("credit", stripped, [(c0, c1)], blank))
            continue
        if n <= 40 and L.is_byline_line(stripped):
            marks = []
            if _BYLINE_MARK_RE.match(stripped):
                marks.append(((c0, c0 + 1), first))
            if first in "（(" and last in "）)":
                marks += [((c0, c0 + 1), first), ((c1 - 1, c1), last)]
            items.append(Item("byline", stripped, [(c0, c1)], blank, marks=marks))
            continue
        if (last in "版页）)" and n <= 2 * L_NARROW and L.width(stripped) < L_NARROW
                and L.TEASER_RE.search(L.compact(stripped))):
            prev = items[-1] if items else None
            if prev is not None and prev.kind == "display" and not blank:
                prev.kind = "teaser"  # its lines are joined below (_join_units)
                prev.spans.append((c0, c1))
            else:
                items.append(Item("teaser", stripped, [(c0, c1)], blank))
            continue
        if last == "摄" and L.ends_with_credit(stripped):
            marks = [((c0, c0 + 1), first)] if _CAPTION_MARK_RE.match(stripped) else []
            items.append(Item("caption", stripped, [(c0, c1)], blank, marks=marks))
            continue
        if last in "。！？!?…" or _is_para(stripped):  # ends a sentence: L.terminal at once
            items.append(Item("para", stripped, [(c0, c1)], blank))
            continue
        prev = items[-1] if items else None
        if prev is not None and prev.kind == "display" and not blank:
            prev.spans.append((c0, c1))  # joined below (_join_units)
        else:
            items.append(Item("display", stripped, [(c0, c1)], blank))
    _join_units(doc, items)
    _captions(items)
    _jumps(items)
    return items


def _texts(doc: Doc, spans: list) -> list[str]:
    return [doc.text[a:b] for a, b in spans]


def _join_units(doc: Doc, items: list[Item]) -> None:
    """The text of each display unit of several lines: its lines joined as their raw lines say.

    Why here, once: the raw lines (a mapping to the input each) are needed only by units of
    several lines, and are mapped together in one call (:meth:`Doc.to_source_spans`).  Before
    captions are merged, only display units (and the teasers they became) have several spans.
    """
    units = [it for it in items if len(it.spans) > 1]
    if not units:
        return
    src = doc.source
    raws = iter([src[s0:s1] for s0, s1 in doc.to_source_spans([s for it in units for s in it.spans])])
    for it in units:
        it.text = H.join_lines([(t, next(raws)) for t in _texts(doc, it.spans)])


def _captions(items: list[Item]) -> None:
    """A credit line makes the paragraph before it a caption (caption and credit joined)."""
    for i, it in enumerate(items):
        if it.kind != "credit":
            continue
        prev = items[i - 1] if i else None
        if prev is not None and prev.kind in ("para", "display"):
            prev.kind = "caption"
            prev.text = prev.text + it.text
            prev.spans += it.spans
            it.kind = "merged"
        else:
            it.kind = "caption"
    items[:] = [it for it in items if it.kind != "merged"]
    for it in items:
        if it.kind == "caption":
            cm = _CAPTION_MARK_RE.match(it.text)
            if cm and not it.marks:
                c0 = it.spans[0][0]
                it.marks.append(((c0, c0 + 1), it.text[0]))
            if cm:
                it.text = it.text[cm.end():]


def _jumps(items: list[Item]) -> None:
    """A jump marker printed at the end of a paragraph leaves the text for ``continued``."""
    for it in items:
        if it.kind != "para":
            continue
        t = it.text
        # a marker is at most ~20 characters: look at the end only
        m = ((t[-1] in "）)" and _JUMP_END_RE.search(t, max(0, len(t) - 24)))
             or (t[0] in "（(" and _JUMP_START_RE.match(t)))
        if m:
            it.jump = m.group(1).replace(" ", "")
            c0 = it.spans[0][0]
            it.marks.append(((c0 + m.start(), c0 + m.end()), m.group().strip()))
            it.text = (it.text[:m.start()] + it.text[m.end():]).strip()


# -- bigram evidence ------------------------------------------------------------------------------

def _bigrams(text: str) -> set[int]:
    """The character bigrams of the text's ideographs (other characters dropped first).

    A bigram is the 64-bit integer of its two characters in UTF-32: the set is built by reading
    the encoded text as integers at the two alignments, in C, instead of one two-character string
    per position (three times faster; the bodies of a page hold ~15,000 bigrams).

    >>> len(_bigrams("激发“五三”工程")), _bigrams("五三") == _bigrams("，五三。"), _bigrams("五")
    (5, True, set())
    """
    return _bigram_set(_NON_HAN_RE.sub("", text).encode("utf-32-le"))


def _bigram_set(raw: bytes) -> set[int]:
    """:func:`_bigrams` of ideographs already encoded in UTF-32 (little-endian).

    Each alignment is turned into a list first (``tolist`` makes the integers in one C loop,
    faster than iterating the memoryview); the set is filled in the same order either way, so it
    is the same set, laid out the same (its iteration order matters to the scores' sums).
    """
    view = memoryview(raw)
    even = len(raw) // 8 * 8
    odd = (len(raw) - 4) // 8 * 8 if len(raw) >= 4 else 0
    out = set(view[:even].cast("Q").tolist())
    out.update(view[4:4 + odd].cast("Q").tolist())
    return out


#: UTF-16 high byte -> 0xFF when every code point of that block of 256 is an ideograph of
#: :data:`lines._HAN` (U+3400-U+4CFF, U+4E00-U+9FFF, U+F900-U+FAFF), else 0.
_HAN_ROW = bytes(0xFF if (0x34 <= i <= 0x4C or 0x4E <= i <= 0x9F or i in (0xF9, 0xFA)) else 0
                 for i in range(256))
#: the blocks that are partly ideographs (U+2E80-U+2FDF radicals, U+4D00-U+4DBF): a text with
#: any character in them takes the regular expression instead.
_MIXED_ROWS = (b"\x2e", b"\x2f", b"\x4d")


def _han_only(texts: list[str]) -> list[bytes]:
    """The ideographs of each text (``_NON_HAN_RE.sub("", text)``), encoded in UTF-32.

    Why: dropping the punctuation, digits and Latin of the bodies with the regular expression
    costs one match per run of them (~650 a page), more than the bigram sets.  Here the bodies
    of the page are handled at once by whole-buffer operations in C: in UTF-16 an ideograph is
    told by its high byte alone (one ``bytes.translate``), every other unit is zeroed with one
    big-integer AND, and the zeroed units are removed with one ``bytes.replace`` (an ideograph's
    high byte is never 0, so a pair of zero bytes can only be a whole zeroed unit).  A text with
    characters outside the BMP or in a block only partly made of ideographs takes the regular
    expression (same result).

    >>> _han_only(["激发“五三”工程", "", "a1，"]) == [t.encode("utf-32-le") for t in ("激发五三工程", "", "")]
    True
    >>> _han_only(["⺮竹", "𠀀中"]) == [t.encode("utf-32-le") for t in ("⺮竹", "中")]
    True
    """
    joined = "".join(texts)
    b = joined.encode("utf-16-le", "surrogatepass")  # a lone surrogate is one unit, dropped
    hi = b[1::2]
    if len(b) != 2 * len(joined) or any(r in hi for r in _MIXED_ROWS):
        return [_NON_HAN_RE.sub("", t).encode("utf-32-le") for t in texts]
    keep = hi.translate(_HAN_ROW)
    mask = bytearray(len(b))
    mask[0::2] = keep
    mask[1::2] = keep
    kept = (int.from_bytes(b, "little") & int.from_bytes(mask, "little")).to_bytes(len(b), "little")
    han = kept.replace(b"\0\0", b"").decode("utf-16-le").encode("utf-32-le")
    out = []
    pos = start = 0
    for t in texts:
        n = keep.count(0xFF, pos, pos + len(t))
        out.append(han[4 * start:4 * (start + n)])
        pos += len(t)
        start += n
    return out


def _held(raw: bytes, wanted: set[int]) -> set[int]:
    """The bigrams of ``wanted`` that the ideographs ``raw`` (UTF-32) hold: ``wanted & _bigram_set(raw)``.

    Why: the evidence only asks which bodies hold the bigrams of the titles; testing each
    bigram of a body against those (one C call per alignment) costs a third less than building
    the body's own set, which holds thousands of bigrams no title has.

    >>> _held("激发五三工程".encode("utf-32-le"), _bigrams("五三，总书记")) == _bigrams("五三")
    True
    """
    view = memoryview(raw)
    even = len(raw) // 8 * 8
    odd = (len(raw) - 4) // 8 * 8 if len(raw) >= 4 else 0
    out = wanted.intersection(view[:even].cast("Q"))
    out.update(wanted.intersection(view[4:4 + odd].cast("Q")))
    return out


class _Evidence:
    """Which bodies of a page hold each bigram of its titles, each bigram weighted by how few do.

    The same title is scored against the same body several times (the reading-order vote, then
    the distribution of the titles): each score is computed once.  The titles of the page are
    known before any is scored (the display, heading and caption lines between the bodies), so
    they and the bodies are reduced to their ideographs in one pass (:func:`_han_only`), and of
    each body only the title bigrams it holds are kept (:func:`_held`), not its whole bigram set.
    A text that was not in the batch is handled alone the first time it is scored (same figures).

    A score sums the weights of the hits in the order of the set ``grams & body_set`` (float
    sums depend on their order), and that order is the order of the smaller set: the title's
    when the body holds more bigrams, which is known without the body's set once it holds more
    than the title has (:meth:`_hits`); otherwise the body's set is built, once.
    """

    def __init__(self, bodies: list[str], titles: list[str] = ()):
        titles = list(dict.fromkeys(titles))
        raws = _han_only(list(bodies) + titles)
        n = len(bodies)
        #: the ideographs of each body, UTF-32
        self._raws = raws[:n]
        #: the bigram set of each body, built only when a score needs its order (:meth:`_hits`)
        self._sets: list[set[int] | None] = [None] * n
        self._grams: dict[str, set[int]] = dict(zip(titles, map(_bigram_set, raws[n:])))
        #: every title bigram looked up in the bodies so far
        self._wanted: set[int] = set().union(*self._grams.values())
        #: the bigrams of ``_wanted`` each body holds
        self._held = [_held(raw, self._wanted) for raw in self._raws]
        #: a lower bound of the number of distinct bigrams of each body (:meth:`_more_than`)
        self._least = list(map(len, self._held))
        #: 1.0 / n for every count n a bigram can have
        self._inv = [0.0] + [1.0 / k for k in range(1, n + 1)]
        #: 1 / (bodies holding it) of each title bigram that a body holds
        self._weight: dict[int, float] = {}
        self._weigh(self._held)
        self._scores: dict[tuple[str, int], float] = {}

    def _weigh(self, held: list[set[int]]) -> None:
        """Weigh the bigrams of ``held`` (what each body holds of bigrams not weighed yet)."""
        df = Counter(chain.from_iterable(held))
        self._weight.update(zip(df, map(self._inv.__getitem__, df.values())))

    def _add(self, texts: list[str]) -> None:
        """Take the bigrams of titles not seen yet and weigh those not weighed yet."""
        texts = [t for t in texts if t not in self._grams]
        if not texts:
            return
        grams = list(map(_bigrams, texts))  # titles are short: the pattern costs less here
        self._grams.update(zip(texts, grams))
        new = set().union(*grams).difference(self._wanted)
        if new:
            self._wanted |= new
            held = [_held(raw, new) for raw in self._raws]
            for old, h in zip(self._held, held):
                old |= h
            self._least = list(map(max, self._least, map(len, self._held)))
            self._weigh(held)

    def grams(self, text: str) -> set[int]:
        """The bigrams of a title (:func:`_bigrams`)."""
        g = self._grams.get(text)
        if g is None:
            self._add([text])
            g = self._grams[text]
        return g

    def _hits(self, grams: set[int], body: int) -> set[int]:
        """``grams & (the bigram set of body)``, the same set in the same order.

        ``&`` walks the smaller set (the body's when the sizes tie) and keeps what the other
        holds.  When the body holds more bigrams than ``grams`` has (:meth:`_more_than`), the
        walk is over ``grams``, and whether the body holds one ``_held`` answers.
        """
        full = self._sets[body]
        if full is None:
            held = self._held[body]
            if len(held) > len(grams):
                return grams & held  # the walk is over grams here too
            if self._more_than(body, len(grams)):
                return held.intersection(list(grams))  # a list is walked in its order
            full = self._sets[body] = _bigram_set(self._raws[body])
        return grams & full

    def _more_than(self, body: int, k: int) -> bool:
        """Does the body hold more than ``k`` distinct bigrams?  Told without its set: by the
        title bigrams it holds, else by the bigrams at its first ``k + k // 4 + 2`` even
        positions (a prose body repeats few of them); the best count found is kept."""
        if self._least[body] > k:
            return True
        raw = self._raws[body]
        m = min(len(raw) // 8, k + k // 4 + 2)
        self._least[body] = max(self._least[body], len(set(memoryview(raw)[:8 * m].cast("Q").tolist())))
        return self._least[body] > k

    def score(self, text: str, body: int | None) -> float:
        """Weighted share of the text's bigrams found in body ``body`` (0 when there is none)."""
        if body is None or body < 0 or body >= len(self._raws):
            return 0.0
        key = (text, body)
        out = self._scores.get(key)
        if out is None:
            grams = self.grams(text)
            if not grams:
                out = 0.0
            else:
                # the same sum, term by term and in the same order, as sum(1.0 / df(g) for g in ...)
                out = sum(map(self._weight.__getitem__, self._hits(grams, body))) / len(grams)
            self._scores[key] = out
        return out


# -- articles -----------------------------------------------------------------------------------

@dataclass
class _Body:
    items: list = field(default_factory=list)  #: paragraphs, sub-headings, captions, bylines
    heads: list = field(default_factory=list)  #: title units given to it
    continued: str = ""
    bylines: list = field(default_factory=list)

    def text(self) -> str:
        return "".join(it.text for it in self.items if it.kind == "para")


def _titles(seps: list[list[Item]]) -> list[str]:
    """The texts that the evidence scores: the title and caption lines between the bodies."""
    return [it.text for sep in seps for it in sep if it.kind in ("display", "heading", "caption")]


def _boundary(sep: list[Item], a: list[Item], b: list[Item]) -> bool:
    """Does the separator between two runs of paragraphs end one article and start another?"""
    if not sep:
        return True  # the run was split at a dateline or a jump
    if L.dateline_start(b[0].text) or a[-1].jump:
        return True
    kinds = [it.kind for it in sep]
    if "jump" in kinds or "teaser" in kinds:
        return True
    if any(it.kind == "heading" and it.level <= 2 for it in sep):
        return True
    disp = [it for it in sep if it.kind in ("display", "heading") and it.level != 3]
    if len(disp) >= 3 or any("——" in it.text for it in disp):
        return True
    for i, it in enumerate(sep[:-1]):
        if it.kind == "display" and sep[i + 1].kind == "caption":
            return True  # a photo with its title
    if sep[-1].kind == "byline" and not _EDITOR_NOTE_RE.match(a[0].text):
        return True  # a byline that opens the next article
    if sep[0].kind == "byline" and any(it.kind != "byline" for it in sep):
        return True  # a name closing the article
    return False


def _style(doc_items: list[Item], bodies: list[_Body], seps: list[list[Item]], ev: _Evidence) -> str:
    """``before`` (titles precede their body, as markdown prints them) or ``after`` (pdftotext)."""
    if any(it.kind == "heading" for it in doc_items):
        return "before"
    votes = 0.0
    first = next((it for it in doc_items if it.kind not in ("furniture",)), None)
    if first is not None:
        votes += 1.0 if first.kind == "para" else -1.0
    for j, sep in enumerate(seps):
        a, b = j - 1, j  # separator j stands before body j
        for it in sep:
            if it.kind in ("display", "heading"):
                votes += (ev.score(it.text, a) - ev.score(it.text, b)) * 2
    return "after" if votes > 0 else "before"


def segment(doc: Doc, opts: Options) -> tuple[list[Article], list[Furniture]]:
    """Split the cleaned page into articles (in reading order of their bodies) and furniture."""
    items = _items(doc)
    furniture: list[Furniture] = []

    def furn(text: str, kind: str, spans: list) -> None:
        # furniture is what was removed, so it is reported as printed: the input under its span
        s0, s1 = doc.to_source_span(spans[0][0], spans[-1][1])
        furniture.append(Furniture(doc.source[s0:s1].strip() or text, kind, (s0, s1)))

    # runs of paragraphs and what stands between them
    runs: list[list[Item]] = []
    seps: list[list[Item]] = [[]]
    for it in items:
        if it.kind == "para":
            if runs and not seps[-1] and not L.dateline_start(it.text) and not runs[-1][-1].jump:
                runs[-1].append(it)
            else:
                runs.append([it])
                seps.append([])
        else:
            seps[-1].append(it)
    # seps[j] stands before runs[j]; seps[len(runs)] is the tail
    bodies: list[_Body] = []
    bseps: list[list[Item]] = [seps[0]]
    for j, run in enumerate(runs):
        if j and not _boundary(seps[j], runs[j - 1], run):
            body = bodies[-1]
            for it in seps[j]:
                if it.kind in ("display", "heading"):
                    it.kind = "para"  # a sub-heading inside the article
                body.items.append(it)
            body.items.extend(run)
            continue
        if j:
            bseps.append(seps[j])
        bodies.append(_Body(items=list(run)))
    bseps.append(seps[len(runs)] if runs else [])
    ev = _Evidence([b.text() for b in bodies], _titles(bseps))
    style = _style(items, bodies, bseps, ev)

    extra: list[Article] = []  # photos and teasers
    for j, sep in enumerate(bseps):
        a = j - 1 if j >= 1 else None
        b = j if j < len(bodies) else None
        _distribute(doc, sep, a, b, bodies, ev, style, extra, furn)

    articles = [_article(doc, body, furn) for body in bodies]
    out = [x for x in articles + extra if x is not None]
    out.sort(key=lambda x: x.span[0])
    furniture.extend(_duplicates(doc))
    for it in items:
        for span, text in it.marks:
            furn(text, "jump" if L.JUMP_RE.search(text) else "markup", [span])
    furniture.sort(key=lambda f: f.span[0])
    return out, furniture


def _distribute(doc, sep, a, b, bodies, ev, style, extra, furn) -> None:
    """Give the items between body ``a`` and body ``b`` to them, to photos/teasers, or to furniture."""
    cands: list[Item] = []
    seen_text = False
    n = len(sep)
    for i, it in enumerate(sep):
        k = it.kind
        if k == "furniture":
            furn(it.text, it.fkind, it.spans)
            continue
        if k == "jump":
            m = L.JUMP_RE.search(L.compact(it.text))
            if a is not None:
                bodies[a].continued = m.group(1) if m else it.text
            furn(it.text, "jump", it.spans)  # the marker as printed (continued drops the brackets)
            continue
        if k == "byline":
            rest_bylines = all(x.kind == "byline" for x in sep[i:])
            if b is not None and rest_bylines:
                bodies[b].bylines.append(it)
            elif a is not None and not seen_text:
                bodies[a].bylines.append(it)
            elif b is not None:
                bodies[b].bylines.append(it)
            else:
                furn(it.text, "noise", it.spans)
            continue
        seen_text = True
        if k == "teaser":
            kicker = None
            if cands and cands[-1].kind == "display" and L.width(cands[-1].text) <= 10 \
                    and ev.score(cands[-1].text, a) < OVERLAP and ev.score(cands[-1].text, b) < OVERLAP:
                kicker = cands.pop()
            extra.append(_teaser(doc, it, kicker))
            continue
        if k == "caption":
            sa, sb = ev.score(it.text, a), ev.score(it.text, b)
            prev = sep[i - 1] if i else None
            if max(sa, sb) < OVERLAP:
                title = None
                if style == "before" and prev is not None and prev.kind == "display" and cands and cands[-1] is prev:
                    title = cands.pop()
                extra.append(_photo(doc, it, title))
            else:
                bodies[a if (a is not None and sa >= sb) or b is None else b].items.append(it)
            continue
        cands.append(it)  # display or heading: a title line
    if not cands:
        return
    sa = [ev.score(c.text, a) for c in cands]
    sb = [ev.score(c.text, b) for c in cands]
    to_a: list[Item] = []
    to_b: list[Item] = []
    if style == "after":
        hits = [i for i, s in enumerate(sa) if s >= OVERLAP]
        if a is not None and hits:
            k = hits[-1] + 1
            # a subtitle shares fewer words with its body: it follows while it leans to it
            while k < len(cands) and k < 3 and 0 < sa[k] and sa[k] >= sb[k] and cands[k].kind != "heading":
                k += 1
            to_a = cands[:k]
            rest = cands[k:]
        elif a is not None and not any(s >= OVERLAP for s in sb):
            to_a, rest = cands[:3], cands[3:]
        else:
            rest = cands
        for c, s in zip(cands[len(to_a):], sb[len(to_a):]):
            (to_b if b is not None and s >= OVERLAP else []).append(c)
        rest = [c for c in rest if c not in to_b]
    else:
        lead = 0
        # a title printed after its body on a page that puts titles first: only on strong evidence
        while (lead < len(cands) and a is not None and sa[lead] >= 2 * OVERLAP and sb[lead] < OVERLAP / 3
               and len(ev.grams(cands[lead].text)) >= 5):
            lead += 1
        to_a = cands[:lead]
        if b is not None:
            to_b, rest = cands[lead:], []
        else:
            to_b = []
            rest = cands[lead:]
            if a is not None and not to_a:
                hits = [i for i, s in enumerate(sa) if s >= OVERLAP]
                if hits:
                    to_a, rest = rest[:hits[-1] + 1], rest[hits[-1] + 1:]
    if to_a:
        bodies[a].heads.extend(to_a)
    if to_b:
        bodies[b].heads[:0] = to_b
    for c in rest:
        furn(c.text, "banner", c.spans)


def _split_units(units: list[Item]) -> tuple[str, str, str]:
    return H.split_title([(u.text, u.level) for u in units])


def _teaser(doc: Doc, it: Item, kicker: Item | None) -> Article:
    m = L.TEASER_RE.search(it.text)
    title = it.text[:m.start()].rstrip() if m else it.text
    cont = m.group().strip() if m else ""
    spans = (kicker.spans if kicker else []) + it.spans
    return Article(kind="teaser", kicker=kicker.text if kicker else "", title=title, continued=cont,
                   span=doc.to_source_span(spans[0][0], spans[-1][1]))


def _photo(doc: Doc, it: Item, title: Item | None) -> Article:
    spans = (title.spans if title else []) + it.spans
    return Article(kind="photo", title=title.text if title else "", captions=[it.text],
                   span=doc.to_source_span(spans[0][0], spans[-1][1]))


def _article(doc: Doc, body: _Body, furn) -> Article:
    kicker, title, subtitle = _split_units(body.heads)
    paras = [it for it in body.items if it.kind == "para"]
    caps = [it.text for it in body.items if it.kind == "caption"]
    bylines = body.bylines + [it for it in body.items if it.kind == "byline"]
    dateline = byline = ""
    if paras:
        raw0 = _raw(doc, *paras[0].spans[0])
        dateline, byline = H.dateline_byline(paras[0].text, L.char_spaced(raw0[:30]))
    if not byline and bylines:
        byline = " ".join(H.normalize_byline(b.text) for b in bylines)
    continued = body.continued or next((p.jump for p in reversed(paras) if p.jump), "")
    # the smallest start and the largest end of the spans of all its parts (C loops: a body
    # has dozens of paragraphs)
    spans = list(chain.from_iterable(map(_SPANS, chain(body.heads, body.items, body.bylines))))
    c0 = min(spans)[0]
    c1 = max(map(_END, spans))
    return Article(
        kicker=kicker, title=title, subtitle=subtitle, dateline=dateline, byline=byline,
        paragraphs=[p.text for p in paras if p.text], captions=caps, continued=continued,
        span=doc.to_source_span(c0, c1),
    )


def _duplicates(doc: Doc) -> list[Furniture]:
    """What the dedupe rules removed, reported with its input span."""
    out = []
    for e in doc.edited_by("dedupe."):
        before = e.before
        start = e.start + len(before) - len(before.lstrip())
        end = e.start + len(before.rstrip())
        if end > start:
            out.append(Furniture(doc.source[start:end], "duplicate", (start, end)))
    return out
