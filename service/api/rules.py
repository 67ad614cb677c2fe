"""``GET /v1/rules``: every fix the pipeline can make, with its option and an example."""

from __future__ import annotations

from schemas import RulesResponseSchema
from service import pipeline

from . import Blueprint

blp = Blueprint("rules", __name__, description="What the pipeline can fix.")


@blp.route("/v1/rules", methods=["GET"])
@blp.response(200, RulesResponseSchema)
@blp.errors(401)
def rules():
    """List every rule

    Each rule with its id (the `rule` of the edits it makes), the option that switches it, that
    option's default, and one real before → after example, in the order the pipeline runs them.
    """
    return {"rules": pipeline.rules()}
