"""Instructions executed by ``clean_page`` (or ``normalize``) per page, counted by valgrind.

    python bench/instructions.py [--what clean_page|normalize|ftfy] [--stages] [PAGE ...]

CPU time on a shared 2-core VM swings by up to 1.8x from one minute to the next, so two timings
of the same code can differ more than the change being measured.  The number of instructions
executed does not depend on the machine's load: run under ``valgrind --tool=callgrind`` with the
hash seed fixed (``PYTHONHASHSEED=0``), the same code on the same page gives the same count to
within ~0.1 %.  It is not time (a cache miss costs more than an add), but in an interpreter that
spends its time in the same few C functions it follows time closely; each change of the speed
work is shown here by both.

The child process (this script with ``--child``) imports the service and warms every page twice
with instrumentation off (the import of the lexicon alone is billions of instructions); the
parent then switches instrumentation on (``callgrind_control -i on``) around the measured calls
only, and dumps the counters at each mark (``callgrind_control --dump``).  With ``--stages`` the
marks fall between the stages of ``clean_page`` as ``tools/bench_page.py --stages`` splits it:
each rule's fix (its precheck included: a rule whose precheck finds nothing costs that search
alone), each rule's ``Doc.apply``, the segmentation, the edit log.

PAGE is a prefix of a file name in ``../shared/pages`` (``004``); all five by default.  Needs
valgrind (Debian's package ``valgrind``); takes ~15 s plus ~2 s a page (and ~0.3 s a stage).
Nothing is asserted: these are figures.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "pages"


def _pages(prefixes: list[str]) -> list[Path]:
    paths = sorted(PAGES.glob("*.txt"))
    if prefixes:
        paths = [p for p in paths if any(p.name.startswith(x) for x in prefixes)]
    if not paths:
        raise SystemExit(f"no page in {PAGES} starts with {' or '.join(prefixes)}")
    return paths


def child(what: str, stages: bool, paths: list[str]) -> None:
    """Run in valgrind: warm up, then announce each measured span on stdout and wait for the
    parent's go (a line on stdin) before and after it."""
    sys.path.insert(0, str(ROOT))
    from service.pipeline import DEFAULTS, ORDER, clean_page, normalize, precheck_passes
    from service.pipeline.edits import Doc
    from service.pipeline.segment import segment

    if what == "ftfy":  # the yardstick of issue 3's target, counted the same way
        import ftfy

        fn = ftfy.fix_text
    else:
        fn = {"clean_page": clean_page, "normalize": normalize}[what]
    texts = [(Path(p).name[:3], Path(p).read_text(encoding="utf-8")) for p in paths]
    for _ in range(2):
        for _, text in texts:
            fn(text)

    def mark(label: str) -> None:
        print(label, flush=True)
        sys.stdin.readline()

    mark("on")
    for name, text in texts:
        mark(f"start {name}")
        if not stages:
            fn(text)
            mark(f"page {name}")
            continue
        doc, seen = Doc(text), {}
        for r in ORDER:
            if not r.enabled(DEFAULTS):
                continue
            # a rule whose precheck finds nothing is skipped, as the pipeline skips it
            ch = (list(r.fix(doc.text, DEFAULTS, doc) if r.needs_doc else r.fix(doc.text, DEFAULTS))
                  if precheck_passes(doc, r, seen) else [])
            mark(f"stage {name} {r.id}")
            doc.apply(ch)
            mark(f"stage {name} Doc.apply")
        if what == "clean_page":
            segment(doc, DEFAULTS)
            mark(f"stage {name} segment")
        doc.edits()
        mark(f"stage {name} edits")
        mark(f"stage {name} mark")  # an empty span: what one mark itself costs
    mark("off")


def _totals(path: str) -> int:
    """The instruction count of one callgrind dump."""
    with open(path) as f:
        for line in f:
            if line.startswith("totals:"):
                return int(line.split()[1])
    raise SystemExit(f"no totals in {path}")


def parent(args: argparse.Namespace) -> None:
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        raise SystemExit("valgrind is not installed (apt-get install -y valgrind)")
    paths = [str(p) for p in _pages(args.pages)]
    work = tempfile.mkdtemp(prefix="qingxi-cg-")
    out = os.path.join(work, "cg.out")
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
           sys.executable, __file__, "--child", "--what", args.what, *(["--stages"] if args.stages else []),
           *paths]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    pid = str(proc.pid)

    def control(*opts: str) -> None:
        subprocess.run(["callgrind_control", *opts, pid], capture_output=True, check=True)

    counts: list[tuple[str, int]] = []
    dumps = 0
    try:
        for line in proc.stdout:
            label = line.strip()
            if label == "on":
                control("-i", "on")
            elif label == "off":
                control("-i", "off")
            elif label.startswith("start "):
                control("--zero")
            else:
                control(f"--dump={label.replace(' ', '_')}")
                dumps += 1
                counts.append((label, _totals(f"{out}.{dumps}")))
            proc.stdin.write("\n")
            proc.stdin.flush()
        proc.wait()
        if proc.returncode:
            raise SystemExit(f"the child failed:\n{proc.stderr.read()[-3000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
        for f in glob.glob(out + "*"):
            os.remove(f)
        os.rmdir(work)
    report(args.what, counts)


def report(what: str, counts: list[tuple[str, int]]) -> None:
    print(f"million instructions (callgrind, PYTHONHASHSEED=0), {what}, default options")
    if not any(label.startswith("stage ") for label, _ in counts):
        total = 0
        for label, n in counts:
            total += n
            print(f"  {label.split()[1]}  {n / 1e6:8.2f}")
        print(f"  all  {total / 1e6:8.2f}")
        return
    pages: dict[str, dict[str, int]] = {}
    for label, n in counts:
        _, page, stage = label.split(" ", 2)
        per = pages.setdefault(page, {})
        per[stage] = per.get(stage, 0) + n
    for page, per in pages.items():
        mark = per.pop("mark")
        # every stage span holds one mark's own cost; Doc.apply holds one per rule
        applies = sum(1 for s in per if s not in ("Doc.apply", "segment", "edits"))
        per = {s: n - mark * (applies if s == "Doc.apply" else 1) for s, n in per.items()}
        print(f"{page}  {sum(per.values()) / 1e6:8.2f}  (marks taken out: {mark / 1e6:.3f} each)")
        for stage, n in sorted(per.items(), key=lambda kv: -kv[1]):
            if n >= 50_000:
                print(f"      {stage:<28} {n / 1e6:8.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", nargs="*", help="page name prefixes (default: every page)")
    ap.add_argument("--what", choices=("clean_page", "normalize", "ftfy"), default="clean_page",
                    help="what is counted; ftfy (ftfy.fix_text, the bench extra) for comparison")
    ap.add_argument("--stages", action="store_true", help="split each page by stage")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stages and args.what == "ftfy":
        ap.error("--stages splits the pipeline; ftfy has no stages")
    if args.child:
        child(args.what, args.stages, args.pages)
    else:
        parent(args)


if __name__ == "__main__":
    main()
