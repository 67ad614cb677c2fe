"""The app factory: configuration, the API, the blueprints, the request hooks."""

from __future__ import annotations

import importlib
import io
import logging
import time
from functools import cached_property
from http import HTTPStatus
from typing import Any, Mapping

import flask_smorest
import yaml
from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from schemas import ProblemSchema

from . import auth, errors, metrics
from . import logging as qlog
from .config import Config
from .deadline import deadline
from .errors import DeadlineExceeded
from .version import VERSION

#: Every blueprint of the service, in registration order: a module path whose ``blp`` is a
#: flask-smorest Blueprint (documented in the OpenAPI spec) or a plain Flask one.  A new part of
#: the API is one more line here, e.g. "service.api.batch" (POST /v1/batch) or "service.web"
#: (the page at GET /).
BLUEPRINTS: tuple[str, ...] = (
    "service.api.clean",
    "service.api.rules",
    "service.api.health",
    "service.api.docs",
    "service.api.batch",
    "service.web",
)

log = logging.getLogger("qingxi.request")


class JSONProvider(DefaultJSONProvider):
    """UTF-8 JSON (Chinese stays readable, a third of the size of ``\\uXXXX`` escapes), keys in
    the order the code built them."""

    ensure_ascii = False
    sort_keys = False

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        body = self.dumps(obj)
        try:
            data = body.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate got through: escape rather than fail
            data = self.dumps(obj, ensure_ascii=True).encode("ascii")
        return self._app.response_class(data + b"\n", mimetype=self.mimetype)


class Api(flask_smorest.Api):
    """flask-smorest's Api with problem+json errors, in the app and in the spec."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        return errors.handle_http_exception(error)

    def _register_responses(self) -> None:
        for status in HTTPStatus:
            if status < 400:
                continue
            response = {"description": status.phrase, "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, errors.PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Any other error (404, 405, ...)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, errors.PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


class Spec:
    """The generated OpenAPI document, rendered once."""

    def __init__(self, api: Api) -> None:
        self._api = api

    ORDER = ("openapi", "info", "servers", "security", "tags", "paths", "components")

    @cached_property
    def _dict(self) -> dict:
        # flask-smorest registers a pagination schema every API gets; this one has no pages
        self._api.spec.components.schemas.pop("PaginationMetadata", None)
        raw = self._api.spec.to_dict()
        return {**{k: raw[k] for k in self.ORDER if k in raw}, **raw}

    def dict(self) -> dict:
        return self._dict

    @cached_property
    def _yaml(self) -> str:
        return yaml.safe_dump(self._dict, allow_unicode=True, sort_keys=False, width=100)

    def yaml(self) -> str:
        return self._yaml


API_DESCRIPTION = """\
清洗 qingxi: the raw text of a Chinese newspaper page, as PDF extraction or OCR leaves it, in;
clean, structured articles out.

Errors are `application/problem+json` (RFC 9457). Offsets are code points into the input text.
"""


def create_app(test_config: Mapping[str, str] | None = None) -> Flask:
    """Build the service.  ``test_config`` holds ``QINGXI_*`` settings that take the place of
    the environment's (the same parsing, so tests exercise it)."""
    import os

    env = {**os.environ, **(test_config or {})}
    config = Config.from_env(env)
    qlog.configure(config.log_level)

    app = Flask("qingxi")
    app.json = JSONProvider(app)
    app.config.update(
        QINGXI=config,
        MAX_CONTENT_LENGTH=config.max_bytes,
        API_TITLE="qingxi",
        API_VERSION=VERSION,
        OPENAPI_VERSION="3.1.0",
        API_SPEC_OPTIONS={
            "info": {"description": API_DESCRIPTION,
                     "license": {"name": "MIT", "identifier": "MIT"}},
            "servers": [{"url": "/"}],
            "components": {"securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "Only when the service runs with QINGXI_API_KEYS set."}}},
            "security": [{}, {"bearer": []}],
        },
    )
    api = Api(app)
    for module in BLUEPRINTS:
        blp = importlib.import_module(module).blp
        if isinstance(blp, flask_smorest.Blueprint):
            api.register_blueprint(blp)
        else:
            app.register_blueprint(blp)
    app.extensions["qingxi"] = {"spec": Spec(api)}

    app.register_error_handler(errors.DeadlineExceeded, errors.handle_deadline)
    app.register_error_handler(Exception, errors.handle_unexpected)
    app.before_request(_start)
    app.before_request(_authorize)
    app.before_request(_limit_size)
    app.after_request(_finish)

    from .api.health import warm_up
    warm_up()
    return app


def _start() -> None:
    g.started = time.perf_counter()
    g.request_id = qlog.request_id(request.headers.get("X-Request-ID"))


def _authorize() -> Response | None:
    keys = _config().api_keys
    if keys and not auth.is_open(request.path) \
            and not auth.authorized(request.headers.get("Authorization"), keys):
        return errors.problem(401, "Send an API key as 'Authorization: Bearer <key>'.",
                              headers={"WWW-Authenticate": 'Bearer realm="qingxi"'})
    return None


#: endpoints that read their body as a stream, line by line, under limits of their own
#: (``POST /v1/clean/batch``: QINGXI_BATCH_MAX_BYTES in all, QINGXI_MAX_BYTES a line)
STREAMING_ENDPOINTS = frozenset({"batch.clean_batch"})

#: how much of an over-limit body is read and thrown away so that the client, still sending,
#: reads the 413 instead of a connection reset; past this the connection is simply closed
DRAIN_MAX = 8 * 1024 * 1024


def _limit_size() -> Response | None:
    """Enforce QINGXI_MAX_BYTES and QINGXI_BODY_TIMEOUT before anything parses the body.

    A Content-Length over the limit is refused without reading.  Otherwise the body is read here,
    at most one byte past the limit, within QINGXI_BODY_TIMEOUT: a chunked body over the limit
    is a 413 (werkzeug would silently cut it, losing text), and a client that announces a body
    and stalls gets a 408 instead of holding a sync worker until gunicorn kills it.  The body is
    then handed on as if it had a length.
    """
    if request.endpoint in STREAMING_ENDPOINTS:
        return None
    cfg = _config()
    limit = cfg.max_bytes
    env = request.environ
    length = request.content_length
    if length is not None and length > limit:
        _drain(env["wsgi.input"], min(length, DRAIN_MAX))
        return errors.too_large()
    if length is None and not env.get("wsgi.input_terminated"):
        return None  # no body
    if length == 0:
        return None
    try:
        with deadline(cfg.body_timeout):
            data = env["wsgi.input"].read(limit + 1 if length is None else length)
    except DeadlineExceeded:
        return errors.body_too_slow()
    if len(data) > limit:
        _drain(env["wsgi.input"], DRAIN_MAX)
        return errors.too_large()
    env["wsgi.input"] = io.BytesIO(data)
    env["CONTENT_LENGTH"] = str(len(data))
    return None


def _drain(stream, most: int) -> None:
    while most > 0:
        chunk = stream.read(min(65536, most))
        if not chunk:
            break
        most -= len(chunk)


def _config() -> Config:
    from flask import current_app
    return current_app.config["QINGXI"]


def _finish(response: Response) -> Response:
    rid = g.get("request_id") or qlog.request_id(None)
    response.headers["X-Request-ID"] = rid
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
    bytes_in = request.content_length or 0
    metrics.observe(endpoint, request.method, response.status_code, seconds, bytes_in)
    log.info("request", extra={
        "request_id": rid, "method": request.method, "path": request.path[:200],
        "endpoint": endpoint, "status": response.status_code,
        "duration_ms": round(seconds * 1000, 3), "bytes_in": bytes_in,
        "bytes_out": response.content_length,
    })
    return response
