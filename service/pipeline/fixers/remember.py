"""One answer remembered per function: for the last text it was asked about.

Several steps of a page ask the same question of the same text: the lookalike and abbreviation
rules whether it is traditional, ``clean_page`` and the script rule for its script counts, the
two dedupe rules for it without spaces, each doubling for the page reversed, the doubled-character
rule for the doubles the fake-bold rule found (or left it, for the text it made).  A page is asked
about once and then the next page comes, so one remembered answer is enough, and an ``lru_cache``
would keep pages alive and hash each one whole.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")


def remember_last(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn(text, ...)``, answered without a call when ``text`` equals the last text asked about
    (compared by value: a rule gets a new string equal to the last one when nothing before it
    changed the page).  The other arguments must not change the answer (they only say how to
    find it).  ``forget()`` drops the remembered answer (a benchmark that wants each call made);
    ``remember(text, answer)`` puts one in place (a caller that made the next text knows its
    answer for less than the function would spend).

    >>> calls = []
    >>> @remember_last
    ... def width(text):
    ...     calls.append(text)
    ...     return len(text)
    >>> width("专精特新"), width("专精" + "特新"), width("壮大"), len(calls)
    (4, 4, 2, 2)
    >>> width.forget(); width("壮大"), len(calls)
    (2, 3)
    >>> width.remember("壮大壮大", 4); width("壮大" * 2), len(calls)
    (4, 3)
    """
    last: list[tuple[str, Any] | None] = [None]

    @wraps(fn)
    def remembered(text: str, *args: Any, **kwargs: Any) -> T:
        hit = last[0]
        if hit is not None and hit[0] == text:
            return hit[1]
        out = fn(text, *args, **kwargs)
        last[0] = (text, out)
        return out

    remembered.forget = lambda: last.__setitem__(0, None)  # type: ignore[attr-defined]
    remembered.remember = lambda text, out: last.__setitem__(0, (text, out))  # type: ignore[attr-defined]
    return remembered
