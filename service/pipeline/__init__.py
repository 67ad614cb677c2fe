"""The cleaning pipeline: pure functions over text, no Flask.

``normalize(text, options)`` runs the fixers in :data:`ORDER` over any text and returns the clean
text with its edit log; ``clean_page(text, options)`` also splits a page into articles and
furniture.  Every rule is switched by one option (:mod:`service.pipeline.options`) and records
what it changed through :class:`~service.pipeline.edits.Doc`.
"""

from __future__ import annotations

import re
import time
from typing import Any

from .edits import Doc, replay
from .fixers import dedupe as _dedupe
from .fixers import despace as _despace
from .fixers import punctuation as _punctuation
from .fixers import reflow as _reflow
from .fixers import repair as _repair
from .fixers import script as _script
from .fixers import unicode as _unicode
from .model import Article, Furniture
from .options import DEFAULTS, Options
from .rules import Rule
from .segment import segment as _segment

__all__ = ["ORDER", "Options", "DEFAULTS", "normalize", "clean_page", "run", "apply_rule",
           "precheck_passes", "rules", "replay"]

#: The order the rules run in.  Unicode repair first (every later rule sees real ideographs and
#: ASCII digits); punctuation (before de-spacing, which then sees the real marks), de-spacing
#: and script work line by line; reflow joins lines once
#: they are clean; dedupe and repair see whole paragraphs.  Dedupe before repair: a paragraph
#: the extractor printed twice holds its misprints twice, and the lookalike rule would take a
#: misprint printed twice for a spelling the page repeats (a word it lacks) and leave it; the
#: copy gone, it is judged once, as a second cleaning would judge it.
ORDER: tuple[Rule, ...] = (
    *_unicode.RULES,
    *_punctuation.RULES,
    *_despace.RULES,
    *_script.RULES,
    *_reflow.RULES,
    *_dedupe.RULES,
    *_repair.RULES,
)

#: a page's first search: a character the Unicode step repairs (its rules' shared precheck) or
#: one that only a traditional text has (script detection).  On a clean simplified page it finds
#: nothing, and the page was searched once for both instead of twice.
_PAGE_PRECHECK = re.compile(f"[{_unicode.PRECHECK_CLASS}{_script.TRAD_CLASS}]")

_IDS = [r.id for r in ORDER]
assert len(_IDS) == len(set(_IDS)), "rule ids must be unique"


def rules() -> list[dict]:
    """Every rule, in pipeline order, as ``GET /v1/rules`` lists it."""
    return [r.as_dict() for r in ORDER]


def run(text: str, opts: Options = DEFAULTS, seen: dict | None = None) -> Doc:
    """Run every enabled rule over ``text``; the returned Doc holds the text and its edit log.

    ``seen``: what prechecks already found in ``text`` (see :func:`apply_rule`)."""
    doc = Doc(text)
    if seen is None:
        seen = {}
    for r in ORDER:
        if r.enabled(opts):
            apply_rule(doc, r, opts, seen)
    return doc


def apply_rule(doc: Doc, r: Rule, opts: Options, seen: dict) -> None:
    """Run one rule over the Doc, unless its precheck finds nothing in the current text.

    ``seen`` remembers, per precheck pattern, the text it last searched and what it found: the
    rules of a step share one pattern, so a clean page is searched once for the whole step.
    """
    if precheck_passes(doc, r, seen):
        doc.apply(r.fix(doc.text, opts, doc) if r.needs_doc else r.fix(doc.text, opts))


def precheck_passes(doc: Doc, r: Rule, seen: dict) -> bool:
    """Is the rule to run on the Doc's current text: it has no precheck, or its precheck finds
    something there (searched once per text for every rule that shares it, see
    :func:`apply_rule`)?"""
    pre = r.precheck
    if pre is None:
        return True
    text = doc.text
    hit = seen.get(pre)
    if hit is None or hit[0] is not text:
        hit = seen[pre] = (text, pre.search(text) is not None)
    return hit[1]


def _stats(source: str, out_chars: int, doc: Doc, started: float, **more: Any) -> dict:
    return {
        "input_chars": len(source),
        "output_chars": out_chars,
        "edits": doc.edit_count(),
        "edits_by_rule": doc.rule_counts(),
        **more,
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 3),
    }


def normalize(text: str, opts: Options = DEFAULTS) -> dict:
    """Clean text that is not a page (a paragraph, a title): the fixes, no segmentation."""
    started = time.perf_counter()
    doc = run(text, opts)
    return {
        "text": doc.text,
        "edits": doc.edit_dicts(),
        "stats": _stats(text, len(doc.text), doc, started),
    }


def clean_page(text: str, opts: Options = DEFAULTS) -> dict:
    """Clean one raw page: articles, furniture, script, stats, and the edit log if asked."""
    started = time.perf_counter()
    seen: dict = {}
    if _PAGE_PRECHECK.search(text) is None:
        # nothing for the Unicode step, no traditional character: neither is searched for again
        seen[_unicode.PRECHECK] = (text, False)
        detected = _script.detect(text, no_traditional=True)
    else:
        detected = _script.detect(text)
    doc = run(text, opts, seen)
    articles, furniture = _segment(doc, opts)
    out_chars = sum(len(a.text) for a in articles)
    result = {
        "articles": [a.as_dict() for a in articles],
        "furniture": [f.as_dict() for f in furniture],
        "script": {"detected": detected, "output": _script.output_script(detected, opts)},
        "stats": _stats(
            text, out_chars, doc, started,
            articles=len(articles),
            paragraphs=sum(len(a.paragraphs) for a in articles),
        ),
    }
    if opts.explain:
        result["edits"] = doc.edit_dicts()
    return result
