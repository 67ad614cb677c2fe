"""The web page: see what the cleaner did to a page, edit by edit.

``GET /`` serves one HTML page with one script and one stylesheet (``static/``), no build step and
nothing loaded from the internet.  The page is a client of the public API like any other: it
posts to ``/v1/clean`` with ``fetch`` (sending ``Authorization: Bearer`` when the user gives a
key), so what it shows is exactly what a caller gets.  Everything the page knows about the
pipeline comes from that response.

The example pages shipped with the project (``examples/*.txt``, package data) are served as
plain text under ``/web/examples/`` so that the page can offer them in a menu.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from flask import Blueprint, Response, abort, render_template

web = Blueprint(
    "web", __name__,
    static_folder="static", static_url_path="/web/static",
    template_folder="templates",
)

#: an example's file name: what the menu may ask for (no paths, no dot files)
_NAME = re.compile(r"[0-9A-Za-z_-]+\.txt")
_SPACES = re.compile(r"[\s#]+")


def _examples_dir():
    return resources.files(__package__) / "examples"


def _label(name: str, text: str) -> str:
    """A menu label: the file's number and its first printed line, without spaces or marks.

    >>> _label("004_f7398b48e92c5c4a.txt", "\\n   本 报 讯 （记 者 李 丹 丹 通 讯 员 \\n")
    '004 · 本报讯（记者李丹丹通讯员'
    >>> _label("000_69f41d07afda8776.txt", "## 我国将探索建立专精特新赋能体系\\n")
    '000 · 我国将探索建立专精特新赋能体系'
    """
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    head = _SPACES.sub("", first)
    if len(head) > 22:
        head = head[:21] + "…"
    return f"{name.split('_', 1)[0]} · {head}"


@lru_cache(maxsize=1)
def examples() -> tuple[tuple[str, str, int], ...]:
    """``(file name, label, size in KB)`` of every example page, sorted by name."""
    out = []
    for entry in sorted(_examples_dir().iterdir(), key=lambda p: p.name):
        if _NAME.fullmatch(entry.name):
            data = entry.read_bytes()
            out.append((entry.name, _label(entry.name, data.decode("utf-8")),
                        max(1, round(len(data) / 1024))))
    return tuple(out)


@web.get("/")
def index():
    return render_template("web/index.html", examples=examples())


@web.get("/web/examples/<name>")
def example(name: str):
    if name not in {n for n, _, _ in examples()}:
        abort(404)
    body = (_examples_dir() / name).read_bytes()
    return Response(body, mimetype="text/plain", content_type="text/plain; charset=utf-8")

#: the name the app factory looks for in each module of its blueprint list
blp = web
