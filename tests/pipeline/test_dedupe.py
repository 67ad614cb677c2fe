"""Dedupe: the whole-page test that lets a page with no sentence twice skip the per-paragraph
split must never skip a paragraph that repeats a run."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from service.pipeline.edits import Change
from service.pipeline.fixers import dedupe

#: sentences and their pieces: end marks, closers, spaces, line breaks
PIECES = st.sampled_from([
    "完善协同创新机制", "加强政策协同", "专精特新", "壮大", "好", "。", "！", "？", "!", "?", "”",
    "’", "）", ")", "」", " ", "\t", "\u3000", "\n", "\n\n",
])
SENTENCE = st.tuples(
    st.sampled_from(["完善协同创新机制", "加强政策协同", "专精特新 企业", "好", ""]),
    st.sampled_from(["。", "！", "?", "!", ""]),
    st.sampled_from(["", "”", "）", "”）", " ", "\n"]),
).map("".join)


@st.composite
def repeated_runs(draw):
    """Sentences with a run of them printed again right after (sometimes spaced differently)."""
    sentences = draw(st.lists(SENTENCE, min_size=1, max_size=8))
    i = draw(st.integers(0, len(sentences) - 1))
    k = draw(st.integers(1, len(sentences) - i))
    copy = sentences[i:i + k]
    if draw(st.booleans()):
        copy = [c.replace(" ", "") for c in copy]
    return "".join(sentences[:i + k] + copy + sentences[i + k:])


texts = st.one_of(st.lists(PIECES, max_size=40).map("".join), repeated_runs())


def _by_paragraph(text):
    """The rule's definition: each paragraph split into sentences, runs looked for in each."""
    changes = []
    for para in dedupe._PARA_RE.finditer(text):
        sentences = dedupe._SENTENCE_RE.findall(para.group())[:-1]
        keys = [dedupe._compact(s) for s in sentences] if dedupe._SPACED.search(para.group()) else sentences
        starts = [para.start()]
        for s in sentences:
            starts.append(starts[-1] + len(s))
        n, i = len(sentences), 0
        while i < n:
            step = 1
            for k in range(1, min(dedupe.MAX_RUN, (n - i) // 2) + 1):
                first = keys[i:i + k]
                if first == keys[i + k:i + 2 * k] and sum(map(len, first)) >= dedupe.MIN_CHARS:
                    end = i + 2 * k
                    while keys[end:end + k] == first:
                        end += k
                    changes.append(Change(starts[i + k], starts[end], "", "dedupe.sentences"))
                    step = end - i
                    break
            i += step
    return changes


@settings(max_examples=1500, deadline=None)
@given(texts)
@example("加强政策协同\n完善协同创新机制。完善协同创新机制。")
@example("专精特新 壮大。专精特新壮大。专精特新壮大 。\u3000")
def test_sentences_equal_the_paragraph_by_paragraph_definition(text):
    found = dedupe.drop_repeated_sentences(text, None)
    assert found == _by_paragraph(text)
    if found:
        assert dedupe._some_sentence_twice(text)


def _paragraphs_by_loop(text):
    """The paragraph rule's definition: each paragraph against the one before it."""
    changes = []
    prev = None
    for m in dedupe._PARA_RE.finditer(text):
        body = m.group()
        if not body.strip():
            continue
        c = dedupe._compact(body.strip())
        if prev is not None and len(c) >= dedupe.MIN_CHARS and prev[1].endswith(c):
            changes.append(Change(prev[0], m.end(), "", "dedupe.paragraph"))
            prev = (m.end(), prev[1])
            continue
        prev = (m.start() + len(body.rstrip()), c)
    return changes


@st.composite
def repeated_paragraphs(draw):
    """Paragraphs, one of them printed again (its end, or all of it) as the next one."""
    paragraphs = draw(st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map("".join), min_size=1, max_size=5))
    k = draw(st.integers(0, len(paragraphs) - 1))
    cut = draw(st.integers(0, len(paragraphs[k])))
    copy = paragraphs[k][cut:]
    if draw(st.booleans()):
        copy = " " + copy.replace(" ", "") + "\u3000"
    paragraphs.insert(k + 1, copy)
    return draw(st.sampled_from(["\n", "\n\n", "\n \n"])).join(paragraphs)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(texts, repeated_paragraphs()))
@example("相适应的政策体系，专精特新企业群体进一步壮大、创新能力明显提升。\n\n专精特新企业群体进一步壮大、创新能力明显提升。")
def test_paragraphs_equal_the_definition(text):
    found = dedupe.drop_repeated_paragraphs(text, None)
    assert found == _paragraphs_by_loop(text)
    if found:
        assert dedupe._some_paragraph_ends_the_last(text)


def _sentence_twice_by_pattern(text):
    """The page-wide test as first written: ``_SENTENCE_RE``'s sentences, each after its last line
    break, spaces aside, one of them twice."""
    keys = [dedupe._compact(s.rpartition("\n")[2]) for s in dedupe._SENTENCE_RE.findall(text)]
    keys = [k for k in keys if k]
    return len(set(keys)) < len(keys)


@settings(max_examples=1500, deadline=None)
@given(texts)
@example("专精特新。”专精特新。)好")
@example("好。\n好")
def test_sentence_twice_holds_whenever_the_pattern_cut_finds_one(text):
    """The str.split cut may say yes where the pattern's sentences differ only by closers, never
    no where a sentence with its end mark comes twice."""
    if _sentence_twice_by_pattern(text):
        keys = [dedupe._compact(s.rpartition("\n")[2]) for s in dedupe._SENTENCE_RE.findall(text)]
        marked = [k for k in keys if k.rstrip(dedupe._CLOSERS).endswith(dedupe._END_MARKS)]
        if len(set(marked)) < len(marked):
            assert dedupe._some_sentence_twice(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("专精 特新\u3000。\t", max_size=6), min_size=1, max_size=6))
def test_compact_page_remembers_only_the_same_page(pages):
    """The page remembered is given back for that page alone: texts of the same length (and the
    same page again after another one) each get their own text without spaces."""
    for page in pages + pages[::-1]:
        assert dedupe._compact_page(page) == dedupe._compact(page)


def test_a_misprint_in_a_paragraph_printed_twice_is_repaired_once_the_copy_is_gone():
    """Dedupe runs before repair: the copy of a paragraph would make its misprint a spelling the
    page repeats (郛城县 twice), which the lookalike rule leaves as a word it lacks."""
    from service.pipeline import normalize
    from service.pipeline.options import Options

    para = "崂山区修文外国语学校项目落地郛城县，西海岸新区和定陶区签订教育帮扶协议。"
    out = normalize(para + "\n\n" + para, Options(segment=False, explain=True))
    assert out["text"] == para.replace("郛", "郓")
    assert {e["rule"] for e in out["edits"]} == {"dedupe.paragraph", "repair.lookalike"}
