"""``qingxi``: the command line.

    qingxi clean FILE|DIR|- [options] [--format json|text|ndjson] [-o OUT] [-j N] [--server URL]
    qingxi rules [--format text|json]
    qingxi serve [--bind HOST:PORT] [--workers N]
    qingxi ray INPUT OUTPUT [options]            (needs ``pip install 'qingxi[ray]'``)

``clean`` runs the pipeline on this machine, no server needed.  A text file is one page; a
``.jsonl``/``.ndjson`` file holds one record a line (``{"id", "text", "options"}``, as
``POST /v1/clean/batch`` takes); a directory means every ``*.txt`` under it.  Many pages are
cleaned on all cores (a process pool fed in chunks, results written in input order) with a
progress bar on a terminal, and nothing but results on stdout.

Exit status: 0 every page cleaned; 1 some inputs failed (each reported on stderr, the others
still cleaned); 2 usage error.  argparse is enough for four sub-commands and keeps the
dependency list short; the progress bar is tqdm: rate, ETA, terminal width and the
quiet-when-not-a-terminal rule are all solved there, and it is a small pure-Python package.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator

from .batching import Record, RecordError, clean_record, dumps, load_options, parse_record, problem
from .pipeline.options import DEFAULTS, LATIN_SPACING, SCRIPTS, Options

PROG = "qingxi"
#: file names read as records (one JSON object a line) rather than as one page
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: pages handed to a worker process at a time: large enough to amortise the pickling round trip,
#: small enough that the progress bar moves and the last chunk does not leave a core idle long
CHUNK = 8

#: help for each option of the pipeline (the same names as the API options)
OPTION_HELP = {
    "script": "output script: auto keeps the page's dominant script, keep converts nothing",
    "segment": "split the page into articles and furniture",
    "unicode": "repair code points (radicals, full-width Latin, invisibles)",
    "reflow": "join lines the column layout broke",
    "despace": "remove spaces an extractor put between Chinese characters",
    "punctuation": "full-width Chinese punctuation in Chinese context",
    "repair": "repair OCR errors (doubled characters, lookalikes)",
    "dedupe": "remove paragraphs and sentences printed twice",
    "latin_spacing": "spaces between Chinese and Latin/digits",
    "explain": "include the edit log",
}


class UsageError(Exception):
    """Bad command line (exit status 2)."""


# ----------------------------------------------------------------------------------------------
# inputs: what to clean, as a stream of work items in output order

class Item:
    """One page to clean: a file to read, a record already parsed, or a line that failed."""

    __slots__ = ("id", "path", "record", "error", "encoding")

    def __init__(self, id: Any, path: str | None = None, record: Record | None = None,
                 error: dict | None = None, encoding: str = "utf-8"):
        self.id, self.path, self.record, self.error, self.encoding = id, path, record, error, encoding


def decode(data: bytes, encoding: str, name: str) -> str:
    """Bytes of a page to text; a UTF-8 byte-order mark is dropped. Raises RecordError (400).

    >>> decode("本报讯".encode("gb18030"), "gb18030", "p.txt")
    '本报讯'
    >>> decode(b"\\xe6\\x9c\\xac\\xff", "utf-8", "p.txt")
    Traceback (most recent call last):
    ...
    service.batching.RecordError: p.txt: not valid utf-8 (byte 0xff at offset 3)
    """
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    try:
        return data.decode("utf-8-sig" if utf8 else encoding)
    except UnicodeDecodeError as exc:
        raise RecordError(problem(
            400, f"{name}: not valid {encoding} (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start})")) from None


def read_page(path: str | Path, encoding: str = "utf-8") -> str:
    """A page file's text. Raises RecordError (400) when it cannot be read or decoded."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise RecordError(problem(400, f"{path}: no such file or directory")) from None
    except OSError as exc:
        raise RecordError(problem(400, f"{path}: {exc.strerror or exc}")) from None
    return decode(data, encoding, str(path))


def _records(stream, name: str, given: dict, defaults: Options) -> Iterator[Item]:
    """Items from a binary JSONL stream, one line at a time (no size limit on this machine)."""
    lineno = 0
    for raw in stream:
        lineno += 1
        if not raw.strip():
            continue
        try:
            yield Item(None, record=parse_record(raw, lineno, given, defaults))
        except RecordError as exc:
            exc.problem["detail"] = f"{name}: {exc.problem['detail']}"
            yield Item(exc.id, error=exc.problem)


def _is_jsonl(path: Path, input_format: str) -> bool:
    if input_format != "auto":
        return input_format == "jsonl"
    return path.suffix.lower() in JSONL_SUFFIXES


def _count_lines(path: Path) -> int:
    """Non-blank lines of a file, read in blocks (for the progress bar's total)."""
    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            n += bool(line.strip())
    return n


class Inputs:
    """The command-line inputs as work items in output order.

    ``many`` is true when the inputs may hold more than one page (a directory, a JSONL file,
    JSON Lines on stdin, several arguments): the output is then one ``{"id", ...}`` entry a page
    rather than one page's result.  A path that does not exist becomes a failed item in its
    place, so the other inputs are still cleaned.
    """

    def __init__(self, args: list[str], input_format: str, pattern: str, given: dict,
                 defaults: Options, encoding: str):
        self.given, self.defaults, self.encoding = given, defaults, encoding
        self.sources: list[tuple[str, Any, Path | None]] = []  # (kind, id, path)
        self.stdin_first = b""
        many = len(args) > 1
        for arg in args:
            if arg == "-":
                self.stdin_first = sys.stdin.buffer.readline()  # to tell JSON Lines from a page
                jsonl = input_format == "jsonl" or (input_format == "auto" and self.stdin_first
                                                    .lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"))
                self.sources.append(("stdin-jsonl" if jsonl else "stdin", "-", None))
                many = many or jsonl
                continue
            p = Path(arg)
            if p.is_dir():
                many = True
                for q in sorted(q for q in p.rglob(pattern) if q.is_file()):
                    kind = "jsonl" if _is_jsonl(q, input_format) else "page"
                    self.sources.append((kind, q.relative_to(p).as_posix(), q))
            elif p.exists() and _is_jsonl(p, input_format):
                many = True
                self.sources.append(("jsonl", arg, p))
            else:
                self.sources.append(("page", arg, p))
        self.many = many

    def count(self) -> int | None:
        """How many pages, if it can be known without reading stdin."""
        n = 0
        for kind, _, path in self.sources:
            if kind == "stdin-jsonl":
                return None
            try:
                n += _count_lines(path) if kind == "jsonl" else 1
            except OSError:
                n += 1
        return n

    def __iter__(self) -> Iterator[Item]:
        for kind, sid, path in self.sources:
            if kind == "page":
                yield Item(sid, path=str(path), encoding=self.encoding)
            elif kind == "jsonl":
                try:
                    with open(path, "rb") as fh:
                        yield from _records(fh, str(path), self.given, self.defaults)
                except OSError as exc:
                    yield Item(sid, error=problem(400, f"{path}: {exc.strerror or exc}"))
            elif kind == "stdin-jsonl":
                yield from _records(_chain(self.stdin_first, sys.stdin.buffer), "<stdin>",
                                    self.given, self.defaults)
            else:
                data = self.stdin_first + sys.stdin.buffer.read()
                try:
                    yield Item("-", record=Record("-", decode(data, self.encoding, "<stdin>"),
                                                  self.defaults))
                except RecordError as exc:
                    yield Item("-", error=exc.problem)


def _chain(first: bytes, rest) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


# ----------------------------------------------------------------------------------------------
# cleaning: in this process, on a pool of processes, or on a server

def clean_item(item: Item, defaults: Options) -> dict:
    """The result line of one item (runs in a worker process)."""
    if item.error is not None:
        return {"id": item.id, "error": item.error}
    if item.record is not None:
        return clean_record(item.record)
    try:
        text = read_page(item.path, item.encoding)
    except RecordError as exc:
        return {"id": item.id, "error": exc.problem}
    return clean_record(Record(item.id, text, defaults))


def _clean_chunk(args: tuple[list[Item], Options]) -> list[dict]:
    chunk, defaults = args
    return [clean_item(item, defaults) for item in chunk]


def _init_worker() -> None:
    # Ctrl-C goes to the whole process group: the parent handles it and ends the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def clean_local(items: Iterable[Item], defaults: Options, jobs: int) -> Iterator[dict]:
    """Result lines in input order; ``jobs`` > 1 cleans on a pool of processes.

    The pool is fed chunks of :data:`CHUNK` pages, and at most ``4 * jobs`` chunks are in flight:
    ``Pool.imap`` alone would read the whole input ahead (all of a million-line JSONL file in
    memory); the semaphore keeps memory flat however long the input.
    """
    if jobs <= 1:
        for item in items:
            yield clean_item(item, defaults)
        return
    window = threading.BoundedSemaphore(4 * jobs)

    def chunks() -> Iterator[tuple[list[Item], Options]]:
        chunk: list[Item] = []
        for item in items:
            chunk.append(item)
            if len(chunk) == CHUNK:
                window.acquire()
                yield chunk, defaults
                chunk = []
        if chunk:
            window.acquire()
            yield chunk, defaults

    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    pool = ctx.Pool(jobs, initializer=_init_worker)
    try:
        for results in pool.imap(_clean_chunk, chunks()):
            window.release()
            yield from results
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def clean_remote(items: Iterable[Item], defaults: dict, base: Options, server: str,
                 api_key: str | None, timeout: float) -> Iterator[dict]:
    """Result lines from a running service (``POST /v1/clean/batch``), in input order."""
    from .client import Client, ClientError

    def records() -> Iterator[dict]:
        for item in items:
            if item.error is not None:  # fails here; the server never sees it
                yield {"id": item.id, "text": "", "_error": item.error}
                continue
            if item.record is not None:
                rec = {"id": item.record.id, "text": item.record.text}
                if item.record.options != base:  # the record has options of its own
                    rec["options"] = item.record.options._asdict()
                yield rec
            else:
                try:
                    yield {"id": item.id, "text": read_page(item.path, item.encoding)}
                except RecordError as exc:
                    yield {"id": item.id, "text": "", "_error": exc.problem}

    local_errors: dict[int, dict] = {}

    def send() -> Iterator[dict]:
        for n, rec in enumerate(records()):
            if "_error" in rec:
                local_errors[n] = {"id": rec["id"], "error": rec["_error"]}
                continue
            yield rec

    with Client(server, api_key=api_key, timeout=timeout) as client:
        n = 0
        try:
            for res in client.clean_batch(send(), **defaults):
                while n in local_errors:
                    yield local_errors.pop(n)
                    n += 1
                yield res.as_dict()
                n += 1
        except ClientError as exc:
            raise SystemExit(f"{PROG}: {server}: {exc}") from None
        while n in local_errors:
            yield local_errors.pop(n)
            n += 1


# ----------------------------------------------------------------------------------------------
# outputs

def page_text(result: dict) -> str:
    """A page as plain text: its articles' text, one blank line between articles."""
    return "\n\n".join(a["text"] for a in result["articles"]) + "\n"


class Sink:
    """Writes result lines in the chosen format: to one stream, or one file a page (``-o DIR/``).

    ndjson: every line as it is, errors included (the shape of ``POST /v1/clean/batch``).
    json: one page's result, pretty; for many pages a JSON array of the lines, written as it goes.
    text: each page's articles, pages separated by a form feed (as pdftotext separates pages).
    Failed pages are reported on stderr by the caller; text and per-file output skip them.
    """

    def __init__(self, fmt: str, many: bool, out: str | None):
        self.fmt, self.many = fmt, many
        self.emitted = 0  # entries written to the stream
        self.dir = self.fh = None
        if out and many and (out.endswith(("/", os.sep)) or Path(out).is_dir()):
            if fmt == "ndjson":
                raise UsageError("-o DIR writes one file a page: use --format json or text")
            self.dir = Path(out)
            self.dir.mkdir(parents=True, exist_ok=True)
        elif out and out != "-":
            try:
                self.fh = open(out, "w", encoding="utf-8", newline="\n")
            except OSError as exc:
                raise UsageError(f"{out}: {exc.strerror or exc}") from None
        else:
            self.fh = sys.stdout

    def write(self, line: dict) -> None:
        if self.dir is not None:
            if "result" in line:
                self._write_file(line["id"], line["result"])
            return
        if self.fmt == "ndjson":
            self.fh.write(dumps(line))
        elif self.fmt == "text":
            if "result" in line:
                self.fh.write(("\f\n" if self.emitted else "") + page_text(line["result"]))
            else:
                return
        elif not self.many:
            if "result" not in line:
                return
            self.fh.write(json.dumps(line["result"], ensure_ascii=False, indent=2) + "\n")
        else:
            self.fh.write(("[\n" if self.emitted == 0 else ",\n")
                          + json.dumps(line, ensure_ascii=False, separators=(",", ":")))
        self.emitted += 1

    def _write_file(self, id: Any, result: dict) -> None:
        rel = Path(str(id))
        if rel.is_absolute() or ".." in rel.parts:  # ids from a JSONL file are not trusted paths
            rel = Path(str(id).replace("/", "_").replace("\\", "_"))
        target = self.dir / rel.with_suffix(".json" if self.fmt == "json" else ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_text(result) if self.fmt == "text" else
                          json.dumps(result, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")

    def close(self) -> None:
        if self.fh is None:
            return
        if self.fmt == "json" and self.many:
            self.fh.write("[]\n" if self.emitted == 0 else "\n]\n")
        self.fh.flush()
        if self.fh is not sys.stdout:
            self.fh.close()


def _progress(count: int | None, enabled: bool):
    """A tqdm bar on stderr (pages, pages/s, ETA), or None."""
    if not enabled:
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the worker pool forks after the bar starts
    return tqdm(desc="cleaning", total=count, unit="page", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                mininterval=0.2)


# ----------------------------------------------------------------------------------------------
# sub-commands

def _options_from_args(args: argparse.Namespace) -> dict:
    """Only the options given on the command line (the server keeps its own defaults)."""
    return {k: getattr(args, k) for k in Options._fields if hasattr(args, k)}


def cmd_clean(args: argparse.Namespace) -> int:
    given = _options_from_args(args)
    try:
        defaults = load_options(given)
    except RecordError as exc:
        raise UsageError(exc.problem["detail"]) from None
    if args.inputs.count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    inputs = Inputs(args.inputs, args.input_format, args.glob, given, defaults, args.encoding)
    fmt = args.format or ("ndjson" if inputs.many else "json")
    sink = Sink(fmt, inputs.many, args.output)
    show = (sys.stderr.isatty() if args.progress is None else args.progress) and inputs.many
    bar = _progress(inputs.count() if show else None, show)
    if args.server:
        results = clean_remote(iter(inputs), given, defaults, args.server, args.api_key, args.timeout)
    else:
        jobs = args.jobs or os.cpu_count() or 1
        results = clean_local(iter(inputs), defaults, jobs if inputs.many else 1)
    total = failed = 0
    try:
        for line in results:
            total += 1
            if "error" in line:
                failed += 1
                err = line["error"]
                detail = err.get("detail") or err.get("title", "failed")
                where = "" if str(line["id"]) in detail else f"{line['id']}: "
                msg = f"{PROG}: {where}{detail}"
                if bar is not None:
                    bar.write(msg, file=sys.stderr)
                else:
                    print(msg, file=sys.stderr)
            sink.write(line)
            if bar is not None:
                bar.update(1)
        sink.close()
    finally:
        if bar is not None:
            bar.close()
    if failed and inputs.many:
        print(f"{PROG}: {failed} of {total} page(s) failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from .pipeline import rules

    listed = rules()
    if args.format == "json":
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return 0
    width = max((len(r["id"]) for r in listed), default=4)
    for r in listed:
        ex = r["example"]
        print(f"{r['id']:<{width}}  --{'no-' if r['default'] is True else ''}"
              f"{r['option'].replace('_', '-')}")
        print(f"{'':<{width}}  {r['summary']}")
        print(f"{'':<{width}}  {ex['before']!r} -> {ex['after']!r}")
    if not listed:
        print("(no rules)", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Replace this process with gunicorn running the service with the project's config."""
    conf = Path(__file__).with_name("gunicorn_conf.py")
    argv = [sys.executable, "-m", "gunicorn"]
    if conf.exists():
        argv += ["-c", str(conf)]
    if args.bind:
        argv += ["--bind", args.bind]
    if args.workers:
        argv += ["--workers", str(args.workers)]
    argv.append("service:create_app()")
    sys.stdout.flush()
    os.execv(sys.executable, argv)
    return 0  # not reached


def cmd_ray(args: argparse.Namespace) -> int:
    try:
        from . import ray_job
    except ImportError as exc:
        print(f"{PROG} ray: {exc}; install the extra: pip install 'qingxi[ray]'", file=sys.stderr)
        return 1
    given = _options_from_args(args)
    try:
        load_options(given)
    except RecordError as exc:
        raise UsageError(exc.problem["detail"]) from None
    summary = ray_job.clean_files(
        args.input, args.output, options=given, input_format=args.input_format,
        address=args.address, num_cpus=args.num_cpus, batch_size=args.batch_size)
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if summary.get("failed") else 0


# ----------------------------------------------------------------------------------------------

def _add_pipeline_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("cleaning options (defaults as the API's)")
    for name in Options._fields:
        flag = "--" + name.replace("_", "-")
        default = getattr(DEFAULTS, name)
        help_ = f"{OPTION_HELP.get(name, name)} (default: {default})"
        if isinstance(default, bool):
            g.add_argument(flag, dest=name, action=argparse.BooleanOptionalAction,
                           default=argparse.SUPPRESS, help=help_)
        else:
            choices = {"script": SCRIPTS, "latin_spacing": LATIN_SPACING}.get(name)
            g.add_argument(flag, dest=name, choices=choices, default=argparse.SUPPRESS,
                           help=help_)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog=PROG, description="清洗 qingxi: clean raw Chinese newspaper pages into articles.",
        epilog="exit status: 0 ok, 1 some inputs failed, 2 usage error")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("clean", help="clean pages on this machine (or on --server)",
                       description="Clean pages: a text file is one page, a .jsonl/.ndjson file "
                       "one record a line ({\"id\", \"text\", \"options\"}), a directory every "
                       "file matching --glob, - stdin.")
    c.add_argument("inputs", nargs="+", metavar="FILE|DIR|-")
    c.add_argument("-f", "--format", choices=("json", "text", "ndjson"),
                   help="json: one page's result (a JSON array of {id, result|error} for many "
                   "pages); ndjson: one {id, result|error} line a page (default for many); "
                   "text: the articles as plain text, pages separated by a form feed")
    c.add_argument("-o", "--output", metavar="OUT",
                   help="write here instead of stdout; an existing directory or a path ending "
                   "in / gets one file a page")
    c.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="worker processes for many pages (default: all cores)")
    c.add_argument("--input-format", choices=("auto", "text", "jsonl"), default="auto",
                   help="auto: .jsonl/.ndjson files (and stdin starting with '{') are records")
    c.add_argument("--glob", default="*.txt", help="files to take from a directory (default: "
                   "%(default)s)")
    c.add_argument("--encoding", default="utf-8", help="encoding of text files (default: "
                   "%(default)s; e.g. gb18030)")
    c.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    c.add_argument("--server", metavar="URL", default=os.environ.get("QINGXI_SERVER"),
                   help="clean on a running service instead (env QINGXI_SERVER)")
    c.add_argument("--api-key", default=os.environ.get("QINGXI_API_KEY"),
                   help="API key for --server (env QINGXI_API_KEY)")
    c.add_argument("--timeout", type=float, default=60.0,
                   help="seconds to wait for the server (default: %(default)s)")
    _add_pipeline_options(c)
    c.set_defaults(func=cmd_clean)

    r = sub.add_parser("rules", help="list the cleaning rules")
    r.add_argument("-f", "--format", choices=("text", "json"), default="text")
    r.set_defaults(func=cmd_rules)

    s = sub.add_parser("serve", help="run the HTTP service (gunicorn)")
    s.add_argument("-b", "--bind", help="HOST:PORT (default: from the environment, see README)")
    s.add_argument("-w", "--workers", type=int, help="worker processes (default: from the "
                   "environment)")
    s.set_defaults(func=cmd_serve)

    y = sub.add_parser("ray", help="clean a corpus on a Ray cluster (pip install 'qingxi[ray]')",
                       description="Read JSONL or Parquet records ({id, text}), clean them with "
                       "Ray Data, write Parquet with one row per article.")
    y.add_argument("input", help="a JSONL/Parquet file or directory (any path Ray reads)")
    y.add_argument("output", help="directory for the Parquet files")
    y.add_argument("--input-format", choices=("auto", "jsonl", "parquet"), default="auto")
    y.add_argument("--address", help="Ray cluster address (default: start a local one, or "
                   "RAY_ADDRESS)")
    y.add_argument("--num-cpus", type=int, help="CPUs of the local cluster (default: all)")
    y.add_argument("--batch-size", type=int, default=16, help="pages per map_batches call")
    _add_pipeline_options(y)
    y.set_defaults(func=cmd_ray)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        ap.exit(2, f"{PROG}: error: {exc}\n")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `qingxi clean dir | head`: the reader left; say nothing, as cat would
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
