"""The zoom-independent layout of the web page: shapes, ranks, rows, fit, and the label rule."""

from __future__ import annotations

import itertools

from citeline.core.layout.fixed import (
    MAX_ROWS,
    FixedItem,
    fit_labels,
    is_point,
    label_px,
    layout,
    ranks,
)
from citeline.core.layout.labels import LabelItem

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
        spans.setdefault(plan.rows[n], []).append((x - 5, x + 5 + 4 + label_px(it.label)))
    assert 1 < len(spans) <= MAX_ROWS
    for row in spans.values():
        row.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(row))
    assert plan.lane_rows == {0: len(spans), 1: 1}
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


def test_labels_stay_on_their_rows_shortened_or_left_out() -> None:
    items = [
        LabelItem(0, 0, "Long first label", 1),
        LabelItem(50, 0, "Second", 0),
        LabelItem(0, 1, "Other row", 0),
        LabelItem(200, 0, "Edge label", 0),
    ]
    placed = fit_labels(items, lambda s: 7.0 * len(s), right=260.0)
    assert [p.row for p in placed] == [0, 0, 1, 0]
    assert placed[0].visible and placed[0].text == "Long first label"
    assert not placed[1].visible  # inside the first label's box, and never moved down
    assert placed[2].visible and placed[2].text == "Other row"
    assert placed[3].visible and placed[3].text.endswith("\u2026")  # cut at the edge
