"""Batches of pages, one record a line: shared by ``qingxi clean`` and ``POST /v1/clean/batch``.

A record is one JSON object on one line (NDJSON / JSON Lines)::

    {"id": "p-001", "text": "<raw page>", "options": {"script": "zh-Hant"}}

``id`` is any JSON string or number and is echoed back (the 1-based line number when absent);
``options`` override the batch's defaults for that page only.  A record that cannot be cleaned
(not JSON, not an object, ``text`` missing or not a string, an unknown option, a line over the
size limit) becomes an error *result* for that line, never an error of the whole batch: one bad
page in a million must not cost the other 999,999.

No Flask here: the command line uses this module without the web stack.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any, Iterator, Mapping, NamedTuple

from marshmallow import ValidationError

from schemas.options import PageOptionsSchema, from_query

from .pipeline import clean_page
from .pipeline.options import DEFAULTS, Options

#: problem types more specific than the status (the HTTP API's, :mod:`service.errors`)
VALIDATION = "urn:qingxi:problem:validation"
_OPTIONS = PageOptionsSchema()
_SURROGATE = re.compile("[\ud800-\udfff]")


class RecordError(Exception):
    """A line that cannot be cleaned; ``problem`` is its RFC 9457 body."""

    def __init__(self, problem: dict, id: Any = None):
        super().__init__(problem.get("detail") or problem["title"])
        self.problem = problem
        self.id = id


class Record(NamedTuple):
    id: Any
    text: str
    options: Options


def problem(status: int, detail: str | None = None, *, type_: str = "about:blank",
            errors: list[dict] | None = None, title: str | None = None) -> dict:
    """An RFC 9457 problem body, the shape :func:`service.errors.problem` answers with (a test
    keeps the two the same); a dict, as it goes on one line of a batch, not in a response.

    >>> problem(400, "line 3: malformed JSON")
    {'type': 'about:blank', 'title': 'Bad Request', 'status': 400, 'detail': 'line 3: malformed JSON'}
    """
    body: dict[str, Any] = {"type": type_, "title": title or HTTPStatus(status).phrase,
                            "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return body


def _pointers(messages: Any, path: str = "#") -> Iterator[dict]:
    """marshmallow's nested messages as ``{"pointer", "detail"}`` (JSON Pointer fragments)."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            token = str(key).replace("~", "~0").replace("/", "~1")
            yield from _pointers(value, path if key == "_schema" else f"{path}/{token}")
    elif isinstance(messages, (list, tuple)):
        for m in messages:
            yield from _pointers(m, path)
    else:
        yield {"pointer": path, "detail": str(messages)}


def load_options(given: Mapping[str, Any] | None, defaults: Mapping[str, Any] | None = None
                 ) -> Options:
    """``given`` (a record's options) over ``defaults`` (the batch's: query parameters, or the
    command line's flags), validated by the API's option schema; :class:`RecordError` (422)
    names every bad field.

    >>> load_options({"script": "zh-Hant"}, {"dedupe": "false"})[:2]
    ('zh-Hant', True)
    >>> load_options({"scrpt": "zh-Hant"})
    Traceback (most recent call last):
    ...
    service.batching.RecordError: invalid options: scrpt (Unknown option.)
    """
    if given is not None and not isinstance(given, Mapping):
        raise RecordError(problem(422, '"options" must be a JSON object', type_=VALIDATION,
                                  errors=[{"pointer": "#/options",
                                           "detail": "Not a valid mapping type."}]))
    try:
        # defaults may be strings (query parameters, flags): "true"/"false" are booleans there
        return _OPTIONS.load({**from_query(defaults or {}, _OPTIONS), **(given or {})})
    except ValidationError as exc:
        errors = list(_pointers(exc.messages, "#/options"))
        raise RecordError(problem(422, "invalid options: " + ", ".join(
            f"{e['pointer'].removeprefix('#/options/')} ({e['detail']})" for e in errors),
            type_=VALIDATION, errors=errors)) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_record(line: bytes | str, lineno: int, defaults: Mapping[str, Any] | None = None,
                 base: Options | None = None) -> Record:
    """One NDJSON line to a :class:`Record`, or :class:`RecordError` with the line's problem.

    ``defaults`` are the batch's raw option values; ``base`` the same, already loaded (a record
    without options of its own skips validating them again).

    >>> parse_record('{"id": 7, "text": "本报讯"}'.encode(), 1)[:2]
    (7, '本报讯')
    >>> parse_record(b'{"text": 3}', 5)
    Traceback (most recent call last):
    ...
    service.batching.RecordError: line 5: "text" must be a string
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(problem(
                400, f"line {lineno}: not valid UTF-8 (byte {exc.start} of the line)"), lineno
            ) from None
    line = line.removeprefix("\ufeff")
    try:
        obj = json.loads(line, parse_constant=_reject_constant)
    except RecursionError:
        raise RecordError(problem(400, f"line {lineno}: malformed JSON: nested too deeply"),
                          lineno) from None
    except ValueError as exc:
        raise RecordError(problem(400, f"line {lineno}: malformed JSON: "
                                  f"{getattr(exc, 'msg', exc)}"), lineno) from None
    if not isinstance(obj, dict):
        raise RecordError(problem(400, f'line {lineno}: a record is a JSON object with "text"'),
                          lineno)
    rid = obj.get("id", lineno)
    if not isinstance(rid, (str, int, float)) or isinstance(rid, bool) or (
            isinstance(rid, str) and _SURROGATE.search(rid)):
        raise RecordError(problem(422, f'line {lineno}: "id" must be a string or a number',
                                  type_=VALIDATION, errors=[{"pointer": "#/id", "detail":
                                                             "Not a valid string or number."}]),
                          lineno)
    text = obj.get("text")
    errors = [{"pointer": f"#/{k}", "detail": "Unknown field."}
              for k in sorted(set(obj) - {"id", "text", "options"})]
    if not isinstance(text, str):
        errors.insert(0, {"pointer": "#/text", "detail": "Missing data for required field."
                          if text is None else "Not a valid string."})
    elif _SURROGATE.search(text):
        raise RecordError(problem(400, f"line {lineno}: the text holds a lone surrogate "
                                  "(\\ud800-\\udfff), which is not valid Unicode text"), rid)
    if errors:
        detail = (f'line {lineno}: "text" must be a string' if errors[0]["pointer"] == "#/text"
                  else f"line {lineno}: unknown field(s) "
                  + ", ".join(e["pointer"][2:] for e in errors))
        raise RecordError(problem(422, detail, type_=VALIDATION, errors=errors), rid)
    given = obj.get("options")
    if given is None and base is not None:
        return Record(rid, text, base)
    try:
        options = load_options(given, defaults)
    except RecordError as exc:
        exc.problem["detail"] = f"line {lineno}: {exc.problem['detail']}"
        exc.id = rid
        raise
    return Record(rid, text, options)


def clean_record(record: Record) -> dict:
    """The result line of one record: ``{"id", "result"}`` or ``{"id", "error"}``.

    The pipeline raises on no input; if it ever does, the page gets a 500 problem line and the
    batch goes on.
    """
    try:
        return {"id": record.id, "result": clean_page(record.text, record.options)}
    except Exception as exc:  # noqa: BLE001 - one page's failure must not end the batch
        return {"id": record.id, "error": problem(500, f"{type(exc).__name__}: {exc}")}


def dumps(obj: Any) -> str:
    """One NDJSON line (UTF-8 text kept as is, no spaces, newline-terminated)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def iter_lines(stream, max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """``(lineno, line)`` from a binary stream, one line at a time; blank lines are skipped.

    A line longer than ``max_line`` bytes is read through to its end without being kept and comes
    out as ``(lineno, None)``: memory stays bounded by ``max_line`` whatever the input holds.

    >>> import io
    >>> list(iter_lines(io.BytesIO(b'{"a":1}\\n\\n' + b'x' * 50 + b'\\n{"b":2}'), 20))
    [(1, b'{"a":1}'), (3, None), (4, b'{"b":2}')]
    """
    lineno = 0
    while True:
        line = stream.readline(max_line + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_line and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the over-long line
                line = stream.readline(65536)
            yield lineno, None
            continue
        line = line.strip()
        if line:
            yield lineno, line
