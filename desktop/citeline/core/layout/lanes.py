"""Lanes as rows of the timeline: sub-rows inside a lane, and each lane's vertical band."""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence
from typing import NamedTuple


class LaneBox(NamedTuple):
    """A lane's band: its top ``y`` and its ``height`` in pixels."""

    y: float
    height: float


def pack_rows(spans: Sequence[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """The sub-row of each span (x0, x1): the lowest row where it clears the row's last span.

    Spans are taken from left to right (ties in input order), and a span fits a row when
    it starts at least ``gap`` pixels after the end of the span placed there last. A
    span's x1 should include its label, so labels packed this way cannot collide.
    O(n log n): a heap of busy rows by end, and a heap of free rows by number.
    """
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    rows = [0] * len(spans)
    busy: list[tuple[float, int]] = []  # (x where the row frees up, row)
    free: list[int] = []
    used = 0
    for i in order:
        x0, x1 = spans[i]
        while busy and busy[0][0] <= x0:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            row = heapq.heappop(free)
        else:
            row = used
            used += 1
        rows[i] = row
        heapq.heappush(busy, (max(x0, x1) + gap, row))
    return rows


def row_count(rows: Sequence[int]) -> int:
    """How many sub-rows a ``pack_rows`` result uses (0 for no items)."""
    return max(rows) + 1 if rows else 0


def lane_layout(
    lane_ids: Sequence[Hashable],
    rows_per_lane: Mapping[Hashable, int],
    row_height: float,
    header: float = 0.0,
    gap: float = 0.0,
    top: float = 0.0,
    min_rows: int = 1,
    max_rows: int | None = None,
) -> dict[Hashable, LaneBox]:
    """Each lane's band, stacked from ``top`` in the order of ``lane_ids``.

    A lane is ``header`` pixels for its label plus ``row_height`` per sub-row, between
    ``min_rows`` (so an empty lane stays visible as a drop target) and ``max_rows`` (so
    one crowded lane cannot push the others off screen); lanes are ``gap`` apart.
    """
    boxes: dict[Hashable, LaneBox] = {}
    y = top
    for lane in lane_ids:
        rows = max(rows_per_lane.get(lane, 0), min_rows)
        if max_rows is not None:
            rows = min(rows, max_rows)
        height = header + rows * row_height
        boxes[lane] = LaneBox(y, height)
        y += height + gap
    return boxes


def row_top(box: LaneBox, row: int, row_height: float, header: float = 0.0) -> float:
    """The y of the top of sub-``row`` inside a lane laid out with the same sizes."""
    return box.y + header + row * row_height
