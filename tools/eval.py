"""Score ``clean_page`` against the gold pages: ``make eval`` (or ``python tools/eval.py``).

For every ``gold/<page>.json`` (see ``gold/SPEC.md``) the page is cleaned and compared:

* **articles**: a gold article and an output article *match* when their keys are equal: the key
  of an article is the first 20 characters of its first paragraph, normalised (spaces and
  punctuation removed); a teaser or a photo, which has no body, is keyed by its title (else its
  first caption).  Matching is one to one, in order.  recall = matched / gold, precision =
  matched / output.
* **title, kicker, subtitle, dateline, byline**: exact-match rate over matched articles (two empty
  fields match).
* **body CER**: character error rate of the article bodies: Levenshtein distance between the
  gold paragraphs and the output paragraphs of each matched article (each side joined without
  separator), summed, over the length of the gold bodies.  Also printed without the gold
  ``ocr_fixes`` that need a parallel page (another printing of the same article): no single-page
  cleaner can make those, so that figure is the reachable one, and the difference their cost.
* **paragraph F1**: over matched articles, paragraph starts compared as keys (first 12
  normalised characters of each paragraph).
* **missing**: characters of gold text (titles, paragraphs, captions; spaces aside) not found in
  the output (articles and furniture), counted as a multiset difference.
* **timing**: reflow + dedupe + segmentation of each page alone (the other fixers excluded), and
  the whole ``clean_page``, best of several runs, in milliseconds of CPU time.

Also prints a summary of the pages without gold so that they can be looked at.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.pipeline import DEFAULTS, ORDER, clean_page  # noqa: E402
from service.pipeline.edits import Doc  # noqa: E402
from service.pipeline.fixers import dedupe, reflow  # noqa: E402
from service.pipeline.segment import segment  # noqa: E402

SHARED = ROOT.parent / "shared"
_NORM_RE = re.compile(r"[\W_]+", re.UNICODE)
FIELDS = ("title", "kicker", "subtitle", "dateline", "byline")


def norm(s: str) -> str:
    """Letters and digits only: the form article keys and paragraph keys compare in."""
    return _NORM_RE.sub("", s)


def key(a: dict) -> str:
    if a.get("kind", "article") == "article" and a["paragraphs"]:
        return norm(a["paragraphs"][0])[:20]
    return norm(a["title"] or (a["captions"][0] if a["captions"] else ""))[:20]


def match(gold: list[dict], out: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of gold and output articles whose keys are equal."""
    free: dict[str, list[dict]] = {}
    for a in out:
        free.setdefault(key(a), []).append(a)
    pairs = []
    for g in gold:
        cands = free.get(key(g))
        if cands:
            pairs.append((g, cands.pop(0)))
    return pairs


def body(a: dict) -> str:
    return "".join(a["paragraphs"])


def para_keys(a: dict) -> Counter:
    return Counter(norm(p)[:12] for p in a["paragraphs"] if norm(p))


def unfix(text: str, fixes: list[dict]) -> str:
    """The gold text with the fixes that need a parallel page undone."""
    for f in fixes:
        if f["right"] and f["right"] in text:
            text = text.replace(f["right"], f["wrong"])
    return text


def cross_page(fixes: list[dict]) -> list[dict]:
    return [f for f in fixes if re.search(r"parallel|pages? \(|other page", f.get("why", ""))]


def score(gold: dict, result: dict) -> dict:
    g_arts, o_arts = gold["articles"], result["articles"]
    pairs = match(g_arts, o_arts)
    m = len(pairs)
    fields = {f: sum(1 for g, o in pairs if g[f] == o[f]) for f in FIELDS}
    dist = dist_reach = glen = 0
    tp = fp = fn = 0
    xfix = cross_page(gold.get("ocr_fixes", []))
    for g, o in pairs:
        gb, ob = body(g), body(o)
        dist += Levenshtein.distance(gb, ob)
        dist_reach += Levenshtein.distance(unfix(gb, xfix), ob)
        glen += len(gb)
        gk, ok = para_keys(g), para_keys(o)
        common = sum((gk & ok).values())
        tp += common
        fp += sum(ok.values()) - common
        fn += sum(gk.values()) - common
    gold_text = Counter(
        ch for a in g_arts for s in [a["kicker"], a["title"], a["subtitle"], *a["paragraphs"], *a["captions"]]
        for ch in s if not ch.isspace()
    )
    out_text = Counter(
        ch for a in o_arts
        for s in [a["kicker"], a["title"], a["subtitle"], a["byline"], a["continued"], *a["paragraphs"], *a["captions"]]
        for ch in s if not ch.isspace()
    )
    out_text.update(ch for f in result["furniture"] for ch in f["text"] if not ch.isspace())
    missing = sum((gold_text - out_text).values())
    reach_text = Counter(ch for a in g_arts for p in a["paragraphs"] for ch in unfix(p, xfix) if not ch.isspace())
    reach_text.update(ch for a in g_arts for s in [a["kicker"], a["title"], a["subtitle"], *a["captions"]]
                      for ch in s if not ch.isspace())
    missing_reach = sum((reach_text - out_text).values())
    return {
        "gold": len(g_arts), "out": len(o_arts), "matched": m, "fields": fields,
        "dist": dist, "dist_reach": dist_reach, "glen": glen, "tp": tp, "fp": fp, "fn": fn,
        "missing": missing, "missing_reach": missing_reach, "unmatched_gold": [key(g) for g in g_arts if all(g is not p[0] for p in pairs)],
        "unmatched_out": [key(o) for o in o_arts if all(o is not p[1] for p in pairs)],
        "title_misses": [(g["title"], o["title"]) for g, o in pairs if g["title"] != o["title"]],
        "field_misses": [(f, g[f], o[f]) for g, o in pairs for f in FIELDS[1:] if g[f] != o[f]],
    }


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def f1(tp: int, fp: int, fn: int) -> float:
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return 2 * p * r / (p + r) if p + r else 0.0


def cpu_ms(fn, repeat: int = 7, number: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(number):
            fn()
        best = min(best, (time.process_time() - t0) / number)
    return best * 1000


def structure_ms(text: str) -> float:
    """CPU time of reflow + dedupe + segmentation alone on a page."""
    mine = [*reflow.RULES, *dedupe.RULES]

    def go() -> None:
        doc = Doc(text)
        for r in mine:
            doc.apply(r.fix(doc.text, DEFAULTS, doc) if r.needs_doc else r.fix(doc.text, DEFAULTS))
        segment(doc, DEFAULTS)

    return cpu_ms(go)


def line(name: str, s: dict, ms: tuple[float, float] | None = None) -> str:
    m = s["matched"]
    cells = [
        f"{name:<26}",
        f"R {ratio(m, s['gold']):.2f}", f"P {ratio(m, s['out']):.2f}",
        *(f"{f[:5]} {ratio(s['fields'][f], m):.2f}" for f in FIELDS),
        f"CER {100 * ratio(s['dist'], s['glen']):.2f}%", f"(reach {100 * ratio(s['dist_reach'], s['glen']):.2f}%)",
        f"paraF1 {f1(s['tp'], s['fp'], s['fn']):.2f}", f"missing {s['missing']} (reach {s['missing_reach']})",
    ]
    if ms:
        cells.append(f"| struct {ms[0]:.1f} ms, clean_page {ms[1]:.1f} ms")
    return "  ".join(cells)


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    gold_dir, pages = SHARED / "gold", SHARED / "pages"
    total: dict = {}
    print(f"rules: {', '.join(r.id for r in ORDER)}")
    for gpath in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        text = (SHARED / gold["page"]).read_text(encoding="utf-8")
        result = clean_page(text)
        s = score(gold, result)
        ms = (structure_ms(text), cpu_ms(lambda: clean_page(text)))
        print(line(gpath.stem, s, ms))
        xfix = cross_page(gold.get("ocr_fixes", []))
        if xfix:
            print(f"    {len(xfix)} gold fixes need a parallel page: {s['dist'] - s['dist_reach']} edit(s) of CER")
        if verbose or s["unmatched_gold"] or s["unmatched_out"]:
            for k in s["unmatched_gold"]:
                print(f"    gold not matched: {k}")
            for k in s["unmatched_out"]:
                print(f"    output not matched: {k}")
        if verbose:
            for g, o in s["title_misses"]:
                print(f"    title: gold {g!r} / out {o!r}")
            for f, g, o in s["field_misses"]:
                print(f"    {f}: gold {g!r} / out {o!r}")
        for k, v in s.items():
            if isinstance(v, int):
                total[k] = total.get(k, 0) + v
            elif isinstance(v, dict):
                t = total.setdefault(k, {})
                for kk, vv in v.items():
                    t[kk] = t.get(kk, 0) + vv
    print(line("TOTAL", total))
    print("pages without gold:")
    golds = {json.loads(p.read_text(encoding="utf-8"))["page"] for p in gold_dir.glob("*.json")}
    for page in sorted(pages.glob("*.txt")):
        if f"pages/{page.name}" in golds:
            continue
        text = page.read_text(encoding="utf-8")
        r = clean_page(text)
        kinds = Counter(a["kind"] for a in r["articles"])
        print(f"  {page.stem:<24} {dict(kinds)}, {r['stats']['paragraphs']} paragraphs, "
              f"{len(r['furniture'])} furniture | struct {structure_ms(text):.1f} ms, "
              f"clean_page {cpu_ms(lambda: clean_page(text)):.1f} ms")
        if verbose:
            for a in r["articles"]:
                print(f"    [{a['kind']}] {a['kicker']!r} / {a['title']!r} / {a['subtitle']!r}"
                      f" / {a['dateline']!r} / {a['byline']!r} / {len(a['paragraphs'])} ¶")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
