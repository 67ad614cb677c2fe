"""A per-request deadline around the pipeline call, so a slow input gets a 503, not a dead socket.

gunicorn's sync workers handle one request at a time in the process's main thread, where
``SIGALRM`` can interrupt Python code: :func:`deadline` arms a real-time timer and the signal
handler raises :class:`~service.errors.DeadlineExceeded` inside the pipeline, which the error
handler answers with a problem+json 503.  Elsewhere (a thread, a platform without
``setitimer``) it does nothing and gunicorn's own, slightly longer, worker timeout is the
backstop.

>>> import time
>>> with deadline(0.05):
...     time.sleep(1)
Traceback (most recent call last):
...
service.errors.DeadlineExceeded: deadline of 0.05 s exceeded
>>> with deadline(1):
...     x = sum(range(10))
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from .errors import DeadlineExceeded


def _armable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise DeadlineExceeded in the block if it runs longer than ``seconds``."""
    if seconds <= 0 or not _armable():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise DeadlineExceeded(f"deadline of {seconds:g} s exceeded")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
