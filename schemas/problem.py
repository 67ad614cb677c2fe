"""Error bodies: ``application/problem+json`` (RFC 9457).

Every error the service returns has this shape; validation errors (422) list each field that
failed in ``errors``, with a JSON Pointer into the request as JSON (query parameters of a
``text/plain`` request are the members of ``options``).
"""

from __future__ import annotations

from marshmallow import Schema, fields


class FieldErrorSchema(Schema):
    pointer = fields.String(
        required=True,
        metadata={"description": "JSON Pointer (as a URI fragment) to the field in the request, "
                  "e.g. `#/options/script`.", "example": "#/options/script"},
    )
    detail = fields.String(
        required=True, metadata={"description": "What is wrong with it.",
                                 "example": "Must be one of: auto, zh-Hans, zh-Hant, zh-TW, "
                                 "zh-HK, keep."},
    )


class ProblemSchema(Schema):
    """An error, as RFC 9457 problem details."""

    type = fields.String(
        required=True,
        metadata={"description": "A URI naming the kind of problem; `about:blank` when the "
                  "HTTP status says it all.", "example": "about:blank"},
    )
    title = fields.String(required=True, metadata={"description": "Short summary of the kind "
                          "of problem.", "example": "Unprocessable Entity"})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code.",
                                                     "example": 422})
    detail = fields.String(metadata={"description": "What went wrong with this request."})
    request_id = fields.String(metadata={"description": "The request id (the `X-Request-ID` "
                               "header), to find the request in the logs."})
    errors = fields.List(fields.Nested(FieldErrorSchema),
                         metadata={"description": "Per-field validation errors (422 only)."})
