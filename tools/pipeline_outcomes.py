"""Everything ``clean_page`` answers, on many inputs and option sets, as one digest a line: proof
that a change meant to be pure speed changes no result.

    python tools/pipeline_outcomes.py > before.txt         # snapshot (one line per case)
    python tools/pipeline_outcomes.py --check before.txt   # after the change: exit 1 on any difference
    python tools/pipeline_outcomes.py --show CASE          # the full JSON of one case, to diff

The cases: every page of ``shared/pages`` whole, converted to traditional script (OpenCC s2t),
with CRLF line ends, without its blank lines, with every blank line doubled; random windows of
lines cut from each page and from all the pages joined (the same seed every run); every case
under the default options and under each option set of :data:`OPTION_SETS`.  Each line holds
the case name and the SHA-256 of ``clean_page`` with ``explain`` on (articles, furniture,
stats without the elapsed time, and the whole edit log).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import opencc  # noqa: E402

from service.pipeline import DEFAULTS, clean_page  # noqa: E402

OPTION_SETS = {
    "default": {},
    "hant": {"script": "zh-Hant"},
    "tw": {"script": "zh-TW"},
    "keep-latin": {"latin_spacing": "keep"},
    "pangu": {"latin_spacing": "pangu"},
    "no-reflow": {"reflow": False},
    "no-despace": {"despace": False},
    "no-punct": {"punctuation": False},
    "no-repair": {"repair": False},
    "no-unicode": {"unicode": False},
    "no-segment": {"segment": False},
}


def cases(shared: Path, seed: int, windows: int):
    """Yield ``(name, text)`` for every input case."""
    pages = [(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted((shared / "pages").glob("*.txt"))]
    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    for name, raw in pages:
        yield f"{name}", raw
        yield f"{name}.s2t", s2t.convert(raw)
        yield f"{name}.crlf", raw.replace("\n", "\r\n")
        yield f"{name}.noblank", "\n".join(x for x in raw.split("\n") if x.strip())
        yield f"{name}.doubleblank", raw.replace("\n\n", "\n\n\n")
        lines = raw.split("\n")
        for k in range(windows):
            a = rng.randrange(len(lines))
            b = min(len(lines), a + rng.randrange(1, 80))
            yield f"{name}.w{k}:{a}-{b}", "\n".join(lines[a:b])
    joined = "\n\n".join(raw for _, raw in pages).split("\n")
    for k in range(windows * 2):
        a = rng.randrange(len(joined))
        b = min(len(joined), a + rng.randrange(50, 400))
        yield f"all.w{k}:{a}-{b}", "\n".join(joined[a:b])


def answer(text: str, opts: dict) -> str:
    out = clean_page(text, DEFAULTS._replace(explain=True, **opts))
    out["stats"].pop("elapsed_ms", None)
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def outcomes(shared: Path, seed: int, windows: int):
    for name, text in cases(shared, seed, windows):
        for oname, opts in OPTION_SETS.items():
            digest = hashlib.sha256(answer(text, opts).encode()).hexdigest()[:20]
            yield f"{name} {oname}", digest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--windows", type=int, default=12, help="random windows of lines per page")
    ap.add_argument("--check", type=Path, help="a snapshot to compare with")
    ap.add_argument("--show", metavar="CASE", help='print the JSON of one case, e.g. "004.s2t hant"')
    args = ap.parse_args(argv)
    if args.show:
        name, oname = args.show.rsplit(" ", 1)
        for n, text in cases(args.shared, args.seed, args.windows):
            if n == name:
                print(json.dumps(json.loads(answer(text, OPTION_SETS[oname])), ensure_ascii=False, indent=1))
                return 0
        print(f"no case {name!r}", file=sys.stderr)
        return 2
    got = [f"{n}\t{d}" for n, d in outcomes(args.shared, args.seed, args.windows)]
    if args.check is None:
        print("\n".join(got))
        return 0
    want = args.check.read_text(encoding="utf-8").splitlines()
    if got == want:
        print(f"identical: {len(got)} cases")
        return 0
    differ = [g.split("\t")[0] for g, w in zip(got, want) if g != w]
    print(f"{len(differ)} of {len(want)} cases differ (and {abs(len(got) - len(want))} missing/extra):")
    for n in differ[:40]:
        print("  ", n)
    return 1


if __name__ == "__main__":
    sys.exit(main())
