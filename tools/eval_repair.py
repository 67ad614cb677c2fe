"""Evaluate the repair rules: precision and recall, on gold fixes and on injected errors.

    python tools/eval_repair.py [--shared ../shared] [--rounds 30] [--seed 7]

(a) Gold: every ``ocr_fixes`` entry of ``shared/gold/*.json``, looked for in its raw page after
    the whole pipeline (``run``).  A repair edit inside an occurrence of a ``wrong`` string that
    yields its ``right`` is a hit; any other repair edit on those pages is a false repair.  Entries
    whose evidence is a parallel page or a duplicated paragraph (dedupe) are out of reach of a
    character-level repair of one page: they are counted and listed, not scored.
(b) Injected: the gold ``paragraphs`` are clean printed text.  Each round injects one or two
    errors into every paragraph, at a fixed seed: a doubled character, a fake-bold run, an English
    function word for 和/或, or a lookalike/soundalike substitution drawn from the confusion source
    (shape and sound neighbours, :mod:`service.pipeline.fixers.repair.confusion`).  The repair
    rules run on each damaged paragraph; each edit is matched to the errors it overlaps.
(c) Clean: the repair rules on the untouched paragraphs; every edit there is a false repair.
Raw pages without gold are listed edit by edit for review.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline import run  # noqa: E402
from service.pipeline.edits import Doc, Edit  # noqa: E402
from service.pipeline.fixers.repair import RULES  # noqa: E402
from service.pipeline.fixers.repair import confusion as C  # noqa: E402
from service.pipeline.fixers.repair import lexicon as L  # noqa: E402
from service.pipeline.fixers.repair.doubled import NUMERALS  # noqa: E402

KINDS = ("doubled", "fake_bold", "intrusion", "lookalike")
_HAN = lambda c: "\u4e00" <= c <= "\u9fff"  # noqa: E731


@dataclass(frozen=True)
class Injected:
    kind: str
    start: int  #: span of the error in the damaged text
    end: int
    right: str  #: what the span must become


def repair_edits(text: str) -> tuple[str, list[Edit]]:
    """Run only the repair rules over ``text``; the repaired text and its edits."""
    doc = Doc(text)
    for r in RULES:
        doc.apply(r.fix(doc.text, None))
    return doc.text, doc.edits()


def score(damaged: str, errors: list[Injected], edits: list[Edit]) -> tuple[Counter, int, int]:
    """Match edits to injected errors.

    An error is fixed when the edits that overlap its span, replayed over the smallest region that
    holds them and the span, give the clean text of that region.  Returns (fixed errors by kind,
    true edits, false edits).

    >>> e = [Injected("doubled", 2, 4, "对")]
    >>> score("应对对各", e, [Edit("r", 3, 4, "对", "", ("r",))])
    (Counter({'doubled': 1}), 1, 0)
    >>> score("应对对各", e, [Edit("r", 0, 1, "应", "", ("r",))])
    (Counter(), 0, 1)
    >>> score("应对对各", e, [Edit("r", 2, 4, "对对", "X", ("r",))])
    (Counter(), 0, 1)
    >>> score("应对对各", [], [])
    (Counter(), 0, 0)
    """
    fixed: Counter = Counter()
    used: set[int] = set()
    for err in errors:
        hits = [
            n for n, e in enumerate(edits)
            if e.start < err.end and e.end > err.start
            or (e.start == e.end and err.start <= e.start <= err.end)
        ]
        if not hits:
            continue
        used.update(hits)
        u0 = min([err.start] + [edits[n].start for n in hits])
        u1 = max([err.end] + [edits[n].end for n in hits])
        want = damaged[u0:err.start] + err.right + damaged[err.end:u1]
        got, p = [], u0
        for n in hits:
            got.append(damaged[p:edits[n].start])
            got.append(edits[n].after)
            p = edits[n].end
        got.append(damaged[p:u1])
        if "".join(got) == want:
            fixed[err.kind] += 1
        else:
            used.difference_update(hits)
    true = len(used)
    return fixed, true, len(edits) - true


# -- injection ----------------------------------------------------------------------------------
def _positions(text: str, ok) -> list[int]:
    return [i for i in range(len(text)) if ok(text, i)]


def _can_double(t: str, i: int) -> bool:
    c = t[i]
    return (_HAN(c) and c not in NUMERALS and (i == 0 or t[i - 1] != c)
            and (i + 1 >= len(t) or t[i + 1] != c))


def _can_bold(t: str, i: int) -> bool:
    return i + 2 <= len(t) and all(_can_double(t, j) for j in (i, i + 1)) and t[i] != t[i + 1]


def _standalone(t: str, i: int, word: str) -> bool:
    """``t[i]`` is ``word`` standing as a word of its own between Han characters."""
    if t[i] != word or i == 0 or i + 1 >= len(t) or not (_HAN(t[i - 1]) and _HAN(t[i + 1])):
        return False
    a, b = max(0, i - 4), min(len(t), i + 5)
    pos = a
    for w in L.route(t[a:b]):
        if pos == i:
            return w == word
        pos += len(w)
    return False


INTRUSIONS = {"和": ("and", " and "), "或": ("or", " or ")}


class Wide:
    """A confusion source wider than the one the rules use, so that injected lookalikes are not
    drawn from exactly the pairs the rule knows: every character whose decomposition differs from
    the original's in one component (any four-corner code), every character with the same
    four-corner code, every character with a reading in common (any tone), over all the
    characters the data describe, not only the lexicon's."""

    def __init__(self) -> None:
        from collections import defaultdict
        self.slots: dict = defaultdict(set)
        for ch, decomps in C._DECOMP.items():
            if not _HAN(ch):
                continue
            for parts in decomps:
                for j in range(len(parts)):
                    self.slots[(*parts[:j], "*", *parts[j + 1:])].add(ch)
        self.corner: dict = defaultdict(set)
        for ch, code in C._CORNER.items():
            if _HAN(ch):
                self.corner[code].add(ch)
        self.sound: dict = defaultdict(set)
        for ch, readings in C._SOUNDS.items():
            if _HAN(ch):
                for r in readings:
                    self.sound[r].add(ch)

    def neighbours(self, ch: str) -> set[str]:
        out: set[str] = set()
        for parts in C._DECOMP.get(ch, ()):
            for j in range(len(parts)):
                out |= self.slots.get((*parts[:j], "*", *parts[j + 1:]), set())
        out |= self.corner.get(C._CORNER.get(ch), set())
        for r in C._SOUNDS.get(ch, ()):
            out |= self.sound[r]
        out.discard(ch)
        return out


_WIDE: Wide | None = None


def inject_wide(text: str, rng: random.Random) -> tuple[str, Injected] | None:
    """One lookalike from the wide source (:class:`Wide`)."""
    global _WIDE
    if _WIDE is None:
        _WIDE = Wide()
    cands = _positions(text, lambda t, i: _HAN(t[i]))
    for _ in range(20):
        i = rng.choice(cands)
        pool = sorted(_WIDE.neighbours(text[i]))
        if pool:
            return text[:i] + rng.choice(pool) + text[i + 1:], Injected("lookalike", i, i + 1, text[i])
    return None


def inject(text: str, kind: str, rng: random.Random) -> tuple[str, Injected] | None:
    """One error of ``kind`` in ``text``: the damaged text and where the error is."""
    if kind == "doubled":
        cands = _positions(text, _can_double)
        if not cands:
            return None
        i = rng.choice(cands)
        return text[:i + 1] + text[i:], Injected(kind, i, i + 2, text[i])
    if kind == "fake_bold":
        cands = _positions(text, _can_bold)
        if not cands:
            return None
        i = rng.choice(cands)
        n = 3 if i + 3 <= len(text) and _can_bold(text, i + 1) and rng.random() < 0.4 else 2
        run = "".join(c + c for c in text[i:i + n])
        return text[:i] + run + text[i + n:], Injected(kind, i, i + 2 * n, text[i:i + n])
    if kind == "intrusion":
        cands = [i for i in range(len(text)) for w in INTRUSIONS if _standalone(text, i, w)]
        if not cands:
            return None
        i = rng.choice(cands)
        eng = rng.choice(INTRUSIONS[text[i]])
        return text[:i] + eng + text[i + 1:], Injected(kind, i, i + len(eng), text[i])
    if kind == "lookalike":
        cands = _positions(text, lambda t, i: _HAN(t[i]))
        for _ in range(20):
            i = rng.choice(cands)
            pool = sorted(C.shape_neighbours(text[i]) | C.sound_neighbours(text[i]))
            if pool:
                return text[:i] + rng.choice(pool) + text[i + 1:], Injected(kind, i, i + 1, text[i])
        return None
    raise ValueError(kind)


def damage(text: str, rng: random.Random, n_errors: int) -> tuple[str, list[Injected]]:
    """Inject ``n_errors`` errors, each in its own stretch of the paragraph (no two within 8)."""
    errors: list[Injected] = []
    for _ in range(n_errors):
        kind = rng.choice(KINDS)
        got = inject(text, kind, rng)
        if got is None:
            continue
        new, err = got
        delta = len(new) - len(text)
        if any(abs(err.start - e.start) < 8 for e in errors):
            continue
        moved = [Injected(e.kind, e.start + delta, e.end + delta, e.right) if e.start > err.start
                 else e for e in errors]
        errors = moved + [err]
        text = new
    return text, sorted(errors, key=lambda e: e.start)


# -- the three figures --------------------------------------------------------------------------
def gold_fixes(shared: Path) -> None:
    print("(a) gold ocr_fixes")
    hits = total = out_of_reach = false = true = 0
    for path in sorted(glob.glob(str(shared / "gold" / "*.json"))):
        gold = json.load(open(path, encoding="utf-8"))
        raw = open(shared / gold["page"], encoding="utf-8").read()
        doc = run(raw)
        edits = [e for e in doc.edits() if any(r.startswith("repair.") for r in e.rules)]
        claimed: set[int] = set()
        for fix in gold["ocr_fixes"]:
            why = fix.get("why", "")
            if "parallel" in why or "duplicated paragraph" in why:
                out_of_reach += 1
                print(f"    out of reach (needs {'a parallel page' if 'parallel' in why else 'dedupe'}): "
                      f"{fix['wrong'][:24]!r}")
                continue
            total += 1
            ok = False
            at = raw.find(fix["wrong"])
            while at != -1 and not ok:
                span = [n for n, e in enumerate(edits) if at <= e.start and e.end <= at + len(fix["wrong"])]
                local = list(fix["wrong"])
                text = fix["wrong"]
                for n in reversed(span):
                    e = edits[n]
                    text = text[:e.start - at] + e.after + text[e.end - at:]
                if span and text == fix["right"]:
                    ok = True
                    claimed.update(span)
                at = raw.find(fix["wrong"], at + 1)
            hits += ok
            print(f"    {'fixed ' if ok else 'MISSED'} {fix['wrong']!r} -> {fix['right']!r}")
        true += len(claimed)
        for n, e in enumerate(edits):
            if n not in claimed:
                false += 1
                print(f"    FALSE  {e.before!r} -> {e.after!r} at {e.start} ({', '.join(e.rules)})")
    prec = true / (true + false) if true + false else 1.0
    print(f"    in reach {total}, fixed {hits}, recall {hits / total if total else 1:.3f}; "
          f"precision {prec:.3f} ({true} true, {false} false); out of reach {out_of_reach}")


def paragraphs(shared: Path) -> list[str]:
    out = []
    for path in sorted(glob.glob(str(shared / "gold" / "*.json"))):
        for art in json.load(open(path, encoding="utf-8"))["articles"]:
            out.extend(p for p in art["paragraphs"] if p.strip())
    return out


def injected(paras: list[str], rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    made: Counter = Counter()
    fixed: Counter = Counter()
    true = false = 0
    wrong_examples = []
    for _ in range(rounds):
        for p in paras:
            damaged, errors = damage(p, rng, rng.choice((1, 2)))
            made.update(e.kind for e in errors)
            _, edits = repair_edits(damaged)
            f, t, fl = score(damaged, errors, edits)
            fixed += f
            true += t
            false += fl
            if fl and len(wrong_examples) < 8:
                wrong_examples.append((damaged, errors, edits))
    print(f"(b) injected errors: {sum(made.values())} in {rounds} rounds over {len(paras)} "
          f"paragraphs, seed {seed}")
    for k in KINDS:
        print(f"    {k:10s} injected {made[k]:5d}  fixed {fixed[k]:5d}  recall "
              f"{fixed[k] / made[k] if made[k] else 0:.3f}")
    prec = true / (true + false) if true + false else 1.0
    print(f"    precision {prec:.3f} ({true} true repairs, {false} false)")
    for damaged, errors, edits in wrong_examples:
        for e in edits:
            if not any(e.start < x.end and e.end > x.start for x in errors):
                print(f"      false: {damaged[max(0, e.start - 6):e.end + 6]!r}: "
                      f"{e.before!r} -> {e.after!r} ({e.rule})")


def injected_wide(paras: list[str], rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    made = fixed = true = false = 0
    for _ in range(rounds):
        for p in paras:
            got = inject_wide(p, rng)
            if got is None:
                continue
            damaged, err = got
            _, edits = repair_edits(damaged)
            f, t, fl = score(damaged, [err], edits)
            made += 1
            fixed += f["lookalike"]
            true += t
            false += fl
    prec = true / (true + false) if true + false else 1.0
    print(f"(b2) lookalikes from a wider confusion source (one component, any corner code; same "
          f"four-corner code; same reading, any tone): {made} injected, seed {seed}, fixed {fixed}, "
          f"recall {fixed / made:.3f}, precision {prec:.3f} ({true} true, {false} false)")


def clean(paras: list[str]) -> int:
    chars = sum(len(p) for p in paras)
    false = []
    started = time.perf_counter()
    for p in paras:
        _, edits = repair_edits(p)
        false += [(p, e) for e in edits]
    ms = (time.perf_counter() - started) * 1000
    print(f"(c) clean gold paragraphs: {chars} characters, {len(false)} false repairs, "
          f"{len(false) / chars * 10000:.2f} per 10,000 characters ({ms:.1f} ms)")
    for p, e in false:
        print(f"      false: {p[max(0, e.start - 6):e.end + 6]!r}: {e.before!r} -> {e.after!r} ({e.rule})")
    return len(false)


#: the errors a reader finds on the five raw pages (beyond the gold files' ocr_fixes): page, wrong
#: text, right text.  A repair on a raw page that is none of these is a false repair.
CONFIRMED = (
    ("001", "应对对各种", "应对各种"),
    ("001", "落地郛城县", "落地郓城县"),
    ("001", "来荷表示", "来菏表示"),
    ("001", "在荷业务", "在菏业务"),
    ("002", "布局 and 动态", "布局和动态"),
    ("002", "要不不断", "要不断"),
    ("002", "的的前沿", "的前沿"),
    ("004", "▶22版版", "▶2版"),
)


def _confirmed(name: str, raw: str, e: Edit) -> bool:
    for page, wrong, right in CONFIRMED:
        at = raw.find(wrong) if page == name else -1
        while at != -1:
            if at <= e.start and e.end <= at + len(wrong):
                fixed = wrong[:e.start - at] + e.after + wrong[e.end - at:]
                # spaces around the error may be another rule's edit (de-spacing)
                if fixed == right or fixed.replace(" ", "") == right:
                    return True
            at = raw.find(wrong, at + 1)
    return False


def clean_pages(shared: Path, gold_false: int, gold_chars: int) -> None:
    """The five raw pages through the whole pipeline: every repair that is not a confirmed error
    of the page is false, and so is every edit of a second repair pass over the output (the
    page-level evidence the rules use is there).  Characters counted are the non-space ones."""
    chars = false = 0
    out = []
    for path in sorted(glob.glob(str(shared / "pages" / "*.txt"))):
        name = os.path.basename(path)[:3]
        raw = open(path, encoding="utf-8").read()
        doc = run(raw)
        first = [e for e in doc.edits() if any(r.startswith("repair.") for r in e.rules)
                 and not _confirmed(name, raw, e)]
        out += [(name, raw, e) for e in first]
        text = doc.text
        chars += sum(not c.isspace() for c in text)
        _, edits = repair_edits(text)
        out += [(name, text, e) for e in edits]
    false = len(out)
    print(f"(c2) clean pages (the five pages through the pipeline, and its output repaired again): "
          f"{chars} characters, {false} false repairs, {false / chars * 10000:.2f} per 10,000 characters")
    for name, text, e in out:
        ctx = text[max(0, e.start - 6):e.end + 6].replace("\n", "⏎")
        print(f"      false: {name} {ctx!r}: {e.before!r} -> {e.after!r} ({', '.join(e.rules)})")
    total, n = chars + gold_chars, false + gold_false
    print(f"    clean text measured in all: {total} characters ({gold_chars} gold + {chars} pages; the "
          f"gold paragraphs are printed on pages 000 and 004), {n} false repairs, "
          f"{n / total * 20000:.2f} per 20,000 characters")


def review(shared: Path) -> None:
    gold_pages = {json.load(open(p, encoding="utf-8"))["page"]
                  for p in glob.glob(str(shared / "gold" / "*.json"))}
    print("(d) repairs on raw pages without gold, for review")
    for path in sorted(glob.glob(str(shared / "pages" / "*.txt"))):
        if f"pages/{os.path.basename(path)}" in gold_pages:
            continue
        raw = open(path, encoding="utf-8").read()
        for e in run(raw).edits():
            if any(r.startswith("repair.") for r in e.rules):
                ctx = raw[max(0, e.start - 6):e.end + 6].replace("\n", "⏎")
                print(f"    {os.path.basename(path)[:3]} {ctx!r}: {e.before!r} -> {e.after!r} "
                      f"({', '.join(e.rules)})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    paras = paragraphs(args.shared)
    gold_fixes(args.shared)
    injected(paras, args.rounds, args.seed)
    injected_wide(paras, args.rounds // 3, args.seed)
    gold_false = clean(paras)
    clean_pages(args.shared, gold_false, sum(len(p) for p in paras))
    review(args.shared)


if __name__ == "__main__":
    main()
