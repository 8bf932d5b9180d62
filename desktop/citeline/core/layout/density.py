"""Level of detail: per lane, draw the items one by one or a density strip.

A frame never touches more items than it can show: each lane is counted first (two
bisections), and only a lane with few enough items has their ids fetched. A crowded
lane gets a histogram instead, on a grid fixed to absolute time so that panning slides
the strip rather than re-binning it (which would make it shimmer).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from citeline.core.layout.index import ItemIndex
from citeline.core.layout.scale import TimeScale

Mode = Literal["items", "density"]


@dataclass(frozen=True, slots=True)
class LanePlan:
    """What to draw for one lane: its item ids, or its density buckets.

    In "items" mode ``ids`` lists the overlapping items (by earliest, then id) and
    ``buckets`` is empty; in "density" mode ``buckets`` holds item counts for buckets
    ``bucket_seconds`` wide starting at ``bucket_start``, and ``ids`` is empty.
    """

    lane: int
    mode: Mode
    count: int
    ids: tuple[int, ...] = ()
    buckets: tuple[int, ...] = ()
    bucket_start: float = 0.0
    bucket_seconds: float = 0.0

    @property
    def max_bucket(self) -> int:
        """The fullest bucket's count (0 without buckets), to scale the strip's shading."""
        return max(self.buckets, default=0)

    def bucket_span(self, i: int) -> tuple[float, float]:
        """The time range start..end of bucket ``i``."""
        start = self.bucket_start + i * self.bucket_seconds
        return (start, start + self.bucket_seconds)


@dataclass(frozen=True, slots=True)
class FramePlan:
    """The plan of one frame: the scale, the queried window and each lane's plan."""

    scale: TimeScale
    t0: float
    t1: float
    lanes: dict[int, LanePlan]


def bucket_seconds(scale: TimeScale, bucket_px: float) -> float:
    """The density bucket width in seconds: a power of two near ``bucket_px`` pixels.

    Rounding to a power of two keeps the grid unchanged over small zoom steps; a bucket
    is then between ``bucket_px`` and twice that on screen.
    """
    raw = max(bucket_px, 1.0) * scale.seconds_per_px
    return math.ldexp(1.0, math.ceil(math.log2(raw)))


def plan_frame(
    index: ItemIndex,
    scale: TimeScale,
    lanes: Sequence[int],
    max_items_per_lane: int = 500,
    max_items_per_px: float = 1.0,
    bucket_px: float = 4.0,
    margin_px: float = 0.0,
) -> FramePlan:
    """The frame's plan: per lane, items when at most the limits, else a density strip.

    A lane is drawn item by item when the items overlapping the window number at most
    ``max_items_per_lane`` and at most ``max_items_per_px`` per pixel of width. The
    window is widened by ``margin_px`` on both sides, so items just off screen whose
    label or marker reaches into view are included.
    """
    spp = scale.seconds_per_px
    t0 = scale.start - margin_px * spp
    t1 = scale.end + margin_px * spp
    limit = max(0, min(max_items_per_lane, math.floor(scale.width * max_items_per_px)))
    bs = bucket_seconds(scale, bucket_px)
    grid0 = math.floor(t0 / bs) * bs
    n = max(1, math.ceil((t1 - grid0) / bs))
    plans: dict[int, LanePlan] = {}
    for lane in lanes:
        count = index.count(t0, t1, lane)
        if count <= limit:
            ids = tuple(index.ids_in(t0, t1, lane)) if count else ()
            plans[lane] = LanePlan(lane, "items", count, ids=ids)
        else:
            buckets = tuple(index.histogram(grid0, grid0 + n * bs, n, lane))
            plans[lane] = LanePlan(lane, "density", count, (), buckets, grid0, bs)
    return FramePlan(scale, t0, t1, plans)
