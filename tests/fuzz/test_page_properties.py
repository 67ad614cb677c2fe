"""Properties of ``clean_page`` (segmentation included) under hypothesis, with every option.

``tests/pipeline/test_properties.py`` covers ``normalize`` (never raises, idempotent, the log
replays, nothing lost) over the text options; this adds what it leaves out:

- ``clean_page`` never raises, for any text and any combination of all ten options
  (segment, reflow, repair, dedupe and explain included);
- every edit's ``before`` is the input at its span, spans sorted and disjoint; every article
  and furniture span lies in the input; ``stats`` count the input;
- no text is lost: every non-space character of the input lies in an article's span, a piece
  of furniture's span, or an edit's span;
- the alphabet includes what the pages do not: astral characters and emoji, NUL and other
  controls, lone CR, combining marks, right-to-left text, lone surrogates.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.pipeline import clean_page, normalize
from service.pipeline.edits import replay
from service.pipeline.options import LATIN_SPACING, SCRIPTS, Options

PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "pages"
LINES = sorted({line for p in PAGES.glob("*.txt")
                for line in p.read_text(encoding="utf-8").split("\n") if line.strip()})

ALPHABET = (
    "本报讯记者李丹通讯员摄新华社电国發門台里后干乾隆版月日"
    "，。、；：？！“”‘’（）《》…—·－"
    ",.;:?!()\"'-~@/0123456789AaZz"
    "  \t\n\r\u3000\u00a0\u200b\ufeff\u00ad\x00\x07\x1b"
    "😀🎉👍🏽\u200d🇨🇳𠀀𪚥"  # astral: emoji, modifiers, joiner, flags, CJK extension B
    "\u0301\u20dd\u05d0\u0627\u202e"  # combining marks, Hebrew, Arabic, right-to-left override
    "\ud800\udfff"  # lone surrogates: the API refuses them, a caller of the library may not
    "⼯⻓\uf9b5２Ａ•・．―"
)

texts = st.one_of(
    st.text(ALPHABET, max_size=200),
    st.lists(st.sampled_from(LINES), min_size=1, max_size=12).map("\n".join),
    st.lists(st.one_of(st.sampled_from(LINES), st.text(ALPHABET, max_size=20)),
             min_size=1, max_size=10).map("\n\n".join),
    # a real line repeated: repeats are what dedupe and segmentation must survive
    st.tuples(st.sampled_from(LINES), st.integers(2, 5), st.sampled_from(["\n", "\n\n", "\r\n"]))
    .map(lambda t: t[2].join([t[0]] * t[1])),
)
options = st.builds(
    Options,
    script=st.sampled_from(SCRIPTS), latin_spacing=st.sampled_from(LATIN_SPACING),
    segment=st.booleans(), unicode=st.booleans(), reflow=st.booleans(), despace=st.booleans(),
    punctuation=st.booleans(), repair=st.booleans(), dedupe=st.booleans(), explain=st.just(True),
)
SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts, options)
def test_clean_page_never_raises_and_is_consistent(text, opts):
    page = clean_page(text, opts)
    assert page["stats"]["input_chars"] == len(text)
    end = 0
    for e in page["edits"]:
        assert end <= e["start"] <= e["end"] <= len(text)
        assert text[e["start"]:e["end"]] == e["before"]
        end = e["end"]
    for item in page["articles"] + page["furniture"]:
        s0, s1 = item["span"]
        assert 0 <= s0 <= s1 <= len(text)
    assert page["stats"]["articles"] == len(page["articles"])


@SETTINGS
@given(texts, options)
def test_no_text_lost_on_a_page(text, opts):
    page = clean_page(text, opts)
    covered = bytearray(len(text))
    for item in page["articles"] + page["furniture"] + page["edits"]:
        s0, s1 = item["span"] if "span" in item else (item["start"], item["end"])
        covered[s0:s1] = b"\x01" * (s1 - s0)
    lost = [(i, c) for i, c in enumerate(text) if not covered[i] and not c.isspace()]
    assert not lost, lost[:10]


@SETTINGS
@given(texts, options)
def test_normalize_with_every_option_replays(text, opts):
    out = normalize(text, opts)
    assert replay(text, out["edits"]) == out["text"]
