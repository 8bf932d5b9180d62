"""Sub-row packing inside a lane, and stacking lanes into bands."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from citeline.core.layout.lanes import LaneBox, lane_layout, pack_rows, row_count, row_top

spans = st.lists(
    st.tuples(st.floats(-1000, 5000), st.floats(0, 400)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=80,
)


def test_overlapping_items_go_to_new_rows_and_free_rows_are_reused() -> None:
    rows = pack_rows([(0, 50), (10, 60), (20, 30), (55, 70), (100, 120)], gap=2)
    # (55, 70) fits row 0 (free from 52) but not row 1 (busy until 62).
    assert rows == [0, 1, 2, 0, 0]
    assert row_count(rows) == 3


def test_the_gap_is_kept_between_neighbours_in_a_row() -> None:
    assert pack_rows([(0, 10), (13, 20)], gap=4) == [0, 1]
    assert pack_rows([(0, 10), (14, 20)], gap=4) == [0, 0]


def test_the_lowest_free_row_is_taken() -> None:
    # Rows 0 and 2 free up before row 1 does; the next item takes row 0, then row 2.
    rows = pack_rows([(0, 10), (0, 100), (0, 10), (20, 30), (20, 30)], gap=0)
    assert rows == [0, 1, 2, 0, 2]


def test_ties_keep_input_order() -> None:
    assert pack_rows([(5, 9), (5, 9), (5, 9)], gap=0) == [0, 1, 2]
    assert pack_rows([], gap=3) == []
    assert row_count([]) == 0


@given(spans, st.floats(0, 20))
def test_packed_rows_never_overlap(items: list[tuple[float, float]], gap: float) -> None:
    rows = pack_rows(items, gap)
    assert len(rows) == len(items)
    by_row: dict[int, list[tuple[float, float]]] = {}
    for span, row in zip(items, rows, strict=True):
        by_row.setdefault(row, []).append(span)
    for row_spans in by_row.values():
        row_spans.sort()
        for (_, end), (start, _) in itertools.pairwise(row_spans):
            assert start >= end + gap
    # Rows are numbered densely from 0.
    assert sorted(by_row) == list(range(row_count(rows)))


@settings(max_examples=60)
@given(spans, st.floats(0.5, 20))
def test_packing_uses_no_more_rows_than_the_deepest_pile(
    items: list[tuple[float, float]], gap: float
) -> None:
    # Greedy by start is optimal: the row count equals the most spans, widened by the
    # gap to half-open [x0, x1 + gap), covering one point (found here by brute force).
    # A positive gap keeps every widened span non-empty, as real spans are: with empty
    # ones, ties taken in input order can cost a row.
    rows = pack_rows(items, gap)
    widened = [(a, b + gap) for a, b in items]
    deepest = max((sum(1 for a, b in widened if a <= x < b) for x, _ in widened), default=0)
    assert row_count(rows) == deepest


def test_lanes_stack_with_headers_gaps_and_row_limits() -> None:
    boxes = lane_layout(
        ["politics", "courts", "empty"],
        {"politics": 3, "courts": 9},
        row_height=20,
        header=16,
        gap=4,
        top=30,
        max_rows=5,
    )
    assert list(boxes) == ["politics", "courts", "empty"]
    assert boxes["politics"] == LaneBox(30, 16 + 60)
    assert boxes["courts"] == LaneBox(30 + 76 + 4, 16 + 100)
    assert boxes["empty"] == LaneBox(30 + 76 + 4 + 116 + 4, 16 + 20)
    y, height = boxes["courts"]
    assert row_top(boxes["courts"], 2, 20, 16) == y + 16 + 40
    assert height == 116
