"""Property-based tests of every operation in the committed openapi.yaml (schemathesis).

For each operation schemathesis generates requests from the spec (valid ones and, in its
negative phase, invalid ones) and checks the answers: never a 5xx, a status the spec lists, a
body and Content-Type the spec allows.  Bounded (``max_examples``) so it runs in the normal test
suite; ``SCHEMATHESIS_EXAMPLES`` raises the bound for a longer hunt.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, settings

from service import create_app
from service.openapi import PATH

APP = create_app({"QINGXI_API_KEYS": "", "QINGXI_LOG_LEVEL": "WARNING"})
schema = schemathesis.openapi.from_path(PATH)


@schema.parametrize()
@settings(max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25")), deadline=None,
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_against_the_spec(case):
    response = case.call_and_validate(app=APP)
    assert response.status_code < 500
