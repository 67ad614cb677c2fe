"""Properties of the repair rules on any text: they never raise, their edits replay, and
repairing repaired text changes nothing."""

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from service.pipeline.edits import Change, Doc, replay
from service.pipeline.fixers.repair import RULES

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"
_SAMPLE = (PAGES / "002_1b84ae08a5e3d540.txt").read_text(encoding="utf-8")[:3000]

#: characters the rules look at (Han from the pages, doubled ones, the lookalikes of the pages,
#: English function words, digits, 版, punctuation and line breaks), so that rules fire often
_ALPHABET = st.sampled_from(sorted(set(_SAMPLE) | set("郛郓荷菏来在对对不的的22版▶ and or\n，。“”")))
_TEXT = st.one_of(
    st.text(_ALPHABET, max_size=120),
    st.text(max_size=60),
    st.builds(lambda a, b: _SAMPLE[a:a + b], st.integers(0, 2900), st.integers(0, 200)),
    st.builds(lambda a, b, c: _SAMPLE[a:b] + c + _SAMPLE[b:b + 40],
              st.integers(0, 2000), st.integers(0, 2000), st.text(_ALPHABET, max_size=6)),
)


def repair(text: str) -> Doc:
    doc = Doc(text)
    for r in RULES:
        doc.apply(r.fix(doc.text, None))
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
@example("应对对各种\ud800工作")  # a lone surrogate, as JSON may carry one
def test_never_raises_and_edits_replay(text):
    doc = repair(text)
    edits = doc.edits()
    assert replay(text, edits) == doc.text
    assert all(e.rule.startswith("repair.") for e in edits)
    assert all(0 <= e.start <= e.end <= len(text) for e in edits)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_repairing_repaired_text_changes_nothing(text):
    once = repair(text).text
    again = repair(once)
    assert again.text == once, again.edits()


@st.composite
def _text_and_changes(draw):
    """A text of runs of a few characters and some sorted, non-overlapping changes to it."""
    text = draw(st.text("常版22a\n，", min_size=1, max_size=30))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=6)))
    changes = [
        Change(cuts[k], cuts[k + 1], draw(st.text("常版2a", max_size=3)), "repair.fake_bold")
        for k in range(0, len(cuts) - 1, 2)
    ]
    return text, changes


@settings(max_examples=1500, deadline=None)
@given(_text_and_changes())
def test_doubles_after_changes_equal_a_new_scan(case):
    from service.pipeline.edits import apply_changes
    from service.pipeline.fixers.repair import doubled

    text, changes = case
    scan = lambda t: doubled._scan(t, 0, len(t))  # noqa: E731 (the plain definition)
    new, found = doubled._after_changes(text, scan(text), changes)
    assert new == apply_changes(text, changes)
    assert found == scan(new)

#: a few characters of the suspect class, doubled and not, with common ones between them, so
#: that spellings repeat, overlap (``郛郛郛``) and sit at both ends of the text
_SPELLING_TEXT = st.text(st.sampled_from("郛郓郾城县，优企的\n"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_SPELLING_TEXT, st.integers(0, 200), st.lists(st.integers(0, 39), max_size=12))
def test_repeated_spelling_test_is_str_count(text, budget, asked):
    """``_Spellings(text)(i)`` answers as ``str.count`` would, whatever the order of the
    questions, whether its scans stay within the budget or fall back to the index, and whether a
    character's neighbours are counted for each spelling or once (``_FEW``)."""
    from service.pipeline.fixers.repair import lookalike as lk

    found = [m.start() for m in lk._RARE.finditer(text)]
    if not found:
        return
    few = lk._FEW
    try:
        for lk._FEW in (few, 1):
            spellings = lk._Spellings(text)
            spellings.budget = budget
            for i in [found[j % len(found)] for j in asked] + found:
                want = text.count(text[i:i + 2]) > 1 or text.count(text[i - 1:i + 1]) > 1
                assert spellings(i) == want, (text, i, lk._FEW)
    finally:
        lk._FEW = few

#: windows of the page text with a lookalike or another character put in at ``k``
_WINDOW = st.builds(lambda a, n, k, c: (_SAMPLE[a:a + n], min(k, n - 1), c),
                    st.integers(0, 2900), st.integers(1, 11), st.integers(0, 10),
                    st.text(_ALPHABET, min_size=1, max_size=1))


@settings(max_examples=500, deadline=None)
@given(_WINDOW, st.lists(_ALPHABET.filter(lambda c: c.strip()), min_size=1, max_size=4),
       st.floats(-30, 30), st.integers(0, 4))
def test_gain_reaches_is_the_bound_compared(window, cands, limit, near):
    """``lexicon.gain_reaches`` answers ``gain_bound(...) >= limit`` on any window (rare words,
    characters unknown to the lexicon, a candidate at either end), at any limit and at the bound
    itself and just either side of it, where a rounding slip would show."""
    from service.pipeline.fixers.repair import lexicon as lex

    s, k, c = window
    s = s[:k] + c + s[k + 1:]
    bound = lex.gain_bound(s, k, cands)
    for lim in (limit, bound, bound - 1e-12 * near, bound + 1e-9 * near):
        assert lex.gain_reaches(s, k, cands, lim) == (bound >= lim), (s, k, cands, lim)


def _scan_by_pattern(text, start, end):
    """Where a Han character or a digit comes twice, as ``finditer`` takes ``(.)\\1``: the plain
    definition of ``doubled._scan``."""
    from service.pipeline.fixers.repair import doubled

    return [m.start() for m in doubled._TWICE.finditer(text, start, end)
            if doubled._HAN_OR_DIGIT.match(m.group(1))]


#: doubles, blank lines, NUL and \x01, and the first and last character of the two Han blocks
#: _scan tests by range (\u3400-\u4dbf, \u4e00-\u9fff) with one character outside each
_SCAN_ALPHABET = "常常版22a0\n\x00\x01 ，\u3400\u4dbf\u4e00\u9fff\u33ff\u4dc0\ua000"


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(_SCAN_ALPHABET, max_size=40), st.text(max_size=40), _TEXT,
                 # lone surrogates (st.text leaves them out), and a pair written as two of them
                 st.text(st.sampled_from(["常", "2", "\ud800", "\ud840", "\udc0b", "\n"]), max_size=20)),
       st.integers(0, 50), st.integers(0, 60))
@example("常常\ud800常常", 0, 5)
# runs of one character of odd and even length, Han, digits and spaces: a run is taken whole
@example("常常常，22222版版版版  常常常常常   ", 0, 27)
@example("   常常常", 1, 6)
def test_scan_equals_the_pattern(text, start, end):
    from service.pipeline.fixers.repair import doubled

    end = min(end, len(text))
    start = min(start, end)
    assert doubled._scan(text, start, end) == _scan_by_pattern(text, start, end)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(st.sampled_from("常版原本学，a2 \n\u3000\t"), min_size=2, max_size=60),
                 st.builds(lambda a, b, c: a + " " * b + c, st.text("常版原本学，a \n", max_size=10),
                           st.integers(0, 40), st.text("常常版原本学，a \n", min_size=2, max_size=40)),
                 _TEXT.filter(lambda t: len(t) >= 2)),
       st.integers(0, 100))
def test_context_equals_the_character_by_character_reading(text, i):
    from service.pipeline.fixers.repair import doubled

    i = i % (len(text) - 1)
    assert doubled.context(text, i, i + 2) == doubled._context_by_steps(text, i, i + 2)
