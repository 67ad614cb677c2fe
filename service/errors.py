"""Every error as ``application/problem+json`` (RFC 9457).

One function builds every error body (:func:`problem`); the handlers turn HTTP exceptions
(Flask's, werkzeug's and flask-smorest's ``abort``), the request deadline and anything
unexpected into it.  No body ever carries a stack trace, an exception's text or a path on disk:
an unexpected exception is logged with its traceback and answered with a bare 500.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, Iterator, Mapping

from flask import Response, current_app, g
from werkzeug.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"

#: problem types more specific than the status code (``about:blank`` otherwise)
VALIDATION = "urn:qingxi:problem:validation"
TIMEOUT = "urn:qingxi:problem:timeout"

log = logging.getLogger("qingxi.errors")

#: the headers of a werkzeug exception worth keeping (405 says which methods are allowed)
_KEEP_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


class DeadlineExceeded(Exception):
    """The pipeline ran past the request deadline (``QINGXI_TIMEOUT``)."""


def pointers(messages: Any, path: str = "#") -> Iterator[tuple[str, str]]:
    """Flatten marshmallow's nested error messages into (JSON Pointer, message) pairs.

    >>> list(pointers({"options": {"script": ["Must be one of: auto."]}, "text": ["Missing."]}))
    [('#/options/script', 'Must be one of: auto.'), ('#/text', 'Missing.')]
    >>> list(pointers({"_schema": ["Invalid input type."]}))
    [('#', 'Invalid input type.')]
    >>> list(pointers({"a/b~c": ["Unknown option."]}))
    [('#/a~1b~0c', 'Unknown option.')]
    """
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if key == "_schema":
                yield from pointers(value, path)
            else:
                token = str(key).replace("~", "~0").replace("/", "~1")
                yield from pointers(value, f"{path}/{token}")
    elif isinstance(messages, (list, tuple)):
        for m in messages:
            yield from pointers(m, path)
    else:
        yield path, str(messages)


def problem(status: int, detail: str | None = None, *, type_: str = "about:blank",
            errors: list[dict] | None = None, headers: Mapping[str, str] | None = None,
            title: str | None = None) -> Response:
    """The one place an error body is made."""
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    rid = g.get("request_id")
    if rid:
        body["request_id"] = rid
    if errors:
        body["errors"] = errors
    resp = current_app.json.response(body)
    resp.status_code = status
    resp.mimetype = PROBLEM_JSON
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def handle_http_exception(error: HTTPException) -> Response:
    """Flask/werkzeug exceptions and ``abort(...)`` from flask-smorest and webargs."""
    status = error.code or 500
    if status >= 500 and status != 503:
        return handle_unexpected(error)
    if status == 413:  # from werkzeug, reading a body sent without Content-Length
        return too_large()
    data = getattr(error, "data", None) or {}
    detail = data.get("message") or error.description
    errors = None
    messages = data.get("errors") or data.get("messages")
    type_ = "about:blank"
    if messages:
        # webargs names the location the errors come from ({"body": {...}}); the pointer is
        # into the request body as JSON, so the location is not part of it
        if isinstance(messages, Mapping) and len(messages) == 1:
            messages = next(iter(messages.values()))
        errors = [{"pointer": p, "detail": m} for p, m in pointers(messages)]
        if status == 422:
            type_ = VALIDATION
            detail = data.get("message") or "The request has invalid or unknown fields; " \
                "see errors."
    headers = {k: v for k, v in error.get_headers() if k in _KEEP_HEADERS}
    headers.update(data.get("headers") or {})
    return problem(status, detail, type_=type_, errors=errors, headers=headers)


def too_large() -> Response:
    limit = current_app.config["QINGXI"].max_bytes
    return problem(413, f"The body is larger than the limit of {limit} bytes (QINGXI_MAX_BYTES).")


def body_too_slow() -> Response:
    limit = current_app.config["QINGXI"].body_timeout
    return problem(408, f"The request body did not arrive within {limit:g} s "
                   "(QINGXI_BODY_TIMEOUT).", headers={"Connection": "close"})


def handle_deadline(error: DeadlineExceeded) -> Response:
    limit = current_app.config["QINGXI"].timeout
    return problem(503, f"Cleaning took longer than the limit of {limit:g} s "
                   "(QINGXI_TIMEOUT); send a smaller text or raise the limit.", type_=TIMEOUT)


def handle_unexpected(error: BaseException) -> Response:
    """Anything else: logged with its traceback, answered with a 500 that says nothing more."""
    log.error("unhandled exception", exc_info=error)
    return problem(500, "An unexpected error occurred; it has been logged.")
