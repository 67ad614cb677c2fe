"""Every decision the repair rules make, written out so that a change meant to be pure speed can be
proved to change nothing.

    python tools/repair_outcomes.py > before.txt      # snapshot
    python tools/repair_outcomes.py --check before.txt  # after a change: exit 1 on any difference

It lists, one line each (rule, start, end, before, after):

- every edit of the whole pipeline (``run``) on each raw page of ``shared/pages``, in input
  coordinates, and every change each repair rule returns on the text as the pipeline hands it over;
- every edit of the repair rules on each gold paragraph (``shared/gold``), untouched;
- every edit of the repair rules on each paragraph that ``tools/eval_repair.py`` damages (its
  injected errors, the same seed and rounds), so that thousands of suspects are compared, not
  only the few the clean pages hold; and on the lookalikes it injects from its wider confusion
  source.
"""

from __future__ import annotations

import argparse
import difflib
import glob
import hashlib
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from service.pipeline import ORDER, run  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402
from service.pipeline.fixers.repair import RULES  # noqa: E402
from service.pipeline.options import DEFAULTS  # noqa: E402

import eval_repair as E  # noqa: E402


def _edit(e) -> str:
    return f"{'+'.join(e.rules)}\t{e.start}\t{e.end}\t{e.before!r}\t{e.after!r}"


def _repair_lines(text: str) -> list[str]:
    return [_edit(e) for e in E.repair_edits(text)[1]]


def outcomes(shared: Path, rounds: int, seed: int):
    """Yield the lines of the snapshot."""
    for path in sorted(glob.glob(str(shared / "pages" / "*.txt"))):
        name = Path(path).name[:3]
        raw = open(path, encoding="utf-8").read()
        for e in run(raw).edits():
            yield f"page {name} pipeline\t{_edit(e)}"
        # each repair rule alone, on the text the earlier rules leave (current coordinates)
        doc = Doc(raw)
        for r in ORDER:
            if not r.enabled(DEFAULTS):
                continue
            changes = list(r.fix(doc.text, DEFAULTS, doc) if r.needs_doc else r.fix(doc.text, DEFAULTS))
            if r in RULES:
                for c in changes:
                    yield (f"page {name} {r.id}\t{c.start}\t{c.end}\t"
                           f"{doc.text[c.start:c.end]!r}\t{c.after!r}")
            doc.apply(changes)
    paras = E.paragraphs(shared)
    for n, p in enumerate(paras):
        for line in _repair_lines(p):
            yield f"gold {n}\t{line}"
    rng = random.Random(seed)
    for k in range(rounds):
        for n, p in enumerate(paras):
            damaged, _ = E.damage(p, rng, rng.choice((1, 2)))
            for line in _repair_lines(damaged):
                yield f"injected {k}.{n} {hashlib.md5(damaged.encode()).hexdigest()[:8]}\t{line}"
    rng = random.Random(seed)  # the wider lookalike source of eval_repair's (b2)
    for k in range(rounds // 3):
        for n, p in enumerate(paras):
            got = E.inject_wide(p, rng)
            if got is not None:
                for line in _repair_lines(got[0]):
                    yield f"wide {k}.{n} {hashlib.md5(got[0].encode()).hexdigest()[:8]}\t{line}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--check", type=Path, help="a snapshot to compare with")
    args = ap.parse_args(argv)
    lines = list(outcomes(args.shared, args.rounds, args.seed))
    if args.check is None:
        print("\n".join(lines))
        return 0
    want = args.check.read_text(encoding="utf-8").splitlines()
    if lines == want:
        print(f"identical: {len(lines)} lines")
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        [x + "\n" for x in want], [x + "\n" for x in lines], str(args.check), "now"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
