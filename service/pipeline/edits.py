"""The edit log: text that remembers where every character came from.

Every fixer in the pipeline proposes :class:`Change` objects in the coordinates of the text it
was given.  :class:`Doc` applies them and keeps, for the whole run, a sorted list of anchors:
"source span ``[s0, s1)`` of the input became current span ``[c0, c1)``".  Between anchors the
text is the input unchanged, so any position of the current text maps back to the input.

When a later fixer changes text that an earlier fixer produced (a Kangxi radical ``⾨`` repaired
to ``門`` and then converted to ``门`` by OpenCC), the two anchors merge: the log then holds one
edit ``⾨ → 门`` that lists both rules.  The log therefore always satisfies the contract of the
API: edits do not overlap, ``before == input[start:end]``, and replaying them over the input gives
the current text (:func:`replay`).

Applying a batch of changes costs time linear in the number of changes plus anchors, plus the
length of the text (one join); nothing here is quadratic.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import partial
from itertools import repeat, starmap
from operator import itemgetter, sub
from typing import Iterable, Iterator, NamedTuple, Sequence


class Change(NamedTuple):
    """A replacement a fixer proposes: ``text[start:end]`` becomes ``after``."""

    start: int
    end: int
    after: str
    rule: str


#: ``new_change((start, end, after, rule))`` is ``Change(start, end, after, rule)`` made in C
#: (``tuple.__new__``), not through the named tuple's Python-level ``__new__``: the fixers that
#: make hundreds of changes a page make them with ``map(new_change, zip(...))``
new_change = partial(tuple.__new__, Change)


class Edit(NamedTuple):
    """One entry of the edit log, in input coordinates (``before == input[start:end]``)."""

    rule: str
    start: int
    end: int
    before: str
    after: str
    rules: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "rules": list(self.rules),
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
        }


def _add_rule(rules: tuple[str, ...], rule: str) -> tuple[str, ...]:
    return rules if rules and rules[-1] == rule else rules + (rule,)


def _check(changes: list[Change], n: int) -> None:
    """Refuse a batch that is out of range, unsorted, overlapping, or inserts twice at a point."""
    prev_end = prev_insert_at = -1
    for ch in changes:
        cs, ce = ch[0], ch[1]
        if not (0 <= cs <= ce <= n):
            raise ValueError(f"change out of range: {ch!r}")
        if cs < prev_end or (cs == ce and cs == prev_insert_at):
            raise ValueError(f"changes overlap or are not sorted: {ch!r}")
        prev_end = ce
        if cs == ce:
            prev_insert_at = cs


class Doc:
    """The input text, the current text, and the anchors that link them.

    The anchors are kept as five parallel lists (source start and end, current start and end,
    rules), sorted and non-overlapping, so that the anchors a batch of changes does not touch are
    carried over by slicing, and moved by the batch's length change with one list comprehension
    over the slice, or not moved at all where the batch kept the length (:func:`_moved`), never
    one Python object per anchor.

    >>> d = Doc("本 报 讯 ⾨")
    >>> d.apply([Change(1, 2, "", "despace"), Change(3, 4, "", "despace")])
    >>> d.text
    '本报讯 ⾨'
    >>> d.apply([Change(4, 5, "門", "unicode.kangxi")])
    >>> d.apply([Change(4, 5, "门", "script")])
    >>> [(e.start, e.end, e.before, e.after, e.rules) for e in d.edits()]
    [(1, 2, ' ', '', ('despace',)), (3, 4, ' ', '', ('despace',)), (6, 7, '⾨', '门', ('unicode.kangxi', 'script'))]
    >>> replay(d.source, d.edits()) == d.text
    True
    >>> d.to_source_span(0, 3)
    (0, 5)
    """

    __slots__ = ("source", "text", "_s0", "_s1", "_c0", "_c1", "_rules", "_edits")

    def __init__(self, source: str):
        self.source = source
        self.text = source
        self._s0: list[int] = []
        self._s1: list[int] = []
        self._c0: list[int] = []
        self._c1: list[int] = []
        self._rules: list[tuple[str, ...]] = []
        self._edits: list[Edit] | None = []

    # -- applying changes -------------------------------------------------------------------
    def apply(self, changes: Iterable[Change]) -> None:
        """Apply changes given in current-text coordinates.

        Changes must be sorted, must not overlap, and at most one may insert at a given point.
        A change that leaves its span as it was is ignored; a batch of such changes costs no
        more than reading it.
        """
        changes = list(changes)
        if not changes:  # most rules change nothing on a given page: keep the anchors as they are
            return
        _check(changes, len(self.text))
        if not self._c0:
            self._apply_first(changes)
        elif not self._apply_apart(changes):
            self._apply_walk(changes)

    def _apply_walk(self, changes: list[Change]) -> None:
        """:meth:`apply` of a checked batch, change by change: a change that meets an anchor
        merges with it (one region that lists the rules of both)."""
        cur = self.text
        src = self.source
        S0, S1, C0, C1, R = self._s0, self._s1, self._c0, self._c1, self._rules
        n_old = len(C0)
        nS0: list[int] = []
        nS1: list[int] = []
        nC0: list[int] = []
        nC1: list[int] = []
        nR: list[tuple[str, ...]] = []
        parts: list[str] = []
        i = 0  # next old anchor not yet consumed
        pos = 0  # old-current position up to which text is already emitted
        shift = 0  # c - s after the last old anchor consumed
        dlen = 0  # new-current minus old-current position, for what is emitted
        pend: list | None = None  # [m0, m1, s0, s1, rules, inner]
        touched = False

        def flush() -> None:
            nonlocal pend, pos, dlen
            m0, m1, s0, s1, rules, inner = pend
            if len(inner) == 1 and inner[0][0] == m0 and inner[0][1] == m1:
                region = inner[0][2]  # the common case: one change, no earlier edit merged
            else:
                seg = []
                p = m0
                for cs, ce, after in inner:
                    seg.append(cur[p:cs])
                    seg.append(after)
                    p = ce
                seg.append(cur[p:m1])
                region = "".join(seg)
            parts.append(cur[pos:m0])
            parts.append(region)
            nc0 = m0 + dlen
            if region != src[s0:s1]:
                nS0.append(s0)
                nS1.append(s1)
                nC0.append(nc0)
                nC1.append(nc0 + len(region))
                nR.append(rules)
            dlen += len(region) - (m1 - m0)
            pos = m1
            pend = None

        def carry(k: int) -> None:
            """Carry old anchors ``i:k`` (untouched by any change) over, moved by ``dlen``."""
            nonlocal shift, i
            if k <= i:
                return
            nS0.extend(S0[i:k])
            nS1.extend(S1[i:k])
            nR.extend(R[i:k])
            nC0.extend(_moved(C0[i:k], dlen))
            nC1.extend(_moved(C1[i:k], dlen))
            shift = C1[k - 1] - S1[k - 1]
            i = k

        for ch in changes:
            cs, ce, after, rule = ch
            if cur[cs:ce] == after:
                continue
            touched = True
            if pend is not None and cs >= pend[1]:
                flush()
            # old anchors wholly before this change are carried over as they are: those that
            # end before it, and those that end at its start unless both insert at one point
            if i < n_old:
                k = bisect_left(C1, cs, i)
                while k < n_old and C1[k] == cs and not (C0[k] == cs == ce):
                    k += 1
                carry(k)
            if pend is None and cs < ce and (i == n_old or C0[i] >= ce):
                # touches no anchor (most changes): its own anchor, no region to merge
                s0, s1 = cs - shift, ce - shift
                parts.append(cur[pos:cs])
                parts.append(after)
                if after != src[s0:s1]:
                    nc0 = cs + dlen
                    nS0.append(s0)
                    nS1.append(s1)
                    nC0.append(nc0)
                    nC1.append(nc0 + len(after))
                    nR.append((rule,))
                dlen += len(after) - (ce - cs)
                pos = ce
                continue
            if pend is None:
                pend = [cs, ce, cs - shift, ce - shift, (), []]
            else:
                # inside the pending region (it was extended by an anchor)
                pend[1] = max(pend[1], ce)
            pend[4] = _add_rule(pend[4], rule)
            pend[5].append((cs, ce, after))
            # old anchors that overlap this change merge into the pending region
            while i < n_old:
                a0, a1 = C0[i], C1[i]
                if cs == ce:
                    hit = (a0 < cs < a1) or (a0 == a1 == cs)
                else:
                    hit = a0 < ce
                if not hit:
                    break
                if a0 < pend[0]:
                    pend[0] = a0
                    pend[2] = S0[i]
                elif a0 == pend[0]:
                    pend[2] = min(pend[2], S0[i])
                if a1 >= pend[1]:
                    pend[1] = a1
                    pend[3] = S1[i]
                merged = R[i]
                for r in pend[4]:
                    merged = _add_rule(merged, r)
                pend[4] = merged
                shift = a1 - S1[i]
                i += 1
            # the region ends where the change ends: map that end with the latest shift
            if pend[1] == ce:
                pend[3] = ce - shift
        if not touched:
            return  # nothing changed: text and anchors stay as they are
        if pend is not None:
            flush()
        carry(n_old)
        parts.append(cur[pos:])
        self.text = "".join(parts)
        self._s0, self._s1, self._c0, self._c1, self._rules = nS0, nS1, nC0, nC1, nR
        self._edits = None

    def _apply_apart(self, changes: list[Change]) -> bool:
        """:meth:`apply` of a checked batch none of whose changes meets an anchor or inserts
        (reflow's joins of the lines other rules edited inside); False, and nothing done, at
        the first change that does (the walk, :meth:`_apply_walk`, merges those).

        Why: such a change is an anchor of its own, at its start less the shift of the last
        anchor before it, and the anchors between two changes are carried over by slicing:
        the walk's result without its pending region, its closures and its tests per change.
        It makes applying reflow's 255 joins of a column page a third cheaper.

        >>> d = Doc("本 报 讯\\n\\n今 年")
        >>> d.apply([Change(1, 2, "", "despace"), Change(8, 9, "", "despace")])
        >>> d._apply_apart([Change(4, 6, "", "reflow")]), d.text
        (True, '本报 讯今年')
        >>> d._apply_apart([Change(0, 2, "", "r")])  # meets the anchor of the first space
        False
        >>> [(e.start, e.end, e.before, e.after) for e in d.edits()]
        [(1, 2, ' ', ''), (5, 7, '\\n\\n', ''), (8, 9, ' ', '')]
        """
        cur = self.text
        S0, S1, C0, C1, R = self._s0, self._s1, self._c0, self._c1, self._rules
        n_old = len(C0)
        nS0: list[int] = []
        nS1: list[int] = []
        nC0: list[int] = []
        nC1: list[int] = []
        nR: list[tuple[str, ...]] = []
        parts: list[str] = []
        i = pos = dlen = shift = 0  # next old anchor, text emitted, length added, c - s
        next0, next1 = C0[0], C1[0]  # the current span of old anchor i
        # the lists' append methods, bound once (a column page applies hundreds of joins)
        emit, add_s0, add_s1, add_c0, add_c1, add_r = (
            parts.append, nS0.append, nS1.append, nC0.append, nC1.append, nR.append)
        for cs, ce, after, rule in changes:
            if ce - cs == len(after) and cur[cs:ce] == after:
                continue
            if next1 <= cs:
                # old anchors that end at or before the change's start are carried over
                k = bisect_right(C1, cs, i)
                if k == i + 1:  # one anchor (most often between two joins)
                    add_s0(S0[i])
                    add_s1(S1[i])
                    add_r(R[i])
                    add_c0(next0 + dlen)
                    add_c1(next1 + dlen)
                else:
                    nS0 += S0[i:k]
                    nS1 += S1[i:k]
                    nR += R[i:k]
                    nC0 += _moved(C0[i:k], dlen)
                    nC1 += _moved(C1[i:k], dlen)
                shift = C1[k - 1] - S1[k - 1]
                i = k
                next0, next1 = (C0[k], C1[k]) if k < n_old else (len(cur) + 1, len(cur) + 1)
            if next0 < ce or cs == ce:
                return False
            # between anchors the text is the input moved by ``shift``: the change is its own
            # anchor (it changes its span, so it changes the input there too)
            emit(cur[pos:cs])
            emit(after)
            nc0 = cs + dlen
            add_s0(cs - shift)
            add_s1(ce - shift)
            add_c0(nc0)
            add_c1(nc0 + len(after))
            add_r((rule,))
            dlen += len(after) - (ce - cs)
            pos = ce
        if not parts:
            return True  # nothing changed
        nS0 += S0[i:]
        nS1 += S1[i:]
        nR += R[i:]
        nC0 += _moved(C0[i:], dlen)
        nC1 += _moved(C1[i:], dlen)
        parts.append(cur[pos:])
        self.text = "".join(parts)
        self._s0, self._s1, self._c0, self._c1, self._rules = nS0, nS1, nC0, nC1, nR
        self._edits = None
        return True

    def _apply_first(self, changes: list[Change]) -> None:
        """:meth:`apply` when the text is still the input (no anchors yet): each change is its
        own anchor, so the general merging walk is not needed.  Same checks, same result; it
        makes the first rule that edits a page (thousands of removed spaces) several times
        cheaper."""
        cur = self.text
        parts: list[str] = []
        S0: list[int] = []
        S1: list[int] = []
        C0: list[int] = []
        C1: list[int] = []
        R: list[tuple[str, ...]] = []
        pos = dlen = 0
        for ch in changes:
            cs, ce, after, rule = ch
            if cur[cs:ce] == after:
                continue
            parts.append(cur[pos:cs])
            parts.append(after)
            nc0 = cs + dlen
            S0.append(cs)
            S1.append(ce)
            C0.append(nc0)
            C1.append(nc0 + len(after))
            R.append((rule,))
            dlen += len(after) - (ce - cs)
            pos = ce
        parts.append(cur[pos:])
        if not S0:
            return  # every change left its span as it was
        self.text = "".join(parts)
        self._s0, self._s1, self._c0, self._c1, self._rules = S0, S1, C0, C1, R
        self._edits = None

    # -- mapping back to the input ------------------------------------------------------------
    def to_source(self, c: int, *, end: bool = False) -> int:
        """Map a current-text position to the input.

        A position inside a replaced span maps to that span's start (or its end when ``end``).
        """
        C0 = self._c0
        k = bisect_right(C0, c) - 1
        if k < 0:
            return c
        a0, a1 = C0[k], self._c1[k]
        if c >= a1:
            if c == a1 and a0 == a1 and not end:
                return self._s0[k]
            return self._s1[k] + (c - a1)
        if c == a0 and not end:
            return self._s0[k]
        return self._s1[k] if end else self._s0[k]

    def to_source_span(self, c0: int, c1: int) -> tuple[int, int]:
        """Map a current-text span ``[c0, c1)`` to the smallest input span that produced it."""
        s0 = self.to_source(c0)
        s1 = self.to_source(c1, end=True)
        return s0, max(s0, s1)

    def edited_source_texts(self, starts: Sequence[int], ends: Sequence[int]) -> dict[int, str]:
        """The input text behind the current spans ``[starts[i], ends[i])`` (sorted, not
        overlapping) that an anchor touches (its closed span ``[c0, c1]`` meets theirs), by
        index; every other span is the input unchanged, moved.  When there are anchors in most
        spans (at least half as many anchors as spans) every span is mapped.

        Why: a rule that reads the raw line behind each line of a page needs the mapping only
        for the lines an earlier rule edited; it reads the others as they are.

        >>> d = Doc("本 报 讯\\n今年以来\\n公 开\\n比拼\\n氛围")
        >>> d.apply([Change(1, 2, "", "despace"), Change(3, 4, "", "despace")])
        >>> d.edited_source_texts([0, 4, 9, 13, 16], [3, 8, 12, 15, 18])
        {0: '本 报 讯'}
        """
        if not self._c0:
            return {}
        n = len(starts)
        if 2 * len(self._c0) >= n:  # anchors in most spans: map them all
            idx: Sequence[int] = range(n)
        else:
            # the spans an anchor touches: from the first that ends at or after its start to the
            # last that starts at or before its end
            firsts = list(map(bisect_left, repeat(ends), self._c0))
            stops = list(map(bisect_right, repeat(starts), self._c1))
            touched = set(firsts)
            for k in [k for k, w in enumerate(map(sub, stops, firsts)) if w > 1]:
                touched.update(range(firsts[k] + 1, stops[k]))
            touched.discard(n)  # an anchor after the last span
            idx = sorted(touched)
        src = self.source
        return {i: src[s0:s1] for i, (s0, s1) in zip(idx, self.to_source_spans([(starts[i], ends[i]) for i in idx]))}

    def to_source_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`to_source_span` of many spans at once (what reading every line of a page
        asks; one call instead of two per line).

        >>> d = Doc("本 报 讯")
        >>> d.apply([Change(1, 2, "", "despace"), Change(3, 4, "", "despace")])
        >>> d.to_source_spans([(0, 1), (1, 3)]) == [d.to_source_span(0, 1), d.to_source_span(1, 3)]
        True
        """
        C0, C1, S0, S1 = self._c0, self._c1, self._s0, self._s1
        if not C0:
            return [(c0, max(c0, c1)) for c0, c1 in spans]
        out = []
        for c0, c1 in spans:
            # start: as to_source(c0)
            k = bisect_right(C0, c0) - 1
            if k < 0:
                s0 = c0
            else:
                a0, a1 = C0[k], C1[k]
                if c0 >= a1:
                    s0 = S0[k] if (c0 == a1 and a0 == a1) else S1[k] + (c0 - a1)
                else:
                    s0 = S0[k]
            # end: as to_source(c1, end=True)
            k = bisect_right(C0, c1) - 1
            if k < 0:
                s1 = c1
            else:
                a0, a1 = C0[k], C1[k]
                s1 = S1[k] + (c1 - a1) if c1 >= a1 else S1[k]
            out.append((s0, s1 if s1 > s0 else s0))
        return out

    def edit_dicts(self) -> list[dict]:
        """The edit log as the API returns it (``[e.as_dict() for e in self.edits()]``), built
        straight from the anchors: on a page of hundreds of edits it costs half as much."""
        src, cur = self.source, self.text
        return [
            {"rule": r[0], "rules": list(r), "start": s0, "end": s1,
             "before": src[s0:s1], "after": cur[c0:c1]}
            for s0, s1, c0, c1, r in zip(self._s0, self._s1, self._c0, self._c1, self._rules)
        ]

    def rule_counts(self) -> dict[str, int]:
        """How many edits each rule took part in (an edit several rules made counts for each)."""
        counts: dict[str, int] = {}
        for rules in self._rules:
            for r in rules:
                counts[r] = counts.get(r, 0) + 1
        return counts

    def edit_count(self) -> int:
        """The number of edits in the log."""
        return len(self._c0)

    def edits(self) -> list[Edit]:
        """The edit log in input coordinates (built once per state of the text)."""
        if self._edits is None:
            # field by field (each Edit made in C by tuple.__new__, not the NamedTuple's Python
            # constructor, called by starmap with the fields' tuple as it comes from zip); the
            # texts sliced by comprehensions (BUILD_SLICE and a subscript: a third fewer
            # instructions than ``map(str.__getitem__, map(slice, ...))``, whose calls go
            # through a type call and a method wrapper)
            S0, S1, R = self._s0, self._s1, self._rules
            src, cur = self.source, self.text
            self._edits = list(starmap(tuple.__new__, zip(repeat(Edit), zip(
                map(_first, R), S0, S1,
                [src[s0:s1] for s0, s1 in zip(S0, S1)],
                [cur[c0:c1] for c0, c1 in zip(self._c0, self._c1)],
                R,
            ))))
        return list(self._edits)

    def edited_by(self, prefix: str) -> list[Edit]:
        """The edits one of whose rules starts with ``prefix`` (``"dedupe."``).

        The distinct rule lists are few (a set of them is built in C): each is tested once, and
        a page that no such rule edited (most pages) returns without a loop over its anchors.
        """
        hit = {r for r in set(self._rules) if any(x.startswith(prefix) for x in r)}
        if not hit:
            return []
        src, cur = self.source, self.text
        return [
            Edit(r[0], s0, s1, src[s0:s1], cur[c0:c1], r)
            for s0, s1, c0, c1, r in zip(self._s0, self._s1, self._c0, self._c1, self._rules)
            if r in hit
        ]


_first = itemgetter(0)


def _moved(positions: list[int], dlen: int) -> list[int]:
    """``positions`` moved by ``dlen``: a list comprehension (a third fewer instructions than
    ``map(dlen.__add__, ...)``, whose every call goes through a method wrapper), or the list
    itself when the changes before kept the length (a character replaced by another: most
    repairs), so that nothing is made.

    >>> _moved([3, 7], 2), _moved([3, 7], 0)
    ([5, 9], [3, 7])
    """
    return [c + dlen for c in positions] if dlen else positions


def replay(source: str, edits: Sequence[Edit] | Sequence[dict]) -> str:
    """Apply an edit log (in input coordinates, sorted, non-overlapping) to the input.

    >>> replay("3 月 20 日", [Edit("despace", 1, 2, " ", "", ("despace",))])
    '3月 20 日'
    """
    out = []
    p = 0
    for e in edits:
        start, end, before, after = (
            (e["start"], e["end"], e["before"], e["after"]) if isinstance(e, dict)
            else (e.start, e.end, e.before, e.after)
        )
        if source[start:end] != before or start < p:
            raise ValueError(f"edit does not fit the input at {start}:{end}")
        out.append(source[p:start])
        out.append(after)
        p = end
    out.append(source[p:])
    return "".join(out)


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Apply changes to a string (what a fixer's doctest uses to show its effect).

    >>> apply_changes("40% 加上", [Change(3, 4, "", "despace")])
    '40%加上'
    """
    d = Doc(text)
    d.apply(changes)
    return d.text


def coalesce(text: str, changes: Iterable[tuple], gap: int = 1) -> Iterator[Change]:
    """Merge changes of one rule that at most ``gap`` unchanged characters separate into one
    change over the whole stretch (its ``after`` keeps those characters).  The changes may be
    plain ``(start, end, after, rule)`` tuples, cheaper to make by the hundred thousand.

    Why: a stretch like ``?!`` or ``中,中,中`` reads better as one edit than as one per mark,
    and a hostile text of half a million marks costs one edit instead of half a million.

    >>> t = "经济,政治,文化?!"
    >>> [(c.start, c.end, c.after) for c in coalesce(t, [Change(2, 3, "，", "r"), Change(5, 6, "，", "r"), Change(8, 9, "？", "r"), Change(9, 10, "！", "r")])]
    [(2, 3, '，'), (5, 6, '，'), (8, 10, '？！')]
    >>> [(c.start, c.end, c.after) for c in coalesce("中,中,中,", [Change(1, 2, "，", "r"), Change(3, 4, "，", "r"), Change(5, 6, "，", "r")])]
    [(1, 6, '，中，中，')]
    """
    group: list[tuple] = []
    for ch in changes:
        if group and ch[0] - group[-1][1] > gap:
            yield _merged(text, group)
            group = []
        group.append(ch)
    if group:
        yield _merged(text, group)


def _merged(text: str, group: list[tuple]) -> Change:
    """One change for a group of changes (or plain ``(start, end, after, rule)`` tuples)."""
    if len(group) == 1:
        return Change(*group[0])
    parts = []
    p = group[0][0]
    for cs, ce, after, _ in group:
        parts.append(text[p:cs])
        parts.append(after)
        p = ce
    return Change(group[0][0], p, "".join(parts), group[0][3])


def coalesce_runs(
    text: str, changes: Iterable[Change], longer_than: int = 32, gap: int = 0
) -> Iterator[Change]:
    """Changes as they are, except that a run of more than ``longer_than`` changes, each at most
    ``gap`` unchanged characters from the next, becomes one change.

    Why: rules that change single code points report them one by one, so the log reads
    character by character (``２０２４`` is four edits); a hostile text of a million such
    code points would otherwise cost a million edits.

    >>> cs = [Change(i, i + 1, "x", "r") for i in range(40)]
    >>> [(c.start, c.end, len(c.after)) for c in coalesce_runs("a" * 40, cs)]
    [(0, 40, 40)]
    >>> len(list(coalesce_runs("a" * 40, cs[:30])))
    30
    """
    run: list[Change] = []
    for ch in changes:
        if run and ch[0] - run[-1][1] > gap:
            yield from (run if len(run) <= longer_than else (_merged(text, run),))
            run = []
        run.append(ch)
    if run:
        yield from (run if len(run) <= longer_than else (_merged(text, run),))
