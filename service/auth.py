"""Optional API keys: ``Authorization: Bearer <key>``.

Off when ``QINGXI_API_KEYS`` is empty.  When on, every endpoint but the probes (``/healthz``,
``/readyz``, which orchestrators call without credentials) needs one of the keys.  Keys are
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

#: paths that never need a key
OPEN_PATHS = frozenset({"/healthz", "/readyz"})


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
