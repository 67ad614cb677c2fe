"""The web blueprint through Flask's test client: the page, its assets, the example pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from service.web import examples, web

SHARED_PAGES = Path(__file__).resolve().parents[3] / "shared" / "pages"


@pytest.fixture(scope="module")
def client():
    app = Flask("qingxi-web-test")
    app.register_blueprint(web)
    return app.test_client()


def test_index_is_one_page_with_its_own_script_and_stylesheet(client):
    res = client.get("/")
    assert res.status_code == 200 and res.mimetype == "text/html"
    html = res.get_data(as_text=True)
    assert '<script src="/web/static/app.js" defer>' in html
    assert '<link rel="stylesheet" href="/web/static/app.css">' in html
    # nothing from the internet: no absolute URL is loaded by the page
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    for name in ("app.js", "app.css"):
        asset = client.get(f"/web/static/{name}")
        assert asset.status_code == 200 and asset.content_length > 1000
        body = asset.get_data(as_text=True)
        assert "http://" not in body and "https://" not in body and "@import" not in body
        asset.close()


def test_the_page_offers_every_example(client):
    html = client.get("/").get_data(as_text=True)
    names = [n for n, _, _ in examples()]
    assert len(names) == 5
    for name, label, kb in examples():
        assert f'<option value="{name}" lang="zh-CN">{label} ({kb} KB)</option>' in html
    assert '004 · 本报讯（记者李丹丹通讯员 (16 KB)' in html


def test_examples_are_served_as_utf8_text_and_match_the_project_pages(client):
    for name, _, _ in examples():
        res = client.get(f"/web/examples/{name}")
        assert res.status_code == 200
        assert res.headers["Content-Type"] == "text/plain; charset=utf-8"
        if SHARED_PAGES.is_dir():
            assert res.get_data() == (SHARED_PAGES / name).read_bytes()


@pytest.mark.parametrize("name", ["nope.txt", "..%2Fapp.js", "%2E%2E%2F__init__.py", "__init__.py"])
def test_only_the_listed_examples_are_served(client, name):
    assert client.get(f"/web/examples/{name}").status_code == 404
