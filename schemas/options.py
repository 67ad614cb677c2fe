"""The options of the cleaning pipeline, as the API takes them.

One field per :class:`service.pipeline.options.Options` flag, with the same default; loading
returns an ``Options``, so a view hands the pipeline exactly what the schema validated.  Unknown
options are refused (marshmallow's default ``RAISE``): a misspelt option must not be silently
ignored.

>>> PageOptionsSchema().load({"script": "zh-Hant", "explain": True})
Options(script='zh-Hant', segment=True, unicode=True, reflow=True, despace=True, punctuation=True, repair=True, dedupe=True, latin_spacing='remove', explain=True)
>>> PageOptionsSchema().load({"scirpt": "zh-Hant"})
Traceback (most recent call last):
...
marshmallow.exceptions.ValidationError: {'scirpt': ['Unknown option.']}
>>> FixOptionsSchema().load({"latin_spacing": "pangu"}).latin_spacing
'pangu'
>>> FixOptionsSchema().load({"dedupe": 0})
Traceback (most recent call last):
...
marshmallow.exceptions.ValidationError: {'dedupe': ['Not a valid boolean.']}
"""

from __future__ import annotations

from typing import Mapping

from marshmallow import Schema, fields, post_load, validate

from service.pipeline.options import DEFAULTS, LATIN_SPACING, SCRIPTS, Options


class StrictBoolean(fields.Boolean):
    """JSON ``true``/``false`` only: marshmallow's Boolean also takes 0, 1, "yes", "on"..., which
    the OpenAPI document (``type: boolean``) does not allow.  Query strings ``true``/``false``
    are turned into booleans before loading (:func:`from_query`)."""

    def _deserialize(self, value: object, attr: object, data: object, **kwargs: object) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


#: how booleans are spelled in a query string (as OpenAPI serialises them)
QUERY_BOOLEANS = {"true": True, "false": False}


def from_query(values: Mapping[str, object], schema: Schema) -> dict:
    """Options given as strings (a query string, command-line flags): ``true``/``false`` become
    booleans for the boolean options; any other spelling is left for the schema to refuse.

    >>> from_query({"explain": "true", "script": "keep", "dedupe": "yes"}, PageOptionsSchema())
    {'explain': True, 'script': 'keep', 'dedupe': 'yes'}
    """
    out = dict(values)
    for name, value in out.items():
        if isinstance(schema.fields.get(name), fields.Boolean) and value in QUERY_BOOLEANS:
            out[name] = QUERY_BOOLEANS[value]
    return out


def _flag(name: str, what: str) -> fields.Boolean:
    return StrictBoolean(load_default=getattr(DEFAULTS, name), metadata={"description": what})


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
