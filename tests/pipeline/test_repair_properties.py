"""Properties of the repair rules on any text: they never raise, their edits replay, and
repairing repaired text changes nothing."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.pipeline.edits import Doc, replay
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
