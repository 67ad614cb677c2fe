"""The options of the cleaning pipeline, as the API takes them.

One field per :class:`service.pipeline.options.Options` flag, with the same default; loading
returns an ``Options``, so a view hands the pipeline exactly what the schema validated.  Unknown
options are refused (marshmallow's default ``RAISE``): a misspelt option must not be silently
ignored.

>>> PageOptionsSchema().load({"script": "zh-Hant", "explain": "true"})
Options(script='zh-Hant', segment=True, unicode=True, reflow=True, despace=True, punctuation=True, repair=True, dedupe=True, latin_spacing='remove', explain=True)
>>> PageOptionsSchema().load({"scirpt": "zh-Hant"})
Traceback (most recent call last):
...
marshmallow.exceptions.ValidationError: {'scirpt': ['Unknown option.']}
>>> FixOptionsSchema().load({"latin_spacing": "pangu"}).latin_spacing
'pangu'
"""

from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from service.pipeline.options import DEFAULTS, LATIN_SPACING, SCRIPTS, Options


def _flag(name: str, what: str) -> fields.Boolean:
    return fields.Boolean(load_default=getattr(DEFAULTS, name), metadata={"description": what})


class FixOptionsSchema(Schema):
    """Options of the text fixes (``/v1/normalize``; ``/v1/clean`` adds segmentation)."""

    error_messages = {"unknown": "Unknown option."}

    script = fields.String(
        load_default=DEFAULTS.script,
        validate=validate.OneOf(SCRIPTS),
        metadata={"description": "`auto` keeps the page's dominant script and converts stray "
                  "characters to it; `zh-Hans`, `zh-Hant`, `zh-TW`, `zh-HK` convert the whole "
                  "text with the matching OpenCC configuration; `keep` converts nothing."},
    )
    unicode = _flag("unicode", "Repair code points: Kangxi and CJK radicals, compatibility "
                    "ideographs, full-width Latin letters and digits, invisible characters.")
    despace = _flag("despace", "Remove the spaces an extractor put between Chinese characters.")
    punctuation = _flag("punctuation", "Full-width Chinese punctuation in Chinese context.")
    reflow = _flag("reflow", "Join lines the column layout broke; keep real paragraph breaks.")
    repair = _flag("repair", "Repair OCR and extraction errors: doubled characters, "
                   "intrusions, lookalike characters.")
    dedupe = _flag("dedupe", "Remove paragraphs and sentences printed twice.")
    latin_spacing = fields.String(
        load_default=DEFAULTS.latin_spacing,
        validate=validate.OneOf(LATIN_SPACING),
        metadata={"description": "Between Chinese and Latin letters or digits: `remove` "
                  "spaces, `keep` them as they are, or `pangu` (exactly one space)."},
    )

    @post_load
    def make_options(self, data: dict, **_: object) -> Options:
        return Options(**data).validate()


class PageOptionsSchema(FixOptionsSchema):
    """Options of ``/v1/clean``: the text fixes, segmentation and the edit log."""

    segment = _flag("segment", "Split the page into articles and furniture; when false the "
                    "whole cleaned page is one article.")
    explain = _flag("explain", "Return the edit log (`edits`): every change with its rule "
                    "and its span in the input.")
