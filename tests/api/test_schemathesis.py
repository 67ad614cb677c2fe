"""Property-based tests of every operation in the committed openapi.yaml (schemathesis).

For each operation schemathesis generates requests from the spec (valid ones and, in its
negative phase, invalid ones) and checks the answers: never a 5xx, a status the spec lists, a
body and Content-Type the spec allows, invalid requests refused with a 4xx.  Bounded (``max_examples``) so it runs in the normal test
suite; ``SCHEMATHESIS_EXAMPLES`` raises the bound for a longer hunt.
"""

from __future__ import annotations

import json
import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from service import create_app
from service.openapi import PATH

@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx, value):
    """A generated batch record (or, in the negative phase, anything) as one NDJSON line."""
    return (json.dumps(value, ensure_ascii=False, default=str) + "\n").encode("utf-8", "surrogatepass")


APP = create_app({"QINGXI_API_KEYS": "", "QINGXI_LOG_LEVEL": "WARNING"})
schema = schemathesis.openapi.from_path(PATH)


@schema.parametrize()
@settings(max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25")), deadline=None,
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_against_the_spec(case):
    if case.operation.path == "/v1/clean/batch":
        # the batch answers 200 and streams; a record it refuses becomes an error line (the
        # status cannot change once the stream has started), so "invalid data must get a 4xx"
        # does not apply to the records: each line is checked here instead
        response = case.call_and_validate(app=APP, excluded_checks=[negative_data_rejection])
        if response.status_code == 200:
            for line in response.content.decode("utf-8").splitlines():
                record = json.loads(line)
                assert ("result" in record) != ("error" in record), line
                if "error" in record:
                    assert 400 <= record["error"]["status"] < 500, line
    else:
        response = case.call_and_validate(app=APP)
    assert response.status_code < 500
