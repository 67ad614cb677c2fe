"""Benchmark of the normalisation beside ftfy, pangu and OpenCC, on the pages in ../shared/pages.

Prints, for each page, milliseconds per page and MB/s (UTF-8) of ``service.pipeline.normalize``
with the default options, of ``ftfy.fix_text``, ``pangu.space_text`` and OpenCC alone (t2s, the
conversion ``auto`` needs on a simplified page, and s2t, a conversion that rewrites most of one);
the targets of issue 3 as ratios; where the time goes, per step and per rule; then the cost of
1x, 4x, 16x a page (growth should be linear) and of pathological inputs.  Last, each page's
first call in a fresh process (the tables the repairs fill on first use empty), beside its second.

Every figure is the best of several calls, with the garbage collector off (as timeit), in CPU
time of this process (``time.process_time``): on a shared, loaded machine wall time measures the
other processes too.  The wall-clock table is printed beside it for reference.

Run with ``make bench`` (installs the ``bench`` extra).  Nothing is asserted: these are figures.
Set ``QINGXI_PAGES`` to measure other pages, ``QINGXI_BENCH_QUICK=1`` for a short run.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import ftfy
import opencc
import pangu

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline import ORDER, apply_rule, normalize  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402
from service.pipeline.options import DEFAULTS  # noqa: E402

PAGES = Path(os.environ.get("QINGXI_PAGES", ROOT.parent / "shared" / "pages"))
QUICK = bool(os.environ.get("QINGXI_BENCH_QUICK"))
#: calls per figure (the best is kept) and the least CPU time spent on one figure
RUNS = 5 if QUICK else 10
MIN_TIME = 0.05 if QUICK else 0.2

#: pangu renamed spacing_text to space_text in 5.x; accept either
PANGU = getattr(pangu, "space_text", None) or getattr(pangu, "spacing_text")
T2S = opencc.OpenCC("t2s")
S2T = opencc.OpenCC("s2t")

CONTENDERS = {
    "qingxi": lambda t: normalize(t),
    "ftfy": ftfy.fix_text,
    "pangu": PANGU,
    "opencc t2s": T2S.convert,
    "opencc s2t": S2T.convert,
}

#: the targets of issue 3: throughput at least 5x ftfy's, time within 10x of OpenCC alone
FTFY_FACTOR = 5
OPENCC_FACTOR = 10


def timed(fn, text: str, runs: int = RUNS, min_time: float = MIN_TIME) -> tuple[float, float]:
    """Best CPU seconds and best wall seconds per call of ``fn(text)``.

    At least ``runs`` calls, and more until ``min_time`` of CPU time is spent; the garbage
    collector is off while timing (a collection triggered by earlier garbage is not this call's).
    """
    fn(text)  # warm caches
    best_cpu = best_wall = float("inf")
    n = 0
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        while n < runs or time.process_time() - start < min_time:
            c0, w0 = time.process_time(), time.perf_counter()
            fn(text)
            w1, c1 = time.perf_counter(), time.process_time()
            best_cpu, best_wall = min(best_cpu, c1 - c0), min(best_wall, w1 - w0)
            n += 1
    finally:
        gc.enable()
    return best_cpu, best_wall


def once(fn, text: str) -> tuple[float, float]:
    """CPU and wall seconds of one call (for inputs too large to repeat)."""
    gc.collect()
    gc.disable()
    try:
        c0, w0 = time.process_time(), time.perf_counter()
        fn(text)
        return time.process_time() - c0, time.perf_counter() - w0
    finally:
        gc.enable()


def mb(text: str) -> float:
    return len(text.encode("utf-8")) / 1e6


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(header, widths)))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
    print()


def pages() -> list[tuple[str, str]]:
    paths = sorted(PAGES.glob("*.txt"))
    if not paths:
        sys.exit(f"no pages in {PAGES}")
    return [(p.stem[:12], p.read_text(encoding="utf-8")) for p in paths]


def per_page(texts: list[tuple[str, str]]) -> dict[str, float]:
    """The per-page tables (CPU, then wall); returns total CPU seconds per contender."""
    print(f"pages: {PAGES} ({len(texts)} files); ms per page, MB/s in parentheses\n")
    cpu = {n: [] for n in CONTENDERS}
    wall = {n: [] for n in CONTENDERS}
    for _, text in texts:
        for name, fn in CONTENDERS.items():
            c, w = timed(fn, text)
            cpu[name].append(c)
            wall[name].append(w)
    sizes = [mb(t) for _, t in texts]
    total_mb = sum(sizes)
    for title, figures in (("CPU time (process_time, best of runs)", cpu),
                           ("wall time (perf_counter, best of runs; includes the machine's load)", wall)):
        rows = []
        for k, (stem, text) in enumerate(texts):
            rows.append([stem, f"{len(text.encode('utf-8')) / 1024:.1f}"]
                        + [f"{figures[n][k] * 1000:.2f} ({sizes[k] / figures[n][k]:.1f})" for n in CONTENDERS])
        rows.append(["all pages", f"{total_mb * 1e6 / 1024:.1f}"]
                    + [f"{sum(figures[n]) * 1000:.2f} ({total_mb / sum(figures[n]):.1f})" for n in CONTENDERS])
        print(title)
        table(["page", "KB"] + list(CONTENDERS), rows)
    return {n: sum(cpu[n]) for n in CONTENDERS}


def targets(total: dict[str, float]) -> None:
    """The ratios of issue 3, in CPU time over all pages, with the budget they leave."""
    q, f = total["qingxi"], total["ftfy"]
    print("targets (whole normalisation, all pages, CPU time)")
    verdict = "met" if f / q >= FTFY_FACTOR else "NOT met"
    print(f"  qingxi / ftfy.fix_text throughput:  {f / q:5.1f}x  (target >= {FTFY_FACTOR}x: qingxi "
          f"<= {f / FTFY_FACTOR * 1000:.1f} ms; now {q * 1000:.1f} ms)  {verdict}")
    for conv in ("opencc t2s", "opencc s2t"):
        o = total[conv]
        verdict = "met" if q / o <= OPENCC_FACTOR else "NOT met"
        print(f"  qingxi time / {conv} alone:     {q / o:5.1f}x  (target <= {OPENCC_FACTOR}x: qingxi "
              f"<= {o * OPENCC_FACTOR * 1000:.1f} ms)  {verdict}")
    print()


def by_rule(texts: list[tuple[str, str]]) -> None:
    """Where the time goes: each rule (finding and applying its changes, as the pipeline runs it,
    precheck included) and the edit log (``Doc.edit_dicts``, its JSON shape); CPU, best of runs."""
    ids = [r.id for r in ORDER if r.enabled(DEFAULTS)]
    steps = list(dict.fromkeys(i.split(".")[0] for i in ids))
    best_rule = {stem: dict.fromkeys(ids + ["edit log"], float("inf")) for stem, _ in texts}
    changes = {stem: {} for stem, _ in texts}
    for stem, text in texts:
        best = best_rule[stem]
        gc.collect()
        gc.disable()
        try:
            for _ in range(RUNS):
                doc, seen = Doc(text), {}
                for r in ORDER:
                    if not r.enabled(DEFAULTS):
                        continue
                    before = doc.edit_count()
                    t0 = time.process_time()
                    apply_rule(doc, r, DEFAULTS, seen)
                    best[r.id] = min(best[r.id], time.process_time() - t0)
                    changes[stem][r.id] = doc.edit_count() - before
                t0 = time.process_time()
                doc.edit_dicts()
                best["edit log"] = min(best["edit log"], time.process_time() - t0)
        finally:
            gc.enable()
    print("CPU ms per step (sum of its rules' best times), default options")
    rows = []
    for stem, _ in texts:
        b = best_rule[stem]
        rows.append([stem] + [f"{sum(v for k, v in b.items() if k.split('.')[0] == s) * 1000:.2f}"
                              for s in steps] + [f"{b['edit log'] * 1000:.2f}"])
    rows.append(["all pages"] + [
        f"{sum(v for b in best_rule.values() for k, v in b.items() if k.split('.')[0] == s) * 1000:.2f}"
        for s in steps] + [f"{sum(b['edit log'] for b in best_rule.values()) * 1000:.2f}"])
    table(["page"] + steps + ["edit log"], rows)
    print("CPU ms per rule (all pages; the page where it costs most, and the edits it adds there)")
    rows = []
    for rid in ids:
        total = sum(best_rule[s][rid] for s, _ in texts)
        worst = max(texts, key=lambda t: best_rule[t[0]][rid])[0]
        rows.append([rid, f"{total * 1000:.2f}", worst[:3], f"{best_rule[worst][rid] * 1000:.2f}",
                     str(changes[worst].get(rid, 0))])
    rows.sort(key=lambda r: -float(r[1]))
    table(["rule", "all pages", "worst", "ms there", "anchors +"], rows)


def scaling(texts: list[tuple[str, str]]) -> None:
    base = max((t for _, t in texts), key=len)
    print("growth: the largest page repeated (time should grow linearly: ms/KB constant), CPU")
    rows = []
    for k in (1, 4, 16):
        text = "\n\n".join([base] * k)
        c, w = timed(CONTENDERS["qingxi"], text, runs=max(2, RUNS // k), min_time=0)
        kb = len(text.encode("utf-8")) / 1024
        rows.append([f"{k}x", f"{kb:.0f}", f"{c * 1000:.1f}", f"{c * 1000 / kb:.4f}", f"{w * 1000:.1f}"])
    table(["size", "KB", "CPU ms", "ms/KB", "wall ms"], rows)


def pathological() -> None:
    n = 1 << 20 if not QUICK else 1 << 16
    cases = {
        "one character 中": "中" * n,
        "spaces": " " * n,
        "spaces between 中": "中 " * (n // 2),
        "newlines": "\n" * n,
        "中 and ASCII ,": "中," * (n // 2),
        "，and ASCII (": "，(" * (n // 2),
        "straight quotes 中\"": "中\"" * (n // 2),
        "中 and middle dot •": "中•" * (n // 2),
        "中 and --": "中--" * (n // 3),
        "full-width digits １": "１" * n,
        "CRLF": "\r\n" * (n // 2),
        "ASCII commas ,": "," * n,
        "ASCII brackets (": "(" * n,
    }
    print(f"pathological inputs: {n:,} characters each, and a quarter of that "
          "(linear: ratio ~4); one call each, CPU seconds (wall beside)")
    rows = []
    for name, text in cases.items():
        c, w = once(CONTENDERS["qingxi"], text)
        cq, _ = once(CONTENDERS["qingxi"], text[: len(text) // 4])
        rows.append([name, f"{mb(text):.1f}", f"{c:.2f}", f"{cq:.2f}", f"{c / max(cq, 1e-9):.1f}",
                     f"{w:.2f}"])
    table(["input", "MB", "CPU s", "CPU s (1/4)", "ratio", "wall s"], rows)


def first_calls(texts: list[tuple[str, str]]) -> None:
    """Each page's first call and second call, in a fresh process for each contender (the pages
    in order, as a new worker meets them): what the best-of-runs figures above leave out, the
    work done once per character or pattern and then cached."""
    print("first calls in a fresh process (pages in order), CPU ms: first call / second call")
    cols: dict[str, list[list[float]]] = {}
    for name in ("qingxi", "ftfy"):
        out = subprocess.run([sys.executable, __file__, "--first", name], check=True,
                             capture_output=True, text=True, env=os.environ).stdout
        cols[name] = json.loads(out.splitlines()[-1])
    rows = [[stem] + [f"{cols[n][k][0] * 1000:.1f} / {cols[n][k][1] * 1000:.1f}" for n in cols]
            for k, (stem, _) in enumerate(texts)]
    rows.append(["all pages"] + [f"{sum(f for f, _ in cols[n]) * 1000:.1f} / "
                                 f"{sum(s for _, s in cols[n]) * 1000:.1f}" for n in cols])
    table(["page"] + list(cols), rows)


def _first(name: str) -> None:
    """(first, second) CPU seconds of ``name`` on each page, as JSON (the child of
    :func:`first_calls`)."""
    fn = CONTENDERS[name]
    figures = []
    for _, text in pages():
        figures.append([once(fn, text)[0], once(fn, text)[0]])
    print(json.dumps(figures))


def main() -> None:
    if sys.argv[1:2] == ["--first"]:
        _first(sys.argv[2])
        return
    print(f"python {sys.version.split()[0]}, ftfy {ftfy.__version__}, "
          f"pangu {getattr(pangu, '__version__', '?')}, opencc {getattr(opencc, '__version__', '?')}\n")
    texts = pages()
    total = per_page(texts)
    targets(total)
    by_rule(texts)
    scaling(texts)
    pathological()
    first_calls(texts)


if __name__ == "__main__":
    main()
