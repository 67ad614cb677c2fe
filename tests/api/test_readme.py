"""The README stays true: its curl examples run against a live gunicorn and answer the status
each one's trailing comment names; every option, variable and endpoint is documented there."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from schemas import PageOptionsSchema
from service.config import VARIABLES
from service.openapi import PATH as OPENAPI

from .conftest import PAGE_004, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
_STATUS = re.compile(r"\s+#\s*(\d{3})\b[^\n]*$")


def curl_examples() -> list[tuple[str, int]]:
    """Every shell line of the README that runs curl, continuations joined, with the status
    its trailing comment expects."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for command in block.replace("\\\n", " ").splitlines():
            if "curl " not in command:
                continue
            m = _STATUS.search(command)
            assert m, f"README curl example without its expected status: {command}"
            out.append((command[:m.start()].strip(), int(m.group(1))))
    return out


EXAMPLES = curl_examples()


def test_the_readme_has_curl_examples_for_every_endpoint():
    paths = set(yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))["paths"])
    shown = " ".join(c for c, _ in EXAMPLES)
    for path in paths:
        assert f"localhost:8000{path}" in shown or f"localhost:8000{path}?" in shown, path


@pytest.mark.skipif(shutil.which("curl") is None, reason="the README's examples need curl")
@pytest.mark.parametrize("command,status", EXAMPLES, ids=[c[:60] for c, _ in EXAMPLES])
def test_readme_curl_example(server, tmp_path, command, status):
    shutil.copy(PAGE_004, tmp_path / "page.txt")  # the examples' page.txt
    live = command.replace("localhost:8000", f"127.0.0.1:{server.port}")
    run = subprocess.run(["bash", "-o", "pipefail", "-c", live + " -w '\\n%{http_code}'"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin:/usr/local/bin"})
    assert run.returncode == 0, run.stderr
    body, _, code = run.stdout.rpartition("\n")
    assert int(code) == status, body[:500]


def test_every_option_and_variable_is_documented():
    for name in PageOptionsSchema().fields:
        assert f"| `{name}` |" in README, name
    for name in VARIABLES:
        assert f"| `{name}` |" in README, name
