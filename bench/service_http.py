"""What the HTTP shell costs around the pipeline, and pages/s of ``POST /v1/clean`` under gunicorn.

    python bench/service_http.py [--seconds 10] [--clients 4]

Prints, for each page in ../shared/pages:

- the median time of ``clean_page`` called directly and of ``POST /v1/clean`` through the app
  (Flask test client: parsing, validation, deadline, JSON, logging, metrics), and the
  difference, which is the shell's own cost; then the same for a two-character
  ``/v1/normalize`` and for ``GET /healthz``, where the shell is nearly all there is;

then starts gunicorn with the project's configuration (2 workers, loopback port) and for
``--seconds`` has ``--clients`` threads post page 004 as text/plain, printing pages/s and the
latency percentiles; the same for ``GET /healthz`` (the floor of one request).  Figures only, no
assertion.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "pages"


def median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def in_process(n: int) -> None:
    from service import create_app
    from service.pipeline import Options, clean_page

    app = create_app({"QINGXI_LOG_LEVEL": "WARNING", "QINGXI_API_KEYS": ""})
    logging.getLogger("qingxi").setLevel("WARNING")
    client = app.test_client()
    print(f"{'page':<28}{'chars':>7}{'clean_page ms':>15}{'POST ms':>10}{'shell ms':>10}")
    for path in sorted(PAGES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        raw = text.encode()
        direct = median_ms(lambda: clean_page(text, Options()), n)
        post = median_ms(lambda: client.post("/v1/clean", data=raw, content_type="text/plain"), n)
        print(f"{path.name:<28}{len(text):>7}{direct:>15.2f}{post:>10.2f}{post - direct:>10.2f}")
    # the shell alone, on a text the pipeline does almost nothing to
    from service.pipeline import normalize

    short = "标题"
    direct = median_ms(lambda: normalize(short, Options()), n * 20)
    post = median_ms(lambda: client.post("/v1/normalize", json={"text": short}), n * 20)
    health = median_ms(lambda: client.get("/healthz"), n * 20)
    print(f"shell alone: POST /v1/normalize of {short!r} {post:.3f} ms (normalize {direct:.3f} ms), "
          f"GET /healthz {health:.3f} ms")


def load(url: str, seconds: float, clients: int, method: str, body: bytes | None) -> None:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        session = requests.Session()
        mine = []
        bad = 0
        while time.monotonic() < stop:
            t = time.perf_counter()
            r = session.request(method, url, data=body, timeout=60,
                                headers={"Content-Type": "text/plain; charset=utf-8"} if body else {})
            mine.append(time.perf_counter() - t)
            bad += r.status_code != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100)
    print(f"{method} {url.rsplit('/', 1)[1] or '/'}: {len(latencies) / wall:.1f} requests/s "
          f"({clients} clients, {wall:.1f} s), latency p50 {q[49] * 1000:.1f} ms, "
          f"p99 {q[98] * 1000:.1f} ms, non-200: {errors}")


def live(seconds: float, clients: int) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("QINGXI_")}
    env.update(QINGXI_WORKERS="2", QINGXI_LOG_LEVEL="WARNING")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "service/gunicorn_conf.py",
                             "--bind", f"127.0.0.1:{port}", "service:create_app()"],
                            cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/readyz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        page = (PAGES / "004_f7398b48e92c5c4a.txt").read_bytes()
        print(f"gunicorn, 2 sync workers, page 004 ({len(page)} bytes):")
        load(base + "/v1/clean", seconds, clients, "POST", page)
        load(base + "/healthz", seconds, clients, "GET", None)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=20, help="runs per page in process")
    args = ap.parse_args()
    in_process(args.repeat)
    live(args.seconds, args.clients)


if __name__ == "__main__":
    main()
