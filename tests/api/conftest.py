"""Fixtures of the API tests: the app from the factory, its test client, the real pages."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from faults.live import Live
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

# gunicorn with the project's configuration on a free loopback port: the same launcher as the
# fault tests (it also waits until every worker is up)
Gunicorn = Live


@pytest.fixture(scope="session")
def server():
    g = Gunicorn()
    yield g
    g.stop()
