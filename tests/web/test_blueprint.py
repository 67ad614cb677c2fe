"""The web blueprint through the app factory: the page, its assets, the example pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from service import create_app
from service.web import examples

SHARED_PAGES = Path(__file__).resolve().parents[3] / "shared" / "pages"


@pytest.fixture(scope="module")
def client():
    return create_app({"QINGXI_API_KEYS": "", "QINGXI_LOG_LEVEL": "WARNING"}).test_client()


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


def test_with_api_keys_the_page_loads_without_one_and_the_api_still_needs_it():
    locked = create_app({"QINGXI_API_KEYS": "k-page", "QINGXI_LOG_LEVEL": "WARNING"}).test_client()
    name = examples()[0][0]
    for path in ("/", "/web/static/app.js", "/web/static/app.css", f"/web/examples/{name}"):
        r = locked.get(path)
        assert r.status_code == 200, path
        r.close()
    assert locked.post("/v1/clean", json={"text": "本报讯"}).status_code == 401
    assert locked.get("/webhook").status_code == 401  # only the page's own paths are open
    ok = locked.post("/v1/clean", json={"text": "本报讯"}, headers={"Authorization": "Bearer k-page"})
    assert ok.status_code == 200
