"""Unicode repair: code points that PDF fonts and OCR leave behind, mapped to what was printed."""

from __future__ import annotations

RULES: tuple = ()
