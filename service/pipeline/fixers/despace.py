"""De-spacing: remove the spaces an extractor put between Chinese characters, keep printed ones."""

from __future__ import annotations

RULES: tuple = ()
