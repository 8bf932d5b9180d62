"""The timeline view: showing the sample, zoom and pan, selection, keys, hover, overview."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from tests.ui.conftest import event_id

from citeline.core import items, queries
from citeline.core.calendar import instant
from citeline.core.dates import format_date
from citeline.core.filters import ItemFilter
from citeline.core.layout import TimeScale
from citeline.ui.timeline import TimelinePanel, TimelineView
from citeline.ui.timeline.frame import Metrics

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
NO_DATE = "No date yet for the first round of talks"


@pytest.fixture
def view(qtbot, document) -> TimelineView:
    v = TimelineView(document)
    qtbot.addWidget(v)
    v.resize(1200, 520)
    v.show()
    qtbot.waitExposed(v)
    return v


def centre(view: TimelineView, kind: str, item_id: int) -> QPoint:
    """Where the item's marker is drawn, from the frame's own layout."""
    d = view.frame().find(kind, item_id)
    assert d is not None
    x, y, w, h = d.marker_rect(view.metrics)
    return QPointF(x + w / 2, y + h / 2).toPoint()


def wheel(view: TimelineView, x: float, dy: int = 0, dx: int = 0, shift: bool = False) -> None:
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    pos = QPointF(x, view.height() / 2)
    event = QWheelEvent(
        pos,
        QPointF(view.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(dx, dy),
        Qt.MouseButton.NoButton,
        mods,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, event)


def time_order(store) -> list[tuple[str, int]]:
    rows = [(r["date_earliest"], "event", r["id"]) for r in store.rows("events")]
    rows += [(r["date_earliest"], "quote", r["id"]) for r in store.rows("quotes")]
    return [(k, i) for _, k, i in sorted(rows)]


def test_the_view_shows_every_lane_era_and_item_of_the_sample(view, document) -> None:
    frame = view.frame()
    assert [la.info.name for la in frame.lanes] == [la.name for la in queries.lanes(document.store)]
    assert {e.name for e in frame.eras} == {"Trump administration", "Biden administration"}
    drawn = {d.key for la in frame.lanes for d in la.items}
    assert drawn == set(time_order(document.store))
    assert not frame.clusters
    assert view.accessibleName() == "Timeline"
    assert "25 events and quotes" in view.accessibleDescription()


def test_wheel_zoom_keeps_the_time_under_the_cursor(view) -> None:
    x = view.left + 300.0
    before_t, before_span = view.frame().t(x), view.scale.span
    wheel(view, x, dy=240)
    assert view.scale.span < before_span * 0.8
    assert view.frame().t(x) == pytest.approx(before_t, abs=1.0)
    wheel(view, x, dy=-480)
    assert view.scale.span > before_span
    assert view.frame().t(x) == pytest.approx(before_t, abs=1.0)


def test_a_pinch_zooms_around_the_fingers(view) -> None:
    x = view.left + 400.0
    before_t, before_span = view.frame().t(x), view.scale.span
    pos = QPointF(x, 100)
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        pos,
        pos,
        QPointF(view.mapToGlobal(pos.toPoint())),
        0.5,
        QPointF(0, 0),
    )
    QApplication.sendEvent(view, event)
    assert view.scale.span == pytest.approx(before_span / 1.5)
    assert view.frame().t(x) == pytest.approx(before_t, abs=1.0)


def test_horizontal_and_shift_wheel_pan_without_zooming(view) -> None:
    span, start = view.scale.span, view.scale.start
    wheel(view, view.left + 100, dx=-120)
    assert view.scale.span == pytest.approx(span)
    assert view.scale.start > start
    start = view.scale.start
    wheel(view, view.left + 100, dy=120, shift=True)
    assert view.scale.start < start and view.scale.span == pytest.approx(span)


def test_dragging_pans_by_the_distance_dragged_and_selects_nothing(qtbot, view, document) -> None:
    spp, start = view.scale.seconds_per_px, view.scale.start
    y = int(view.frame().lanes[0].y + 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(700, y))
    qtbot.mouseMove(view, QPoint(600, y))
    qtbot.mouseMove(view, QPoint(500, y))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(500, y))
    assert view.scale.start == pytest.approx(start + 200 * spp, rel=1e-6)
    assert document.selected is None


def test_keys_zoom_pan_and_fit(qtbot, view) -> None:
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    fitted = view.visible_window()
    span = view.scale.span
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.scale.span == pytest.approx(span / 2**0.5)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.scale.span == pytest.approx(span * 2**0.5)
    start = view.scale.start
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.scale.start > start
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.scale.start < start
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.visible_window() == pytest.approx(fitted)


def test_clicking_an_item_selects_it_and_clicking_empty_time_clears(qtbot, view, document) -> None:
    deal = event_id(document.store, DEAL)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre(view, "event", deal))
    assert (document.selected.kind, document.selected.id) == ("event", deal)
    assert view.frame().find("event", deal).selected
    empty = QPoint(int(view.frame().x(instant(2019, 1, 1))), int(view.frame().lanes[2].y + 30))
    assert view.item_at(QPointF(empty)) is None
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=empty)
    assert document.selected is None


def test_tab_and_brackets_walk_the_items_in_time_order(qtbot, view, document) -> None:
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    order = time_order(document.store)
    seen = []
    for _ in range(6):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        seen.append((document.selected.kind, document.selected.id))
    assert seen == order[:6]
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert (document.selected.kind, document.selected.id) == order[4]
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert (document.selected.kind, document.selected.id) == order[6]
    qtbot.keyClick(view, Qt.Key.Key_BracketLeft)
    assert (document.selected.kind, document.selected.id) == order[5]


def test_enter_activates_the_selected_item(qtbot, view, document) -> None:
    deal = event_id(document.store, DEAL)
    document.select("event", deal)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    with qtbot.waitSignal(view.activated) as got:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert got.args == ["event", deal]


def test_hover_shows_title_date_as_written_edtf_and_source(view, document, monkeypatch) -> None:
    deal = event_id(document.store, DEAL)
    pos = centre(view, "event", deal)
    text = view.tooltip_at(QPointF(pos))
    assert DEAL in text
    assert format_date("2021-03") in text and "2021-03" in text
    assert "Seoul and Washington make initial progress" in text  # the article's title
    # The real tooltip window warns on the offscreen platform: catch what it would show.
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, _w=None: shown.append(text))
    QApplication.sendEvent(view, QHelpEvent(QHelpEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
    assert len(shown) == 1 and DEAL in shown[0]
    assert view.tooltip_at(QPointF(view.left + 5, view.height() - 5)) is None


def test_a_quote_is_its_own_marker_labelled_with_its_speaker(view, document) -> None:
    quote = document.store.rows("quotes")[0]
    mid = quote["date_earliest"]
    view.set_scale(TimeScale(mid - 10 * 86400, mid + 10 * 86400, view.scale.width))
    d = view.frame().find("quote", quote["id"])
    assert d is not None and d.speaker == "Dan Pinkston"
    assert view.tooltip_at(QPointF(centre(view, "quote", quote["id"]))).count("Dan Pinkston") == 1


def test_a_selection_made_elsewhere_is_highlighted_and_revealed(view, document) -> None:
    view.set_scale(TimeScale(instant(2017), instant(2018), view.scale.width))
    no_date = event_id(document.store, NO_DATE)
    document.select("event", no_date)
    t0, t1 = view.visible_window()
    assert t0 <= instant(2024, 3, 14) < t1
    assert view.frame().find("event", no_date).selected


def test_zoom_to_selection_shows_the_day_with_some_days_around(qtbot, view, document) -> None:
    no_date = event_id(document.store, NO_DATE)
    document.select("event", no_date)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Z)
    t0, t1 = view.visible_window()
    assert t0 < instant(2024, 3, 14) and instant(2024, 3, 15) < t1
    assert 7 * 86400 <= t1 - t0 <= 30 * 86400


def test_a_filter_dims_what_it_leaves_out(view, document) -> None:
    negotiations = next(la.id for la in queries.lanes(document.store) if la.name == "Negotiations")
    view.set_filter(ItemFilter(lane_ids=frozenset({negotiations})))
    for lane in view.frame().lanes:
        for d in lane.items:
            assert d.dimmed == (lane.info.key != negotiations)
            if d.dimmed:
                assert d.label == ""
    view.set_filter(None)
    assert not any(d.dimmed for la in view.frame().lanes for d in la.items)


def test_an_edit_redraws_from_a_rebuilt_index(view, document) -> None:
    lane = queries.lanes(document.store)[0].id
    edit, new_id = items.add_event(
        document.store, title="Envoys meet", date="2022-06-01", lane_id=lane
    )
    document.push(edit)
    assert view.frame().find("event", new_id) is not None
    document.undo_stack.undo()
    assert view.frame().find("event", new_id) is None


def test_the_overview_marks_the_window_and_dragging_it_pans(qtbot, document) -> None:
    panel = TimelinePanel(document)
    qtbot.addWidget(panel)
    panel.resize(1200, 560)
    panel.show()
    qtbot.waitExposed(panel)
    view, strip = panel.view, panel.overview
    view.set_scale(TimeScale(instant(2019), instant(2020), view.scale.width))
    x0, x1 = strip.marker()
    ov = strip.overview()
    mid, y = int((x0 + x1) / 2), strip.height() // 2
    start = view.scale.start
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(mid, y))
    qtbot.mouseMove(strip, QPoint(mid + 60, y))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(mid + 60, y))
    assert view.scale.start == pytest.approx(start + 60 * ov.seconds_per_px, rel=1e-6)
    # A click elsewhere jumps there, keeping the zoom.
    span = view.scale.span
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(30, y))
    t0, t1 = view.visible_window()
    assert t1 - t0 == pytest.approx(span)
    assert strip.marker()[0] <= 30 <= strip.marker()[1] + 1


def test_a_lane_short_of_rows_clusters_what_it_cannot_show_and_says_what_on_hover(
    qtbot, view, document
) -> None:
    quote = document.store.rows("quotes")[0]["date_earliest"]
    view.set_metrics(Metrics(max_rows=3))
    view.set_scale(TimeScale(quote - 5 * 86400, quote + 5 * 86400, view.scale.width))
    analysis = next(la for la in view.frame().lanes if la.info.name == "Analysis")
    assert analysis.rows == 4 and len(analysis.items) + analysis.clustered == 11
    (c,) = analysis.clusters
    # Drawn where its items are in time, on the row below the lane's items.
    for _, qid in c.keys:
        q = queries.quote(document.store, qid)
        x = view.frame().x((q.date_earliest + q.date_latest) / 2)
        assert c.x0 - 6 <= x <= c.x1 + 6
    assert all(c.y > d.y for d in analysis.items)
    text = view.tooltip_at(QPointF(c.x0 + 4, c.y))
    assert f"{c.count} items in Analysis" in text
    hidden = queries.quote(document.store, c.keys[0][1])
    assert " ".join(hidden.text.split())[:40] in text
    # Clicking it gives the lane the rows its items need (they share a few days);
    # Escape goes back.
    before = view.scale
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPointF(c.x0 + 4, c.y).toPoint())
    analysis = next(la for la in view.frame().lanes if la.info.name == "Analysis")
    assert analysis.expanded and not analysis.clusters and len(analysis.items) == 11
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    analysis = next(la for la in view.frame().lanes if la.info.name == "Analysis")
    assert analysis.clusters and view.scale == before


def test_clicking_a_cluster_spread_over_time_zooms_to_its_items(qtbot, view, document) -> None:
    view.set_metrics(Metrics(max_rows=1))
    view.fit_all()
    before = view.scale
    f = view.frame()
    c = next(c for c in f.clusters if 0 < c.t1 - c.t0 < before.span / 3)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPointF(c.x0 + 3, c.y).toPoint())
    assert view.scale.span < before.span
    assert view.scale.start <= c.t0 and view.scale.end >= c.t1
    view.go_back()
    assert view.scale == before


def test_clicking_a_lane_name_folds_it_into_clusters_and_back(qtbot, view, document) -> None:
    f = view.frame()
    lane = next(la for la in f.lanes if la.info.name == "Analysis")
    pos = QPointF(30, lane.y + 10).toPoint()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=pos)
    lane = next(la for la in view.frame().lanes if la.info.name == "Analysis")
    assert lane.collapsed and not lane.items and lane.clustered == 11 and lane.rows == 1
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=pos)
    lane = next(la for la in view.frame().lanes if la.info.name == "Analysis")
    assert not lane.collapsed and len(lane.items) == 11


def test_lanes_scroll_when_they_need_more_height_than_the_view(qtbot, view, document) -> None:
    view.resize(1200, 260)
    f = view.frame()
    assert f.content_height > f.height - f.top
    assert view.scrollbar.isVisible() and view.scrollbar.maximum() > 0
    last = f.lanes[-1]
    wheel(view, 20, dy=-120 * 10)  # over the lane names: scrolls
    assert view.scroll > 0
    assert view.frame().lanes[-1].y < last.y
    assert view.scale == f.scale  # and does not zoom


def drag(qtbot, view, pos: QPoint, px: int, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, mods, pos=pos)
    qtbot.mouseMove(view, QPoint(pos.x() + px // 2, pos.y()))
    qtbot.mouseMove(view, QPoint(pos.x() + px, pos.y()))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, mods, pos=QPoint(pos.x() + px, pos.y()))


def test_a_plain_drag_on_the_selected_item_pans_and_leaves_its_date(qtbot, view, document) -> None:
    deal = event_id(document.store, DEAL)
    document.select("event", deal)
    view.reveal("event", deal)
    start_scale = view.scale
    before = queries.event(document.store, deal)
    steps = document.undo_stack.count()
    drag(qtbot, view, centre(view, "event", deal), 70)
    after = queries.event(document.store, deal)
    assert (after.date_edtf, after.date_provenance) == (before.date_edtf, before.date_provenance)
    assert document.undo_stack.count() == steps
    assert view.scale.start < start_scale.start  # it panned


def test_ctrl_dragging_an_item_moves_its_date_in_one_step_set_by_hand(
    qtbot, view, document
) -> None:
    deal = event_id(document.store, DEAL)
    document.select("event", deal)
    view.reveal("event", deal)
    start_scale = view.scale
    old = queries.event(document.store, deal).date_provenance
    assert old and "four months later" in old
    pos = centre(view, "event", deal)
    px = round(2 * 30.44 * 86_400 / view.scale.seconds_per_px)  # two months' worth
    steps = document.undo_stack.count()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, ctrl, pos=pos)
    qtbot.mouseMove(view, QPoint(pos.x() + px // 2, pos.y()))
    qtbot.mouseMove(view, QPoint(pos.x() + px, pos.y()))
    assert queries.event(document.store, deal).date_edtf == "2021-03"  # nothing until release
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, ctrl, pos=QPoint(pos.x() + px, pos.y()))
    ev = queries.event(document.store, deal)
    assert (ev.date_edtf, ev.date_precision) == ("2021-05", "month")
    assert json.loads(ev.date_provenance)["set_by"] == "hand"
    assert document.undo_stack.count() == steps + 1
    assert view.scale.start == start_scale.start  # moving an item does not pan
    document.undo_stack.undo()
    ev = queries.event(document.store, deal)
    assert (ev.date_edtf, ev.date_provenance) == ("2021-03", old)
