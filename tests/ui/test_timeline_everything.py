"""Every item can be found: the sample at fit-all in a small window, titles on markers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from citeline.core import catalog, items
from citeline.core.calendar import instant
from citeline.core.layout import TimeScale
from citeline.core.store import Store
from citeline.ui.app import build_window
from citeline.ui.timeline.compose import column_width, compose, label_text
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import Frame, Metrics
from citeline.ui.timeline.theme import Fonts


def test_the_sample_at_fit_all_in_1366_by_768_shows_all_25_items_titled(
    qtbot, sample_path: Path
) -> None:
    win = build_window(sample_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    view = win.timeline.view
    view.fit_all()
    f = view.frame()
    assert not f.clusters
    drawn = f.drawn
    assert len(drawn) == 25
    for d in drawn:
        full = label_text(d)
        # Readable: the whole title, or at least a good start of a long one.
        assert d.label == full or (d.label.endswith("…") and len(d.label) >= 24), full
    # Everything is on screen or a scroll away.
    room = f.height - f.top
    assert f.content_height <= room or view.scrollbar.maximum() >= f.content_height - room - 1
    win.close()


def _random_project(rng: random.Random) -> Store:
    store = Store.memory()
    lanes = []
    for i in range(rng.randrange(1, 4)):
        edit, lane_id = catalog.add_lane(store, f"Lane {i}")
        store.apply(edit)
        lanes.append(lane_id)
    words = ["vote", "talks", "deal", "summit", "a very long title about a ruling", "x"]
    for _ in range(rng.randrange(1, 60)):
        y, m, d = rng.randrange(2015, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        date = rng.choice(
            [f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}", f"{y}", f"{y}-{m:02d}/{y + 1}-{m:02d}"]
        )
        title = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 6)))
        edit, _ = items.add_event(
            store,
            title=title,
            date=date,
            lane_id=rng.choice(lanes),
            importance=rng.randrange(0, 3),
        )
        store.apply(edit)
    return store


def _check_labels_belong_to_their_markers(f: Frame) -> None:
    m = f.metrics
    for lane in f.lanes:
        for d in lane.items:
            if not d.label:
                continue
            # On its marker's row, starting at the marker.
            assert d.label_y == d.y
            x, _, w, _ = d.marker_rect(m)
            if d.point:  # right of the glyph, or left of it at the right edge
                right_of = d.label_x == pytest.approx(x + w + 4.0)
                left_of = d.label_x + d.label_w == pytest.approx(x - 4.0)
                assert right_of or left_of
            elif d.label_x + d.label_w <= x:  # a narrow bar's label, left of it
                assert d.label_x + d.label_w == pytest.approx(x - 4.0)
            else:
                assert max(x, f.left) - 0.5 <= d.label_x <= max(x + w, f.left) + 5.5
            for o in lane.items:
                if o is d or o.y != d.y:
                    continue
                ox, _, ow, _ = o.marker_rect(m)
                assert ox + ow <= d.label_x or ox >= d.label_x + d.label_w, (d.label, o.item.title)


def test_property_labels_stay_on_their_markers_rows_over_random_projects_and_zooms(qapp) -> None:
    rng = random.Random(9)
    fonts = Fonts.default()
    for _ in range(25):
        store = _random_project(rng)
        data = TimelineData(store)
        m = Metrics(max_rows=rng.choice([1, 2, 5, None]))
        left = column_width(data, fonts, m)
        for _ in range(4):
            t0 = instant(rng.randrange(2014, 2025), rng.randrange(1, 13))
            span = rng.choice([20, 200, 2000, 5000]) * 86400
            scale = TimeScale(t0, t0 + span, rng.choice([400, 900, 1500]))
            f = compose(data, scale, fonts, left=left, metrics=m)
            _check_labels_belong_to_their_markers(f)
            clustered = sum(la.clustered for la in f.lanes)
            assert len(f.drawn) + clustered == sum(la.count for la in f.lanes)
        store.close()


def test_a_lane_filtered_alone_gets_the_room_of_the_others(qtbot, sample_path: Path) -> None:
    from citeline.core.filters import ItemFilter

    win = build_window(sample_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    view = win.timeline.view
    view.fit_all()
    lanes = {lane.info.name: lane for lane in view.frame().lanes}
    politics = lanes["US politics"].info.key
    before = lanes["US politics"].height
    view.set_filter(ItemFilter(lane_ids=frozenset({politics})))
    after = {lane.info.name: lane for lane in view.frame().lanes}
    assert after["US politics"].expanded and not after["US politics"].collapsed
    assert all(lane.collapsed for name, lane in after.items() if name != "US politics")
    assert after["US politics"].height >= before
    others = sum(la.height for name, la in after.items() if name != "US politics")
    assert others < sum(la.height for name, la in lanes.items() if name != "US politics")
    # Clearing the filter gives every lane back its own room.
    view.set_filter(None)
    assert not any(lane.collapsed for lane in view.frame().lanes)
    win.close()
