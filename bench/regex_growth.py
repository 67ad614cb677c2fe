"""Growth of the pipeline's time with the size of hostile input: linear means 1x / 4x / 16x.

Two views, both printed as a table (one row per input shape, times at n, 4n and 16n characters,
and the ratios to n):

- every compiled regex the pipeline holds at module level (``re.Pattern`` objects found in
  ``service.pipeline.*``), run over each hostile shape with ``finditer`` (a pattern that can
  match the empty string is a window the code applies with ``match`` at one position, and is
  timed that way: ``finditer`` would try it at every position, which the code never does); a
  pattern whose 16n time is far above 16x backtracks;
- every rule, and segmentation, run as the pipeline runs them: which step grows faster than its
  input, whatever the cause (a regex, a loop over lines, a quadratic join).

Ratios over :data:`SUPERLINEAR` at 16x are marked ``<-- superlinear``.  Timings are the best of
a few runs (the minimum is the least noisy estimate on a shared machine); run it on an idle
machine, as other load inflates the largest sizes most.  Ratios over ``4 * SUPERLINEAR`` are
marked ``<-- QUADRATIC``.  Usage::

    python bench/regex_growth.py [--base 4000] [--only rules|regex]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import pipeline  # noqa: E402
from service.pipeline import ORDER, DEFAULTS  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402
from service.pipeline.segment import segment  # noqa: E402

PAGES = ROOT.parent / "shared" / "pages"
PAGE = (PAGES / "004_f7398b48e92c5c4a.txt").read_text(encoding="utf-8")

#: 16x is linear; allow noise and the n·log n of a sort before calling it superlinear
SUPERLINEAR = 40.0


def _cycle(unit: str, n: int) -> str:
    return (unit * (n // max(len(unit), 1) + 1))[:n]


#: the hostile shapes of the input (each a function of the length in characters)
SHAPES = {
    "one char 新": lambda n: "新" * n,
    "one char a": lambda n: "a" * n,
    "spaces": lambda n: " " * n,
    "dots .": lambda n: "." * n,
    "newlines \\n": lambda n: "\n" * n,
    "CRLF": lambda n: _cycle("\r\n", n),
    "one long line (page)": lambda n: _cycle(PAGE.replace("\n", ""), n),
    "spaced CJK line": lambda n: _cycle("本 报 讯 记 者 ", n),
    "mixed line": lambda n: _cycle("本 报 讯 abc 123, ", n),
    "short lines": lambda n: _cycle("本报讯\n", n),
    "digits": lambda n: _cycle("1234567890", n),
    "NUL": lambda n: _cycle("本报\x00", n),
    "emoji": lambda n: _cycle("😀🎉👍🏽", n),
    "latin words": lambda n: _cycle("The quick brown fox. ", n),
    "page repeated": lambda n: _cycle(PAGE, n),
    "quotes “": lambda n: _cycle("“", n),
    "brackets (": lambda n: _cycle("（", n),
}


def best(fn, repeat: int = 3, budget: float = 5.0) -> float:
    """Best of ``repeat`` runs, fewer when one run is slow."""
    times = []
    start = time.perf_counter()
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if time.perf_counter() - start > budget:
            break
    return min(times)


def patterns() -> list[tuple[str, re.Pattern]]:
    """Every module-level compiled regex in the pipeline package."""
    found = []
    seen = set()
    for info in pkgutil.walk_packages(pipeline.__path__, pipeline.__name__ + "."):
        mod = importlib.import_module(info.name)
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern) and id(value) not in seen:
                seen.add(id(value))
                found.append((f"{info.name.removeprefix('service.pipeline.')}.{name}", value))
    return found


def row(label: str, times: list[float]) -> str:
    t0 = max(times[0], 1e-6)
    ratios = [t / t0 for t in times]
    mark = "  <-- superlinear" if ratios[-1] > SUPERLINEAR and times[-1] > 0.005 else ""
    if ratios[-1] > 4 * SUPERLINEAR and times[-1] > 0.05:
        mark = "  <-- QUADRATIC"
    ms = " ".join(f"{t * 1000:9.2f}" for t in times)
    rs = " ".join(f"{r:6.1f}x" for r in ratios)
    return f"{label:58} {ms}   {rs}{mark}"


def regex_section(base: int) -> int:
    sizes = (base, 4 * base, 16 * base)
    print(f"\n== every compiled regex, finditer over each shape: ms at {sizes} chars, ratio to n", flush=True)
    worst = 0
    pats = patterns()
    for shape, make in SHAPES.items():
        texts = [make(n) for n in sizes]
        for name, pat in pats:
            if pat.match("") is not None:
                run = lambda t: pat.match(t)  # noqa: E731
                name += " (match)"
            else:
                run = lambda t: sum(1 for _ in pat.finditer(t))  # noqa: E731
            times = []
            for t in texts:
                times.append(best(lambda t=t: run(t)))
                if times[-1] > 2.0:  # already far too slow: the next size would only take longer
                    times += [float("inf")] * (len(texts) - len(times))
                    break
            line = row(f"{shape} | {name}", times)
            if "<--" in line or times[-1] > 0.05:
                print(line, flush=True)
            worst = max(worst, "<--" in line)
    print(f"({len(pats)} patterns x {len(SHAPES)} shapes; rows shown: superlinear or > 50 ms "
          "at 16n)")
    return worst


def _steps(text: str) -> dict[str, float]:
    """Time of each rule (fix + apply) and of segmentation on ``text``, run as the pipeline
    runs them."""
    out: dict[str, float] = {}
    doc = Doc(text)
    for r in ORDER:
        if not r.enabled(DEFAULTS):
            continue
        t = time.perf_counter()
        doc.apply(r.fix(doc.text, DEFAULTS, doc) if r.needs_doc else r.fix(doc.text, DEFAULTS))
        out[r.id] = time.perf_counter() - t
    t = time.perf_counter()
    segment(doc, DEFAULTS)
    out["segment"] = time.perf_counter() - t
    t = time.perf_counter()
    doc.edits()
    out["edits"] = time.perf_counter() - t
    return out


def rules_section(base: int) -> int:
    sizes = (base, 4 * base, 16 * base)
    print(f"\n== every rule and segmentation, as the pipeline runs them: ms at {sizes} chars", flush=True)
    worst = 0
    for shape, make in SHAPES.items():
        runs = []
        for n in sizes:
            text = make(n)
            tries = [_steps(text) for _ in range(2 if n < 8 * base else 1)]
            runs.append({k: min(t[k] for t in tries) for k in tries[0]})
        total = [sum(r.values()) for r in runs]
        print(row(f"{shape} | WHOLE clean_page", total), flush=True)
        for step in runs[0]:
            times = [r[step] for r in runs]
            line = row(f"{shape} | {step}", times)
            if "<--" in line or times[-1] > 0.2 * total[-1]:
                print(line, flush=True)
            worst = max(worst, "<--" in line)
    return worst


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=int, default=2000, help="n, in characters (default 2000)")
    ap.add_argument("--only", choices=("rules", "regex"))
    args = ap.parse_args()
    bad = 0
    if args.only in (None, "regex"):
        bad |= regex_section(args.base)
    if args.only in (None, "rules"):
        bad |= rules_section(args.base)
    print("\nverdict:", "SUPERLINEAR growth found (rows marked above)" if bad
          else "every pattern and step grows linearly (within noise)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
