"""The parts of a timeline's layout that do not depend on zoom, for pictures made once.

The exported web page draws its timeline in the reader's browser, at zooms chosen there.
So that it follows the app's rules without a second layout engine, everything those
rules decide independently of zoom is decided here, in Python, when the page is made:

- **shape**: a point for a day (or finer) that is not an interval, else a bar over the
  whole span the date covers; approximate and uncertain marks from the EDTF;
- **rank**: which items keep their titles first in a crowded range (importance, then
  number of evidence passages, then date order), the app's level of detail by importance;
- **rows**: each item's row in its lane, stacked once by the app's own
  :func:`~citeline.core.layout.stack.stack` at the page's fit-all scale, most important
  first, with each label's estimated width. Zooming in only spreads items apart, so a
  label that clears its neighbours at fit-all clears them at every closer zoom; a
  narrower screen than the reference is handled by the row rule below.

The page's script then only maps time to x and applies :func:`stack_rows`: the same
``stack`` on each row alone, items most important first, so a label is whole when its
row has room, else shortened with "…", else the item is a bare marker, else it joins
the lane's cluster strip; it never moves to another row. A browser test checks that the
page's script gives the same answer as this function on a fixture.
"""

from __future__ import annotations

import heapq
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from citeline.core.layout.scale import TimeScale
from citeline.core.layout.stack import Mark, Placed, stack

#: Precisions drawn as a point (a pin) rather than a bar over the span they cover.
POINT_PRECISIONS = frozenset({"day", "minute", "second"})
#: The widths, in pixels, the rows are stacked for: a desktop page's timeline, and a
#: phone's (the page uses the second below ``NARROW_BELOW`` pixels).
REFERENCE_WIDTH = 1000.0
NARROW_WIDTH = 360.0
NARROW_BELOW = 640.0
#: Estimated label metrics at the page's label font (12 px sans-serif): the average
#: advance of a character (a wide one, as in Korean, takes a full em), generous so that
#: stacking errs on the side of more rows.
CHAR_PX = 6.6
WIDE_PX = 12.5
LABEL_MAX_PX = 260.0
MARKER_R = 5.0
LABEL_OFFSET = 4.0
LABEL_GAP = 6.0
MIN_BAR_PX = 3.0
#: The shortest label worth drawing, in characters before the "…" (as the app's).
MIN_CHARS = 4
#: The most sub-rows a lane gets; items the stacker leaves to clusters at fit-all are
#: spread over these rows for closer zooms, where the row rule sorts them out.
MAX_ROWS = 12
#: The share of the fit-all window kept free right of the last item, for its label.
RIGHT_ROOM = 0.2


@dataclass(frozen=True, slots=True)
class FixedItem:
    """What the zoom-independent layout needs of one item."""

    lane: int
    earliest: float
    latest: float
    precision: str
    edtf: str
    label: str
    importance: int = 0
    evidence: int = 0


@dataclass(frozen=True, slots=True)
class FixedLayout:
    """Per item: its shape, rank (0 = keeps its title first) and row (at the reference
    width, and at the narrow one); rows per lane; the fit-all window."""

    points: list[bool]
    ranks: list[int]
    rows: list[int]
    lane_rows: dict[int, int]
    fit: TimeScale
    narrow_rows: list[int]


def is_point(precision: str, edtf: str) -> bool:
    """Whether an item is drawn as a point: a day or finer, and not an interval."""
    return precision in POINT_PRECISIONS and "/" not in edtf


def ranks(items: Sequence[FixedItem]) -> list[int]:
    """Each item's rank: by importance, then evidence count, then date, then input order."""
    order = sorted(
        range(len(items)),
        key=lambda i: (-items[i].importance, -items[i].evidence, items[i].earliest, i),
    )
    out = [0] * len(items)
    for rank, i in enumerate(order):
        out[i] = rank
    return out


def label_px(text: str) -> float:
    """The estimated width of a label, capped as the page caps it."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return min((len(text) - wide) * CHAR_PX + wide * WIDE_PX, LABEL_MAX_PX)


def fit_scale(items: Sequence[FixedItem], width: float = REFERENCE_WIDTH) -> TimeScale:
    """The fit-all scale: every item, a 3 % margin, and room for labels on the right.

    The latest items' labels start at their markers and run right, so the window keeps
    ``RIGHT_ROOM`` of its width (a fifth) free after the last item for them.
    """
    if not items:
        return TimeScale.fit(0.0, 86400.0, width)
    lo = min(i.earliest for i in items)
    hi = max(i.latest for i in items)
    room = min(RIGHT_ROOM * width, width / 2.0)
    inner = TimeScale.fit(lo, hi, width - room, margin=0.03)
    return TimeScale(inner.start, inner.end + room * inner.seconds_per_px, width)


def layout(items: Sequence[FixedItem], width: float = REFERENCE_WIDTH) -> FixedLayout:
    """The zoom-independent layout of ``items`` (see the module's notes)."""
    fit = fit_scale(items, width)
    points = [is_point(i.precision, i.edtf) for i in items]
    order = ranks(items)
    rows, lane_rows = stacked_rows(items, points, order, fit)
    narrow = TimeScale(fit.start, fit.end, NARROW_WIDTH)
    narrow_rows, _ = stacked_rows(items, points, order, narrow)
    return FixedLayout(points, order, rows, lane_rows, fit, narrow_rows)


def stacked_rows(
    items: Sequence[FixedItem], points: Sequence[bool], order: Sequence[int], fit: TimeScale
) -> tuple[list[int], dict[int, int]]:
    """Each item's row when its lane is stacked at ``fit``, and the rows each lane uses."""
    rows = [0] * len(items)
    lane_rows: dict[int, int] = {}
    by_lane: dict[int, list[int]] = {}
    for n in sorted(range(len(items)), key=order.__getitem__):
        by_lane.setdefault(items[n].lane, []).append(n)
    for lane, members in by_lane.items():
        marks = [_mark(n, items[n], points[n], fit) for n in members]
        # The page's labels are measured in the reader's browser; here their widths are
        # estimated, generously, from their characters.
        stacked = stack(marks, label_px, max_rows=MAX_ROWS, gap=LABEL_GAP)
        for placed in stacked.placed:
            rows[cast(int, placed.key)] = placed.row
        # Items in the fit-all view's clusters still need a row for closer zooms: each
        # goes, left to right, to the row whose last such item ends first.
        done = {cast(int, p.key) for p in stacked.placed}
        ends = [(-math.inf, r) for r in range(MAX_ROWS)]
        for mark in sorted((m for m in marks if m.key not in done), key=lambda m: m.x0):
            free_at, row = heapq.heappop(ends)
            rows[cast(int, mark.key)] = row
            heapq.heappush(ends, (max(free_at, mark.label_x + label_px(mark.text)), row))
        lane_rows[lane] = max(1, min(stacked.item_rows, MAX_ROWS))
    return rows, lane_rows


def _mark(n: int, item: FixedItem, point: bool, fit: TimeScale) -> Mark:
    """An item as the stacker sees it at the fit-all scale."""
    x0, x1 = fit.x(item.earliest), fit.x(item.latest)
    if point:
        centre = (x0 + x1) / 2.0
        left, right = centre - MARKER_R, centre + MARKER_R
        return Mark(n, left, right, right + LABEL_OFFSET, item.label)
    return Mark(n, x0, max(x1, x0 + MIN_BAR_PX), x0 + LABEL_OFFSET, item.label)


def stack_rows(
    marks: Sequence[tuple[int, Mark]],
    measure: Callable[[str], float],
    right: float = math.inf,
    gap: float = LABEL_GAP,
    min_chars: int = MIN_CHARS,
) -> list[Placed | None]:
    """The page's row rule: :func:`stack` on each row alone, no row ever changed.

    ``marks`` are (row, mark) in order of importance; the result, in the same order,
    is where each went on its own row (its label whole, shortened or "" for a bare
    marker), or None for an item left to the lane's cluster strip.
    """
    by_row: dict[int, list[int]] = {}
    for n, (row, _) in enumerate(marks):
        by_row.setdefault(row, []).append(n)
    out: list[Placed | None] = [None] * len(marks)
    for row, members in by_row.items():
        result = stack(
            [marks[n][1] for n in members],
            measure,
            right=right,
            max_rows=1,
            gap=gap,
            min_chars=min_chars,
        )
        found = {p.key: p for p in result.placed}
        for n in members:
            p = found.get(marks[n][1].key)
            out[n] = None if p is None else Placed(p.key, row, p.label, p.label_x, p.label_w)
    return out
