"""``POST /v1/clean/batch``: many pages in one streamed request, NDJSON in and out.

The body is read one line at a time from the socket and every result is written as soon as it
is ready, in input order, so neither side holds more than one page however long the stream
(``bench/many.py`` shows the worker's memory before and after a long one).  Once the answer has
started (200) a fault can no longer change the status: a bad line becomes an error line
(:mod:`service.batching`), never a broken stream, and the batch's own limits end the stream with
a final error line whose ``id`` is null.

Limits (environment, :mod:`service.config`): ``QINGXI_MAX_BYTES`` a line, ``QINGXI_BATCH_MAX_BYTES``
and ``QINGXI_BATCH_MAX_LINES`` a request, ``QINGXI_TIMEOUT`` a page.
"""

from __future__ import annotations

import logging
from typing import Callable, Iterator

from flask import Response, current_app, g, request, stream_with_context
from werkzeug.wsgi import get_input_stream

from schemas import BatchLineSchema, BatchRecordSchema, PageOptionsSchema
from service import batching
from service.deadline import deadline
from service.errors import TIMEOUT, DeadlineExceeded, problem
from service.version import VERSION

from . import Blueprint

blp = Blueprint("batch", __name__, description="Clean many pages in one streamed request.")
log = logging.getLogger("qingxi.batch")

NDJSON = "application/x-ndjson"
#: request media types read as NDJSON (the names JSON Lines goes by)
MEDIA_TYPES = (NDJSON, "application/ndjson", "application/jsonl", "application/x-jsonlines",
               "application/json-lines")

#: Called between lines to tell gunicorn's arbiter the worker is alive (its ``notify``; set by
#: ``post_worker_init`` in the gunicorn configuration).  A sync worker otherwise only checks in
#: between requests, and one long stream would get it killed after the worker timeout.
heartbeat: Callable[[], None] = lambda: None


#: how much of the body an early error reads and drops, so a client still sending reads the
#: error rather than a connection reset
DRAIN_MAX = 8 * 1024 * 1024


def _refuse(status: int, detail: str, **kw) -> Response:
    """An error of the whole request, before any line is read."""
    stream = get_input_stream(request.environ, safe_fallback=False, max_content_length=None)
    left = DRAIN_MAX
    while left > 0 and (chunk := stream.read(min(65536, left))):
        left -= len(chunk)
    return problem(status, detail, **kw)


def _line_problem(status: int, detail: str, **kw) -> dict:
    body = batching.problem(status, detail, **kw)
    if g.get("request_id"):
        body["request_id"] = g.request_id
    return body


@blp.route("/v1/clean/batch", methods=["POST"])
@blp.doc(
    requestBody={"required": True, "description": "One JSON record a line (NDJSON).",
                 "content": {NDJSON: {"schema": BatchRecordSchema}}},
    parameters=[{"in": "query", "schema": PageOptionsSchema}],
    responses={200: {"description": "One JSON line a record, in order, streamed as each page "
                                    "is cleaned.",
                     "content": {NDJSON: {"schema": BatchLineSchema}}}},
)
@blp.errors(401, 413, 415, 422)
def clean_batch():
    """Clean many pages: NDJSON in, NDJSON out, streamed

    Each line of the body is a record `{"id", "text", "options"}`; the query parameters are the
    default options of every record (a record's own `options` override them). The answer has one
    line per non-blank input line, in order: `{"id", "result"}` with what `/v1/clean` returns, or
    `{"id", "error"}` with a problem. A bad line gives an error line and the stream goes on.
    """
    config = current_app.config["QINGXI"]
    if request.mimetype not in MEDIA_TYPES or \
            request.mimetype_params.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
        return _refuse(415, f"Send the records as {NDJSON} (one JSON object a line, UTF-8); "
                       f"got {request.content_type or 'none'!r}.")
    defaults = request.args.to_dict(flat=True)
    try:
        base = batching.load_options(None, defaults)
    except batching.RecordError as exc:
        return _refuse(422, "Invalid options in the query string; see errors.",
                       type_=batching.VALIDATION, errors=exc.problem.get("errors"))
    if request.content_length is not None and request.content_length > config.batch_max_bytes:
        return _refuse(413, f"The batch is larger than the limit of {config.batch_max_bytes} "
                       "bytes (QINGXI_BATCH_MAX_BYTES).")
    # the body as it arrives (chunked or not), without werkzeug's whole-request size limit:
    # this view counts bytes itself and ends the stream cleanly at its own limits
    stream = get_input_stream(request.environ, safe_fallback=False, max_content_length=None)
    lines = _results(stream, defaults, base, config)
    return Response(stream_with_context(lines), mimetype=NDJSON,
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


class _Counted:
    """A binary stream that counts what is read from it."""

    def __init__(self, raw) -> None:
        self.raw, self.count = raw, 0

    def readline(self, size: int = -1) -> bytes:
        line = self.raw.readline(size)
        self.count += len(line)
        return line


def _results(raw, defaults: dict, base, config) -> Iterator[bytes]:
    stream = _Counted(raw)
    lines = 0
    for lineno, line in batching.iter_lines(stream, config.max_bytes):
        heartbeat()
        if stream.count > config.batch_max_bytes:
            yield _end(f"The batch is larger than the limit of {config.batch_max_bytes} bytes "
                       f"(QINGXI_BATCH_MAX_BYTES); stopped before line {lineno}.")
            return
        lines += 1
        if lines > config.batch_max_lines:
            yield _end(f"The batch has more than {config.batch_max_lines} lines "
                       f"(QINGXI_BATCH_MAX_LINES); stopped before line {lineno}.")
            return
        if line is None:
            yield _dump({"id": lineno, "error": _line_problem(
                413, f"line {lineno}: longer than the limit of {config.max_bytes} bytes "
                "(QINGXI_MAX_BYTES)")})
            continue
        try:
            record = batching.parse_record(line, lineno, defaults, base)
        except batching.RecordError as exc:
            if g.get("request_id"):
                exc.problem["request_id"] = g.request_id
            yield _dump({"id": exc.id, "error": exc.problem})
            continue
        yield _dump(_clean(record, lineno, config.timeout))


def _clean(record: batching.Record, lineno: int, timeout: float) -> dict:
    try:
        with deadline(timeout):
            result = batching.clean_page(record.text, record.options)
    except DeadlineExceeded:
        return {"id": record.id, "error": _line_problem(
            503, f"line {lineno}: cleaning took longer than the limit of {timeout:g} s "
            "(QINGXI_TIMEOUT)", type_=TIMEOUT)}
    except Exception:  # noqa: BLE001 - logged; one page must not end the stream
        log.exception("batch line failed", extra={"request_id": g.get("request_id"),
                                                  "line": lineno})
        return {"id": record.id, "error": _line_problem(
            500, f"line {lineno}: an unexpected error occurred; it has been logged.")}
    result["version"] = VERSION
    return {"id": record.id, "result": result}


def _end(detail: str) -> bytes:
    return _dump({"id": None, "error": _line_problem(413, detail)})


def _dump(line: dict) -> bytes:
    return batching.dumps(line).encode("utf-8", "surrogatepass")
