"""The client and ``qingxi clean --server`` against a live service started with ``qingxi serve``
(gunicorn with the project's configuration) on a free loopback port."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from service.client import BatchResult, Client, CleanResult, PayloadTooLarge, ValidationError
from service.pipeline import clean_page, normalize, rules
from service.pipeline.options import Options

PAGES = sorted(Path(__file__).resolve().parents[3].joinpath("shared", "pages").glob("*.txt"))
QINGXI = str(Path(sys.executable).with_name("qingxi"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QINGXI_")
           and k != "PROMETHEUS_MULTIPROC_DIR"}
    env.update(QINGXI_LOG_LEVEL="WARNING", QINGXI_MAX_BYTES="200000")
    proc = subprocess.Popen([QINGXI, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "qingxi serve exited"
        try:
            if requests.get(url + "/readyz", timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("qingxi serve did not become ready")
    yield url
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0


def _same(result: CleanResult, text: str, opts: Options = Options()) -> None:
    expected = clean_page(text, opts)
    raw = dict(result.raw)
    for r in (raw, expected):
        r["stats"] = {k: v for k, v in r["stats"].items() if k != "elapsed_ms"}
    raw.pop("version")
    assert raw == expected
    assert [a.text for a in result.articles] == [a["text"] for a in expected["articles"]]


def test_clean_normalize_rules(server):
    text = PAGES[4].read_text(encoding="utf-8")
    with Client(server) as qx:
        assert qx.ready()
        page = qx.clean(text, script="zh-Hant", explain=True)
        _same(page, text, Options(script="zh-Hant", explain=True))
        assert page.edits is not None and page.version
        assert all(text[e.start:e.end] == e.before for e in page.edits)
        norm = qx.normalize("本 报 讯 （记 者 李丹丹）")
        assert norm.text == normalize("本 报 讯 （记 者 李丹丹）")["text"]
        assert qx.rules() == rules()


def test_problem_details_become_exceptions(server):
    with Client(server) as qx:
        with pytest.raises(ValidationError) as err:
            qx.clean("本报讯", scrpt="zh-Hant")
        assert err.value.status == 422
        assert {"pointer": "#/options/scrpt", "detail": "Unknown option."} in err.value.errors
        assert err.value.request_id
        with pytest.raises(PayloadTooLarge) as err:
            qx.clean("字" * 100_000)  # 300 KB over the 200 KB limit of this server
        assert "QINGXI_MAX_BYTES" in err.value.detail


def test_clean_batch_of_every_page_with_a_bad_record(server):
    pages = [p.read_text(encoding="utf-8") for p in PAGES]
    records = [{"id": p.name, "text": t} for p, t in zip(PAGES, pages)]
    records.insert(2, {"id": "bad", "text": "x", "options": {"script": "klingon"}})
    with Client(server) as qx:
        out = list(qx.clean_batch(iter(records), dedupe=False))
    assert [r.id for r in out] == [r["id"] for r in records]
    assert isinstance(out[2], BatchResult) and not out[2].ok
    assert out[2].error.status == 422 and out[2].error.errors[0]["pointer"] == "#/options/script"
    for r, text in zip(out[:2] + out[3:], pages):
        _same(r.unwrap(), text, Options(dedupe=False))


def test_cli_server_mode_gives_what_local_mode_gives(server, tmp_path):
    d = tmp_path / "pages"
    d.mkdir()
    for p in PAGES:
        (d / p.name).write_bytes(p.read_bytes())
    (d / "broken.txt").write_bytes(b"\xff\xfe")
    local = subprocess.run([QINGXI, "clean", str(d), "--script", "zh-Hant"],
                           capture_output=True, timeout=120)
    remote = subprocess.run([QINGXI, "clean", str(d), "--script", "zh-Hant", "--server", server],
                            capture_output=True, timeout=120)
    assert local.returncode == remote.returncode == 1  # broken.txt
    strip = lambda out: [
        {**x, "result": {**x["result"], "stats": {k: v for k, v in x["result"]["stats"].items()
                                                  if k != "elapsed_ms"}, "version": None}}
        if "result" in x else x for x in map(json.loads, out.splitlines())]
    assert strip(local.stdout) == strip(remote.stdout)
    assert b"broken.txt: not valid utf-8" in remote.stderr


def test_cli_server_unreachable_is_a_clear_error():
    out = subprocess.run([QINGXI, "clean", str(PAGES[0]), "--server",
                          f"http://127.0.0.1:{_free_port()}"], capture_output=True, timeout=120)
    assert out.returncode == 1
    assert b"cannot reach" in out.stderr and b"Traceback" not in out.stderr
