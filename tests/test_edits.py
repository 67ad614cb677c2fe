"""The edit log core: replaying the log over the input gives the text, whatever the fixers do."""

from hypothesis import given, settings
from hypothesis import strategies as st

from service.pipeline.edits import Change, Doc, apply_changes, replay

ALPHABET = "ab 本报\n讯，⾨"


@st.composite
def batches(draw, text_len):
    """A sorted, non-overlapping batch of changes over a text of the given length."""
    changes, pos, last_insert = [], 0, -1
    while pos <= text_len and draw(st.booleans()):
        start = draw(st.integers(pos, min(text_len, pos + 3)))
        end = draw(st.integers(start, min(text_len, start + 3)))
        if start == end == last_insert:
            break
        changes.append(Change(start, end, draw(st.text(ALPHABET, max_size=3)), f"r{len(changes) % 3}"))
        last_insert = start if start == end else last_insert
        pos = end
    return changes


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=14), st.data())
def test_log_replays_to_text_through_many_stages(source, data):
    doc = Doc(source)
    for _ in range(data.draw(st.integers(1, 4))):
        before = doc.text
        batch = data.draw(batches(len(before)))
        doc.apply(batch)
        assert doc.text == apply_changes(before, batch)
        edits = doc.edits()
        assert replay(source, edits) == doc.text
        ends = -1
        for e in edits:
            assert e.start >= ends and e.before == source[e.start:e.end] and e.before != e.after
            ends = e.end
        mapped = [doc.to_source(i) for i in range(len(doc.text) + 1)]
        assert mapped == sorted(mapped) and all(0 <= m <= len(source) for m in mapped)


def test_chained_edits_merge_and_list_every_rule():
    doc = Doc("电脑⾨")
    doc.apply([Change(2, 3, "門", "unicode.kangxi")])
    doc.apply([Change(2, 3, "门", "script.convert")])
    [edit] = doc.edits()
    assert (edit.start, edit.end, edit.before, edit.after) == (2, 3, "⾨", "门")
    assert edit.rules == ("unicode.kangxi", "script.convert")


def test_a_change_undone_leaves_no_edit():
    doc = Doc("3 月")
    doc.apply([Change(1, 2, "", "despace")])
    doc.apply([Change(1, 1, " ", "pangu")])
    assert doc.text == "3 月" and doc.edits() == []


def test_overlapping_changes_are_refused():
    doc = Doc("abcdef")
    try:
        doc.apply([Change(0, 3, "x", "r"), Change(2, 4, "y", "r")])
    except ValueError:
        return
    raise AssertionError("overlapping changes must raise")


def _state(doc):
    return doc.text, doc._s0, doc._s1, doc._c0, doc._c1, doc._rules


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=14), st.data())
def test_a_batch_apart_from_the_anchors_gives_what_the_walk_gives(source, data):
    doc = Doc(source)
    for _ in range(data.draw(st.integers(1, 4))):
        batch = data.draw(batches(len(doc.text)))
        walked = Doc(source)
        walked.text, walked._s0, walked._s1, walked._c0, walked._c1, walked._rules = (
            doc.text, list(doc._s0), list(doc._s1), list(doc._c0), list(doc._c1), list(doc._rules))
        if doc._c0 and batch:
            if doc._apply_apart(batch):
                walked._apply_walk(batch)
                assert _state(doc) == _state(walked)
                continue
            assert _state(doc) == _state(walked)  # it gave up having changed nothing
        doc.apply(batch)


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=14), st.data())
def test_edited_source_texts_names_every_line_whose_input_differs(source, data):
    """Reflow reads the input line behind each line from ``edited_source_texts`` and takes every
    line it leaves out to be its own input: that holds for every line of every state."""
    doc = Doc(source)
    for _ in range(data.draw(st.integers(1, 4))):
        doc.apply(data.draw(batches(len(doc.text))))
        starts, ends, p = [], [], 0
        for line in doc.text.split("\n"):
            starts.append(p)
            ends.append(p + len(line))
            p += len(line) + 1
        edited = doc.edited_source_texts(starts, ends)
        mapped = doc.to_source_spans(zip(starts, ends))
        for i, (s0, s1) in enumerate(mapped):
            assert edited.get(i, doc.text[starts[i]:ends[i]]) == source[s0:s1], (i, edited)
