"""Compose a frame: where every lane, tick, era, item and label of the timeline goes.

The frame comes from the layout package (scale, ticks, lane packing, label placement,
level of detail) and the project's windowed items; the painter only draws it. Labels
are measured with the fonts the painter uses, so screen and exports lay out alike.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping, Sequence
from itertools import pairwise
from typing import cast

from citeline.core import queries
from citeline.core.calendar import SECONDS_PER_DAY, civil_from_instant
from citeline.core.layout import Tick, TimeScale, bucket_seconds, choose_ticks
from citeline.core.layout.stack import Mark, clusters, stack
from citeline.core.layout.ticks import MONTH_NAMES, year_label
from citeline.core.queries import TimelineItem
from citeline.ui.timeline.data import TimelineData, item_key
from citeline.ui.timeline.frame import (
    POINT_PRECISIONS,
    ClusterBox,
    DrawnItem,
    EraBand,
    Frame,
    LaneFrame,
    Metrics,
)
from citeline.ui.timeline.theme import Fonts

#: A lane below the view with more items than this is not laid out (see ``compose``):
#: laying out a lane costs about its number of items, and a few are cheap.
LAZY_LANE_ITEMS = 40


def column_width(data: TimelineData, fonts: Fonts, m: Metrics) -> float:
    """The width of the lane-name column: the longest name, within the metric's bounds."""
    widest = max((fonts.width(la.name, fonts.bold) for la in data.lanes), default=0.0)
    return float(math.ceil(min(max(widest + 36.0, m.column_min), m.column_max)))


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
    scroll: float = 0.0,
    collapsed: Collection[int] = (),
    expanded: Collection[int] = (),
    numbers: Mapping[tuple[str, int], int] | None = None,
    owned: tuple[float, float] | None = None,
) -> Frame:
    """The frame for ``scale`` (its width is the time area's).

    Lanes are as tall as their content: up to ``metrics.max_rows`` rows (a lane in
    ``expanded`` gets more, one in ``collapsed`` only its clusters; no limit when
    ``max_rows`` is None, as in pictures). With a ``height`` the frame is that tall and
    the lanes are scrolled up by ``scroll`` pixels; else it is as tall as the lanes.
    ``numbers`` gives items their citation numbers (drawn left of their markers); with
    ``owned`` only the items starting in that range are drawn (a page of a picture
    split by time, whose neighbour draws the rest).
    """
    m = metrics or Metrics()
    lanes = [la for la in data.lanes if lane_keys is None or la.key in lane_keys]
    top = m.axis_h + (m.era_h if data.eras else 0.0)
    margin = 2 * m.marker_r * scale.seconds_per_px
    t0, t1 = scale.start - margin, scale.end + margin
    limit = max(1, min(m.max_items_per_lane, math.floor(scale.width * m.max_items_per_px)))
    built: list[LaneFrame] = []
    selected_lane = None
    if selected is not None and selected[0] in data.kinds and item_key(*selected) in data.index:
        selected_lane = data.index.get(item_key(*selected))[2]
    y = top - scroll  # where the next lane starts
    # Every lane's count of the window at once: a large project reads them together.
    data.index.count(t0, t1)
    for info in lanes:
        count = data.index.count(t0, t1, info.key)
        lane = LaneFrame(info, 0.0, 0.0, 1, count)
        lane.collapsed = info.key in collapsed
        lane.expanded = info.key in expanded and not lane.collapsed
        lane.crowded = count > limit
        if lane.collapsed:
            max_rows: int | None = 0
        elif lane.expanded:
            max_rows = m.expanded_rows if m.max_rows is not None else None
        elif lane.crowded and m.max_rows is not None:
            max_rows = m.crowded_rows
        else:
            max_rows = m.max_rows
        # A crowded lane always takes its full rows and its clusters' row, so that its
        # height does not depend on what it draws, and one scrolled out of view is
        # not laid out at all (its items are the costliest to find).
        fixed = lane.crowded and bool(max_rows) and m.max_rows is not None
        full = (max_rows or 0) + 1
        band = full * m.row_h + 2 * m.lane_pad
        out_of_view = height is not None and (y + band < top or y > height)
        # A lane of many items starting below the view is not laid out either: it takes
        # the most rows its items could need (each on its own row up to the limit, then
        # the clusters' row) until it is scrolled into view and takes its own height.
        # Lanes above the view are laid out: where the visible lanes start depends on
        # them. The lane of the selection is always laid out, so it can be scrolled to.
        below = (
            height is not None
            and y > height
            and count > LAZY_LANE_ITEMS
            and bool(max_rows)
            and m.max_rows is not None
            and info.key != selected_lane
        )
        if count and not (fixed and out_of_view) and not below:
            _stack_lane(
                data, lane, scale, t0, t1, left, fonts, m, selected, max_rows, numbers, owned
            )
        elif below and not fixed:
            most = max_rows or 0
            lane.rows = min(count, most) + (1 if count > most else 0)
        if fixed:
            lane.rows = full
        y += max(lane.rows, 1) * m.row_h + 2 * m.lane_pad
        built.append(lane)

    y = top - scroll
    for lane in built:
        lane.y = y
        lane.height = max(lane.rows, 1) * m.row_h + 2 * m.lane_pad
        for d in lane.items:
            d.y = lane.y + m.lane_pad + d.row * m.row_h + m.row_h / 2.0
            if d.label:
                d.label_x += left
        for c in lane.clusters:
            c.y = lane.y + m.lane_pad + (lane.rows - 1) * m.row_h + m.row_h / 2.0
        y += lane.height
    content = y + scroll - top
    total_h = height if height is not None else top + content + 2.0

    # What the next zoom or pan step will likely ask is read ahead meanwhile.
    data.read_ahead(scale.span)
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
        content_height=content,
        scroll=scroll,
    )


def _stack_lane(
    data: TimelineData,
    lane: LaneFrame,
    scale: TimeScale,
    t0: float,
    t1: float,
    left: float,
    fonts: Fonts,
    m: Metrics,
    selected: tuple[str, int] | None,
    max_rows: int | None,
    numbers: Mapping[tuple[str, int], int] | None = None,
    owned: tuple[float, float] | None = None,
) -> None:
    """Place a lane's items: the most important titled, then bare markers, then clusters."""
    key = lane.info.key
    if max_rows == 0:
        found: list[TimelineItem] = []
    elif lane.crowded:
        found = _most_important(data, key, scale, t0, t1, max_rows or m.crowded_rows, m)
    else:
        found = data.items(key, t0, t1)
        data.learn_evidence(found)
        found.sort(key=lambda it: queries.rank_key(it, data.evidence(it)))
    if owned is not None:
        found = [it for it in found if owned[0] <= it.earliest < owned[1]]
        lane.count = len(found)
    drawn = [_drawn(data, it, key, scale, left, selected) for it in found]
    # What passes the filter before what it dims. Never the selection first: rows are a
    # function of the items and the view, so selecting an item moves nothing.
    if any(d.dimmed for d in drawn):
        drawn.sort(key=lambda d: d.dimmed)  # stable: the rank order otherwise
    right = scale.width
    marks = []
    for i, d in enumerate(drawn):
        lx = _label_left(d, left, m) - left
        visible = -m.marker_r <= d.cx - left <= right if d.point else d.x1 >= left
        # The label's full text and the room it may take: it is cut (and measured) only
        # when stacking finds its marker a row.
        text = label_text(d) if visible and not d.dimmed else ""
        room = _label_room(d, left, left + right, m) if text else math.inf
        x0, _, w, _ = d.marker_rect(m)
        if numbers is not None and d.key in numbers:
            # The citation number sits just left of the marker: it takes room there too.
            d.number = numbers[d.key]
            x0 -= badge_width(fonts, d.number) + 2.0
            w += badge_width(fonts, d.number) + 2.0
        # A label that would run past the right edge may go left of its marker. (Marks
        # are keyed by their place in ``drawn``.)
        marks.append(Mark(i, x0 - left, x0 + w - left, lx, text, True, room))

    def cluster_width(n: int) -> float:
        return fonts.count_width(n) + 14.0

    out = stack(
        marks,
        fonts.measure_label,
        right=right,
        max_rows=max_rows,
        cluster_width=cluster_width,
        shorten=fonts.elide,
        # A crowded lane's clusters are counted from the index instead (all its items,
        # not only the ones read).
        grouped=not (lane.crowded or max_rows == 0),
    )
    for p in out.placed:
        d = drawn[cast(int, p.key)]
        d.row = p.row
        d.label, d.label_x, d.label_w = p.label, p.label_x, p.label_w
        lane.items.append(d)
    lane.rows = max(out.item_rows, 1)
    if lane.crowded or max_rows == 0:
        _count_clusters(data, lane, scale, t0, t1, left, m, cluster_width)
    else:
        for c in out.clusters:
            ks = [drawn[cast(int, k)] for k in c.keys]
            mids = [(d.item.earliest + d.item.latest) / 2 for d in ks]
            lane.clusters.append(
                ClusterBox(
                    key,
                    c.x0 + left,
                    c.x1 + left,
                    0.0,
                    c.count,
                    min(d.item.earliest for d in ks),
                    max(d.item.latest for d in ks),
                    tuple(d.key for d in ks),
                    spread=max(mids) - min(mids),
                )
            )
    if lane.clusters:
        lane.rows = out.item_rows + 1


def _count_clusters(
    data: TimelineData,
    lane: LaneFrame,
    scale: TimeScale,
    t0: float,
    t1: float,
    left: float,
    m: Metrics,
    width: Callable[[int], float],
) -> None:
    """Clusters of a lane whose items were not all read: counted on a fixed time grid.

    Each cluster counts the items overlapping its stretch of time that are not drawn
    one by one, straight from the time index, so the numbers are true however few items
    were read.
    """
    key = lane.info.key
    bs = bucket_seconds(scale, m.bucket_px)
    grid0 = math.floor(t0 / bs) * bs
    n = max(1, math.ceil((t1 - grid0) / bs))
    counts = data.index.histogram(grid0, grid0 + n * bs, n, key)
    spans = [
        (scale.x(grid0 + i * bs), scale.x(grid0 + (i + 1) * bs) - 1.0, c, i)
        for i, c in enumerate(counts)
        if c
    ]
    # The drawn items overlapping a stretch [a, b) are those starting before b less
    # those ending before a (which all start before b): two bisections a cluster.
    starts = sorted(d.item.earliest for d in lane.items)
    ends = sorted(d.item.latest for d in lane.items)
    peak = max(counts, default=1) or 1
    # Buckets touch: keep them apart (merging only where a count needs the room), so
    # the row reads as a histogram of what is not drawn, shaded by how many.
    for c in clusters(spans, width, gap=-1.5):
        first, last = min(c.keys), max(c.keys)  # type: ignore[type-var]
        a, b = grid0 + first * bs, grid0 + (last + 1) * bs
        # One bucket's count is the histogram's; a merged stretch is counted whole, so
        # an item reaching over several buckets is counted once.
        total = counts[first] if first == last else data.index.count(a, b - 1e-3, key)
        inside = bisect_left(starts, b) - bisect_left(ends, a)
        n_hidden = total - inside
        if n_hidden <= 0:
            continue
        x0 = max(c.x0, 0.0)
        box = ClusterBox(
            key,
            x0 + left,
            max(c.x1, x0 + width(n_hidden)) + left,
            0.0,
            n_hidden,
            max(a, t0),
            min(b, t1),
        )
        box.weight = min(1.0, n_hidden / peak)
        lane.clusters.append(box)


def _most_important(
    data: TimelineData, lane: int, scale: TimeScale, t0: float, t1: float, rows: int, m: Metrics
) -> list[TimelineItem]:
    """A crowded lane's most important items, asked for slice by slice of the window.

    Slices lie on a grid fixed to absolute time (so panning reuses the answers), and
    the items come round-robin: every slice's first before any slice's second, so
    titles spread over the whole range instead of piling up where the important
    items happen to be densest.
    """
    m_slice = bucket_seconds(scale, m.slice_px)
    g0 = math.floor(t0 / m_slice) * m_slice
    # About as many per slice as its rows can title side by side (labels ~160 px).
    per = max(2, round(rows * m.slice_px / 160.0))
    picked: dict[tuple[str, int], tuple[int, tuple[object, ...], TimelineItem]] = {}
    windows = []
    s = g0
    while s < t1:
        windows.append((s, s + m_slice))
        s += m_slice
    for got in data.ranked_many(lane, windows, per):
        for rank, it in enumerate(got):
            k = (it.kind, it.id)
            order = (rank, queries.rank_key(it, data.evidence(it)))
            if k not in picked or order < picked[k][:2]:
                picked[k] = (rank, order[1], it)
    return [it for _, _, it in sorted(picked.values(), key=lambda v: (v[0], v[1]))]


def _drawn(
    data: TimelineData,
    it: TimelineItem,
    lane: int,
    scale: TimeScale,
    left: float,
    selected: tuple[str, int] | None,
) -> DrawnItem:
    x0 = left + scale.x(it.earliest)
    x1 = left + scale.x(it.latest)
    point = it.precision in POINT_PRECISIONS and "/" not in it.date_edtf
    d = DrawnItem(it, lane, x0, x1, point)
    if it.kind == "quote":
        d.speaker = data.speaker(it.id)
    d.selected = selected == (it.kind, it.id)
    d.dimmed = not data.passes_item(it)
    return d


def whole_labels_end(frame: Frame, fonts: Fonts, max_fraction: float) -> float:
    """The window end at which the event titles cut short at the right edge are whole.

    Only titles needing less than ``max_fraction`` of the width count (a longer one is
    cut whatever the window); quotes' words may stay cut, their hover shows them whole.
    """
    m, s = frame.metrics, frame.scale
    end = s.end
    for d in frame.drawn:
        if not d.label or d.item.kind == "quote":
            continue
        full = fonts.elide(label_text(d), _label_room(d, frame.left, frame.width, m))
        if d.label == full:
            continue
        need_px = fonts.measure_label(full) + 8.0
        if need_px >= s.width * max_fraction:
            continue
        # The label starts at a fixed fraction of the window: keep it, with room after.
        start = s.t(d.label_x - frame.left)
        end = max(end, s.start + (start - s.start) * s.width / (s.width - need_px))
    return end


def badge_width(fonts: Fonts, n: int) -> float:
    """The width of the small badge with an item's citation number."""
    return max(12.0, fonts.width(str(n), fonts.tiny) + 6.0)


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
