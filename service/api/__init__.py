"""The HTTP views: one blueprint per module, each view thin (validate, call the pipeline, return).

:class:`Blueprint` is flask-smorest's, with one more argument location, ``body``: the request
body as ``application/json`` (``{"text", "options"}``) or as ``text/plain; charset=utf-8`` (the
text itself, options in the query string).  Either way the same marshmallow schema validates
it, so both forms accept the same options and fail the same way.  Decoding is strict: a body
that is not UTF-8, not JSON, or JSON holding lone surrogates is a 400 before any validation.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any

import flask
import flask_smorest
from flask import Request
from flask_smorest import abort
from marshmallow import Schema, ValidationError
from webargs.flaskparser import FlaskParser

from schemas.options import from_query

#: media types a body may have (``charset``, if given, must be utf-8)
JSON, TEXT = "application/json", "text/plain"
_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        abort(400, message=f"The body is not valid UTF-8 (byte {e.start}).")


def _has_surrogate(value: Any) -> bool:
    """Lone surrogates (``"\\ud800"``) are valid JSON escapes but not text: no UTF-8 encodes
    them, so nothing downstream could write them out.  Walk the parsed body without
    recursion (the JSON may nest as deep as the parser allowed)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def parse_json(raw: bytes) -> Any:
    text = _decode(raw)
    if text.startswith("\ufeff"):  # a byte-order mark before the JSON value is not data
        text = text[1:]
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        abort(400, message="Malformed JSON: nested too deeply.")
    except ValueError as e:  # JSONDecodeError, or an integer too long to convert
        where = f" (line {e.lineno}, column {e.colno})" if isinstance(e, json.JSONDecodeError) \
            else ""
        abort(400, message=f"Malformed JSON{where}: {getattr(e, 'msg', 'invalid number')}.")
    if _has_surrogate(data):
        abort(400, message="The JSON holds a lone surrogate (\\ud800-\\udfff), which is not "
              "valid Unicode text.")
    return data


def _check_media_type(req: Request) -> str:
    mimetype = req.mimetype
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if mimetype not in (JSON, TEXT) or charset not in ("utf-8", "utf8"):
        got = req.content_type or "none"
        abort(415, message=f"Send the body as {JSON} or {TEXT}; charset=utf-8 (got {got!r}).")
    return mimetype


def query_options(req: Request, options_schema: Schema) -> dict:
    """The query string as options (``true``/``false`` as booleans); the first of repeated
    parameters counts."""
    return from_query(req.args.to_dict(flat=True), options_schema)


class BodyParser(FlaskParser):
    """webargs parser with the ``body`` location described in the module docstring."""

    def load_body(self, req: Request, schema: Schema) -> Any:
        mimetype = _check_media_type(req)
        raw = req.get_data(cache=True)  # 413 from werkzeug past MAX_CONTENT_LENGTH
        options_schema = schema.fields["options"].schema
        query = query_options(req, options_schema)
        if mimetype == TEXT:
            return {"text": _decode(raw), "options": query}
        data = parse_json(raw)
        if query and isinstance(data, dict):
            # the query is validated on its own first: a bad query parameter is an error even
            # where the body gives the same option (which then wins)
            errors = options_schema.validate(query)
            if errors:
                raise ValidationError({"options": errors})
            options = data.get("options", {})
            if isinstance(options, dict):  # anything else: let the schema say what is wrong
                data = {**data, "options": {**query, **options}}
        return data


BodyParser.__location_map__ = {**FlaskParser.__location_map__, "body": "load_body"}


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = BodyParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "body": JSON,
    }

    def errors(self, *statuses: int):
        """Document the problem+json responses a view can give (the components are registered
        by :class:`service.app.Api`)."""

        def decorator(func):
            for status in statuses:
                func = self.alt_response(status, response=HTTPStatus(status).name)(func)
            return func

        return decorator


    def asset_route(self, rule: str, **options):
        """A route left out of the OpenAPI document (static files of the docs page)."""

        def decorator(func):
            flask.Blueprint.add_url_rule(self, rule, func.__name__, func, **options)
            return func

        return decorator
