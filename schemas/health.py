"""Bodies of the health and readiness probes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class StatusSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("ok", "ready")),
                           metadata={"description": "`ok` (alive) or `ready` (converters "
                                     "loaded, ready for traffic)."})
    version = fields.String(required=True, metadata={"description": "Service version."})
