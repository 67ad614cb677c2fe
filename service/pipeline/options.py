"""Options of the cleaning pipeline: one flag per step, each with its default.

These are the options of ``POST /v1/clean`` and ``POST /v1/normalize``; the marshmallow schema in
``schemas/`` validates them and builds an :class:`Options`.
"""

from __future__ import annotations

from typing import NamedTuple

SCRIPTS = ("auto", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "keep")
LATIN_SPACING = ("remove", "keep", "pangu")


class Options(NamedTuple):
    #: ``auto`` keeps the page's dominant script and converts strays to it; ``zh-Hans``,
    #: ``zh-Hant``, ``zh-TW``, ``zh-HK`` convert with OpenCC; ``keep`` converts nothing.
    script: str = "auto"
    #: split the page into articles and furniture (``/v1/clean`` only).
    segment: bool = True
    #: repair code points: radicals, compatibility ideographs, full-width Latin, invisibles.
    unicode: bool = True
    #: join lines that the column layout broke; keep real paragraph breaks.
    reflow: bool = True
    #: remove spaces an extractor put between Chinese characters.
    despace: bool = True
    #: full-width Chinese punctuation in Chinese context.
    punctuation: bool = True
    #: repair OCR and extraction errors (doubled characters, intrusions, lookalikes).
    repair: bool = True
    #: remove paragraphs and sentences printed twice.
    dedupe: bool = True
    #: between Chinese and Latin/digits: ``remove`` spaces, ``keep`` them, or ``pangu`` (one space).
    latin_spacing: str = "remove"
    #: return the edit log.
    explain: bool = False

    def validate(self) -> "Options":
        if self.script not in SCRIPTS:
            raise ValueError(f"script must be one of {', '.join(SCRIPTS)}")
        if self.latin_spacing not in LATIN_SPACING:
            raise ValueError(f"latin_spacing must be one of {', '.join(LATIN_SPACING)}")
        return self


DEFAULTS = Options()
