"""The title/body evidence of segmentation, held to its plain definition under hypothesis.

:class:`service.pipeline.segment._Evidence` keeps of each body only the title bigrams it holds,
and builds a body's whole bigram set only when a score's order needs it.  A score must be the
very float the plain definition gives: the weights of ``grams & body_set`` summed in that set's
order (a sum in another order may differ in its last bits and tip a threshold).
"""

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from service.pipeline.segment import _Evidence, _bigrams

#: few ideographs, so that titles and bodies share bigrams; marks and Latin dropped by _bigrams;
#: a radical and an extension-B ideograph take _han_only's other path
HAN = "本报讯记者李丹通讯员摄新华社电发展中国人民政府"
ALPHABET = HAN + "，。“”（） a1" + "⺮𠀀"


def plain_score(bodies: list[str], text: str, body: int) -> float:
    """The definition: bodies' bigram sets, weights 1 / (bodies holding the bigram)."""
    sets = [_bigrams(b) for b in bodies]
    df = Counter(g for s in sets for g in s)
    grams = _bigrams(text)
    if not grams:
        return 0.0
    return sum(1.0 / df[g] for g in grams & sets[body]) / len(grams)


#: up to six bodies, so that weights such as 1/3 and 1/5 meet in a sum (whose order then counts)
bodies_st = st.lists(st.text(ALPHABET, max_size=200), min_size=1, max_size=6)
texts_st = st.lists(st.text(ALPHABET, max_size=120), max_size=6)


@settings(max_examples=150, deadline=None)
@given(bodies_st, texts_st, texts_st, st.data())
def test_scores_are_the_plain_definitions(bodies, titles, later, data):
    ev = _Evidence(bodies, titles)
    for text in titles + later:  # texts not in the batch are taken one by one
        body = data.draw(st.integers(0, len(bodies) - 1))
        assert ev.score(text, body).hex() == plain_score(bodies, text, body).hex()
    assert ev.score("本报", None) == ev.score("本报", len(bodies)) == 0.0


def test_a_long_caption_against_a_short_body():
    """A title with more bigrams than the body has: the sum follows the body's set."""
    bodies = ["本报讯记者李丹", "本报讯新华社电发展记者", "记者李丹通讯员摄"]
    caption = "本报讯记者李丹通讯员摄新华社电发展本讯报"
    ev = _Evidence(bodies, [caption])
    for j in range(3):
        assert ev.score(caption, j).hex() == plain_score(bodies, caption, j).hex()


def test_sums_in_the_order_of_the_plain_definition():
    """Long titles over bodies of every size, drawn from few characters: many of these sums
    differ in their last bits when taken in another order than the plain definition's."""
    rng = random.Random(7)
    for _ in range(300):
        bodies = ["".join(rng.choices(HAN, k=rng.randint(0, 200))) for _ in range(rng.randint(3, 6))]
        titles = ["".join(rng.choices(HAN, k=rng.randint(5, 120))) for _ in range(2)]
        ev = _Evidence(bodies, titles[:1])
        for text in titles:
            for j in range(len(bodies)):
                assert ev.score(text, j).hex() == plain_score(bodies, text, j).hex()
