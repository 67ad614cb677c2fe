"""marshmallow schemas: the one definition of every request and response body.

``openapi.yaml`` is generated from these (``make openapi``); the views validate requests and
document responses with them through flask-smorest.  Nothing here imports Flask.
"""

from .batch import BatchLineSchema, BatchRecordSchema
from .health import StatusSchema
from .options import FixOptionsSchema, PageOptionsSchema
from .page import (
    ArticleSchema,
    CleanRequestSchema,
    CleanResponseSchema,
    EditSchema,
    FurnitureSchema,
    NormalizeRequestSchema,
    NormalizeResponseSchema,
)
from .problem import FieldErrorSchema, ProblemSchema
from .rules import RuleSchema, RulesResponseSchema

__all__ = [
    "ArticleSchema", "BatchLineSchema", "BatchRecordSchema", "CleanRequestSchema", "CleanResponseSchema", "EditSchema",
    "FieldErrorSchema", "FixOptionsSchema", "FurnitureSchema", "NormalizeRequestSchema",
    "NormalizeResponseSchema", "PageOptionsSchema", "ProblemSchema", "RuleSchema",
    "RulesResponseSchema", "StatusSchema",
]
