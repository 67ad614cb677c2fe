"""Time the repair step: import cost, memory, and ms per page for each raw page (scaled to 16 KB).

    python tools/bench_repair.py

Import time is measured twice: untraced (what a worker pays) and under tracemalloc (which slows
it, but counts the Python objects the lexicon and the confusion tables hold).  RSS is the
process's resident memory after the import, from /proc (Linux).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import subprocess  # noqa: E402


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return float("nan")


# untraced import time and RSS, in a fresh interpreter
probe = subprocess.run(
    [sys.executable, "-c",
     "import time,sys; sys.path.insert(0, %r); t=time.perf_counter(); "
     "import service.pipeline.fixers.repair; print(time.perf_counter()-t); "
     "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmRSS')][0])" % str(ROOT)],
    capture_output=True, text=True, check=True,
).stdout.split()
base_rss = rss_mb()
t0 = time.perf_counter()
tracemalloc.start()
from service.pipeline.fixers.repair import RULES  # noqa: E402

traced_s = time.perf_counter() - t0
mem = tracemalloc.get_traced_memory()[0] / 1e6
tracemalloc.stop()
from service.pipeline import clean_page  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402

print(f"import repair: {float(probe[0]):.2f} s ({traced_s:.2f} s traced), {mem:.0f} MB of Python objects, "
      f"process RSS {int(probe[1]) / 1024:.0f} MB after the import")
for page in sorted((ROOT.parent / "shared" / "pages").glob("*.txt")):
    raw = page.read_text(encoding="utf-8")
    kb = len(raw.encode()) / 1024
    best = best_page = 1e9
    for _ in range(20):
        t = time.perf_counter()
        doc = Doc(raw)
        for r in RULES:
            doc.apply(r.fix(doc.text, None))
        best = min(best, time.perf_counter() - t)
        t = time.perf_counter()
        clean_page(raw)
        best_page = min(best_page, time.perf_counter() - t)
    print(f"{page.name[:3]} {kb:5.1f} KB: repair {best * 1000:.2f} ms ({best * 1000 * 16 / kb:.2f} ms per 16 KB), "
          f"clean_page {best_page * 1000:.2f} ms")
