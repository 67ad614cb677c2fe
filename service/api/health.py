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


#: a small page with the usual damage (spaced characters, half-width punctuation, a radical,
#: full-width digits, a traditional stray, a doubled page number) to warm every step up on
_WARM_UP_PAGE = "激发“五三”工程建设新动能\n\n本 报 讯 （记 者 李 丹 丹）为倡树务实重干的导向,\n\n" \
    "推动形成抓党建促发展格局，臺灣⼯业产值增长１２%。\n\n2121\n"


def warm_up() -> bool:
    """Clean one small page and normalize one line, so that the first request does not pay for
    loading dictionaries and building tables (under gunicorn this runs once, in the master,
    before the workers fork); readiness follows its success."""
    global _ready
    try:
        pipeline.clean_page(_WARM_UP_PAGE, pipeline.Options(explain=True))
        pipeline.normalize(_WARM_UP_PAGE, pipeline.Options())
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
