"""Punctuation: full-width Chinese punctuation in Chinese context; ASCII stays in numbers, codes."""

from __future__ import annotations

RULES: tuple = ()
