"""Where the view goes: fitting the project, focusing an item, revealing one (no Qt)."""

from __future__ import annotations

import math
import time

from citeline.core.calendar import SECONDS_PER_DAY
from citeline.core.layout import TimeScale
from citeline.core.layout.index import ItemIndex

#: The narrowest window "zoom to selection" shows around a single day.
MIN_FOCUS_SPAN = 14 * SECONDS_PER_DAY
YEAR = 365.2425 * SECONDS_PER_DAY


def fitted(extent: tuple[float, float] | None, width: float) -> TimeScale:
    """The window showing the whole project (a year either side of now when it is empty)."""
    if extent is None:
        now = time.time()
        return TimeScale.fit(now - YEAR, now + YEAR, width, margin=0.0)
    # The view widens this for the last titles (see TimelineView): here only a margin.
    return TimeScale.fit(extent[0], extent[1], width, margin=0.03)


def focused(earliest: float, latest: float, width: float) -> TimeScale:
    """The window around one item: its span with some margin, at least two weeks."""
    if (latest - earliest) * 1.5 < MIN_FOCUS_SPAN:
        mid = (earliest + latest) / 2
        return TimeScale.fit(mid - MIN_FOCUS_SPAN / 2, mid + MIN_FOCUS_SPAN / 2, width, 0.0)
    return TimeScale.fit(earliest, latest, width, margin=0.15)


def revealed(
    scale: TimeScale,
    earliest: float,
    latest: float,
    lane: int,
    index: ItemIndex,
    limit: int,
    margin_px: float,
) -> TimeScale:
    """``scale`` panned to show an item, and zoomed in on it while its lane has more than
    ``limit`` items in view (so that it is drawn, not summed up in a density strip)."""
    s = scale
    mid = (earliest + latest) / 2
    pad = s.span * 0.05
    if latest - earliest > s.span:
        visible = latest > s.start + pad and earliest < s.end - pad
    else:
        visible = earliest >= s.start + pad and latest <= s.end - pad
    if not visible:
        s = s.panned(s.x(mid) - s.width / 2)
    for _ in range(64):
        margin = margin_px * s.seconds_per_px
        if index.count(s.start - margin, s.end + margin, lane) <= limit:
            break
        s = s.zoomed(2.0, s.x(mid))
    return s


def item_limit(width: float, max_items_per_lane: int, max_items_per_px: float) -> int:
    """How many items a lane may hold before it is drawn as density (as plan_frame decides)."""
    return max(0, min(max_items_per_lane, math.floor(width * max_items_per_px)))
