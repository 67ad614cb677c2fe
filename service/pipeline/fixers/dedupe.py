"""Dedupe: a paragraph or sentence run the extractor printed twice in a row is removed once.

PDF-to-markdown extractors sometimes emit the text of a column twice: page ``000`` prints the
second half of a paragraph (after a column break) again as a paragraph of its own.  Only a
repetition *in a row* is removed, and only when it is long enough to be text rather than a
formula: the same short phrase in two articles, or a slogan repeated on purpose, stays.

Each removal is a deletion in the edit log (the separator and the repeated copy);
:func:`~service.pipeline.clean_page` also reports it in ``furniture`` with kind ``duplicate``.
"""

from __future__ import annotations

import re
from itertools import compress, count, repeat
from operator import itemgetter

from ..edits import Change
from ..options import Options
from ..rules import rule
from .remember import remember_last

MIN_CHARS = 16  #: a repeat shorter than this (spaces aside) is a phrase, not a duplicate
MAX_RUN = 4  #: longest run of sentences looked for inside a paragraph

_PARA_RE = re.compile(r"[^\n]+")
_END_MARKS = ("。", "！", "？", "!", "?")  #: what ends a sentence
_CLOSERS = "”’」』）)"  #: what may close a sentence after its end mark
#: a sentence: up to its end mark and closing quotes/brackets.  It matches at every position, so
#: its matches tile a paragraph without gaps (and end with one empty match).  Made from the two
#: constants above, which :func:`_some_sentence_twice` cuts by without it.
_SENTENCE_RE = re.compile(rf"[^{''.join(_END_MARKS)}]*(?:[{''.join(_END_MARKS)}][{_CLOSERS}]{{0,2}}|$)")
_SPACED = re.compile(r"[ \t\u3000]")
_AFTER_LAST_BREAK = itemgetter(2)  #: of ``str.rpartition("\n")``
_CUT = "\x00"  #: put after each end mark to cut a page into sentences (a NUL is not text)


def _compact(s: str) -> str:
    """Without spaces (``str.replace`` is a memchr scan; ``translate`` a dict look-up per char)."""
    if " " in s:
        s = s.replace(" ", "")
    if "\t" in s:
        s = s.replace("\t", "")
    if "\u3000" in s:
        s = s.replace("\u3000", "")
    return s


@remember_last
def _compact_page(text: str) -> str:
    """:func:`_compact` of a page, remembered for the next call: both rules' page-wide tests
    start from it, and the sentence rule most often gets the text the paragraph rule got (the
    paragraph rule changes a page only where it repeats a paragraph).

    >>> _compact_page("专精特新 企业\\u3000群体") is _compact_page("专精特新 企业\\u3000群体")
    True
    """
    return _compact(text)


@rule("dedupe.paragraph", "dedupe", example=("体系，壮大。\n\n壮大。", "体系，壮大。"))
def drop_repeated_paragraphs(text: str, opts: Options) -> list[Change]:
    """Remove a paragraph that repeats the end of the paragraph before it (or all of it).

    >>> from ..edits import apply_changes
    >>> t = ("相适应的政策体系，专精特新企业群体进一步壮大、创新能力明显提升。\\n\\n"
    ...      "专精特新企业群体进一步壮大、创新能力明显提升。\\n\\n习近平在第四次")
    >>> apply_changes(t, drop_repeated_paragraphs(t, None))
    '相适应的政策体系，专精特新企业群体进一步壮大、创新能力明显提升。\\n\\n习近平在第四次'
    >>> drop_repeated_paragraphs("漯河日报微信\\n\\n漯河日报微信", None)
    []
    """
    changes: list[Change] = []
    if not _some_paragraph_ends_the_last(text):
        return changes
    prev = None  # (end, compact text) of the previous paragraph
    for m in _PARA_RE.finditer(text):
        body = m.group()
        if not body.strip():
            continue
        c = _compact(body.strip())
        if prev is not None and len(c) >= MIN_CHARS and prev[1].endswith(c):
            changes.append(Change(prev[0], m.end(), "", "dedupe.paragraph"))
            prev = (m.end(), prev[1])  # the earlier copy stays the reference; a third copy goes too
            continue
        prev = (m.start() + len(body.rstrip()), c)
    return changes


def _some_paragraph_ends_the_last(text: str) -> bool:
    """Does some paragraph, spaces aside, end the paragraph before it (or equal it), and is it long
    enough to be a duplicate?  When none is, :func:`drop_repeated_paragraphs` removes nothing.

    Why: the paragraphs of the whole page, stripped and without spaces, are compared in C, where
    the rule's loop makes each of them one by one.  Taking the spaces out of the whole text and
    then stripping each line gives what the rule compares (it strips, then takes them out).

    >>> _some_paragraph_ends_the_last(
    ...     "政策体系，专精特新企业群体进一步壮大、创新能力明显提升。\\n\\n专精特新企业群体 进一步壮大、创新能力明显提升。")
    True
    >>> _some_paragraph_ends_the_last("漯河日报微信\\n\\n漯河日报")
    False
    """
    paragraphs = list(filter(None, map(str.strip, _compact_page(text).split("\n"))))
    ends = list(map(str.endswith, paragraphs, paragraphs[1:]))
    if True not in ends:
        return False
    return any(len(paragraphs[k + 1]) >= MIN_CHARS for k in compress(count(), ends))


@rule("dedupe.sentences", "dedupe", example=("壮大、提升。壮大、提升。", "壮大、提升。"))
def drop_repeated_sentences(text: str, opts: Options) -> list[Change]:
    """Remove a run of whole sentences printed twice in a row inside one paragraph.

    >>> from ..edits import apply_changes
    >>> t = "下一步，将发挥引领作用，完善协同创新机制。下一步，将发挥引领作用，完善协同创新机制。加强政策协同。"
    >>> apply_changes(t, drop_repeated_sentences(t, None))
    '下一步，将发挥引领作用，完善协同创新机制。加强政策协同。'
    >>> drop_repeated_sentences("好。好。好。", None)
    []
    >>> apply_changes(t[:21] * 3, drop_repeated_sentences(t[:21] * 3, None))  # three copies: one stays
    '下一步，将发挥引领作用，完善协同创新机制。'
    """
    changes: list[Change] = []
    if not _some_sentence_twice(text):
        return changes
    for para in _PARA_RE.finditer(text):
        sentences = _SENTENCE_RE.findall(para.group())
        sentences.pop()  # the empty match at the end
        n = len(sentences)
        if n < 2:
            continue
        keys = [_compact(s) for s in sentences] if _SPACED.search(para.group()) else sentences
        if len(set(keys)) == n:
            continue  # no sentence twice: no run can repeat (most paragraphs stop here)
        starts = [para.start()]  # the sentences are contiguous: each starts where the last ended
        for s in sentences:
            starts.append(starts[-1] + len(s))
        i = 0
        while i < n:
            step = 1
            key = keys[i]
            for k in range(1, min(MAX_RUN, (n - i) // 2) + 1):
                if keys[i + k] != key:
                    continue  # the run's first sentence is not repeated k sentences on
                first = keys[i:i + k]
                if first == keys[i + k:i + 2 * k] and sum(map(len, first)) >= MIN_CHARS:
                    end = i + 2 * k
                    while keys[end:end + k] == first:
                        end += k  # a third copy goes too (or cleaning again would remove it)
                    changes.append(Change(starts[i + k], starts[end], "", "dedupe.sentences"))
                    step = end - i
                    break
            i += step
    return changes


def _some_sentence_twice(text: str) -> bool:
    """Does some sentence come twice in ``text`` (spaces aside)?  When none does, no paragraph
    repeats a run of sentences, and the paragraphs need not be split one by one.

    Why: the page is cut into sentences by ``str.replace`` and ``str.split`` (memchr scans), not
    by ``_SENTENCE_RE``, whose class test of every character costs several times more.  A cut
    (``_CUT``) is put after every end mark; each piece but the last then ends a sentence as the
    rule cuts it, and what follows its last line break is the sentence the rule compares, less
    the closing quotes or brackets that begin it (they close the sentence before) and those that
    follow it (they begin the next piece).  Equal sentences give equal such pieces, so a repeated
    run (whose every sentence ends in an end mark: a sentence follows each of its first copy's)
    makes two equal pieces.  Two sentences that differ only by their closers make equal pieces
    too: the rule then looks paragraph by paragraph and finds nothing, the same outcome.  A text
    that holds the cut character itself is looked at paragraph by paragraph.

    >>> _some_sentence_twice("加强政策协同\\n完善协同创新机制。完善协同创新机制。")
    True
    >>> _some_sentence_twice("完善协同创新机制\\n完善协同创新机制。")
    False
    >>> _some_sentence_twice("专精特新。”专精特新。)好")
    True
    """
    if _CUT in text:
        return True
    text = _compact_page(text)
    for mark in _END_MARKS:
        if mark in text:
            text = text.replace(mark, mark + _CUT)
    pieces = text.split(_CUT)
    pieces.pop()  # what follows the last end mark
    ends = list(map(str.lstrip, map(_AFTER_LAST_BREAK, map(str.rpartition, pieces, repeat("\n"))),
                    repeat(_CLOSERS)))
    return len(set(ends)) < len(ends)


RULES = (drop_repeated_paragraphs.rule, drop_repeated_sentences.rule)
