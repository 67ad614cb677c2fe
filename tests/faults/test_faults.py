"""Faults of a running service (real gunicorn, the project's configuration, loopback).

- a worker killed with SIGKILL in the middle of a request is replaced, and the service keeps
  answering, meanwhile and afterwards;
- SIGTERM drains: a request already in a worker is answered in full before the master exits 0,
  and no new connection is taken;
- a request over the deadline (QINGXI_TIMEOUT) is answered with a complete problem+json 503,
  not a dropped connection, and the worker that answered it lives on.

A request is held "in flight" by sending its headers and only part of its body: a sync worker
is then busy with it for as long as the test likes, whatever the speed of the pipeline.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time

import requests

from .live import Live, page, post_request, read_all

TEXT = "text/plain; charset=utf-8"


def _split(raw: bytes, keep: int = 100) -> tuple[bytes, bytes]:
    return raw[:-keep], raw[-keep:]


def _busy_worker(g: Live, before: dict[int, int], seconds: float = 10) -> int:
    """The worker whose CPU time grows: the one running the pipeline for our request."""
    def cpu(pid: int) -> int:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for pid, t0 in before.items():
            if cpu(pid) - t0 >= 3:
                return pid
        time.sleep(0.01)
    raise AssertionError("no worker took the request")


def _status(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else 0


def _body(raw: bytes) -> dict:
    head, _, body = raw.partition(b"\r\n\r\n")
    length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
              if line.lower().startswith(b"content-length:")]
    assert length and len(body) == length[0], "the response was cut short"
    return json.loads(body)


def test_sigkill_of_a_worker_holding_a_request():
    with Live(QINGXI_WORKERS="2") as g:
        first = g.worker_pids()
        head, rest = _split(post_request("/v1/clean", page().encode()))
        held = g.send(head)  # one worker is now reading this body
        time.sleep(0.3)
        # the other worker still answers
        assert requests.get(g.url + "/healthz", timeout=5).status_code == 200
        # the held connection belongs to exactly one worker: kill both in turn is not needed,
        # find it by its open socket to our port
        victim = _worker_with_connection(g, held)
        os.kill(victim, signal.SIGKILL)
        assert read_all(held) == b""  # the killed request's connection closes, unanswered
        _wait_for_replacement(g, first, victim)
        for _ in range(20):
            r = requests.post(g.url + "/v1/normalize", json={"text": "本 报 讯"}, timeout=10,
                              headers={"Connection": "close"})
            assert r.status_code == 200 and r.json()["text"] == "本报讯"
        assert g.proc.poll() is None


def test_sigkill_of_a_worker_in_the_pipeline_while_others_are_served():
    with Live(QINGXI_WORKERS="2") as g:
        first = g.worker_pids()
        cpu0 = {pid: _cpu(pid) for pid in first}
        big = (page() * 30).encode()  # long enough to catch it cleaning
        held = g.send(post_request("/v1/clean", big))
        victim = _busy_worker(g, cpu0)
        results: list[int] = []

        def traffic() -> None:  # meanwhile, other clients keep being served
            for _ in range(10):
                results.append(requests.get(g.url + "/v1/rules", timeout=30).status_code)

        t = threading.Thread(target=traffic)
        t.start()
        os.kill(victim, signal.SIGKILL)
        raw = read_all(held)
        t.join(60)
        assert raw == b"" or _status(raw) == 200  # cut by the kill (or done just before it)
        assert results == [200] * 10
        _wait_for_replacement(g, first, victim)
        r = requests.post(g.url + "/v1/clean", data=page().encode(), timeout=30,
                          headers={"Content-Type": TEXT})
        assert r.status_code == 200 and r.json()["articles"]


def test_sigterm_drains_the_request_in_flight():
    with Live(QINGXI_WORKERS="1") as g:
        text = page()
        head, rest = _split(post_request("/v1/clean", text.encode()))
        held = g.send(head)
        time.sleep(0.3)  # the worker has accepted it and is reading the body
        g.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        # the master no longer takes connections...
        try:
            late = socket.create_connection(("127.0.0.1", g.port), timeout=2)
            late.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            refused = read_all(late) == b""
        except OSError:
            refused = True
        assert refused
        # ...but the request it holds is answered in full
        held.sendall(rest)
        raw = read_all(held)
        assert _status(raw) == 200
        assert _body(raw)["stats"]["input_chars"] == len(text)
        assert g.proc.wait(30) == 0


def test_request_over_the_deadline_gets_a_complete_503():
    with Live(QINGXI_WORKERS="1", QINGXI_TIMEOUT="0.05") as g:
        worker = g.worker_pids()
        started = time.monotonic()
        s = g.send(post_request("/v1/clean", (page() * 30).encode()))
        raw = read_all(s)
        elapsed = time.monotonic() - started
        assert _status(raw) == 503, raw[:300]
        assert b"Content-Type: application/problem+json" in raw
        body = _body(raw)
        assert body["status"] == 503 and body["type"] == "urn:qingxi:problem:timeout"
        assert elapsed < 5  # the app's deadline answered, not gunicorn's kill (timeout + 10 s)
        assert g.worker_pids() == worker  # the worker survived its alarm
        r = requests.post(g.url + "/v1/normalize", json={"text": "本 报 讯"}, timeout=10)
        assert r.status_code == 200


# ---- helpers ----------------------------------------------------------------------------------

def _cpu(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _worker_with_connection(g: Live, sock: socket.socket) -> int:
    """The worker holding the server end of ``sock``: its inode is in the worker's fds."""
    local = sock.getsockname()[1]
    inode = None
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            parts = line.split()
            lport = int(parts[1].split(":")[1], 16)
            rport = int(parts[2].split(":")[1], 16)
            if lport == g.port and rport == local:
                inode = parts[9]
    assert inode, "no server socket for the held connection"
    for pid in g.worker_pids():
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    raise AssertionError("no worker holds the connection")


def _wait_for_replacement(g: Live, first: list[int], victim: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = g.worker_pids()
        if victim not in now and len(now) == g.workers:
            assert set(now) - set(first), "no new worker"
            return
        time.sleep(0.05)
    raise AssertionError(f"worker {victim} was not replaced: {g.worker_pids()}")
