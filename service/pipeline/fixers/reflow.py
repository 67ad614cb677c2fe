"""Reflow: join the lines a column layout broke, keep true paragraph, heading and caption breaks."""

from __future__ import annotations

RULES: tuple = ()
