"""One laid-out frame of the timeline: lanes, ticks, eras, items and labels, in pixels.

A frame is what the painter draws and what the view hit-tests. Coordinates are frame
pixels: the lane-name column is ``left`` pixels wide and the time area starts right of
it. :mod:`citeline.ui.timeline.compose` builds frames.
"""

from __future__ import annotations

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
    label_max_px: float = 400.0
    #: Width of the time grid crowded lanes are counted on for their clusters.
    bucket_px: float = 40.0
    #: A lane holding more items than this in view is crowded: only its most important
    #: items are read, slice by slice, and the rest are counted.
    max_items_per_lane: int = 120
    max_items_per_px: float = 0.2
    #: Width of the slices a crowded lane's most important items are asked for by.
    slice_px: float = 240.0
    #: The rows a lane grows to; None for as many as it needs (pictures).
    max_rows: int | None = 14
    #: Rows of a crowded lane, and of a lane the user expanded.
    crowded_rows: int = 8
    expanded_rows: int = 60


@dataclass
class DrawnItem:
    """An event or quote as drawn: its extent, marker, row and label."""

    item: TimelineItem
    lane: int
    x0: float  # the item's extent in frame x (may reach beyond the time area)
    x1: float
    point: bool  # a glyph at its centre (else a bar over its extent)
    row: int = 0
    y: float = 0.0  # centre of its row
    label: str = ""  # the label as placed ("" for a bare marker); always on the same row
    label_x: float = 0.0
    label_w: float = 0.0
    speaker: str | None = None
    selected: bool = False
    dimmed: bool = False
    number: int | None = None  # its citation number in a picture

    @property
    def key(self) -> tuple[str, int]:
        return (self.item.kind, self.item.id)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2.0

    @property
    def label_y(self) -> float:
        """The label's centre line: its marker's row, always."""
        return self.y

    def marker_rect(self, m: Metrics) -> tuple[float, float, float, float]:
        """The marker's (x, y, w, h) in frame pixels."""
        if self.point:
            r = m.marker_r
            return (self.cx - r, self.y - r, 2 * r, 2 * r)
        w = max(self.x1 - self.x0, m.min_bar_px)
        x = self.x0 if self.x1 - self.x0 >= m.min_bar_px else self.cx - w / 2
        return (x, self.y - m.bar_h / 2, w, m.bar_h)


@dataclass
class ClusterBox:
    """Items drawn as one count where they are in time (their keys when known)."""

    lane: int
    x0: float
    x1: float
    y: float
    count: int
    t0: float
    t1: float
    keys: tuple[tuple[str, int], ...] = ()
    h: float = 16.0
    spread: float | None = None  # time from its first item's middle to its last's
    weight: float = 0.5  # how full it is beside the lane's fullest, 0..1 (for shading)

    @property
    def zoomable(self) -> bool:
        """Whether zooming in would pull its items apart (they are not all at one time)."""
        return (self.t1 - self.t0 if self.spread is None else self.spread) > 0

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and abs(y - self.y) <= self.h / 2


@dataclass
class LaneFrame:
    """One lane's band and what is drawn in it: items on rows, and clusters below them."""

    info: LaneInfo
    y: float
    height: float
    rows: int
    count: int  # items of the lane in the window
    items: list[DrawnItem] = field(default_factory=list)
    clusters: list[ClusterBox] = field(default_factory=list)
    crowded: bool = False  # only its most important items were read
    collapsed: bool = False
    expanded: bool = False

    @property
    def clustered(self) -> int:
        """How many of the lane's items in view are counted in clusters."""
        return sum(c.count for c in self.clusters)


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
    content_height: float = 0.0  # the lanes' full height (from top, before scrolling)
    scroll: float = 0.0  # how far the lanes are scrolled up
    title: str = ""

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
        if x < self.left or y < self.top:
            return None
        lane = self.lane_at(y)
        if lane is None:
            return None
        m = self.metrics
        for d in reversed(lane.items):
            rx, ry, rw, rh = d.marker_rect(m)
            if rx - slop <= x <= rx + rw + slop and ry - slop <= y <= ry + rh + slop:
                return d
            if d.label and d.label_x <= x <= d.label_x + d.label_w and abs(y - d.y) <= 8:
                return d
        return None

    def cluster_at(self, x: float, y: float) -> ClusterBox | None:
        """The cluster drawn at (x, y)."""
        if x < self.left or y < self.top:
            return None
        lane = self.lane_at(y)
        if lane is None:
            return None
        return next((c for c in lane.clusters if c.contains(x, y)), None)

    def header_at(self, x: float, y: float) -> LaneFrame | None:
        """The lane whose name (in the left column) is at (x, y)."""
        if x >= self.left or y < self.top:
            return None
        return self.lane_at(y)

    def items_at(self, d: DrawnItem) -> list[DrawnItem]:
        """The items drawn at ``d`` (itself: every item has its own place)."""
        return [d]

    @property
    def drawn(self) -> list[DrawnItem]:
        """Every item drawn individually, lane by lane."""
        return [d for lane in self.lanes for d in lane.items]

    @property
    def clusters(self) -> list[ClusterBox]:
        """Every cluster, lane by lane."""
        return [c for lane in self.lanes for c in lane.clusters]
