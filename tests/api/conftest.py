"""Fixtures of the API tests: the app from the factory, its test client, the real pages."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from service import create_app

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT.parent / "shared" / "pages"
PAGE_004 = PAGES / "004_f7398b48e92c5c4a.txt"


def page(name: str = PAGE_004.name) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def all_pages() -> list[Path]:
    return sorted(PAGES.glob("*.txt"))


@pytest.fixture
def app():
    return create_app({"QINGXI_API_KEYS": "", "QINGXI_LOG_LEVEL": "INFO"})


@pytest.fixture
def client(app):
    return app.test_client()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logs():
    """Records the service's loggers emit (they do not propagate to the root logger)."""
    handler = _Collect()
    logger = logging.getLogger("qingxi")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


# ---- a real gunicorn on a loopback port --------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn with the project's configuration, bound to 127.0.0.1 on a free port."""

    def __init__(self, **env: str) -> None:
        import os
        import subprocess
        import sys
        import time

        import requests

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {k: v for k, v in os.environ.items()
                   if not k.startswith("QINGXI_") and k != "PROMETHEUS_MULTIPROC_DIR"}
        environ.update({"QINGXI_WORKERS": "2", "QINGXI_LOG_LEVEL": "WARNING", **env})
        import tempfile

        self._log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block it
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "service" / "gunicorn_conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "service:create_app()"],
            cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=self._log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.log()[-2000:])
            try:
                if requests.get(self.url + "/readyz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not become ready in 30 s")

    def log(self) -> str:
        """Everything gunicorn and the app wrote to stderr so far."""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def stop(self, timeout: float = 30) -> int:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture(scope="session")
def server():
    g = Gunicorn()
    yield g
    g.stop()
