"""Fast paths of the line features, held to the plain definitions they skip work for."""

import re

from hypothesis import given
from hypothesis import strategies as st

from service.pipeline.segment import heads as H
from service.pipeline.segment import lines as L

#: ideographs, marks, spaces of both widths, Latin: what letter-spaced and plain lines hold
ALPHABET = "本报讯记者李丹⺮" + "，。（）、" + "  \u3000\t" + "a1."


def plain_char_spaced(raw: str) -> bool:
    s = raw.strip()
    gaps = len(L._SPACE_BETWEEN_RE.findall(s))
    han = len(re.findall(f"[{L._HAN}]", s))
    return han >= 3 and gaps * 2 >= han


@given(st.text(ALPHABET, max_size=40))
def test_char_spaced_is_its_plain_definition(raw):
    assert L.char_spaced(raw) == plain_char_spaced(raw)



TITLE_ALPHABET = "强调坚定自信访市局书记" + "——-" + "  \u3000" + "“”"


@given(st.text(TITLE_ALPHABET, max_size=30))
def test_subtitle_pattern_splits_only_before_a_dash(text):
    """split_title reads a unit with the pattern only when it holds ``——``: without one the
    pattern leaves it whole."""
    if "——" not in text:
        assert H._SUBTITLE_SPLIT_RE.split(text, maxsplit=1) == [text]


DATELINE_ALPHABET = "本报讯新华社中国人民网央视据《》“”电消息北京3月2日记者" + "  \u3000\t\n\u00a0（(，"


@given(st.text(DATELINE_ALPHABET, max_size=40))
def test_dateline_start_is_its_plain_definition(line):
    assert L.dateline_start(line) == (L.DATELINE_RE.match(L.compact(line)) is not None)
