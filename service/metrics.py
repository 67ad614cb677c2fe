"""Prometheus metrics, correct across gunicorn workers.

Under gunicorn the configuration (``service/gunicorn_conf.py``) sets ``PROMETHEUS_MULTIPROC_DIR``
to a fresh directory before anything imports ``prometheus_client``: every worker then writes its
samples to memory-mapped files there and ``/metrics`` adds up all workers' files, so a scrape
sees the whole service whichever worker answers it.  Without that variable (tests, ``flask
run``) the process-local default registry is used.

Labels are bounded: ``endpoint`` is the matched URL rule (``/v1/clean``), never the raw path
(``unmatched`` for 404s), so a scan of random URLs cannot blow up the series count.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess

REQUESTS = Counter("qingxi_http_requests_total", "HTTP requests answered.",
                   ["endpoint", "method", "status"])
ERRORS = Counter("qingxi_http_errors_total", "HTTP requests answered with a 4xx or 5xx status.",
                 ["endpoint", "status"])
LATENCY = Histogram("qingxi_http_request_duration_seconds",
                    "Time from reading the request to the response, in seconds.",
                    ["endpoint"],
                    buckets=(.002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5, 10, 30))
BYTES_IN = Counter("qingxi_http_request_bytes_total", "Request body bytes received.",
                   ["endpoint"])

#: plain-text exposition format 0.0.4, which every Prometheus understands
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4


def observe(endpoint: str, method: str, status: int, seconds: float, bytes_in: int) -> None:
    REQUESTS.labels(endpoint, method, str(status)).inc()
    LATENCY.labels(endpoint).observe(seconds)
    if bytes_in:
        BYTES_IN.labels(endpoint).inc(bytes_in)
    if status >= 400:
        ERRORS.labels(endpoint, str(status)).inc()


def render() -> bytes:
    """The metrics of every worker (multiprocess mode) or of this process."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)
