"""The parts of a timeline's layout that do not depend on zoom, for pictures made once.

The exported web page draws its timeline in the reader's browser, at zooms chosen there.
So that it follows the app's rules without a second layout engine, everything those
rules decide independently of zoom is decided here, in Python, when the page is made:

- **shape**: a point for a day (or finer) that is not an interval, else a bar over the
  whole span the date covers; approximate and uncertain marks from the EDTF;
- **rank**: which items keep their titles first in a crowded range (importance, then
  number of evidence passages, then date order), the app's level of detail by importance;
- **rows**: each item's sub-row in its lane, packed once by :func:`pack_rows` at the
  page's fit-all scale with the label's estimated width. Zooming in only spreads items
  apart, so a label that clears its neighbours at fit-all clears them at every closer
  zoom; a narrower screen than the reference is handled by the label rule below.

The page's script then only maps time to x and applies :func:`fit_labels`: labels in
rank order, each in its own item's row starting at its marker, kept whole if the row
has room, else shortened with "…", else left out; never moved to another row. That is
:func:`place_labels` with one row per call, and a browser test checks that the page's
script gives the same answer on a fixture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from citeline.core.layout.labels import LabelItem, PlacedLabel, place_labels
from citeline.core.layout.lanes import pack_rows
from citeline.core.layout.scale import TimeScale

#: Precisions drawn as a point (a pin) rather than a bar over the span they cover.
POINT_PRECISIONS = frozenset({"day", "minute", "second"})
#: The width, in pixels, the rows are packed for: a desktop page's timeline.
REFERENCE_WIDTH = 1000.0
#: Estimated label metrics at the page's label font (12 px sans-serif): the average
#: advance of a character, generous so that packing errs on the side of more rows.
CHAR_PX = 6.6
LABEL_MAX_PX = 260.0
MARKER_R = 5.0
LABEL_OFFSET = 4.0
LABEL_GAP = 6.0
#: The most sub-rows a lane gets; items packed below fold back onto the upper rows,
#: where the label rule and the level of detail sort them out.
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
    """Per item: its shape, rank (0 = keeps its title first) and row; rows per lane."""

    points: list[bool]
    ranks: list[int]
    rows: list[int]
    lane_rows: dict[int, int]
    fit: TimeScale


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
    return min(len(text) * CHAR_PX, LABEL_MAX_PX)


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
    spp = fit.seconds_per_px
    points = [is_point(i.precision, i.edtf) for i in items]
    rows = [0] * len(items)
    lane_rows: dict[int, int] = {}
    by_lane: dict[int, list[int]] = {}
    for n, item in enumerate(items):
        by_lane.setdefault(item.lane, []).append(n)
    for lane, members in by_lane.items():
        spans = []
        for n in members:
            item = items[n]
            x0 = fit.x(item.earliest)
            x1 = fit.x(item.latest)
            if points[n]:
                centre = (x0 + x1) / 2.0
                start, end = centre - MARKER_R, centre + MARKER_R
                label_left = end + LABEL_OFFSET
            else:
                start, end = x0, max(x1, x0 + 3.0)
                label_left = x0 + LABEL_OFFSET
            end = max(end, label_left + label_px(item.label)) + LABEL_GAP
            spans.append((start * spp, end * spp))
        packed = pack_rows(spans)
        for n, row in zip(members, packed, strict=True):
            rows[n] = row % MAX_ROWS
        lane_rows[lane] = min(max(packed, default=0) + 1, MAX_ROWS)
    return FixedLayout(points, ranks(items), rows, lane_rows, fit)


def fit_labels(
    items: Sequence[LabelItem],
    measure: Callable[[str], float],
    right: float = math.inf,
    obstacles: Sequence[tuple[int, float, float]] = (),
    gap: float = 4.0,
    offset: float = LABEL_OFFSET,
    min_chars: int = 3,
) -> list[PlacedLabel]:
    """The page's label rule: :func:`place_labels`, each row on its own (no moving).

    ``items`` carry their marker's x, row, text and priority (higher first); obstacles
    are other markers as (row, x0, x1). The result is in the order of ``items``.
    """
    out: list[PlacedLabel | None] = [None] * len(items)
    by_row: dict[int, list[int]] = {}
    for n, item in enumerate(items):
        by_row.setdefault(item.row, []).append(n)
    for row, members in by_row.items():
        placed = place_labels(
            [LabelItem(items[n].x, 0, items[n].text, items[n].priority) for n in members],
            measure,
            max_rows=1,
            gap=gap,
            offset=offset,
            min_chars=min_chars,
            right=right,
            obstacles=[(0, x0, x1) for r, x0, x1 in obstacles if r == row],
        )
        for n, p in zip(members, placed, strict=True):
            out[n] = PlacedLabel(p.visible, p.text, p.x, row, p.width)
    return [p for p in out if p is not None]
