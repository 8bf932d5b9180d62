"""One laid-out frame of the timeline: lanes, ticks, eras, items and labels, in pixels.

A frame is what the painter draws and what the view hit-tests. Coordinates are frame
pixels: the lane-name column is ``left`` pixels wide and the time area starts right of
it. :mod:`citeline.ui.timeline.compose` builds frames.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from citeline.core.layout import Tick, TimeScale
from citeline.core.queries import TimelineItem
from citeline.ui.timeline.data import LaneInfo

POINT_PRECISIONS = frozenset({"day", "minute", "second"})


@dataclass(frozen=True)
class Metrics:
    """Sizes of the timeline's parts, in pixels, and its level-of-detail limits."""

    axis_h: float = 42.0
    era_h: float = 18.0
    row_h: float = 22.0
    lane_pad: float = 4.0
    column_min: float = 96.0
    column_max: float = 180.0
    marker_r: float = 5.5
    bar_h: float = 14.0
    min_bar_px: float = 3.0
    label_gap: float = 6.0
    label_max_px: float = 320.0
    bucket_px: float = 4.0
    max_items_per_lane: int = 120
    max_items_per_px: float = 0.1
    natural_max_rows: int = 12
    density_rows: int = 2


@dataclass
class DrawnItem:
    """An event or quote as drawn: its extent, marker, sub-row and label."""

    item: TimelineItem
    lane: int
    x0: float  # the item's extent in frame x (may reach beyond the time area)
    x1: float
    point: bool  # a glyph at its centre (else a bar over its extent)
    row: int = 0
    y: float = 0.0  # centre of its sub-row
    label: str = ""  # the label as placed ("" when hidden)
    label_x: float = 0.0
    label_w: float = 0.0
    label_y: float = 0.0
    speaker: str | None = None
    selected: bool = False
    dimmed: bool = False
    pile: int = 1  # how many items share this marker (the others are not drawn)
    covered: bool = False  # drawn under another item's marker
    hidden: bool = False  # no sub-row left for it: counted in the lane's "+N more"

    @property
    def key(self) -> tuple[str, int]:
        return (self.item.kind, self.item.id)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2.0

    def marker_rect(self, m: Metrics) -> tuple[float, float, float, float]:
        """The marker's (x, y, w, h) in frame pixels."""
        if self.point:
            r = m.marker_r
            return (self.cx - r, self.y - r, 2 * r, 2 * r)
        w = max(self.x1 - self.x0, m.min_bar_px)
        x = self.x0 if self.x1 - self.x0 >= m.min_bar_px else self.cx - w / 2
        return (x, self.y - m.bar_h / 2, w, m.bar_h)


@dataclass
class LaneFrame:
    """One lane's band and what is drawn in it: items, or a density strip."""

    info: LaneInfo
    y: float
    height: float
    rows: int
    mode: str  # "items" | "density"
    count: int
    items: list[DrawnItem] = field(default_factory=list)
    buckets: Sequence[int] = ()
    matching: Sequence[int] | None = None  # bucket counts of the filter's items
    matching_count: int | None = None  # the filter's items in the window
    bucket_start: float = 0.0
    bucket_seconds: float = 0.0
    more_rect: tuple[float, float, float, float] | None = None  # the "+N more" badge

    @property
    def hidden(self) -> list[DrawnItem]:
        """The items with no sub-row left that pass the filter (shown as a count)."""
        return [d for d in self.items if d.hidden and not d.dimmed]


@dataclass
class EraBand:
    """An era as drawn: its x range and its (maybe shortened) label."""

    name: str
    date_edtf: str
    x0: float
    x1: float
    color: str | None
    label: str


@dataclass
class Frame:
    """A laid-out frame, ready to paint and to hit-test."""

    width: float
    height: float
    left: float
    scale: TimeScale
    metrics: Metrics
    ticks: list[Tick]
    context: str
    eras: list[EraBand]
    lanes: list[LaneFrame]
    today_x: float | None
    top: float  # where the lanes start

    def x(self, t: float) -> float:
        """The frame x of instant ``t``."""
        return self.left + self.scale.x(t)

    def t(self, x: float) -> float:
        """The instant at frame x."""
        return self.scale.t(x - self.left)

    def find(self, kind: str, item_id: int) -> DrawnItem | None:
        """The drawn item ``kind``/``item_id``, if this frame draws it."""
        for lane in self.lanes:
            for d in lane.items:
                if d.item.kind == kind and d.item.id == item_id:
                    return d
        return None

    def lane_at(self, y: float) -> LaneFrame | None:
        """The lane whose band holds ``y``."""
        for lane in self.lanes:
            if lane.y <= y < lane.y + lane.height:
                return lane
        return None

    def item_at(self, x: float, y: float, slop: float = 3.0) -> DrawnItem | None:
        """The item under (x, y): its marker or its label, the topmost first."""
        if x < self.left:
            return None
        lane = self.lane_at(y)
        if lane is None:
            return None
        m = self.metrics
        for d in reversed(lane.items):
            if d.covered or d.hidden:
                continue
            rx, ry, rw, rh = d.marker_rect(m)
            if rx - slop <= x <= rx + rw + slop and ry - slop <= y <= ry + rh + slop:
                return d
            if d.label and d.label_x <= x <= d.label_x + d.label_w and abs(y - d.label_y) <= 8:
                return d
        return None

    def items_at(self, d: DrawnItem) -> list[DrawnItem]:
        """Every item piled under ``d``'s marker, ``d`` first."""
        lane = next(la for la in self.lanes if d in la.items)
        return [d] + [
            o
            for o in lane.items
            if o is not d
            and o.covered
            and o.row == d.row
            and abs(o.cx - d.cx) < self.metrics.marker_r
        ]

    def more_at(self, x: float, y: float) -> LaneFrame | None:
        """The lane whose "+N more" badge is at (x, y)."""
        lane = self.lane_at(y)
        if lane is None or lane.more_rect is None:
            return None
        rx, ry, rw, rh = lane.more_rect
        return lane if rx <= x <= rx + rw and ry <= y <= ry + rh else None

    def bucket_at(self, x: float, y: float) -> tuple[LaneFrame, int, float, float] | None:
        """The density bucket under (x, y): its lane, count, and time span."""
        lane = self.lane_at(y)
        if lane is None or lane.mode != "density" or x < self.left or not lane.bucket_seconds:
            return None
        i = math.floor((self.t(x) - lane.bucket_start) / lane.bucket_seconds)
        if not 0 <= i < len(lane.buckets):
            return None
        start = lane.bucket_start + i * lane.bucket_seconds
        return lane, lane.buckets[i], start, start + lane.bucket_seconds
