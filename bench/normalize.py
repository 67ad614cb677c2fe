"""Benchmark of the normalisation beside ftfy, pangu and OpenCC, on the pages in ../shared/pages.

Prints, for each page, milliseconds per page and MB/s (UTF-8) of ``service.pipeline.normalize``
with the default options, of ``ftfy.fix_text``, ``pangu.space_text`` and OpenCC alone (t2s, the
conversion ``auto`` needs on a simplified page, and s2t, a conversion that rewrites most of one);
then the cost of 1x, 4x, 16x a page (growth should be linear) and of pathological inputs.

Run with ``make bench`` (installs the ``bench`` extra).  Nothing is asserted: these are figures.
Set ``QINGXI_PAGES`` to measure other pages, ``QINGXI_BENCH_QUICK=1`` for a short run.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

import ftfy
import opencc
import pangu

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline import ORDER, normalize  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402
from service.pipeline.options import DEFAULTS  # noqa: E402

PAGES = Path(os.environ.get("QINGXI_PAGES", ROOT.parent / "shared" / "pages"))
QUICK = bool(os.environ.get("QINGXI_BENCH_QUICK"))
MIN_TIME = 0.05 if QUICK else 0.3

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


def seconds(fn, text: str, min_time: float = MIN_TIME) -> float:
    """Seconds per call: the fastest of the calls made in ``min_time`` (at least 5).

    The minimum, with the garbage collector off, as timeit does: on a shared machine the other
    figures measure the load.
    """
    fn(text)  # warm caches
    best = float("inf")
    n = 0
    gc.collect()
    gc.disable()  # as timeit does: a collection triggered by earlier garbage is not this call's
    try:
        start = time.perf_counter()
        while n < 5 or time.perf_counter() - start < min_time:
            t0 = time.perf_counter()
            fn(text)
            best = min(best, time.perf_counter() - t0)
            n += 1
    finally:
        gc.enable()
    return best


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


def per_page() -> dict[str, float]:
    pages = sorted(PAGES.glob("*.txt"))
    if not pages:
        sys.exit(f"no pages in {PAGES}")
    print(f"pages: {PAGES} ({len(pages)} files); ms per page, MB/s in parentheses\n")
    totals = dict.fromkeys(CONTENDERS, 0.0)
    total_mb = 0.0
    rows = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        size = mb(text)
        total_mb += size
        row = [path.stem[:12], f"{len(text.encode('utf-8')) / 1024:.1f}"]
        for name, fn in CONTENDERS.items():
            s = seconds(fn, text)
            totals[name] += s
            row.append(f"{s * 1000:.2f} ({size / s:.1f})")
        rows.append(row)
    rows.append(["all pages", f"{total_mb * 1e6 / 1024:.1f}"]
                + [f"{totals[n] * 1000:.2f} ({total_mb / totals[n]:.1f})" for n in CONTENDERS])
    table(["page", "KB"] + list(CONTENDERS), rows)
    return {n: total_mb / totals[n] for n in CONTENDERS}


def targets(rates: dict[str, float]) -> None:
    q = rates["qingxi"]
    print("targets (whole normalisation, all pages)")
    print(f"  qingxi / ftfy.fix_text throughput: {q / rates['ftfy']:.1f}x   (target >= 5x)")
    for conv in ("opencc t2s", "opencc s2t"):
        print(f"  {conv} alone / qingxi time:      {rates[conv] / q:.1f}x   (target <= 10x)")
    print()


def by_step() -> None:
    """Where the time goes: each step's rules (finding and applying their changes), and the
    edit log (``Doc.edits`` and its JSON shape), best of several runs."""
    steps = list(dict.fromkeys(r.id.split(".")[0] for r in ORDER))
    rows = []
    for path in sorted(PAGES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        best = dict.fromkeys(steps + ["edit log"], float("inf"))
        for _ in range(5 if QUICK else 15):
            doc = Doc(text)
            spent = dict.fromkeys(best, 0.0)
            for r in ORDER:
                if not r.enabled(DEFAULTS):
                    continue
                t0 = time.perf_counter()
                if getattr(r, "needs_doc", False):
                    doc.apply(r.fix(doc.text, DEFAULTS, doc))
                else:
                    doc.apply(r.fix(doc.text, DEFAULTS))
                spent[r.id.split(".")[0]] += time.perf_counter() - t0
            t0 = time.perf_counter()
            [e.as_dict() for e in doc.edits()]
            spent["edit log"] = time.perf_counter() - t0
            best = {k: min(best[k], spent[k]) for k in best}
        rows.append([path.stem[:12]] + [f"{best[k] * 1000:.2f}" for k in best])
    print("ms per step (best of runs), default options")
    table(["page"] + list(best), rows)


def scaling() -> None:
    pages = sorted(PAGES.glob("*.txt"))
    base = max(pages, key=lambda p: p.stat().st_size).read_text(encoding="utf-8")
    print("growth: the largest page repeated (time should grow linearly: ms/KB constant)")
    rows = []
    for k in (1, 4, 16):
        text = "\n\n".join([base] * k)
        s = seconds(CONTENDERS["qingxi"], text, MIN_TIME / 2)
        kb = len(text.encode("utf-8")) / 1024
        rows.append([f"{k}x", f"{kb:.0f}", f"{s * 1000:.1f}", f"{s * 1000 / kb:.4f}"])
    table(["size", "KB", "ms", "ms/KB"], rows)


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
    }
    print(f"pathological inputs: {n:,} characters each, and a quarter of that (linear: ratio ~4)")
    rows = []
    for name, text in cases.items():
        t0 = time.perf_counter()
        normalize(text)
        full = time.perf_counter() - t0
        quarter_text = text[: len(text) // 4]
        t0 = time.perf_counter()
        normalize(quarter_text)
        quarter = time.perf_counter() - t0
        rows.append([name, f"{mb(text):.1f}", f"{full * 1000:.0f}", f"{quarter * 1000:.0f}",
                     f"{full / max(quarter, 1e-9):.1f}"])
    table(["input", "MB", "ms", "ms (1/4)", "ratio"], rows)


def main() -> None:
    print(f"python {sys.version.split()[0]}, ftfy {ftfy.__version__}, "
          f"pangu {getattr(pangu, '__version__', '?')}, opencc {getattr(opencc, '__version__', '?')}\n")
    rates = per_page()
    targets(rates)
    by_step()
    scaling()
    pathological()


if __name__ == "__main__":
    main()
