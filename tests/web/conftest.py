"""Fixtures of the browser test: the live service on a loopback port and headless Chromium.

The browser is Debian's ``chromium`` (installed by ``make test``), driven by Playwright over its
DevTools pipe; Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("QINGXI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _make_app(api_keys: str = ""):
    """The real service from its factory (the page, /v1/clean, errors, optional keys)."""
    from service import create_app

    return create_app({"QINGXI_API_KEYS": api_keys, "QINGXI_LOG_LEVEL": "WARNING"})


class LiveServer:
    """The app served by werkzeug on 127.0.0.1, on a free port, in a thread.

    werkzeug rather than gunicorn: the page is what is tested here (tests/api runs the service
    under real gunicorn), and a thread starts in milliseconds and needs no process clean-up.
    """

    def __init__(self, app, key: str | None = None):
        self.key = key
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture(scope="module")
def live():
    with LiveServer(_make_app()) as server:
        yield server


@pytest.fixture(scope="module")
def live_with_keys():
    key = "s3cret-test-key"
    with LiveServer(_make_app(api_keys=key), key) as server:
        yield server


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1480, "height": 940}, device_scale_factor=1, locale="zh-CN",
        )
        try:
            yield ctx
        finally:
            ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    page.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
