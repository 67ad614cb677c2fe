"""The container check run by ``make container-test`` (through container-smoke.sh, which sets
``BASE_URL`` to the running image): a real page in, several articles out, and the contract's
edges (problem+json, metrics, docs) from inside the image.  Standard library only: it runs with
the host's Python, outside the project's virtualenv.

    BASE_URL=http://127.0.0.1:8000 python3 tests/container/check.py [PAGE]
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

PAGE = Path(__file__).resolve().parents[3] / "shared" / "pages" / "004_f7398b48e92c5c4a.txt"
MIN_ARTICLES = 3


def call(method: str, path: str, body: bytes | None = None, ctype: str | None = None):
    req = urllib.request.Request(os.environ["BASE_URL"] + path, data=body, method=method)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def main() -> int:
    page = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGE
    text = page.read_text(encoding="utf-8")
    failures = []

    status, ctype, raw = call("POST", "/v1/clean", text.encode(), "text/plain; charset=utf-8")
    body = json.loads(raw) if status == 200 else {}
    articles = body.get("articles", [])
    print(f"POST /v1/clean {page.name}: {status}, {len(articles)} articles, "
          f"{len(body.get('furniture', []))} furniture, "
          f"{body.get('stats', {}).get('elapsed_ms')} ms")
    for a in articles:
        print(f"  [{a['kind']}] {a['title'][:30] or a['text'][:30]!r} "
              f"({len(a['paragraphs'])} paragraphs)")
    if status != 200 or not ctype.startswith("application/json"):
        failures.append(f"clean answered {status} {ctype}")
    if len(articles) < MIN_ARTICLES:
        failures.append(f"{len(articles)} articles, expected at least {MIN_ARTICLES}")

    status, _, raw = call("POST", "/v1/clean", json.dumps({"text": text}).encode(),
                          "application/json")
    if status != 200 or len(json.loads(raw)["articles"]) != len(articles):
        failures.append(f"JSON body answered {status} or differently from text/plain")

    status, ctype, _ = call("POST", "/v1/clean", b"<p>x</p>", "text/html")
    if status != 415 or ctype != "application/problem+json":
        failures.append(f"text/html answered {status} {ctype}, expected a 415 problem")

    status, _, raw = call("GET", "/metrics")
    if status != 200 or b'qingxi_http_requests_total{endpoint="/v1/clean"' not in raw:
        failures.append("/metrics does not count the requests")

    for path in ("/readyz", "/v1/rules", "/openapi.yaml", "/docs", "/docs/swagger-ui-bundle.js", "/"):
        status, _, _ = call("GET", path)
        if status != 200:
            failures.append(f"GET {path} answered {status}")

    for f in failures:
        print("FAIL:", f)
    print("container check:", "FAILED" if failures else "OK")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
