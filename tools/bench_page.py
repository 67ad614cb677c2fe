"""Where the time of ``clean_page`` goes: ``python tools/bench_page.py [-n N]``.

For every page in ``../shared/pages/`` prints the CPU time (``time.process_time``, best of N runs)
of the whole ``clean_page`` and of each of its stages: every rule (its ``fix`` and the
``Doc.apply`` of its changes, separately), the segmentation, and the edit log.  Best-of-N CPU
time is what a quiet core would take; a busy machine only makes the other runs slower.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.pipeline import DEFAULTS, ORDER, clean_page, precheck_passes  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402
from service.pipeline.segment import segment  # noqa: E402

PAGES = sorted((ROOT.parent / "shared" / "pages").glob("*.txt"))


def best(fn, n: int) -> float:
    out = float("inf")
    for _ in range(n):
        t0 = time.process_time()
        fn()
        out = min(out, time.process_time() - t0)
    return out * 1000


def stages(text: str, n: int) -> dict[str, float]:
    """Best-of-n CPU milliseconds of each stage of one page."""
    out: dict[str, float] = defaultdict(lambda: float("inf"))
    for _ in range(n):
        doc, seen = Doc(text), {}
        applying = 0.0  # Doc.apply of every rule in this run, summed
        for r in ORDER:
            if not r.enabled(DEFAULTS):
                continue
            t0 = time.process_time()
            # a rule whose precheck finds nothing is skipped, as the pipeline skips it
            ch = (list(r.fix(doc.text, DEFAULTS, doc) if r.needs_doc else r.fix(doc.text, DEFAULTS))
                  if precheck_passes(doc, r, seen) else [])
            t1 = time.process_time()
            doc.apply(ch)
            applying += time.process_time() - t1
            out[r.id] = min(out[r.id], (t1 - t0) * 1000)
        t0 = time.process_time()
        segment(doc, DEFAULTS)
        t1 = time.process_time()
        doc.edits()
        t2 = time.process_time()
        out["segment"] = min(out["segment"], (t1 - t0) * 1000)
        out["edits"] = min(out["edits"], (t2 - t1) * 1000)
        out["Doc.apply"] = min(out["Doc.apply"], applying * 1000)
    return dict(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20, help="runs per figure (best of n)")
    ap.add_argument("--stages", action="store_true", help="also print the time of every stage")
    args = ap.parse_args()
    texts = [(p.name[:3], p.read_text(encoding="utf-8")) for p in PAGES]
    total = 0.0
    for name, text in texts:
        ms = best(lambda: clean_page(text), args.n)
        total += ms
        print(f"{name}  {len(text.encode()) / 1024:5.1f} KB  clean_page {ms:6.2f} ms")
        if args.stages:
            st = stages(text, args.n)
            for k, v in sorted(st.items(), key=lambda kv: -kv[1]):
                if v >= 0.05:
                    print(f"      {k:<28} {v:6.2f} ms")
    print(f"mean clean_page {total / len(texts):.2f} ms per page")


if __name__ == "__main__":
    main()
