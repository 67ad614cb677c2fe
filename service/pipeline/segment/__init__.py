"""Page to articles: split the cleaned page into articles and furniture."""

from __future__ import annotations

import re

from ..edits import Doc
from ..model import Article, Furniture
from ..options import Options

_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def segment(doc: Doc, opts: Options) -> tuple[list[Article], list[Furniture]]:
    """Blocks separated by blank lines become the paragraphs of one article."""
    text = doc.text
    paras = []
    first = last = None
    for m in _BLOCK.finditer(text):
        block = m.group().strip()
        if not block:
            continue
        paras.append(block)
        first = m.start() if first is None else first
        last = m.end()
    if not paras:
        return [], []
    return [Article(paragraphs=paras, span=doc.to_source_span(first, last))], []
