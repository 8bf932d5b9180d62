"""The zoom-independent layout of the web page: shapes, ranks, rows, fit, and the label rule."""

from __future__ import annotations

import itertools

from citeline.core.layout.fixed import (
    MAX_ROWS,
    FixedItem,
    is_point,
    label_px,
    layout,
    ranks,
    stack_rows,
)
from citeline.core.layout.stack import Mark

DAY = 86400.0
YEAR = 365 * DAY


def item(t: float, *, lane: int = 0, days: float = 1, label: str = "Event", **kw) -> FixedItem:
    precision = kw.pop("precision", "day")
    edtf = kw.pop("edtf", "2021-03-01")
    return FixedItem(lane, t, t + days * DAY, precision, edtf, label, **kw)


def test_only_days_and_finer_that_are_not_intervals_are_points() -> None:
    assert is_point("day", "2021-03-01") and is_point("minute", "2021-03-01T10:00")
    assert not is_point("month", "2021-03") and not is_point("day", "2017-01-20/2021-01-20")


def test_rank_is_importance_then_evidence_then_date() -> None:
    items = [
        item(3 * DAY, importance=1),
        item(1 * DAY, importance=1, evidence=2),
        item(0 * DAY),
        item(2 * DAY, importance=3),
    ]
    assert ranks(items) == [2, 1, 3, 0]


def test_rows_keep_every_label_clear_of_its_neighbours_at_fit_all() -> None:
    items = [item(i * 100 * DAY, label="A fairly long label " * (i % 3 + 1)) for i in range(20)]
    items += [item(5 * DAY, lane=1, days=3 * 365, precision="month", edtf="2021-03/2024-03")]
    plan = layout(items)
    spans: dict[int, list[tuple[float, float]]] = {}
    for n, it in enumerate(items[:20]):
        x = plan.fit.x(it.earliest + DAY / 2)
        spans.setdefault(plan.rows[n], []).append((x - 5, x + 5 + 4 + label_px(it.label) + 6))
    assert 1 < len(spans) <= MAX_ROWS
    for row in spans.values():
        row.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(row))
    assert plan.lane_rows == {0: len(spans), 1: 1}
    assert max(plan.narrow_rows[:20]) > max(plan.rows[:20])  # a phone needs more rows
    assert plan.points[0] and not plan.points[-1]


def test_fit_all_holds_every_item_and_room_for_the_last_label() -> None:
    items = [item(0.0), item(10 * YEAR)]
    fit = layout(items).fit
    assert fit.start < 0.0 and fit.end > 10 * YEAR + DAY
    assert fit.width - fit.x(10 * YEAR + DAY) >= 0.19 * fit.width


def test_a_crowded_lane_folds_onto_its_rows() -> None:
    items = [item(0.0, label=f"Same day {i}") for i in range(30)]
    plan = layout(items)
    assert max(plan.rows) == MAX_ROWS - 1 and plan.lane_rows[0] == MAX_ROWS


def test_each_row_is_stacked_alone_labels_shortened_then_bare_then_left_out() -> None:
    marks = [  # most important first
        (0, Mark("a", 0, 10, 14, "Long first label")),
        (0, Mark("d", 200, 210, 214, "Edge label")),
        (0, Mark("b", 160, 170, 174, "Second label")),
        (1, Mark("c", 0, 10, 14, "Other row")),
        (0, Mark("e", 55, 65, 69, "Same spot")),
    ]
    placed = stack_rows(marks, lambda s: 7.0 * len(s), right=260.0)
    a, d, b, c, e = placed
    assert a is not None and a.label == "Long first label" and a.row == 0
    assert d is not None and d.label == "Edge\u2026"  # cut at the right edge
    assert b is not None and b.label == "" and b.row == 0  # a bare marker: never moved down
    assert c is not None and c.label == "Other row" and c.row == 1
    assert e is None  # no room even for its marker: it joins the cluster strip
