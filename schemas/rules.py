"""Body of ``GET /v1/rules``: every fix the pipeline can make."""

from __future__ import annotations

from marshmallow import Schema, fields


class ExampleSchema(Schema):
    before = fields.String(required=True)
    after = fields.String(required=True)


class RuleSchema(Schema):
    id = fields.String(required=True, metadata={"description": "Stable rule id, "
                       "`<step>.<what>`; the `rule` of each edit it makes."})
    option = fields.String(required=True, metadata={"description": "The option that "
                           "switches the rule on or off."})
    default = fields.Raw(required=True, metadata={"description": "That option's default."})
    summary = fields.String(required=True, metadata={"description": "What the rule fixes."})
    example = fields.Nested(ExampleSchema, required=True,
                            metadata={"description": "One real before → after pair."})


class RulesResponseSchema(Schema):
    rules = fields.List(fields.Nested(RuleSchema), required=True,
                        metadata={"description": "Every rule, in the order the pipeline "
                                  "runs them."})
