"""Bodies of ``POST /v1/clean`` (a page) and ``POST /v1/normalize`` (any text).

Offsets (``span``, ``start``, ``end``) are code points into the input ``text``, as a Python or
JavaScript string of the decoded input sees them (not bytes).
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.pipeline.model import ARTICLE_KINDS, FURNITURE_KINDS
from service.pipeline.options import DEFAULTS

from .options import FixOptionsSchema, PageOptionsSchema


def _span(what: str) -> fields.List:
    return fields.List(fields.Integer(validate=validate.Range(min=0)),
                       validate=validate.Length(equal=2), required=True,
                       metadata={"description": what, "example": [0, 42]})


def _text(what: str, **kw: object) -> fields.String:
    return fields.String(required=True, metadata={"description": what, **kw})


# ---- requests -------------------------------------------------------------------------------

class NormalizeRequestSchema(Schema):
    """Text that is not a page (a paragraph, a title) and the options of the fixes."""

    text = _text("The raw text, as an extractor left it.", example="本 报 讯 （记 者 李丹丹）")
    options = fields.Nested(FixOptionsSchema, load_default=DEFAULTS,
                            metadata={"description": "Every option has a default; omit what "
                                      "you do not change."})


class CleanRequestSchema(Schema):
    """One raw newspaper page and the options.

    As ``text/plain; charset=utf-8`` the body is the page and the options are query parameters.
    With ``application/json`` query parameters are accepted as well; an option given in both
    places takes its value from the body.
    """

    text = _text("The raw page (PDF extraction or OCR output).",
                 example="激发“五三”工程建设新动能\n\n本 报 讯 （记 者 李丹丹）为倡树务实重干的导向")
    options = fields.Nested(PageOptionsSchema, load_default=DEFAULTS,
                            metadata={"description": "Every option has a default; omit what "
                                      "you do not change."})


# ---- responses ------------------------------------------------------------------------------

class EditSchema(Schema):
    """One change, in input coordinates: replaying every edit over the input gives the output."""

    rule = _text("The rule that made the change (the first, when several rules changed the "
                 "same text).", example="despace.cjk")
    rules = fields.List(fields.String(), required=True,
                        metadata={"description": "Every rule that took part, in order."})
    start = fields.Integer(required=True, validate=validate.Range(min=0),
                           metadata={"description": "Start offset in the input (code points)."})
    end = fields.Integer(required=True, validate=validate.Range(min=0),
                         metadata={"description": "End offset in the input (exclusive)."})
    before = _text("`input[start:end]`.")
    after = _text("What it became.")


class ArticleSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(ARTICLE_KINDS),
                         metadata={"description": "`article`; `photo` (a picture with title "
                                   "and caption, no body); `teaser` (points to another page)."})
    kicker = _text("引题 above the title, `\"\"` if none.")
    title = _text("主题, the main title.")
    subtitle = _text("副题, `\"\"` if none.")
    dateline = _text("e.g. `本报讯`, `新华社北京12月2日电`; `\"\"` if none.")
    byline = _text("e.g. `记者 李丹丹 通讯员 潘振丽`; `\"\"` if none.")
    paragraphs = fields.List(fields.String(), required=True,
                             metadata={"description": "Body paragraphs, reflowed and clean."})
    captions = fields.List(fields.String(), required=True,
                           metadata={"description": "Photo captions, each with its credit."})
    continued = _text("Jump line if the article continues on another page (`下转02版`).")
    text = _text("The article as one string: kicker, title, subtitle, then paragraphs, joined "
                 "by newlines.")
    span = _span("Where the article's text lies in the input: `[start, end)` in code points.")


class FurnitureSchema(Schema):
    text = _text("The removed text, verbatim.")
    kind = fields.String(required=True, validate=validate.OneOf(FURNITURE_KINDS),
                         metadata={"description": "What it is."})
    span = _span("Where it lies in the input.")


class ScriptSchema(Schema):
    detected = fields.String(required=True, validate=validate.OneOf(("zh-Hans", "zh-Hant", "none")),
                             metadata={"description": "The input's dominant script."})
    output = fields.String(required=True, metadata={"description": "The script of the output."})


class TextStatsSchema(Schema):
    input_chars = fields.Integer(required=True, metadata={"description": "Code points in."})
    output_chars = fields.Integer(required=True, metadata={"description": "Code points out."})
    edits = fields.Integer(required=True, metadata={"description": "Number of edits."})
    edits_by_rule = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                                metadata={"description": "Edits per rule id."})
    elapsed_ms = fields.Float(required=True,
                              metadata={"description": "Time spent in the pipeline."})


class PageStatsSchema(TextStatsSchema):
    articles = fields.Integer(required=True, metadata={"description": "Number of articles."})
    paragraphs = fields.Integer(required=True,
                                metadata={"description": "Paragraphs in all articles."})


class CleanResponseSchema(Schema):
    articles = fields.List(fields.Nested(ArticleSchema), required=True,
                           metadata={"description": "In reading order of their body text."})
    furniture = fields.List(fields.Nested(FurnitureSchema), required=True,
                            metadata={"description": "What belongs to no article: page "
                                      "numbers, mastheads, QR-code labels, duplicates, noise."})
    edits = fields.List(fields.Nested(EditSchema),
                        metadata={"description": "The edit log; only when `explain` is true."})
    script = fields.Nested(ScriptSchema, required=True)
    stats = fields.Nested(PageStatsSchema, required=True)
    version = _text("Service version.")


class NormalizeResponseSchema(Schema):
    text = _text("The clean text.")
    edits = fields.List(fields.Nested(EditSchema), required=True,
                        metadata={"description": "The edit log."})
    stats = fields.Nested(TextStatsSchema, required=True)
    version = _text("Service version.")
