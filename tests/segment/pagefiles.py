"""The shared raw pages and gold files the tests read (CI has ../shared beside the clone)."""

from __future__ import annotations

import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"


def page(prefix: str) -> str:
    """The raw text of ``pages/<prefix>_*.txt``."""
    (path,) = SHARED.glob(f"pages/{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def gold(prefix: str) -> dict:
    (path,) = SHARED.glob(f"gold/{prefix}_*.json")
    return json.loads(path.read_text(encoding="utf-8"))
