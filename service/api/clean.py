"""``POST /v1/clean`` (a page → articles) and ``POST /v1/normalize`` (any text → clean text)."""

from __future__ import annotations

from flask import current_app

from schemas import (
    CleanRequestSchema,
    CleanResponseSchema,
    NormalizeRequestSchema,
    NormalizeResponseSchema,
    FixOptionsSchema,
    PageOptionsSchema,
)
from service import pipeline
from service.deadline import deadline
from service.version import VERSION

from . import TEXT, Blueprint

blp = Blueprint("clean", __name__, description="Clean a page or a piece of text.")

# (request schemas are passed as instances: webargs would build a new schema from a class on
# every request, deep-copying every field, which cost more than the rest of the shell)


def _text_body(what: str) -> dict:
    """The ``text/plain`` alternative of a request body (flask-smorest documents the JSON one)."""
    return {"content": {TEXT: {"schema": {"type": "string", "description": what}}}}


def _json(result: dict):
    """Return the pipeline's dict as is: it already has the response schema's shape (the API
    tests check it against the schema), and dumping it through marshmallow again would cost more
    than the cleaning for a long edit log."""
    result["version"] = VERSION
    return current_app.json.response(result)


@blp.route("/v1/clean", methods=["POST"])
@blp.arguments(CleanRequestSchema(), location="body",
               description="The page as JSON, or as `text/plain; charset=utf-8` with the "
                           "options as query parameters.")
@blp.doc(requestBody=_text_body("The raw page, UTF-8."),
         parameters=[{"in": "query", "schema": PageOptionsSchema}])
@blp.response(200, CleanResponseSchema)
@blp.errors(400, 401, 413, 415, 503)
def clean(req: dict):
    """Clean one raw page into articles

    Splits a raw newspaper page (PDF extraction or OCR output) into articles and furniture and
    cleans the text of each; with `explain` the edit log says what changed where.
    """
    with deadline(current_app.config["QINGXI"].timeout):
        result = pipeline.clean_page(req["text"], req["options"])
    return _json(result)


@blp.route("/v1/normalize", methods=["POST"])
@blp.arguments(NormalizeRequestSchema(), location="body",
               description="The text as JSON, or as `text/plain; charset=utf-8` with the "
                           "options as query parameters.")
@blp.doc(requestBody=_text_body("The raw text, UTF-8."),
         parameters=[{"in": "query", "schema": FixOptionsSchema}])
@blp.response(200, NormalizeResponseSchema)
@blp.errors(400, 401, 413, 415, 503)
def normalize(req: dict):
    """Clean a piece of text that is not a page

    The same fixes as `/v1/clean` for a paragraph or a title: no segmentation; the edit log is
    always returned.
    """
    with deadline(current_app.config["QINGXI"].timeout):
        result = pipeline.normalize(req["text"], req["options"])
    return _json(result)
