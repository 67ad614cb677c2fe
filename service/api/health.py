"""Probes and metrics: ``/healthz`` (alive), ``/readyz`` (ready for traffic), ``/metrics``."""

from __future__ import annotations

import logging

from flask import current_app

from schemas import StatusSchema
from service import metrics, pipeline
from service.errors import problem
from service.version import VERSION

from . import Blueprint

blp = Blueprint("health", __name__, description="Liveness, readiness and metrics.")
log = logging.getLogger("qingxi.health")

#: set once this process has imported the pipeline and run one normalize through it (OpenCC's
#: dictionaries loaded, every module imported, regexes compiled)
_ready = False


def warm_up() -> bool:
    """Run one real normalize (traditional and simplified text, spaced, half-width punctuation)
    so the first request does not pay for loading; readiness follows its success."""
    global _ready
    try:
        pipeline.normalize("新 华 社 北京12月2日电,臺灣 ⼯业 ＡＢＣ１２３", pipeline.Options())
        _ready = True
    except Exception:  # readiness says no, the log says why
        log.exception("warm-up failed")
        _ready = False
    return _ready


@blp.route("/healthz", methods=["GET"], tags=["health"])
@blp.response(200, StatusSchema)
@blp.doc(security=[])
def healthz():
    """Liveness: the process answers

    Needs no API key.
    """
    return {"status": "ok", "version": VERSION}


@blp.route("/readyz", methods=["GET"], tags=["health"])
@blp.response(200, StatusSchema)
@blp.errors(503)
@blp.doc(security=[])
def readyz():
    """Readiness: the pipeline is loaded and warmed up

    503 until this worker has loaded the converters and cleaned a first text. Needs no API key.
    """
    if not _ready:
        return problem(503, "The pipeline is not loaded yet.")
    return {"status": "ready", "version": VERSION}


@blp.route("/metrics", methods=["GET"], tags=["health"])
@blp.response(200, {"type": "string"}, content_type="text/plain",
              description="Prometheus text exposition format 0.0.4: requests by endpoint, "
                          "method and status; latency histogram; errors; request bytes.")
@blp.errors(401)
def metrics_view():
    """Prometheus metrics of all workers"""
    return current_app.response_class(metrics.render(), mimetype=None,
                                      content_type=metrics.CONTENT_TYPE)
