"""The visible time window of the timeline and its mapping to pixels.

Times are float seconds since 1970-01-01 UTC (see ``citeline.core.calendar``); x is in
pixels from the left edge of the time area. A scale is immutable: every navigation step
returns a new one, so a frame's layout can never see a window that changes under it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from citeline.core.calendar import SECONDS_PER_DAY, instant

#: The narrowest window a user can zoom to: below a minute nothing in a chronology differs.
MIN_SPAN = 60.0
#: The widest window: 20,000 years is more than any project spans, and a wider window
#: would only show empty axis.
MAX_SPAN = 20_000 * 365.2425 * SECONDS_PER_DAY
#: The earliest and latest instants the window may show (years -100000 to 100000).
T_MIN = float(instant(-100_000, 1, 1))
T_MAX = float(instant(100_001, 1, 1))


def check_mapping(start: float, end: float, width: float, what: str) -> None:
    """Raise ValueError unless ``start``..``end`` is a finite span across a positive width."""
    if not (math.isfinite(start) and math.isfinite(end)):
        raise ValueError(f"{what} must be finite")
    if not end > start:
        raise ValueError(f"{what} must end after it starts")
    if not (math.isfinite(width) and width > 0):
        raise ValueError("the width must be a positive number of pixels")


@dataclass(frozen=True, slots=True)
class TimeScale:
    """A window ``start``..``end`` (seconds) shown across ``width`` pixels."""

    start: float
    end: float
    width: float

    def __post_init__(self) -> None:
        check_mapping(self.start, self.end, self.width, "the time window")

    @property
    def span(self) -> float:
        """The visible duration in seconds."""
        return self.end - self.start

    @property
    def seconds_per_px(self) -> float:
        """How many seconds one pixel covers."""
        return (self.end - self.start) / self.width

    def x(self, t: float) -> float:
        """The pixel position of instant ``t`` (may lie outside 0..width)."""
        return (t - self.start) * self.width / (self.end - self.start)

    def t(self, x: float) -> float:
        """The instant at pixel position ``x``."""
        return self.start + x * (self.end - self.start) / self.width

    def zoomed(self, factor: float, around_x: float) -> TimeScale:
        """The scale zoomed in by ``factor`` (> 1 zooms in) keeping the time at ``around_x``."""
        if not (math.isfinite(factor) and factor > 0):
            raise ValueError("the zoom factor must be a positive number")
        anchor = self.t(around_x)
        span = _clamp_span(self.span / factor)
        start = anchor - around_x / self.width * span
        return _within_bounds(start, span, self.width)

    def panned(self, dx_px: float) -> TimeScale:
        """The scale with its window moved ``dx_px`` pixels later (negative: earlier)."""
        return _within_bounds(self.start + dx_px * self.seconds_per_px, self.span, self.width)

    def resized(self, width: float) -> TimeScale:
        """The scale for a new ``width``, keeping the start and the seconds per pixel.

        Keeping the zoom level (not the window) means resizing a window reveals more of
        the timeline instead of stretching it.
        """
        if not (math.isfinite(width) and width > 0):
            raise ValueError("the width must be a positive number of pixels")
        return _within_bounds(self.start, _clamp_span(self.seconds_per_px * width), width)

    @classmethod
    def fit(cls, t0: float, t1: float, width: float, margin: float = 0.05) -> TimeScale:
        """The scale showing ``t0``..``t1`` with ``margin`` (a fraction of it) on each side."""
        if not (math.isfinite(t0) and math.isfinite(t1)):
            raise ValueError("the time range must be finite")
        if not (math.isfinite(width) and width > 0):
            raise ValueError("the width must be a positive number of pixels")
        lo, hi = min(t0, t1), max(t0, t1)
        span = _clamp_span((hi - lo) * (1.0 + 2.0 * max(margin, 0.0)))
        centre = lo / 2.0 + hi / 2.0
        return _within_bounds(centre - span / 2.0, span, width)


def _clamp_span(span: float) -> float:
    return min(max(span, MIN_SPAN), MAX_SPAN)


def _within_bounds(start: float, span: float, width: float) -> TimeScale:
    # Shift rather than shrink: a window pushed against the edge of time keeps its zoom.
    start = min(max(start, T_MIN), T_MAX - span)
    return TimeScale(start, start + span, width)
