"""Label placement that never overlaps: move to another sub-row, shorten, or hide.

Run once per lane: sub-rows are numbered within a lane, so labels of different lanes
never compete. Every label is placed ``offset`` pixels right of its marker's anchor.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class LabelItem:
    """A marker wanting a label: anchor ``x``, sub-``row``, ``text``, and its importance."""

    x: float
    row: int
    text: str
    priority: float = 0.0


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """Where a label went: shown or not, the (maybe shortened) text, its left x and row."""

    visible: bool
    text: str
    x: float
    row: int
    width: float = 0.0


class _Row:
    """Occupied x intervals of one sub-row, disjoint and sorted by start."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def room(self, x: float, gap: float, right: float) -> float:
        """The width free from ``x`` (keeping ``gap`` from neighbours), or -1 if none."""
        i = bisect_right(self.starts, x)
        if i > 0 and self.ends[i - 1] + gap > x:
            return -1.0
        limit = self.starts[i] - gap if i < len(self.starts) else right
        return min(limit, right) - x

    def take(self, x0: float, x1: float) -> None:
        i = bisect_right(self.starts, x0)
        self.starts.insert(i, x0)
        self.ends.insert(i, x1)


def place_labels(
    items: Sequence[LabelItem],
    measure: Callable[[str], float],
    max_rows: int = 1,
    gap: float = 4.0,
    offset: float = 6.0,
    min_chars: int = 3,
    right: float = math.inf,
    obstacles: Sequence[tuple[int, float, float]] = (),
) -> list[PlacedLabel]:
    """Each item's label, placed in order of priority so that no two labels overlap.

    A label goes ``offset`` px right of its anchor, in the item's row if free, else in
    the nearest other row below ``max_rows`` with room; failing that it is cut to the
    widest room found (at least ``min_chars`` characters plus "…"), else hidden. Labels
    keep ``gap`` px apart, stay left of ``right``, and avoid ``obstacles`` given as
    (row, x0, x1), such as other items' markers. Equal priorities go left to right.
    """
    rows: dict[int, _Row] = {}

    def row_of(r: int) -> _Row:
        found = rows.get(r)
        if found is None:
            found = rows[r] = _Row()
        return found

    for r, x0, x1 in sorted(obstacles):
        row = row_of(r)
        # Sorted by start, so merging overlapping obstacles only ever grows the last one.
        if row.ends and x0 <= row.ends[-1]:
            row.ends[-1] = max(row.ends[-1], x1)
        else:
            row.take(x0, max(x0, x1))

    placed: list[PlacedLabel | None] = [None] * len(items)
    order = sorted(range(len(items)), key=lambda i: (-items[i].priority, items[i].x, i))
    tries: dict[int, list[int]] = {}
    for i in order:
        item = items[i]
        x = item.x + offset
        home = item.row
        full = float(measure(item.text)) if item.text else 0.0
        best_row, best_room = home, -1.0
        done = False
        candidates = tries.get(home)
        if candidates is None:
            candidates = tries[home] = _rows_by_distance(home, max_rows)
        for r in candidates:
            room = row_of(r).room(x, gap, right)
            if room >= full and item.text:
                row_of(r).take(x, x + full)
                placed[i] = PlacedLabel(True, item.text, x, r, full)
                done = True
                break
            if room > best_room:
                best_row, best_room = r, room
        if done:
            continue
        short = elide(item.text, best_room, measure, min_chars) if best_room > 0 else None
        if short is None:
            placed[i] = PlacedLabel(False, "", x, home)
        else:
            text, w = short
            row_of(best_row).take(x, x + w)
            placed[i] = PlacedLabel(True, text, x, best_row, w)
    return [p for p in placed if p is not None]


def _rows_by_distance(home: int, max_rows: int) -> list[int]:
    """Sub-rows to try: the item's own, then the others nearest first (lower on ties)."""
    others = [r for r in range(max(max_rows, 1)) if r != home]
    others.sort(key=lambda r: (abs(r - home), r))
    return [home, *others]


def elide(
    text: str,
    room: float,
    measure: Callable[[str], float],
    min_chars: int,
    full: float | None = None,
) -> tuple[str, float] | None:
    """The longest prefix of ``text`` plus "…" fitting ``room``, and its width; or None.

    Widths grow with the prefix's length, so the longest fitting prefix is found by a
    search, galloping from a first guess and then halving what is left. With the whole
    text's width ``full`` the guess is where that width says the cut falls (widths grow
    about in proportion): two or three texts measured, where halving from the middle
    measures five or six, each a new text to lay out. Either way the same prefix is
    found.
    """
    lo, hi = max(min_chars, 1), len(text) - 1
    if lo > hi:
        return None
    seen: dict[int, tuple[str, float]] = {}

    def fits(k: int) -> bool:
        candidate = text[:k].rstrip() + ELLIPSIS
        w = float(measure(candidate))
        seen[k] = (candidate, w)
        return w <= room

    if full is not None and full > 0:
        guess = min(hi, max(lo, int(len(text) * room / full)))
    else:
        guess = (lo + hi) // 2
    step = 1
    if fits(guess):
        good, bad = guess, hi + 1
        while good < hi:  # gallop up
            k = min(hi, good + step)
            if not fits(k):
                bad = k
                break
            good, step = k, step * 2
    else:
        good, bad = lo - 1, guess
        while bad > lo:  # gallop down
            k = max(lo, bad - step)
            if fits(k):
                good = k
                break
            bad, step = k, step * 2
    # The longest fitting prefix lies in (good, bad): halve what is left.
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(mid):
            good = mid
        else:
            bad = mid
    if good < lo:
        return None
    candidate, w = seen[good]
    # Too short once trailing spaces go: every shorter prefix is too.
    return (candidate, w) if len(candidate) - 1 >= min_chars else None
