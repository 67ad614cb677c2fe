"""gunicorn as deployed (``service/gunicorn_conf.py``), on a free loopback port, with what the
fault tests need: the master's pid, its workers' pids, and raw sockets to hold a request open.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT.parent / "shared" / "pages"


def page(name: str = "004_f7398b48e92c5c4a.txt") -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (gunicorn's workers), from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry))
    return sorted(out)


class Live:
    """``with Live(QINGXI_WORKERS="1") as g: requests.get(g.url + "/healthz")``"""

    def __init__(self, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {k: v for k, v in os.environ.items()
                   if not k.startswith("QINGXI_") and k != "PROMETHEUS_MULTIPROC_DIR"}
        environ.update({"QINGXI_WORKERS": "2", "QINGXI_LOG_LEVEL": "WARNING", **env})
        self._log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "service" / "gunicorn_conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "service:create_app()"],
            cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=self._log)
        self.workers = int(environ["QINGXI_WORKERS"])
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, seconds: float = 30) -> None:
        """Until every worker is forked and the service answers /readyz."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.log()[-2000:])
            try:
                if len(self.worker_pids()) == self.workers and \
                        requests.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError("gunicorn did not become ready: " + self.log()[-2000:])

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid)

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def send(self, raw: bytes) -> socket.socket:
        """Open a connection and send ``raw`` (a whole HTTP request); the caller reads."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        s.sendall(raw)
        return s

    def stop(self, timeout: float = 30) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "Live":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def post_request(path: str, body: bytes, content_type: str = "text/plain; charset=utf-8",
                 extra: str = "") -> bytes:
    """A raw HTTP/1.1 POST, closing the connection after the answer."""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n").encode() + body


def read_all(s: socket.socket) -> bytes:
    chunks = []
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    s.close()
    return b"".join(chunks)
