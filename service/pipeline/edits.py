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
from typing import Iterable, Iterator, NamedTuple, Sequence


class Change(NamedTuple):
    """A replacement a fixer proposes: ``text[start:end]`` becomes ``after``."""

    start: int
    end: int
    after: str
    rule: str


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


class _Anchor(NamedTuple):
    s0: int
    s1: int
    c0: int
    c1: int
    rules: tuple[str, ...]


def _add_rule(rules: tuple[str, ...], rule: str) -> tuple[str, ...]:
    return rules if rules and rules[-1] == rule else rules + (rule,)


class Doc:
    """The input text, the current text, and the anchors that link them.

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

    __slots__ = ("source", "text", "_anchors", "_c0s")

    def __init__(self, source: str):
        self.source = source
        self.text = source
        self._anchors: list[_Anchor] = []
        self._c0s: list[int] | None = []

    # -- applying changes -------------------------------------------------------------------
    def apply(self, changes: Iterable[Change]) -> None:
        """Apply changes given in current-text coordinates.

        Changes must be sorted, must not overlap, and at most one may insert at a given point.
        A change that leaves its span as it was is ignored.
        """
        changes = list(changes)
        if not changes:  # most rules change nothing on a given page: keep the anchors as they are
            return
        if not self._anchors:
            self._apply_first(changes)
            return
        cur = self.text
        old = self._anchors
        n_old = len(old)
        c1s = [a.c1 for a in old]  # sorted: anchors are sorted and do not overlap
        src = self.source
        parts: list[str] = []
        new: list[_Anchor] = []
        i = 0  # next old anchor not yet consumed
        pos = 0  # old-current position up to which text is already emitted
        shift = 0  # c - s after the last old anchor consumed
        dlen = 0  # new-current minus old-current position, for what is emitted
        prev_end = -1
        prev_insert_at = -1
        pend: list | None = None  # [m0, m1, s0, s1, rules, inner]

        def flush() -> None:
            nonlocal pend, pos, dlen
            m0, m1, s0, s1, rules, inner = pend
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
            if region != self.source[s0:s1]:
                new.append(_Anchor(s0, s1, nc0, nc0 + len(region), rules))
            dlen += len(region) - (m1 - m0)
            pos = m1
            pend = None

        def copy_anchor(a: _Anchor) -> None:
            nonlocal shift
            new.append(_Anchor(a.s0, a.s1, a.c0 + dlen, a.c1 + dlen, a.rules))
            shift = a.c1 - a.s1

        def copy_anchors(k0: int, k1: int) -> None:
            """Copy ``old[k0:k1]``, shifted: most anchors lie between changes, untouched."""
            nonlocal shift
            if dlen:
                d = dlen
                new.extend([_Anchor(a.s0, a.s1, a.c0 + d, a.c1 + d, a.rules) for a in old[k0:k1]])
            else:
                new.extend(old[k0:k1])
            shift = old[k1 - 1].c1 - old[k1 - 1].s1

        for ch in changes:
            cs, ce, after, rule = ch
            if not (0 <= cs <= ce <= len(cur)):
                raise ValueError(f"change out of range: {ch!r}")
            if cs < prev_end or (cs == ce and cs == prev_insert_at):
                raise ValueError(f"changes overlap or are not sorted: {ch!r}")
            prev_end = ce
            if cs == ce:
                prev_insert_at = cs
            if cur[cs:ce] == after:
                continue
            if pend is not None and cs >= pend[1]:
                flush()
            if pend is None and i < n_old:  # the anchors that end before cs, in one slice
                k = bisect_left(c1s, cs, i)
                if k > i:
                    copy_anchors(i, k)
                    i = k
            # old anchors wholly before this change are copied as they are
            while i < n_old:
                a = old[i]
                if a.c1 < cs or (a.c1 == cs and not (a.c0 == a.c1 == cs == ce)):
                    if pend is not None and a.c0 < pend[1]:
                        break  # cannot happen: pending region already covers it
                    copy_anchor(a)
                    i += 1
                else:
                    break
            if pend is None and cs < ce and (i == n_old or old[i].c0 >= ce):
                # touches no anchor (most changes): its own anchor, no region to merge
                s0 = cs - shift
                parts.append(cur[pos:cs])
                parts.append(after)
                if after != src[s0:ce - shift]:
                    nc0 = cs + dlen
                    new.append(_Anchor(s0, ce - shift, nc0, nc0 + len(after), (rule,)))
                dlen += len(after) - (ce - cs)
                pos = ce
                continue
            if pend is None:
                s_at = cs - shift
                pend = [cs, ce, s_at, ce - shift, (), []]
            else:
                # inside the pending region (it was extended by an anchor)
                pend[1] = max(pend[1], ce)
            pend[4] = _add_rule(pend[4], rule)
            pend[5].append((cs, ce, after))
            # old anchors that overlap this change merge into the pending region
            while i < n_old:
                a = old[i]
                if cs == ce:
                    hit = (a.c0 < cs < a.c1) or (a.c0 == a.c1 == cs)
                else:
                    hit = a.c0 < ce
                if not hit:
                    break
                if a.c0 < pend[0]:
                    pend[0] = a.c0
                    pend[2] = a.s0
                elif a.c0 == pend[0]:
                    pend[2] = min(pend[2], a.s0)
                if a.c1 >= pend[1]:
                    pend[1] = a.c1
                    pend[3] = a.s1
                merged = a.rules
                for r in pend[4]:
                    merged = _add_rule(merged, r)
                pend[4] = merged
                shift = a.c1 - a.s1
                i += 1
            # the region ends where the change ends: map that end with the latest shift
            if pend[1] == ce:
                pend[3] = ce - shift
        if pend is not None:
            flush()
        if i < n_old:
            copy_anchors(i, n_old)
        parts.append(cur[pos:])
        self.text = "".join(parts)
        self._anchors = new
        self._c0s = None

    def _apply_first(self, changes: list[Change]) -> None:
        """:meth:`apply` when the text is still the input (no anchors yet): each change is its
        own anchor, so the general merging walk is not needed.  Same checks, same result; it
        makes the first rule that edits a page (thousands of removed spaces) several times
        cheaper."""
        cur = self.text
        parts: list[str] = []
        new: list[_Anchor] = []
        pos = dlen = 0
        prev_end = prev_insert_at = -1
        n = len(cur)
        for ch in changes:
            cs, ce, after, rule = ch
            if not (0 <= cs <= ce <= n):
                raise ValueError(f"change out of range: {ch!r}")
            if cs < prev_end or (cs == ce and cs == prev_insert_at):
                raise ValueError(f"changes overlap or are not sorted: {ch!r}")
            prev_end = ce
            if cs == ce:
                prev_insert_at = cs
            if cur[cs:ce] == after:
                continue
            parts.append(cur[pos:cs])
            parts.append(after)
            nc0 = cs + dlen
            new.append(_Anchor(cs, ce, nc0, nc0 + len(after), (rule,)))
            dlen += len(after) - (ce - cs)
            pos = ce
        parts.append(cur[pos:])
        self.text = "".join(parts)
        self._anchors = new
        self._c0s = None

    # -- mapping back to the input ------------------------------------------------------------
    def _starts(self) -> list[int]:
        if self._c0s is None:
            self._c0s = [a.c0 for a in self._anchors]
        return self._c0s

    def to_source(self, c: int, *, end: bool = False) -> int:
        """Map a current-text position to the input.

        A position inside a replaced span maps to that span's start (or its end when ``end``).
        """
        anchors = self._anchors
        k = bisect_right(self._starts(), c) - 1
        # skip back over anchors that start at c when mapping a start (take the earliest)
        if k < 0:
            return c
        a = anchors[k]
        if c >= a.c1:
            if c == a.c1 and a.c0 == a.c1 and not end:
                return a.s0
            return a.s1 + (c - a.c1)
        if c == a.c0 and not end:
            return a.s0
        return a.s1 if end else a.s0

    def to_source_span(self, c0: int, c1: int) -> tuple[int, int]:
        """Map a current-text span ``[c0, c1)`` to the smallest input span that produced it."""
        s0 = self.to_source(c0)
        s1 = self.to_source(c1, end=True)
        return s0, max(s0, s1)

    def edit_dicts(self) -> list[dict]:
        """The edit log as the API returns it (``[e.as_dict() for e in self.edits()]``), built
        straight from the anchors: on a page of hundreds of edits it costs half as much."""
        src, cur = self.source, self.text
        return [
            {"rule": a.rules[0], "rules": list(a.rules), "start": a.s0, "end": a.s1,
             "before": src[a.s0:a.s1], "after": cur[a.c0:a.c1]}
            for a in self._anchors
        ]

    def rule_counts(self) -> dict[str, int]:
        """How many edits each rule took part in (an edit several rules made counts for each)."""
        counts: dict[str, int] = {}
        for a in self._anchors:
            for r in a.rules:
                counts[r] = counts.get(r, 0) + 1
        return counts

    def __len__(self) -> int:
        """The number of edits in the log."""
        return len(self._anchors)

    def edits(self) -> list[Edit]:
        src, cur = self.source, self.text
        return [
            Edit(a.rules[0], a.s0, a.s1, src[a.s0:a.s1], cur[a.c0:a.c1], a.rules)
            for a in self._anchors
        ]


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
