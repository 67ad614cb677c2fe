"""Dedupe: a paragraph or sentence the extractor printed twice is removed once."""

from __future__ import annotations

RULES: tuple = ()
