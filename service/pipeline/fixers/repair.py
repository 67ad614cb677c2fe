"""OCR and extraction repair: doubled characters, fake bold, English intrusions, lookalikes."""

from __future__ import annotations

RULES: tuple = ()
