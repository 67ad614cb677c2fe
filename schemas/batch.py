"""Lines of ``POST /v1/clean/batch``: NDJSON records in, NDJSON results out.

These schemas document the lines (the body as a whole is a stream, not one JSON document);
:mod:`service.batching` checks each record with the same option schema as ``/v1/clean``.
"""

from __future__ import annotations

from marshmallow import Schema, fields

from .options import PageOptionsSchema
from .page import CleanResponseSchema
from .problem import ProblemSchema


def _id(what: str) -> fields.Raw:
    return fields.Raw(metadata={"description": what, "oneOf": [{"type": "string"},
                                                               {"type": "number"}],
                                "example": "2024-12-03/p01"})


class BatchRecordSchema(Schema):
    """One line of the request: a page, its id and, optionally, its own options."""

    id = _id("Any string or number, echoed in the result line; the 1-based line number when "
             "absent.")
    text = fields.String(required=True, metadata={"description": "The raw page."})
    options = fields.Nested(PageOptionsSchema, metadata={
        "description": "Options for this page; each overrides the query parameter of the same "
                       "name."})


class BatchLineSchema(Schema):
    """One line of the answer, in the order of the request's lines: ``result`` (the body
    ``POST /v1/clean`` would return) or ``error`` (a problem: 400 malformed line, 413 line too
    long or batch over its limits, 422 invalid record or options, 503 page over the time
    limit)."""

    id = _id("The record's id (its line number when it had none, or null for an error about "
             "the batch as a whole).")
    result = fields.Nested(CleanResponseSchema)
    error = fields.Nested(ProblemSchema)
