"""The overview strip: the whole project in one row, with the visible window marked.

The strip maps the project's full extent to its width; the main view's window appears
on it as a rectangle the user can drag or click, which maps back to a new main scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from citeline.core.layout.index import ItemIndex
from citeline.core.layout.scale import MIN_SPAN, TimeScale, check_mapping

#: The narrowest the window marker gets, so a deep zoom still leaves it grabbable.
MIN_MARKER_PX = 6.0


@dataclass(frozen=True, slots=True)
class Overview:
    """The strip's mapping: ``start``..``end`` (seconds) across ``width`` pixels."""

    start: float
    end: float
    width: float

    def __post_init__(self) -> None:
        check_mapping(self.start, self.end, self.width, "the overview")

    @classmethod
    def for_extent(cls, t0: float, t1: float, width: float, margin: float = 0.02) -> Overview:
        """The strip for a project spanning ``t0``..``t1``, with ``margin`` of it each side.

        Callers pass the union of the project's extent and the visible window, so the
        window marker is on the strip even when the user has scrolled past the items.
        """
        lo, hi = min(t0, t1), max(t0, t1)
        pad = max(hi - lo, MIN_SPAN) * max(margin, 0.0)
        if hi - lo < MIN_SPAN:  # a single instant: centre a minimal span on it
            mid = lo / 2.0 + hi / 2.0
            lo, hi = mid - MIN_SPAN / 2.0, mid + MIN_SPAN / 2.0
        return cls(lo - pad, hi + pad, width)

    @property
    def seconds_per_px(self) -> float:
        """How many seconds one pixel of the strip covers."""
        return (self.end - self.start) / self.width

    def x(self, t: float) -> float:
        """The strip x of instant ``t``."""
        return (t - self.start) * self.width / (self.end - self.start)

    def t(self, x: float) -> float:
        """The instant at strip x."""
        return self.start + x * (self.end - self.start) / self.width

    def window(self, scale: TimeScale) -> tuple[float, float]:
        """The marker (x0, x1) of the visible window, on the strip and at least grabbable.

        A marker narrower than ``MIN_MARKER_PX`` is widened about its centre; the
        marker is then kept inside 0..width, as the strip cannot draw beyond its ends.
        """
        x0, x1 = self.x(scale.start), self.x(scale.end)
        least = min(MIN_MARKER_PX, self.width)
        if x1 - x0 < least:
            mid = (x0 + x1) / 2.0
            x0, x1 = mid - least / 2.0, mid + least / 2.0
        if x0 < 0.0:
            x0, x1 = 0.0, min(x1 - x0, self.width)
        if x1 > self.width:
            x0, x1 = max(0.0, x0 - (x1 - self.width)), self.width
        return (x0, x1)

    def dragged(self, scale: TimeScale, dx_px: float) -> TimeScale:
        """The main scale after dragging its marker ``dx_px`` strip pixels (zoom kept)."""
        return self._placed(scale, scale.start + dx_px * self.seconds_per_px)

    def centred(self, scale: TimeScale, x: float) -> TimeScale:
        """The main scale with its window centred on strip x (a click on the strip)."""
        return self._placed(scale, self.t(x) - scale.span / 2.0)

    def spanning(self, x0: float, x1: float, width: float) -> TimeScale:
        """The main scale showing strip x0..x1 (a marker resized by its edges)."""
        lo, hi = sorted((x0, x1))
        return TimeScale.fit(self.t(lo), self.t(hi), width, margin=0.0)

    def _placed(self, scale: TimeScale, start: float) -> TimeScale:
        span = scale.span
        # Stay on the strip when the window fits on it; a wider window stays centred.
        if span <= self.end - self.start:
            start = min(max(start, self.start), self.end - span)
        else:
            start = (self.start + self.end) / 2.0 - span / 2.0
        return TimeScale(start, start + span, scale.width).panned(0.0)

    def histogram(
        self, index: ItemIndex, bucket_px: float = 2.0, lane: int | None = None
    ) -> list[int]:
        """Item counts for buckets of ``bucket_px`` strip pixels, from x = 0 to width."""
        n = max(1, math.ceil(self.width / max(bucket_px, 1.0)))
        end = self.start + n * max(bucket_px, 1.0) * self.seconds_per_px
        return index.histogram(self.start, end, n, lane)
