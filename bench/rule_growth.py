"""Growth of one rule's cost with input size: CPU ms (``time.process_time``, best of runs, garbage
collector off) of a rule, as the pipeline runs it, on page 004 repeated 1x, 4x, 16x, and on the
five pages apart, concatenated, and concatenated four times.

Copies of one page repeat every spelling, which page-level tests can remember: the five distinct
pages concatenated show what copies hide (a cost that grows with distinct content).

    .venv/bin/python bench/rule_growth.py repair.lookalike
"""
import gc, sys, time, os
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parents[1]))
from service.pipeline import ORDER, apply_rule
from service.pipeline.edits import Doc
from service.pipeline.options import DEFAULTS
from pathlib import Path
P = str(Path(os.environ.get('QINGXI_PAGES', Path(__file__).resolve().parents[2] / 'shared' / 'pages'))) + '/'
pages=[open(P+p,encoding='utf-8').read() for p in sorted(os.listdir(P))]
rid = sys.argv[1] if len(sys.argv) > 1 else 'repair.lookalike'
def rule_time(text, runs=5):
    best=1e9
    gc.collect(); gc.disable()
    for _ in range(runs):
        doc, seen = Doc(text), {}
        for r in ORDER:
            if not r.enabled(DEFAULTS): continue
            t0=time.process_time(); apply_rule(doc, r, DEFAULTS, seen); d=time.process_time()-t0
            if r.id==rid: best=min(best,d)
    gc.enable(); return best
for n in (1,4,16):
    t=rule_time("\n\n".join([pages[4]]*n), 3)
    print(f"{rid} page 004 {n:2d}x: {t*1000:7.2f} ms  {t*1000/n:5.2f} ms/copy")
sep=sum(rule_time(p) for p in pages); cat=rule_time("\n\n".join(pages))
print(f"{rid} five pages apart: {sep*1000:.2f} ms; concatenated: {cat*1000:.2f} ms; ratio {cat/sep:.2f}")
big="\n\n".join(pages*4)
print(f"{rid} five pages x4 concatenated: {rule_time(big,3)*1000:.2f} ms")
