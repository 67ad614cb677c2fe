"""Optional API keys: ``Authorization: Bearer <key>``.

Off when ``QINGXI_API_KEYS`` is empty.  When on, every endpoint but the probes (``/healthz``,
``/readyz``, which orchestrators call without credentials) and the web page (``/``, which asks
its user for the key) needs one of the keys.  Keys are
compared with :func:`hmac.compare_digest` against every configured key (no early exit that would
tell by timing which key nearly matched) and are never logged or echoed.

>>> authorized("Bearer k2", ("k1", "k2"))
True
>>> authorized("Bearer k3", ("k1", "k2")), authorized("k1", ("k1",)), authorized(None, ("k1",))
(False, False, False)
>>> authorized("bearer   k1 ", ("k1",))
True
"""

from __future__ import annotations

import hmac

#: paths that never need a key: the probes, and the web page (``/``) with its assets and example
#: pages under ``/web/``: the page holds no data, it asks its user for a key and sends it with
#: its own calls to the API, so it must load without one
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/"})
OPEN_PREFIXES = ("/web/",)


def is_open(path: str) -> bool:
    """True for a path anyone may get, key or not.

    >>> is_open("/healthz"), is_open("/"), is_open("/web/static/app.js"), is_open("/v1/clean")
    (True, True, True, False)
    >>> is_open("/webhook"), is_open("/docs")
    (False, False)
    """
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def authorized(header: str | None, keys: tuple[str, ...]) -> bool:
    """True when ``header`` is ``Bearer <one of keys>`` (scheme case-insensitive)."""
    if not header:
        return False
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    given = token.strip().encode("utf-8", "surrogateescape")
    ok = False
    for key in keys:
        ok |= hmac.compare_digest(given, key.encode("utf-8"))
    return ok
