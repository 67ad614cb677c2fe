"""Throughput of many pages: ``qingxi clean`` over a directory, and ``POST /v1/clean/batch``.

    python bench/many.py [--pages 1000] [--long 5000]

Makes a directory of ``--pages`` pages from the real pages in ../shared/pages (each a copy of one
of them, in turn), then prints pages/s of

- ``qingxi clean DIR`` with 1 and with 2 worker processes (the installed console script, wall
  time, output to a file);
- the batch endpoint against a live gunicorn (``qingxi serve``, 2 workers, loopback), with one
  stream and with two concurrent streams (one per worker), through the Python client;

and the resident memory of the gunicorn workers before and after one long stream of ``--long``
pages, to show that a stream does not grow the worker.  Figures only, no assertion.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT.parent / "shared" / "pages").glob("*.txt"))
QINGXI = str(Path(sys.executable).with_name("qingxi"))


def make_dir(n: int, where: Path) -> tuple[Path, int]:
    where.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        src = PAGES[i % len(PAGES)]
        shutil.copyfile(src, where / f"{i:05d}_{src.name}")
        total += src.stat().st_size
    return where, total


def bench_cli(d: Path, n: int, jobs: int, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([QINGXI, "clean", str(d), "-j", str(jobs), "-o", str(out)], check=True,
                   stderr=subprocess.DEVNULL)
    return n / (time.perf_counter() - started)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers(master: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{master}/task").iterdir():
        kids += [int(p) for p in (task / "children").read_text().split()]
    return sorted(kids)


class Server:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("QINGXI_")}
        env.update(QINGXI_LOG_LEVEL="WARNING")
        self.proc = subprocess.Popen([QINGXI, "serve", "--bind", f"127.0.0.1:{port}",
                                      "--workers", "2"], env=env, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                if requests.get(self.url + "/readyz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


def stream(url: str, texts: list[str], first: int, count: int) -> int:
    from service.client import Client

    def records():
        for i in range(first, first + count):
            yield {"id": i, "text": texts[i % len(texts)]}

    done = 0
    with Client(url, timeout=60) as qx:
        for item in qx.clean_batch(records()):
            done += item.ok
    return done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--long", type=int, default=5000, help="pages in the memory stream")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    n = args.pages
    with tempfile.TemporaryDirectory() as tmp:
        d, size = make_dir(n, Path(tmp) / "pages")
        print(f"{n} pages made from {len(PAGES)} real pages, {size / n / 1024:.1f} KB a page "
              f"on average, {os.cpu_count()} cores")
        for jobs in (1, 2):
            rate = bench_cli(d, n, jobs, Path(tmp) / f"out{jobs}.ndjson")
            print(f"qingxi clean DIR -j {jobs}:                  {rate:7.1f} pages/s")

    server = Server()
    try:
        stream(server.url, texts, 0, 20)  # warm both paths
        started = time.perf_counter()
        done = stream(server.url, texts, 0, n)
        rate = done / (time.perf_counter() - started)
        print(f"POST /v1/clean/batch, 1 stream:            {rate:7.1f} pages/s ({done} ok)")
        results = [0, 0]
        started = time.perf_counter()
        threads = [threading.Thread(target=lambda k=k: results.__setitem__(
            k, stream(server.url, texts, k * (n // 2), n // 2))) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rate = sum(results) / (time.perf_counter() - started)
        print(f"POST /v1/clean/batch, 2 streams (2 workers): {rate:5.1f} pages/s "
              f"({sum(results)} ok)")

        pids = workers(server.proc.pid)
        before = {p: rss_kb(p) for p in pids}
        sent = sum(len(texts[i % len(texts)].encode()) for i in range(args.long))
        started = time.perf_counter()
        done = stream(server.url, texts, 0, args.long)
        took = time.perf_counter() - started
        after = {p: rss_kb(p) for p in pids}
        print(f"long stream: {done} pages, {sent / 2**20:.0f} MB in one request, {took:.0f} s")
        for p in pids:
            print(f"  worker {p}: RSS {before[p] / 1024:6.1f} MB before, "
                  f"{after[p] / 1024:6.1f} MB after ({(after[p] - before[p]) / 1024:+.1f} MB)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
