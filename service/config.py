"""Configuration from the environment: every setting, its variable and its default.

Read once at start-up (by the app factory and by the gunicorn configuration); a bad value stops
the service with a message naming the variable rather than running with a surprise.

>>> c = Config.from_env({})
>>> c.port, c.max_bytes, c.timeout, c.log_level, c.api_keys
(8000, 2097152, 10.0, 'INFO', ())
>>> Config.from_env({"QINGXI_API_KEYS": " k1, ,k2 ", "QINGXI_MAX_BYTES": "1048576"}).api_keys
('k1', 'k2')
>>> Config.from_env({"QINGXI_TIMEOUT": "soon"})
Traceback (most recent call last):
...
ValueError: QINGXI_TIMEOUT must be a number > 0 (seconds), not 'soon'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def default_workers() -> int:
    """One sync worker per core the process may run on, at least two (one slow client cannot
    hold the whole service).  The pipeline is CPU-bound: on the 2-core machine two workers
    answered 16 KB pages at concurrency 8 ~14% faster than four, with p99 82 ms instead of 120
    (``python loadtest/run.py --workers N``); more processes than cores only take turns."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(cores, 2)


#: variable -> (default, what it sets); the README's table follows this.
VARIABLES: dict[str, tuple[str, str]] = {
    "QINGXI_PORT": ("8000", "TCP port gunicorn listens on (all interfaces)."),
    "QINGXI_WORKERS": ("cores, at least 2", "gunicorn sync worker processes."),
    "QINGXI_MAX_BYTES": ("2097152", "Largest request body in bytes (2 MB); larger → 413."),
    "QINGXI_TIMEOUT": ("10", "Seconds one request may spend cleaning; then 503."),
    "QINGXI_BODY_TIMEOUT": ("5", "Seconds a client may take to send its request body; then 408 "
                            "(a client that announces a body and stalls cannot hold a worker)."),
    "QINGXI_MAX_REQUESTS": ("10000", "Requests after which a worker is replaced by a fresh one "
                            "(plus up to 10 % jitter, so not all at once); 0: never."),
    "QINGXI_LOG_LEVEL": ("INFO", "DEBUG, INFO, WARNING, ERROR or CRITICAL (JSON lines on "
                         "stderr)."),
    "QINGXI_API_KEYS": ("(empty: off)", "Comma-separated API keys; when set, every endpoint "
                        "but /healthz, /readyz and the web page (/, /web/) needs "
                        "`Authorization: Bearer <key>`."),
    "QINGXI_BATCH_MAX_BYTES": ("1073741824", "Largest body of `POST /v1/clean/batch` (1 GiB); "
                               "each of its lines is limited by QINGXI_MAX_BYTES."),
    "QINGXI_BATCH_MAX_LINES": ("100000", "Most lines in one `POST /v1/clean/batch`."),
}


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, not {raw!r}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise ValueError(f"{name} must be a number > 0 (seconds), not {raw!r}")
    return value


@dataclass(frozen=True)
class Config:
    port: int = 8000
    workers: int = 2
    max_bytes: int = 2 * 1024 * 1024
    timeout: float = 10.0
    body_timeout: float = 5.0
    max_requests: int = 10_000
    log_level: str = "INFO"
    api_keys: tuple[str, ...] = ()
    batch_max_bytes: int = 1024 ** 3
    batch_max_lines: int = 100_000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if env is None else env
        level = env.get("QINGXI_LOG_LEVEL", "").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise ValueError(f"QINGXI_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, "
                             f"not {level!r}")
        keys = tuple(k.strip() for k in env.get("QINGXI_API_KEYS", "").split(",") if k.strip())
        return cls(
            port=_int(env, "QINGXI_PORT", 8000),
            workers=_int(env, "QINGXI_WORKERS", default_workers()),
            max_bytes=_int(env, "QINGXI_MAX_BYTES", 2 * 1024 * 1024),
            timeout=_seconds(env, "QINGXI_TIMEOUT", 10.0),
            body_timeout=_seconds(env, "QINGXI_BODY_TIMEOUT", 5.0),
            max_requests=_int(env, "QINGXI_MAX_REQUESTS", 10_000, minimum=0),
            log_level=level,
            api_keys=keys,
            batch_max_bytes=_int(env, "QINGXI_BATCH_MAX_BYTES", 1024 ** 3),
            batch_max_lines=_int(env, "QINGXI_BATCH_MAX_LINES", 100_000),
        )

    def __repr__(self) -> str:  # never print the keys themselves
        return (f"Config(port={self.port}, workers={self.workers}, max_bytes={self.max_bytes}, "
                f"timeout={self.timeout}, body_timeout={self.body_timeout}, "
                f"max_requests={self.max_requests}, log_level={self.log_level!r}, "
                f"api_keys=<{len(self.api_keys)} keys>, batch_max_bytes={self.batch_max_bytes}, "
                f"batch_max_lines={self.batch_max_lines})")
