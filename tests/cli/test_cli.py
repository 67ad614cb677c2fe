"""``qingxi``: the command line, run as a shell user runs it (the installed console script)."""

import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from service import cli
from service.pipeline import clean_page, rules
from service.pipeline.options import Options

PAGES = sorted(Path(__file__).resolve().parents[3].joinpath("shared", "pages").glob("*.txt"))
QINGXI = str(Path(sys.executable).with_name("qingxi"))


def run(*args, input: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([QINGXI, *map(str, args)], input=input, capture_output=True,
                          cwd=cwd, timeout=120)


def same(result: dict, text: str, opts: Options = Options()) -> None:
    """``result`` is what the pipeline gives for ``text`` (all but the timing)."""
    expected = clean_page(text, opts)
    for r in (result, expected):
        r["stats"].pop("elapsed_ms")
    assert result == expected


@pytest.fixture(scope="module")
def pagedir(tmp_path_factory) -> Path:
    """The five pages twice, one copy in a sub-directory, plus a file that is not a page."""
    d = tmp_path_factory.mktemp("pages")
    (d / "sub").mkdir()
    for p in PAGES:
        shutil.copy(p, d / p.name)
        shutil.copy(p, d / "sub" / p.name)
    (d / "notes.md").write_text("not taken: not *.txt")
    return d


def test_console_script_is_installed():
    assert os.access(QINGXI, os.X_OK)
    out = run("--help")
    assert out.returncode == 0 and b"clean" in out.stdout and b"rules" in out.stdout


def test_one_file_gives_its_page_as_json():
    out = run("clean", PAGES[4], "--script", "zh-Hant", "--explain")
    assert out.returncode == 0 and out.stderr == b""
    result = json.loads(out.stdout)
    same(result, PAGES[4].read_text(encoding="utf-8"), Options(script="zh-Hant", explain=True))
    assert "edits" in result


def test_directory_gives_one_ndjson_line_a_page_in_order(pagedir):
    out = run("clean", pagedir, "-j", "2")
    assert out.returncode == 0, out.stderr
    assert out.stderr == b""  # piped: no progress bar
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    names = [p.name for p in PAGES]
    assert [x["id"] for x in lines] == names + [f"sub/{n}" for n in names]
    for line, page in zip(lines, PAGES * 2):
        same(line["result"], page.read_text(encoding="utf-8"))


def test_one_process_and_a_pool_give_the_same_bytes(pagedir, tmp_path):
    one = run("clean", pagedir, "-j", "1", "--no-dedupe", "-f", "text")
    two = run("clean", pagedir, "-j", "2", "--no-dedupe", "-f", "text")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    pages = one.stdout.decode().split("\f\n")
    assert len(pages) == 10
    expected = clean_page(PAGES[1].read_text(encoding="utf-8"), Options(dedupe=False))
    assert pages[1] == "\n\n".join(a["text"] for a in expected["articles"]) + "\n"


def test_stdin_page_and_stdin_jsonl():
    text = PAGES[3].read_bytes()
    out = run("clean", "-", "--no-segment", input=text)
    assert out.returncode == 0
    same(json.loads(out.stdout), text.decode(), Options(segment=False))

    records = b"".join(json.dumps({"id": i, "text": p.read_text(encoding="utf-8")},
                                  ensure_ascii=False).encode() + b"\n"
                       for i, p in enumerate(PAGES))
    out = run("clean", "-", "-f", "json", input=records)
    assert out.returncode == 0
    arr = json.loads(out.stdout)
    assert [x["id"] for x in arr] == list(range(5))
    same(arr[2]["result"], PAGES[2].read_text(encoding="utf-8"))


def test_jsonl_bad_lines_are_reported_and_the_rest_cleaned(tmp_path):
    good = PAGES[0].read_text(encoding="utf-8")
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "a", "text": good}, ensure_ascii=False),
        '{"id": "b", "text": ',                                     # broken JSON
        json.dumps({"id": "c", "text": good, "options": {"scrpt": "zh-Hant"}}),
        json.dumps({"id": "d", "text": 42}),
        "",                                                          # blank: skipped
        json.dumps({"text": good, "options": {"script": "zh-Hant"}}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    out = run("clean", f)
    assert out.returncode == 1
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", 2, "c", "d", 6]
    assert [("result" in x) for x in lines] == [True, False, False, False, True]
    assert lines[1]["error"]["status"] == 400
    assert lines[2]["error"]["status"] == 422
    assert any("scrpt" in json.dumps(e) for e in lines[2]["error"]["errors"])
    same(lines[4]["result"], good, Options(script="zh-Hant"))
    err = out.stderr.decode()
    assert "line 2" in err and "line 3" in err and "line 4" in err
    assert "3 of 5 page(s) failed" in err


def test_missing_and_undecodable_files_fail_alone(tmp_path):
    bad = tmp_path / "gbk.txt"
    bad.write_bytes(PAGES[3].read_text(encoding="utf-8").encode("gb18030"))
    out = run("clean", tmp_path / "nope.txt", bad, PAGES[3])
    assert out.returncode == 1
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert ["result" in x for x in lines] == [False, False, True]
    err = out.stderr.decode()
    assert "nope.txt: no such file or directory" in err
    assert "gbk.txt: not valid utf-8 (byte 0x" in err
    # the same file read with its real encoding
    out = run("clean", bad, "--encoding", "gb18030")
    assert out.returncode == 0
    same(json.loads(out.stdout), PAGES[3].read_text(encoding="utf-8"))


def test_output_directory_gets_one_file_a_page(pagedir, tmp_path):
    out = run("clean", pagedir, "-o", f"{tmp_path}/out/", "-f", "json")
    assert out.returncode == 0 and out.stdout == b""
    written = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").rglob("*.json"))
    assert written == sorted([p.stem + ".json" for p in PAGES] +
                             [f"sub/{p.stem}.json" for p in PAGES])
    same(json.loads((tmp_path / "out" / "sub" / (PAGES[0].stem + ".json")).read_text()),
         PAGES[0].read_text(encoding="utf-8"))


def test_output_file(tmp_path):
    out = run("clean", PAGES[1], "-f", "text", "-o", tmp_path / "p.txt")
    assert out.returncode == 0 and out.stdout == b""
    expected = clean_page(PAGES[1].read_text(encoding="utf-8"))
    assert (tmp_path / "p.txt").read_text() == cli.page_text(expected)


@pytest.mark.parametrize("args", [
    [],                                            # no input
    ["clean"],                                     # no input
    ["clean", "x.txt", "--script", "klingon"],     # not a choice
    ["clean", "x.txt", "-j", "0"],
    ["clean", "-", "-"],
    ["clean", "x.txt", "--frobnicate"],
    ["nonsense"],
])
def test_usage_errors_exit_2(args):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == b"" and b"usage" in out.stderr or b"error" in out.stderr


def test_ndjson_to_an_output_directory_is_a_usage_error(pagedir, tmp_path):
    out = run("clean", pagedir, "-f", "ndjson", "-o", f"{tmp_path}/")
    assert out.returncode == 2 and b"one file a page" in out.stderr


def test_progress_bar_on_a_terminal_only(pagedir):
    """stderr on a pseudo-terminal: a bar with the count, the rate and the ETA; piped: quiet."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([QINGXI, "clean", str(pagedir), "-j", "2"], stdout=subprocess.PIPE,
                            stderr=slave)
    os.close(slave)
    stdout, _ = proc.communicate(timeout=120)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert proc.returncode == 0
    assert len(stdout.splitlines()) == 10
    bar = shown.decode(errors="replace")
    assert "10/10" in bar and "page/s" in bar and "<00:00" in bar

    piped = run("clean", pagedir)
    assert piped.stderr == b""
    forced = run("clean", pagedir, "--progress")
    assert b"10/10" in forced.stderr


def test_a_reader_that_leaves_early_gets_no_traceback(pagedir):
    proc = subprocess.run(f"'{QINGXI}' clean '{pagedir}' -j 2 | head -c 100 > /dev/null",
                          shell=True, capture_output=True, timeout=120)
    assert b"Traceback" not in proc.stderr
    assert proc.stderr == b""


def test_rules_lists_every_rule():
    out = run("rules", "-f", "json")
    assert out.returncode == 0
    assert json.loads(out.stdout) == rules()
    text = run("rules").stdout.decode()
    for r in rules():
        assert r["id"] in text and r["option"].replace("_", "-") in text
