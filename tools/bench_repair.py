"""Time the repair step: import cost, memory, and CPU ms per page, per rule, for each raw page.

    python tools/bench_repair.py [--runs 5]

Times are CPU time of this process (``time.process_time``), best of ``--runs``, with the garbage
collector off: the machine may be shared, and wall time then measures the neighbours.  Each repair
rule is timed alone on the text the pipeline hands it (the rules of :data:`ORDER` before it
applied), so a rule's figure is what it adds to a page; ``pipeline`` is the whole ``run`` and
``clean_page`` adds segmentation and the response.  ``cold`` is a rule's first call on the page
(its caches of candidates and neighbours still empty for that page's characters).

Import time is measured in a fresh interpreter, twice: untraced (what a worker pays) and under
tracemalloc (which slows it, but counts the Python objects the lexicon and the confusion tables
hold).  RSS is the process's resident memory before and after the import, from /proc (Linux).
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))



#: run in a fresh interpreter: the packages above the repair step are set up as bare packages (their
#: __init__ would import the repair step with everything else), the modules it needs are imported,
#: then the repair step alone is imported: wall and CPU seconds, RSS before and after (kB), and
#: under tracemalloc (argument ``trace``) the bytes of Python objects it holds
_PROBE = """
import sys, time, types, tracemalloc
sys.path.insert(0, %r)
for name in ("service", "service.pipeline", "service.pipeline.fixers"):
    m = types.ModuleType(name)
    m.__path__ = [%r + "/" + name.replace(".", "/")]
    sys.modules[name] = m
import service.pipeline.edits, service.pipeline.options, service.pipeline.rules
import service.pipeline.fixers.script
rss = lambda: [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmRSS")][0]
r0 = rss()
if sys.argv[1:] == ["trace"]:
    tracemalloc.start()
t, c = time.perf_counter(), time.process_time()
import service.pipeline.fixers.repair
print(time.perf_counter() - t, time.process_time() - c, r0, rss(), tracemalloc.get_traced_memory()[0])
""" % (str(ROOT), str(ROOT))


def probe(*argv: str) -> list[float]:
    out = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


wall, cpu, rss0, rss1, _ = probe()
_, traced_s, _, _, mem = probe("trace")
from service.pipeline import ORDER, clean_page, run  # noqa: E402
from service.pipeline.fixers.repair import RULES  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402
from service.pipeline.options import DEFAULTS  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--runs", type=int, default=5)
args = ap.parse_args()

print(f"import of the repair step: {wall:.2f} s wall, {cpu:.2f} s CPU ({traced_s:.2f} s CPU under "
      f"tracemalloc), {mem / 1e6:.0f} MB of Python objects; process RSS {rss0 / 1024:.0f} MB before, "
      f"{rss1 / 1024:.0f} MB after (+{(rss1 - rss0) / 1024:.0f} MB)")


def cpu_ms(fn, runs: int = args.runs) -> tuple[float, float]:
    """(first call, best of ``runs`` calls) of ``fn`` in CPU milliseconds, collector off."""
    out = []
    gc.disable()
    try:
        for _ in range(runs):
            t = time.process_time()
            fn()
            out.append((time.process_time() - t) * 1000)
    finally:
        gc.enable()
    return out[0], min(out)


def forget_page() -> None:
    """Forget what the rules remember about the last page (its doubled characters and script, the
    verdicts on its doubling contexts), so that every timed call pays for a page it has not seen.
    The per-character tables (candidates, shape and sound neighbours) stay warm, as in a
    running service."""
    from service.pipeline.fixers.repair import doubled, lookalike
    if hasattr(doubled, "_LAST_SCAN"):  # (older trees)
        doubled._LAST_SCAN = ("", [])
    if hasattr(doubled, "_reads_better_single"):  # (older trees, for before/after figures)
        doubled._reads_better_single.cache_clear()
    for remembered in (doubled.doubles, doubled._reversed, lookalike._traditional):
        if hasattr(remembered, "forget"):
            remembered.forget()
    if hasattr(lookalike, "_LAST_SCRIPT"):  # (older trees)
        lookalike._LAST_SCRIPT = ("", False)


def cpu_ms_fresh(fn, runs: int = args.runs) -> tuple[float, float]:
    """:func:`cpu_ms` with :func:`forget_page` before each call (not timed)."""
    out = []
    gc.disable()
    try:
        for _ in range(runs):
            forget_page()
            t = time.process_time()
            fn()
            out.append((time.process_time() - t) * 1000)
    finally:
        gc.enable()
    return out[0], min(out)


def repair_step(text: str) -> None:
    doc = Doc(text)
    for r in RULES:
        doc.apply(r.fix(doc.text, DEFAULTS))


def before_repair(raw: str) -> Doc:
    """The page as the pipeline hands it to the first repair rule."""
    doc = Doc(raw)
    for r in ORDER:
        if r is RULES[0]:
            break
        if r.enabled(DEFAULTS):
            doc.apply(r.fix(doc.text, DEFAULTS, doc) if r.needs_doc else r.fix(doc.text, DEFAULTS))
    return doc


pages = sorted((ROOT.parent / "shared" / "pages").glob("*.txt"))
names = [p.name[:3] for p in pages]
rows: dict[str, list[str]] = {}
totals = []
for page in pages:
    raw = page.read_text(encoding="utf-8")
    kb = len(raw.encode()) / 1024
    doc = before_repair(raw)
    doc_in = before_repair(raw)
    total = 0.0
    for r in RULES:
        text = doc.text
        if r is RULES[1]:  # the doubled-character rule shares the fake-bold rule's scan
            cold, best = cpu_ms_fresh(lambda: (RULES[0].fix(text, DEFAULTS), list(r.fix(text, DEFAULTS))))
            cold -= fb_cold
            best -= fb_best
        else:
            cold, best = cpu_ms_fresh(lambda: list(r.fix(text, DEFAULTS)))
        if r is RULES[0]:
            fb_cold, fb_best = cold, best
        total += best
        rows.setdefault(r.id, []).append(f"{best:6.2f} ({cold:5.2f})")
        doc.apply(r.fix(text, DEFAULTS))
    rows.setdefault("sum of the rules", []).append(f"{total:6.2f} {'':7s}")
    text = doc_in.text
    cold, best = cpu_ms_fresh(lambda: repair_step(text))
    rows.setdefault("repair step (all rules)", []).append(f"{best:6.2f} ({cold:5.2f})")
    rows.setdefault("  per 16 KB", []).append(f"{best * 16 / kb:6.2f} {'':7s}")
    rows.setdefault("pipeline (run)", []).append(f"{cpu_ms(lambda: run(raw))[1]:6.2f} {'':7s}")
    rows.setdefault("clean_page", []).append(f"{cpu_ms(lambda: clean_page(raw))[1]:6.2f} {'':7s}")
    rows.setdefault("page KB", []).append(f"{kb:6.1f} {'':7s}")
print(f"CPU ms per page, best of {args.runs} (first call in brackets), gc off; each call on a page the "
      f"rules have not seen (the per-character caches warm); the doubled-character rule's figure is "
      f"the fake-bold and doubled-character pair less the fake-bold rule alone (they share a scan)")
print(f"{'':26s}" + "".join(f"{n:>15s}" for n in names))
for k, v in rows.items():
    print(f"{k:26s}" + "".join(f"{x:>15s}" for x in v))
