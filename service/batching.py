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
from typing import Any, Iterator, Mapping, NamedTuple

from .pipeline import clean_page
from .pipeline.options import DEFAULTS, Options

#: ``type`` of the problem documents (RFC 9457) a record can produce; the same URIs the HTTP
#: API uses for the same faults, so a consumer handles a failed line like a failed request.
PROBLEM_BASE = "https://qingxi.dev/problems/"


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


def problem(status: int, title: str, detail: str, errors: dict | None = None,
            slug: str | None = None) -> dict:
    """An RFC 9457 problem body (``application/problem+json``).

    >>> problem(422, "Invalid options", "unknown option 'scrpt'", {"options.scrpt": ["Unknown field."]})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'type': 'https://qingxi.dev/problems/invalid-options', 'title': 'Invalid options',
     'status': 422, 'detail': "unknown option 'scrpt'",
     'errors': {'options.scrpt': ['Unknown field.']}}
    """
    body = {
        "type": PROBLEM_BASE + (slug or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


def load_options(given: Mapping[str, Any] | None, base: Options = DEFAULTS) -> Options:
    """``given`` (JSON option values) over ``base``; raise :class:`RecordError` (422) naming every
    bad field.  Booleans must be JSON booleans: ``"false"`` as a string is refused rather than
    read as true.

    >>> load_options({"script": "zh-Hant"}, DEFAULTS).script
    'zh-Hant'
    >>> load_options({"reflow": "no"})
    Traceback (most recent call last):
    ...
    service.batching.RecordError: invalid options: reflow
    """
    if not given:
        return base
    if not isinstance(given, Mapping):
        raise RecordError(problem(422, "Invalid options", "options must be a JSON object",
                                  {"options": ["Not a valid mapping type."]}, "invalid-options"))
    errors: dict[str, list[str]] = {}
    values = base._asdict()
    for key, value in given.items():
        if key not in Options._fields:
            errors[f"options.{key}"] = ["Unknown field."]
            continue
        default = getattr(DEFAULTS, key)
        if isinstance(default, bool) and not isinstance(value, bool):
            errors[f"options.{key}"] = ["Not a valid boolean."]
            continue
        if isinstance(default, str) and not isinstance(value, str):
            errors[f"options.{key}"] = ["Not a valid string."]
            continue
        values[key] = value
    if not errors:
        try:
            return Options(**values).validate()
        except ValueError as exc:
            field = str(exc).split(" ", 1)[0]
            errors[f"options.{field}"] = [str(exc)]
    raise RecordError(problem(422, "Invalid options", "invalid options: " + ", ".join(
        k.split(".", 1)[1] for k in errors), errors, "invalid-options"))


def parse_record(line: bytes | str, lineno: int, defaults: Options = DEFAULTS) -> Record:
    """One NDJSON line to a :class:`Record`, or :class:`RecordError` with the line's problem.

    >>> parse_record(b'{"id": 7, "text": "\\u672c\\u62a5\\u8baf"}', 1)
    Record(id=7, text='本报讯', options=Options(script='auto', segment=True, unicode=True, \
reflow=True, despace=True, punctuation=True, repair=True, dedupe=True, latin_spacing='remove', \
explain=False))
    >>> parse_record(b'{"text": 3}', 5).id
    Traceback (most recent call last):
    ...
    service.batching.RecordError: line 5: "text" must be a string
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(problem(
                400, "Invalid UTF-8", f"line {lineno}: not valid UTF-8 "
                f"(byte 0x{line[exc.start]:02x} at offset {exc.start})", slug="invalid-utf8",
            ), lineno) from None
    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise RecordError(problem(400, "Malformed JSON", f"line {lineno}: {exc}",
                                  slug="malformed-json"), lineno) from None
    if not isinstance(obj, dict):
        raise RecordError(problem(400, "Malformed record", f"line {lineno}: a record is a JSON "
                                  "object with \"text\"", slug="malformed-record"), lineno)
    rid = obj.get("id", lineno)
    if not isinstance(rid, (str, int, float)) or isinstance(rid, bool):
        raise RecordError(problem(422, "Invalid record", f"line {lineno}: \"id\" must be a string "
                                  "or a number", {"id": ["Not a valid string or number."]},
                                  "invalid-record"), lineno)
    unknown = sorted(set(obj) - {"id", "text", "options"})
    text = obj.get("text")
    if unknown or not isinstance(text, str):
        errors = {k: ["Unknown field."] for k in unknown}
        if not isinstance(text, str):
            errors["text"] = ["Missing data for required field."] if text is None else [
                "Not a valid string."]
        detail = (f'line {lineno}: "text" must be a string' if "text" in errors
                  else f"line {lineno}: unknown field(s) {', '.join(unknown)}")
        raise RecordError(problem(422, "Invalid record", detail, errors, "invalid-record"), rid)
    try:
        options = load_options(obj.get("options"), defaults)
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
        return {"id": record.id, "error": problem(
            500, "Cleaning failed", f"{type(exc).__name__}: {exc}", slug="cleaning-failed")}


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
