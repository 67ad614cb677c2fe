"""The rule registry: every fix the pipeline can make, with the option that switches it.

A rule is a pure function ``fix(text, options) -> iterable of Change`` (changes sorted, not
overlapping, in the coordinates of ``text``), declared with :func:`rule` in its fixer module.
The order the pipeline runs them in is the explicit list :data:`service.pipeline.ORDER`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .edits import Change
from .options import Options

Fix = Callable[[str, Options], Iterable[Change]]


@dataclass(frozen=True)
class Rule:
    id: str  #: stable id, e.g. ``despace.cjk``; the ``rule`` of each edit it makes
    option: str  #: the option that switches it (a field of :class:`Options`)
    summary: str  #: one line: what it fixes and why
    example: tuple[str, str]  #: one real before → after pair
    fix: Fix
    #: the fixer also reads the raw input behind the text: it is called ``fix(text, opts, doc)``
    needs_doc: bool = False
    #: a regex that finds something in any text the rule would change: the pipeline skips the
    #: rule when it finds nothing.  Rules of one step share one pattern, and the pipeline searches
    #: the same text with it only once (most pages have no radical, no control character...)
    precheck: re.Pattern | None = None

    def enabled(self, opts: Options) -> bool:
        return bool(getattr(opts, self.option))

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "option": self.option,
            "default": getattr(Options(), self.option),
            "summary": self.summary,
            "example": {"before": self.example[0], "after": self.example[1]},
        }


def rule(
    id: str, option: str, example: tuple[str, str], needs_doc: bool = False,
    precheck: re.Pattern | None = None,
) -> Callable[[Fix], Fix]:
    """Declare a fixer a rule: attaches ``fn.rule``; the function itself (and so its doctests)
    stays as it is. Its docstring's first line is the rule's summary.

    ``needs_doc``: the pipeline also passes the :class:`~.edits.Doc`, so that the fixer can read
    the raw line behind a line of the current text (reflow: the spacing of a justified line)."""

    def wrap(fn: Fix) -> Fix:
        doc = (fn.__doc__ or "").strip().splitlines()
        fn.rule = Rule(id=id, option=option, summary=doc[0] if doc else id, example=example, fix=fn,
                       needs_doc=needs_doc, precheck=precheck)
        return fn

    return wrap
