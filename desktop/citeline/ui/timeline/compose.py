"""Compose a frame: where every lane, tick, era, item and label of the timeline goes.

The frame comes from the layout package (scale, ticks, lane packing, label placement,
level of detail) and the project's windowed items; the painter only draws it. Labels
are measured with the fonts the painter uses, so screen and exports lay out alike.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from itertools import pairwise

from citeline.core.calendar import SECONDS_PER_DAY, civil_from_instant
from citeline.core.layout import (
    LabelItem,
    Tick,
    TimeScale,
    choose_ticks,
    pack_rows,
    place_labels,
    plan_frame,
)
from citeline.core.layout.ticks import MONTH_NAMES, year_label
from citeline.ui.timeline.data import LaneInfo, TimelineData
from citeline.ui.timeline.frame import (
    POINT_PRECISIONS,
    DrawnItem,
    EraBand,
    Frame,
    LaneFrame,
    Metrics,
)
from citeline.ui.timeline.theme import Fonts


def column_width(data: TimelineData, fonts: Fonts, m: Metrics) -> float:
    """The width of the lane-name column: the longest name, within the metric's bounds."""
    widest = max((fonts.width(la.name, fonts.bold) for la in data.lanes), default=0.0)
    return float(math.ceil(min(max(widest + 26.0, m.column_min), m.column_max)))


def compose(
    data: TimelineData,
    scale: TimeScale,
    fonts: Fonts,
    *,
    left: float,
    height: float | None = None,
    metrics: Metrics | None = None,
    selected: tuple[str, int] | None = None,
    lane_keys: Sequence[int] | None = None,
    now: float | None = None,
) -> Frame:
    """The frame for ``scale`` (its width is the time area's): fixed ``height``, or
    lanes as tall as their content (exports) when ``height`` is None."""
    m = metrics or Metrics()
    lanes = [la for la in data.lanes if lane_keys is None or la.key in lane_keys]
    top = m.axis_h + (m.era_h if data.eras else 0.0)
    # Items up to a label's width left of the window still show their bar's end.
    margin_px = 2 * m.marker_r
    plan = plan_frame(
        data.index,
        scale,
        [la.key for la in lanes],
        max_items_per_lane=m.max_items_per_lane,
        max_items_per_px=m.max_items_per_px,
        bucket_px=m.bucket_px,
        margin_px=margin_px,
    )
    built: list[LaneFrame] = []
    for info in lanes:
        lp = plan.lanes[info.key]
        lane = LaneFrame(info, 0.0, 0.0, 1, lp.mode, lp.count)
        if lp.mode == "density":
            lane.buckets = lp.buckets
            lane.bucket_start, lane.bucket_seconds = lp.bucket_start, lp.bucket_seconds
            lane.rows = m.density_rows
            filt = data.filtered_index
            if filt is not None:
                n = len(lp.buckets)
                end = lp.bucket_start + n * lp.bucket_seconds
                lane.matching = filt.histogram(lp.bucket_start, end, n, info.key)
                lane.matching_count = filt.count(plan.t0, plan.t1, info.key)
        elif lp.count:
            lane.items = _lane_items(data, info, scale, plan.t0, plan.t1, left, fonts, m, selected)
            rows = _pack(lane.items, left, left + scale.width, fonts, m)
            lane.rows = max(1, min(rows, m.natural_max_rows))
        built.append(lane)

    # Lane bands: equal shares of a fixed height, or each as tall as its content.
    y = top
    if height is not None:
        share = max((height - top) / max(len(built), 1), m.row_h + 2 * m.lane_pad)
    for lane in built:
        if height is not None:
            lane.height = share
            lane.rows = max(1, int((share - 2 * m.lane_pad) // m.row_h))
        else:
            lane.height = lane.rows * m.row_h + 2 * m.lane_pad
        lane.y = y
        y += lane.height
        if lane.mode == "items":
            _place(lane, scale, left, fonts, m)
    total_h = height if height is not None else y + 2.0

    ticks = choose_ticks(scale, fonts.measure_small, min_spacing=16.0)
    now = time.time() if now is None else now
    today = left + scale.x(now) if scale.start <= now <= scale.end else None
    return Frame(
        width=left + scale.width,
        height=total_h,
        left=left,
        scale=scale,
        metrics=m,
        ticks=ticks,
        context=context_label(scale, ticks),
        eras=_eras(data, scale, left, fonts),
        lanes=built,
        today_x=today,
        top=top,
    )


def _lane_items(
    data: TimelineData,
    info: LaneInfo,
    scale: TimeScale,
    t0: float,
    t1: float,
    left: float,
    fonts: Fonts,
    m: Metrics,
    selected: tuple[str, int] | None,
) -> list[DrawnItem]:
    out = []
    for it in data.items(info.key, t0, t1):
        x0 = left + scale.x(it.earliest)
        x1 = left + scale.x(it.latest)
        point = it.precision in POINT_PRECISIONS and "/" not in it.date_edtf
        # A point wider than a marker is still shown over its whole day (see painter).
        d = DrawnItem(it, info.key, x0, x1, point)
        if it.kind == "quote":
            d.speaker = data.speaker(it.id)
        d.selected = selected == (it.kind, it.id)
        d.dimmed = not data.passes(it.kind, it.id)
        out.append(d)
    return out


def label_text(d: DrawnItem) -> str:
    """The full label of an item: its title, or a quote's speaker and words."""
    if d.item.kind == "quote":
        words = " ".join(d.item.title.split())
        if len(words) > 90:
            words = words[:90].rstrip() + "…"
        return f"{d.speaker}: \u201c{words}\u201d" if d.speaker else f"\u201c{words}\u201d"
    return d.item.title


def _label_room(d: DrawnItem, left: float, right: float, m: Metrics) -> float:
    """The widest a label may be before it is cut: a bar's label may fill the bar."""
    if d.point:
        return m.label_max_px
    return max(m.label_max_px, min(d.x1, right) - max(d.x0, left) - 10.0)


def _label_left(d: DrawnItem, left: float, m: Metrics) -> float:
    """Where an item's label starts: right of a glyph, or inside a bar's visible part."""
    if d.point:
        return d.cx + m.marker_r + 4.0
    return max(d.x0, left) + (5.0 if d.x1 - d.x0 > 40 else d.x1 - max(d.x0, left) + 5.0)


def _pack(items: list[DrawnItem], left: float, right: float, fonts: Fonts, m: Metrics) -> int:
    """Give each item a sub-row where its marker and label clear the others; rows used.

    Items shorter than most of the window are packed first, into the top rows; bars
    spanning nearly all of it (a year seen by the day) are context and go below, and
    items the filter dims go last, so when rows run out it is they that are left out.
    """
    # Groups packed in turn: what passes the filter before what it dims, short before long.
    groups: list[list[tuple[DrawnItem, tuple[float, float]]]] = [[], [], [], []]
    wide = 0.6 * (right - left)
    for d in items:
        text = fonts.elide(label_text(d), _label_room(d, left, right, m))
        w = fonts.measure_label(text)
        start = d.cx - m.marker_r if d.point else d.x0
        lab = _label_left(d, left, m)
        end = max(d.cx + m.marker_r if d.point else d.x1, lab + w) + m.label_gap
        visible = min(d.x1, right) - max(d.x0, left)
        long = not d.point and visible > wide
        groups[2 * d.dimmed + long].append((d, (start, end)))
    used = 0
    for group in groups:
        rows = pack_rows([span for _, span in group])
        for (d, _), r in zip(group, rows, strict=True):
            d.row = used + r
        used += max(rows, default=-1) + 1
    return max(used, 1)


def _place(lane: LaneFrame, scale: TimeScale, left: float, fonts: Fonts, m: Metrics) -> None:
    """Clamp items to the lane's sub-rows, pile coincident markers, and place labels."""
    last = lane.rows - 1
    for d in lane.items:
        if d.row > last:
            # The selection is always drawn, in the last row if there is no other.
            d.hidden = not d.selected
            d.row = last
        d.y = lane.y + m.lane_pad + d.row * m.row_h + m.row_h / 2.0
    hidden = len(lane.hidden)
    if hidden:
        text = f"+{hidden:,} more"
        w = fonts.width(text, fonts.small) + 12.0
        bottom = lane.y + lane.height - 3.0
        lane.more_rect = (left + scale.width - w - 6.0, bottom - 17.0, w, 16.0)
    # Points within a marker of each other in one row become one marker with a count.
    by_row: dict[int, list[DrawnItem]] = {}
    for d in lane.items:
        if d.point and not d.hidden:
            by_row.setdefault(d.row, []).append(d)
    obstacles: list[tuple[int, float, float]] = []
    if lane.more_rect is not None:
        # The "+N more" badge sits at the end of the last row: labels keep clear of it.
        obstacles.append(
            (last, lane.more_rect[0] - left, lane.more_rect[0] + lane.more_rect[2] - left)
        )
    for row_items in by_row.values():
        row_items.sort(key=lambda d: d.cx)
        head: DrawnItem | None = None
        for d in row_items:
            if head is not None and d.cx - head.cx < m.marker_r:
                head.pile += 1
                d.covered = True
                if d.selected:  # the selected one must stay on top
                    d.covered, head.covered = False, True
                    d.pile, head.pile = head.pile, 1
                    head = d
                continue
            head = d
        for d in row_items:
            if not d.covered:
                obstacles.append((d.row, d.cx - m.marker_r - left, d.cx + m.marker_r - left))
    wanted: list[LabelItem] = []
    owners: list[DrawnItem] = []
    for d in lane.items:
        if d.covered or d.hidden or (d.dimmed and not d.selected):
            continue
        text = fonts.elide(label_text(d), _label_room(d, left, left + scale.width, m))
        if d.point and not -m.label_max_px < d.cx - left < scale.width:
            continue
        if not d.point and (d.x1 < left or d.x0 > left + scale.width):
            continue
        priority = 1e6 if d.selected else float(d.item.importance)
        x = _label_left(d, left, m) - left - m.label_gap
        wanted.append(LabelItem(x, d.row, text, priority))
        owners.append(d)
    placed = place_labels(
        wanted,
        fonts.measure_label,
        max_rows=lane.rows,
        gap=4.0,
        offset=m.label_gap,
        right=scale.width,
        obstacles=obstacles,
    )
    for d, p in zip(owners, placed, strict=True):
        if p.visible:
            d.label, d.label_x, d.label_w = p.text, p.x + left, p.width
            d.label_y = lane.y + m.lane_pad + p.row * m.row_h + m.row_h / 2.0


def _eras(data: TimelineData, scale: TimeScale, left: float, fonts: Fonts) -> list[EraBand]:
    out = []
    for era in data.eras:
        if era.latest <= scale.start or era.earliest >= scale.end:
            continue
        x0, x1 = left + scale.x(era.earliest), left + scale.x(era.latest)
        # The name sticks to the visible part of the band and is cut to fit it.
        room = min(x1, left + scale.width) - max(x0, left) - 8.0
        label = fonts.elide(era.name, room) if room > 24 else ""
        out.append(EraBand(era.name, era.date_edtf, x0, x1, era.color, label))
    return out


def context_label(scale: TimeScale, ticks: Sequence[Tick]) -> str:
    """The larger unit the window's left edge lies in ("2024", "Mar 2024", "14 Mar 2024")."""
    if len(ticks) >= 2:
        gap = min(b.t - a.t for a, b in pairwise(ticks))
    else:
        gap = scale.span
    y, mo, d, *_ = civil_from_instant(math.floor(scale.start))
    if gap < SECONDS_PER_DAY:
        return f"{d} {MONTH_NAMES[mo - 1]} {year_label(y)}"
    if gap < 28 * SECONDS_PER_DAY:
        return f"{MONTH_NAMES[mo - 1]} {year_label(y)}"
    if gap < 365 * SECONDS_PER_DAY:
        return year_label(y)
    return ""
