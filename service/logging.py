"""JSON logs: one object per line on stderr, one line per request, each with its request id.

The request id is the caller's ``X-Request-ID`` when it is a sane token (letters, digits and
``._:-``, at most 64 characters after dropping anything else), otherwise a fresh one; it is
echoed in the response and in every error body so that a caller can quote it.  Headers are
never logged (the API key lives in one).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

_UNSAFE = re.compile(r"[^A-Za-z0-9._:\-]+")
MAX_ID = 64

#: attributes of a LogRecord that are not extra fields
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def request_id(header: str | None) -> str:
    """The caller's id, cleaned and capped, or a new one.

    >>> request_id("abc-123")
    'abc-123'
    >>> request_id('x"}\\n{"evil": 1')
    'xevil:1'
    >>> len(request_id("a" * 500))
    64
    >>> len(request_id("   ")), len(request_id(None))
    (32, 32)
    """
    if header:
        cleaned = _UNSAFE.sub("", header)[:MAX_ID]
        if cleaned:
            return cleaned
    return uuid.uuid4().hex


class JSONFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "msg", ...extra fields, "exc"}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure(level: str) -> None:
    """Send the service's loggers (``qingxi.*``) to stderr as JSON lines at ``level``."""
    logger = logging.getLogger("qingxi")
    logger.setLevel(level)
    if not any(getattr(h, "_qingxi", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
        handler._qingxi = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.propagate = False
