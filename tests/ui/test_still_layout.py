"""A still layout: rows are a function of the items and the view, never of the selection,
the focus or the flags; clicking or Tab-selecting an item moves nothing; a cluster click
shows its items in their lane."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, Qt
from tests.ui.test_timeline_everything import _random_project

from citeline.core import catalog, items
from citeline.core.conflicts import Conflict
from citeline.core.layout import TimeScale
from citeline.core.store import Store
from citeline.ui.document import Document, FactsChanged
from citeline.ui.timeline import TimelineView
from citeline.ui.timeline.compose import compose
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import Frame, Metrics
from citeline.ui.timeline.theme import Fonts


def rows(f: Frame) -> dict[tuple[str, int], tuple[int, int, float]]:
    """Every drawn item's lane, row and place (the layout, without its highlights)."""
    return {d.key: (d.lane, d.row, round(d.y, 3)) for d in f.drawn}


def lanes(f: Frame) -> list[tuple[int, float, float]]:
    return [(la.info.key, round(la.y, 3), round(la.height, 3)) for la in f.lanes]


def flag(data: TimelineData, event_id: int) -> None:
    """Mark an event flagged in the facts its frames read."""
    data.facts.forget([event_id])
    data.facts._known.add(event_id)
    data.facts._flagged[event_id] = Conflict(event_id, "", "", (), ("test",))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10_000),
    zoom=st.sampled_from([1.0, 0.5, 0.2, 0.05]),
    at=st.floats(0.0, 1.0),
    pick=st.integers(0, 10_000),
    max_rows=st.sampled_from([2, 4, 8, None]),
)
def test_property_selecting_focusing_or_flagging_any_item_moves_no_row(
    qapp, seed: int, zoom: float, at: float, pick: int, max_rows: int | None
) -> None:
    store = _random_project(random.Random(seed))
    data = TimelineData(store)
    fonts = Fonts.default()
    e0, e1 = data.index.extent()
    span = max(e1 - e0, 86_400.0) * zoom
    start = e0 + (e1 - e0 - span) * at if zoom < 1 else e0 - span * 0.05
    scale = TimeScale(start, start + span * 1.1, 900.0)
    m = Metrics(max_rows=max_rows)

    def frame(selected=None) -> Frame:
        return compose(data, scale, fonts, left=120.0, height=500.0, metrics=m, selected=selected)

    plain = frame()
    every = [(k, i) for k in ("event",) for (i,) in store.db.execute("SELECT id FROM events")]
    key = every[pick % len(every)]
    for selected in (key, *[d.key for d in plain.drawn][:3]):
        chosen = frame(selected)
        assert rows(chosen) == rows(plain)
        assert lanes(chosen) == lanes(plain)
    flag(data, key[1])
    flagged = frame(key)
    assert rows(flagged) == rows(plain)
    assert lanes(flagged) == lanes(plain)


def _big_project(n: int = 600) -> Store:
    """Many events crowding a few lanes over a few years (the issue's 600-event case)."""
    rng = random.Random(600)
    store = Store.memory()
    lane_ids = []
    for name in ("Politics", "Talks", "Courts", "Economy", "Security"):
        edit, lane_id = catalog.add_lane(store, name)
        store.apply(edit)
        lane_ids.append(lane_id)
    changes = []
    ids = items.Ids(store)
    for i in range(n):
        y, mo, d = rng.randrange(2016, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        edit, _ = items.add_event(
            store,
            title=f"Event {i} " + rng.choice(["vote", "talks open", "ruling on the appeal"]),
            date=f"{y}-{mo:02d}-{d:02d}",
            lane_id=rng.choice(lane_ids),
            importance=rng.randrange(0, 4),
            ids=ids,
        )
        changes.extend(edit.changes)
    store.apply(items.Edit("Add events", tuple(changes)))
    return store


@pytest.fixture
def big(qtbot, qapp):
    doc = Document(_big_project())
    view = TimelineView(doc)
    qtbot.addWidget(view)
    view.resize(1366, 560)
    view.show()
    qtbot.waitExposed(view)
    yield view
    doc.close()


def test_clicking_an_item_low_in_a_crowded_lane_moves_nothing(qtbot, big: TimelineView) -> None:
    view = big
    view.set_scroll(120.0)
    f = view.frame()
    before, scroll = rows(f), view.scroll
    low = [d for d in f.drawn if d.row >= 5 and f.top + 10 < d.y < f.height - 10]
    assert low, "an item on a low row is in view"
    for d in low[:5]:
        x, y, w, h = d.marker_rect(view.metrics)
        qtbot.mouseClick(
            view, Qt.MouseButton.LeftButton, pos=QPointF(x + w / 2, y + h / 2).toPoint()
        )
        assert view.document.selected.id == d.item.id
        assert view.scroll == scroll
        assert rows(view.frame()) == before
        assert view.frame().find("event", d.item.id).row == d.row


def test_tab_walks_the_items_without_moving_rows(qtbot, big: TimelineView) -> None:
    view = big
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    f = view.frame()
    for _ in range(12):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        sel = view.document.selected
        g = view.frame()
        if g.scale == f.scale:  # the same window: every item kept its lane and row
            same = set(rows(f)) & set(rows(g))
            assert same
            assert {k: rows(g)[k][:2] for k in same} == {k: rows(f)[k][:2] for k in same}
            if view.scroll == f.scroll:
                assert rows(g) == rows(f)
        f = g
        d = g.find(sel.kind, sel.id)
        assert d is not None and g.top <= d.y <= g.height  # the selection is in view


def test_a_cluster_click_shows_its_items_in_their_lane(qtbot, big: TimelineView) -> None:
    view = big
    view.set_metrics(Metrics(max_rows=3))
    view.fit_all()
    f = view.frame()
    # a cluster in a lane at the bottom, out of view or partly so
    c = max(f.clusters, key=lambda c: (c.y, c.count))
    view.set_scroll(0.0)
    f = view.frame()
    c = next(x for x in f.clusters if x.lane == c.lane)
    if c.y > f.height:  # below the view: scroll just enough to click it
        view.set_scroll(c.y - f.height + view.metrics.row_h * 2)
        f = view.frame()
        c = next(x for x in f.clusters if x.lane == c.lane)
    view.open_cluster(c)
    g = view.frame()
    lane = next(la for la in g.lanes if la.info.key == c.lane)
    assert g.top <= lane.y + 1 and lane.y < g.height
    shown = [d for d in lane.items if g.top <= d.y <= g.height]
    assert shown, "the cluster's lane shows its items"


def test_the_view_keeps_its_place_when_a_status_or_a_flag_changes(qtbot, big: TimelineView) -> None:
    view = big
    view.set_scroll(200.0)
    f = view.frame()
    before, scale = rows(f), view.scale
    d = next(d for d in f.drawn if f.top < d.y < f.height)
    doc = view.document
    assert doc.push(items.set_status(doc.store, "event", d.item.id, "disputed"))
    g = view.frame()
    assert (view.scroll, view.scale, rows(g)) == (200.0, scale, before)
    assert g.find("event", d.item.id).item.status == "disputed"
    doc.undo()
    doc.facts._known.add(d.item.id)
    doc.facts._flagged[d.item.id] = Conflict(d.item.id, "", "", (), ("test",))
    view._on_facts(FactsChanged(frozenset({d.item.id}), edited=False))
    g = view.frame()
    assert (view.scroll, view.scale, rows(g)) == (200.0, scale, before)
    assert g.find("event", d.item.id).item.flagged
