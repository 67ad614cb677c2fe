"""gunicorn configuration: ``gunicorn -c service/gunicorn_conf.py 'service:create_app()'``.

Settings come from the same ``QINGXI_*`` variables as the app (:mod:`service.config`).

- sync workers: the pipeline is CPU-bound and the per-request deadline (SIGALRM) needs the
  request to run in the worker's main thread;
- ``timeout`` (a worker silent that long is killed) is the request deadline plus a margin, so
  the app's 503 answers first and gunicorn's kill is only the backstop;
- ``graceful_timeout``: on SIGTERM workers finish the requests they hold, then exit;
- ``max_requests`` (``QINGXI_MAX_REQUESTS``, 10,000) with 10 % jitter recycles workers so that
  no slow leak accumulates, and not all at once.  Not more often: a fresh worker touches the
  preloaded pipeline's memory copy-on-write, and its first requests stall (a worker recycled
  every 2,000 requests put ~0.3 s stalls in the p99 of short runs); the soak
  (``make soak``) runs with recycling off to show that no leak needs it;
- ``preload_app``: the pipeline (OpenCC dictionaries, tables, compiled regexes) is loaded and
  warmed up once in the master and shared copy-on-write; nothing in it holds a thread, a socket
  or a file, so forking after it is safe;
- metrics: ``PROMETHEUS_MULTIPROC_DIR`` is a fresh directory under /tmp, made here before the app
  (and so ``prometheus_client``) is imported, and removed at exit; a dead worker's live gauges
  are dropped in ``child_exit``;
- ``worker_tmp_dir``: the heartbeat files go to /dev/shm when it exists (a disk-backed /tmp can
  stall heartbeats; a read-only root filesystem leaves /tmp and /dev/shm writable).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from service.config import Config  # noqa: E402  (needs the path above when run from a checkout)

_config = Config.from_env()

_METRICS_PREFIX = "qingxi-metrics-"
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix=_METRICS_PREFIX)

bind = [f"0.0.0.0:{_config.port}"]
workers = _config.workers
worker_class = "sync"
timeout = int(_config.timeout + _config.body_timeout) + 10
graceful_timeout = int(_config.timeout) + 5
keepalive = 5
max_requests = _config.max_requests
max_requests_jitter = _config.max_requests // 10
preload_app = True
# no control socket: nothing uses it, and it would be written under $HOME
control_socket_disable = True
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    worker_tmp_dir = "/dev/shm"
# request line and headers: generous for long query strings, bounded against abuse
limit_request_line = 8190
limit_request_fields = 100
# the app logs one JSON line per request; gunicorn's own messages go to stderr as JSON too
accesslog = None
errorlog = "-"
loglevel = _config.log_level.lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "service.logging.JSONFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": _config.log_level,
                           "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}


def post_worker_init(worker):
    # a sync worker checks in with the arbiter only between requests: a long streamed batch
    # (POST /v1/clean/batch) checks in after every line instead, or it would be killed at
    # `timeout`
    from service.api import batch

    batch.heartbeat = worker.notify


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    # only the directory made above (gunicorn may read this file more than once; one set by
    # the operator is theirs to keep)
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(path).startswith(_METRICS_PREFIX):
        shutil.rmtree(path, ignore_errors=True)
