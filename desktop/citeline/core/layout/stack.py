"""Stacking one lane: every item titled on its own row, a bare marker, or in a cluster.

The rules every picture of the timeline follows (the view, the image exports and the
web page), in plain Python with pixels in, pixels out:

* A label belongs to its marker. It sits on its marker's row, starting where the
  caller says (just right of a glyph, or inside a bar), and reserves the row from the
  marker's left edge to the label's right end, so no other marker or label on that row
  can come between them. A glyph's label that would run past the right edge goes just
  left of its marker instead (when the caller allows it and there is room), so the last
  titles are read whole without widening the view. When there is no room it is
  shortened or left out: it never moves to another row.
* Items are placed most important first (the caller orders them), each in the lowest
  row with room for its marker and its whole label; then, if none has room, in the row
  where the longest readable piece of its label fits. So with enough rows every item is
  titled, and in a crowded range the important ones keep their titles.
* Items that got no title are then placed as bare markers (ticks) in the lowest row
  where the marker fits, and those that find no room at all are counted in clusters
  drawn where they are in time, in one extra row below the lane's items.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from citeline.core.layout.labels import elide

#: The shortest label worth drawing, in characters before the "…".
MIN_CHARS = 4
#: Between a glyph and its label when the label goes left of it, in pixels.
LEFT_GAP = 4.0


class Mark(NamedTuple):
    """An item wanting a place: its marker's extent ``x0..x1``, where its label would
    start, and the label's full text (pixels of the time area). (A named tuple: every
    frame makes one per item, and it costs a fraction of a frozen dataclass.)"""

    key: Hashable
    x0: float
    x1: float
    label_x: float
    text: str
    #: the label may go left of the marker when right of it would cross ``right``
    flip: bool = False
    #: the widest the label may be: a longer one is cut by the ``shorten`` given to
    #: :func:`stack`, and only when the label could go somewhere at all
    room: float = math.inf


class Placed(NamedTuple):
    """Where an item went: its row, and its label as drawn ("" for a bare marker)."""

    key: Hashable
    row: int
    label: str = ""
    label_x: float = 0.0
    label_w: float = 0.0

    @property
    def titled(self) -> bool:
        return bool(self.label)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Items drawn as one count at ``x0..x1``: their keys when known, and how many."""

    x0: float
    x1: float
    count: int
    keys: tuple[Hashable, ...] = ()
    t0: float = 0.0
    t1: float = 0.0


@dataclass
class Stack:
    """A lane's stacking: placed items, clusters, and rows used (the cluster row included)."""

    placed: list[Placed] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    item_rows: int = 0

    @property
    def rows(self) -> int:
        """Rows the lane needs: its item rows, plus one for clusters when there are any."""
        return self.item_rows + (1 if self.clusters else 0)

    @property
    def cluster_row(self) -> int:
        """The row the clusters are drawn in (below every item row)."""
        return self.item_rows


class _Row:
    """The taken x intervals of one row, disjoint and sorted."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def free(self, a: float, b: float) -> bool:
        """Whether a..b touches nothing taken."""
        i = bisect_left(self.ends, a)
        return i == len(self.starts) or self.starts[i] > b

    def room(self, a: float, b: float, from_x: float, right: float) -> float:
        """With a..b free, how far right of ``from_x`` the free stretch reaches (else -inf)."""
        i = bisect_left(self.ends, a)
        if i < len(self.starts) and self.starts[i] <= b:
            return -math.inf
        limit = self.starts[i] if i < len(self.starts) else right
        return min(limit, right) - from_x

    def take(self, a: float, b: float) -> None:
        i = bisect_right(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def stack(
    marks: Sequence[Mark],
    measure: Callable[[str], float],
    *,
    right: float = math.inf,
    max_rows: int | None = None,
    gap: float = 6.0,
    min_chars: int = MIN_CHARS,
    times: Callable[[Hashable], tuple[float, float]] | None = None,
    cluster_width: Callable[[int], float] | None = None,
    shorten: Callable[[str, float], str] | None = None,
    grouped: bool = True,
) -> Stack:
    """Stack ``marks`` (most important first) into at most ``max_rows`` rows.

    ``right`` is where labels must end (the time area's right edge); ``gap`` is kept
    between what one row holds. Marks left without a row become clusters, sized by
    ``cluster_width(count)`` and dated by ``times(key)`` when given. A mark's label
    wider than its ``room`` is cut by ``shorten(text, room)`` first. Without ``grouped``
    the marks left without a row are only left out (a caller counting them its own way
    has no use for the clusters).

    A label is measured only when its marker finds a row: in a crowded lane many find
    none, and measuring a title met for the first time is the dearest step of a frame.
    """
    limit = math.inf if max_rows is None else max(max_rows, 0)
    rows: list[_Row] = []
    placed: dict[int, Placed] = {}
    half = gap / 2.0
    # The narrowest shortened label could be: a few characters and the "…".
    min_room = float(measure("e" * min_chars + "\u2026")) if marks else 0.0

    def row(r: int) -> _Row:
        while len(rows) <= r:
            rows.append(_Row())
        return rows[r]

    # 1. Titles, in order of importance: the lowest row with room for the whole label,
    # else the row giving the longest readable piece of it. (This loop runs for every
    # label and row of every frame: the marks are unpacked once, and _Row.room's test
    # is inlined.)
    for i, (key, x0, x1, label_x, text, flip, room_max) in enumerate(marks):
        if not text or label_x >= right:
            continue
        a, b = x0 - half, x1 + half
        n_rows = len(rows)
        if n_rows >= limit and _blocked(rows, a, b):
            # No row has room for the marker, so none has room for its label, left or
            # right of it (either stretch holds the marker's): a bare marker or counted.
            continue
        if room_max < math.inf and shorten is not None:
            text = shorten(text, room_max)
        full = float(measure(text))
        end = label_x + full
        inside = end <= x1  # a label inside its bar needs only the bar's room
        if flip and end > right:
            lx = x0 - LEFT_GAP - full  # where the label starts if it goes left
            if lx >= 0:
                r = _left_row(rows, lx - half, b, limit)
                if r is not None:
                    row(r).take(lx - half, b)
                    placed[i] = Placed(key, r, text, lx, full)
                    continue
        best_r, best_room = -1, -1.0
        taken_to = (x1 if x1 > end else end) + half
        fits_right = end <= right
        for r in range(n_rows + 1 if n_rows < limit else int(limit)):
            if r == n_rows:  # a new, empty row
                room = right - label_x
                if fits_right:
                    row(r).take(a, taken_to)
                    placed[i] = Placed(key, r, text, label_x, full)
                    break
            else:
                # One bisection: the free stretch right of the label's start (none when
                # the marker itself is blocked).
                taken = rows[r]
                starts = taken.starts
                j = bisect_left(taken.ends, a)
                if j < len(starts):
                    limit_x = starts[j]
                    if limit_x <= b:
                        continue
                    if limit_x > right:
                        limit_x = right
                else:
                    limit_x = right
                room = limit_x - label_x - half
                if fits_right and (inside or room >= full):
                    taken.take(a, taken_to)
                    placed[i] = Placed(key, r, text, label_x, full)
                    break
            if room > best_room:
                best_r, best_room = r, room
        else:
            # Too little room for a readable start: do not measure the pieces.
            short = (
                elide(text, best_room, measure, min_chars, full) if best_room >= min_room else None
            )
            if short is not None:
                piece, w = short
                row(best_r).take(a, max(x1, label_x + w) + half)
                placed[i] = Placed(key, best_r, piece, label_x, w)

    # 2. Bare markers for the rest, in the lowest row where the marker alone fits.
    left_out: list[int] = []
    tick_gap = 1.0
    for i, mk in enumerate(marks):
        if i in placed:
            continue
        a, b = mk.x0 - tick_gap, mk.x1 + tick_gap
        n_rows = len(rows)
        for r in range(n_rows + 1 if n_rows < limit else int(limit)):
            if r < n_rows:
                taken = rows[r]
                j = bisect_left(taken.ends, a)
                if j < len(taken.starts) and taken.starts[j] <= b:
                    continue  # _Row.free, inlined
                taken.take(a, b)
            else:
                row(r).take(a, b)
            placed[i] = Placed(mk.key, r)
            break
        else:
            left_out.append(i)

    out = Stack([placed[i] for i in sorted(placed)], [], len(rows))
    if left_out and grouped:
        spans = [(marks[i].x0, marks[i].x1, 1, marks[i].key) for i in left_out]
        out.clusters = clusters(spans, cluster_width or _default_width, times=times)
    return out


def _blocked(rows: list[_Row], a: float, b: float) -> bool:
    """Whether every row has something taken within a..b."""
    return not any(taken.free(a, b) for taken in rows)


def _left_row(rows: list[_Row], a: float, b: float, limit: float) -> int | None:
    """The lowest row (an existing one, or the next new one) where a..b is free."""
    for r in range(int(min(len(rows) + 1, limit))):
        if r == len(rows) or rows[r].free(a, b):
            return r
    return None


def _default_width(count: int) -> float:
    return 8.0 * len(f"{count:,}") + 14.0


def clusters(
    spans: Sequence[tuple[float, float, int, Hashable | None]],
    width: Callable[[int], float] = _default_width,
    *,
    gap: float = 4.0,
    times: Callable[[Hashable], tuple[float, float]] | None = None,
) -> list[Cluster]:
    """Group (x0, x1, count, key) spans into clusters that do not overlap on one row.

    A cluster covers its items' extent and is at least ``width(count)`` wide, starting
    at its first item; spans closer than ``gap`` to a cluster join it. ``key`` may be
    None for a span that stands for several unnamed items (a bucket of a summary).
    """
    out: list[Cluster] = []
    x0 = x1 = 0.0
    count = 0
    keys: list[Hashable] = []
    t0 = t1 = 0.0

    def flush() -> None:
        if count:
            out.append(Cluster(x0, max(x1, x0 + width(count)), count, tuple(keys), t0, t1))

    for a, b, n, key in sorted(spans, key=lambda s: (s[0], s[1])):
        if n <= 0:
            continue
        ta, tb = times(key) if times is not None and key is not None else (0.0, 0.0)
        if count and a <= max(x1, x0 + width(count)) + gap:
            x1 = max(x1, b)
            count += n
            t0, t1 = min(t0, ta), max(t1, tb)
        else:
            flush()
            x0, x1, count, t0, t1 = a, b, n, ta, tb
            keys = []
        if key is not None:
            keys.append(key)
    flush()
    # Widening to fit a count can make neighbours meet: merge until none overlap.
    merged: list[Cluster] = []
    for c in out:
        if merged and c.x0 <= merged[-1].x1 + gap:
            p = merged[-1]
            n = p.count + c.count
            merged[-1] = Cluster(
                p.x0,
                max(p.x1, c.x1, p.x0 + width(n)),
                n,
                p.keys + c.keys,
                min(p.t0, c.t0),
                max(p.t1, c.t1),
            )
        else:
            merged.append(c)
    return merged
