"""Rank slices read ahead on a worker thread, and painting in fewer calls: the frames of
a scripted zoom and pan show exactly what a straightforward recompute shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPainter
from tests.ui.conftest import draw

from citeline.commands import bench_frames
from citeline.commands.bench import generate
from citeline.core import queries
from citeline.core.prefetch import RankPrefetcher, slices_around
from citeline.core.store import Store
from citeline.core.windows import WindowIndex
from citeline.ui.timeline import TimelineView
from citeline.ui.timeline.compose import compose
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import ClusterBox, Frame
from citeline.ui.timeline.theme import Fonts
from citeline.ui.timeline.view import DESCRIBE_MS


@pytest.fixture(scope="module")
def crowded_file(tmp_path_factory) -> Path:
    """A synthetic project whose lanes are crowded at every zoom out of days."""
    path = tmp_path_factory.mktemp("ahead") / "crowded.citeline"
    generate(path, 2000, 5)
    return path


@pytest.fixture
def crowded(crowded_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "crowded.citeline"
    shutil.copy(crowded_file, copy)
    return copy


def shown(frame: Frame) -> list[tuple[object, ...]]:
    """What a frame shows: each lane's rows, items (row, title and where it goes) and
    clusters (where, and how many)."""
    return [
        (
            lane.info.key,
            lane.rows,
            round(lane.y, 6),
            [
                (d.key, d.row, d.label, round(d.label_x, 6), round(d.label_w, 6), round(d.x0, 6))
                for d in lane.items
            ],
            [(round(c.x0, 6), round(c.x1, 6), c.count) for c in lane.clusters],
        )
        for lane in frame.lanes
    ]


def test_a_scripted_zoom_and_pan_shows_what_a_straightforward_recompute_shows(
    qtbot, crowded: Path, monkeypatch
) -> None:
    from citeline.ui.document import Document
    from citeline.ui.timeline import data

    # Counted from the file's summaries, as a large project is (and so read ahead); too
    # large to hold its indexes in memory (only its counts' running totals are read).
    monkeypatch.setattr(data, "IN_MEMORY_ITEMS", 1000)
    monkeypatch.setattr(data, "KEEP_ITEMS", 1000)

    doc = Document(Store.open(crowded))
    try:
        view = TimelineView(doc)
        qtbot.addWidget(view)
        view.resize(1200, 480)
        view.fit_all()
        ahead = view.data.prefetcher
        assert ahead is not None
        draw(view)
        crowded_frames = 0
        for _, scale in bench_frames.script(view):
            # The user looks at each frame a moment: the worker reads what is next.
            assert ahead.wait_idle()
            view.set_scale(scale)
            warm = draw(view)
            cold = compose(
                TimelineData(doc.store, defer_flags=True, facts=doc.facts),
                view.scale,
                Fonts.like(view.font()),
                left=view.left,
                height=float(view.height()),
                metrics=view.metrics,
            )
            assert shown(warm) == shown(cold)
            crowded_frames += any(lane.crowded for lane in warm.lanes)
        assert crowded_frames >= 5
        # Frames took answers read ahead (and read them no more themselves).
        assert ahead.read > 0 and ahead.taken > 0
    finally:
        doc.close()


def test_answers_read_ahead_are_the_files_and_a_change_drops_them(qapp, crowded: Path) -> None:
    store = Store.open(crowded)
    try:
        ahead = RankPrefetcher.for_store(store, ("event", "quote"))
        assert ahead is not None
        lane = int(store.db.execute("SELECT MIN(id) FROM lanes").fetchone()[0])
        lo, hi = store.db.execute(
            "SELECT MIN(date_earliest), MAX(date_latest) FROM events"
        ).fetchone()
        step = (hi - lo) / 4
        keys = [(lane, lo + i * step, lo + (i + 1) * step, 7) for i in range(4)]
        ahead.ask(keys)
        assert ahead.wait_idle()
        for key in keys:
            want = queries.ranked_items(store, key[1], key[2], limit=7, lane_id=lane)
            assert want and ahead.take(key) == want
            assert ahead.take(key) is None  # taken once
        # Read, or still being read, when the project changes: dropped either way.
        ahead.ask(keys)
        assert ahead.wait_idle()
        ahead.ask(keys[:2])
        ahead.forget()
        assert ahead.wait_idle()
        assert all(ahead.take(key) is None for key in keys)
        # A small project ranks from its rank index in memory: its slices are not read
        # ahead (a worker would compete with its frames for the processor).
        small = TimelineData(store, prefetch=True)
        assert small.prefetcher is None
        small.wait_for_indexes(0.0)
        ranks = small._ranks()
        assert ranks is not None
        small.close()
        # Slices read ahead from a rank index in memory (a larger project's, once its
        # indexes are in) are the file's all the same.
        ahead.use_ranks(ranks)
        ahead.ask(keys)
        assert ahead.wait_idle()
        for key in keys:
            want = queries.ranked_items(store, key[1], key[2], limit=7, lane_id=lane)
            assert ahead.take(key) == want
        # A large one's data forgets what was read ahead when it reloads after an edit.
        data = TimelineData(store, prefetch=True, index=WindowIndex(store))
        assert data.prefetcher is not None
        data.prefetcher.ask(keys)
        assert data.prefetcher.wait_idle()
        data.reload()
        assert all(data.prefetcher.take(key) is None for key in keys)
        data.close()
        ahead.close()
    finally:
        store.close()


def test_a_project_without_a_file_reads_nothing_ahead(qapp) -> None:
    store = Store.memory()
    assert RankPrefetcher.for_store(store, ("event",)) is None
    assert TimelineData(store, prefetch=True).prefetcher is None


def test_counts_drawn_after_their_pills_look_as_drawn_one_by_one(qtbot, crowded: Path) -> None:
    # The painter draws a lane's pills first and their counts after them when no pill
    # reaches an earlier count; pills clipped at the left edge pile up, and are then
    # drawn pill, count, pill, count. Either way the picture is the one-by-one one.
    from citeline.ui.document import Document

    doc = Document(Store.open(crowded))
    try:
        view = TimelineView(doc)
        qtbot.addWidget(view)
        view.resize(1200, 480)
        frame = view.frame()
        painter = view._painter
        color = painter.lane_color(None, 0)
        left, y = frame.left, frame.top + 40.0
        spread = [
            ClusterBox(1, left + 40 + 60 * i, left + 90 + 60 * i, y, 7 + i, 0, 1) for i in range(6)
        ]
        piled = [
            ClusterBox(1, left - 80 + 9 * i, left + 30 + 9 * i, y, 10 * i + 3, 0, 1)
            for i in range(5)
        ]
        for boxes in (spread, piled, spread + piled):
            images = []
            for together in (True, False):
                image = QImage(
                    view.width(), view.height(), QImage.Format.Format_ARGB32_Premultiplied
                )
                image.fill(0xFFFFFFFF)
                p = QPainter(image)
                if together:
                    painter._clusters(p, frame, boxes, color)
                else:
                    for c in boxes:
                        painter._clusters(p, frame, [c], color)
                p.end()
                images.append(image)
            assert images[0] == images[1]
    finally:
        doc.close()


def test_the_spoken_description_follows_the_window_once_zooming_pauses(qtbot, document) -> None:
    # Counting the items in view is a query on a large project: it is made once the
    # zoom or pan steps pause, not inside each frame.
    view = TimelineView(document)
    qtbot.addWidget(view)
    view.resize(1200, 480)
    view.fit_all()
    qtbot.waitUntil(lambda: "25 events and quotes" in view.accessibleDescription())
    s = view.scale
    view.set_scale(s.zoomed(400.0, 0.0))
    assert "25 events and quotes" in view.accessibleDescription()  # not yet
    qtbot.waitUntil(lambda: "25 events and quotes" not in view.accessibleDescription())
    n = view.data.index.count(view.scale.start, view.scale.end)
    assert n < 25 and f"{n:,} events and quotes" in view.accessibleDescription()


def test_a_file_that_cannot_be_read_ahead_is_not_tried_again(tmp_path: Path) -> None:
    ahead = RankPrefetcher(tmp_path / "gone.citeline", ("event",))
    ahead.ask([(1, 0.0, 10.0, 5)])
    assert ahead.wait_idle()
    assert ahead.take((1, 0.0, 10.0, 5)) is None
    ahead.ask([(1, 0.0, 10.0, 5)])  # given up: no new worker, nothing waiting
    assert ahead.wait_idle(timeout=0.1)


def test_the_slices_a_step_away_are_the_next_levels_halves_and_the_sides() -> None:
    # A grid of three 64-second slices from 128: zooming in asks for its 32-second
    # halves; panning or zooming out for the 64-second slices beside it, reaching half
    # the grid's width each way, out to the 128-second grid (zooming out doubles them).
    windows = [(128.0, 192.0), (192.0, 256.0), (256.0, 320.0)]
    finer, sides = slices_around(7, windows, 12)
    assert [(a, b) for _, a, b, _ in finer] == [(128.0 + 32 * i, 160.0 + 32 * i) for i in range(6)]
    assert {(lane, n) for lane, _, _, n in finer + sides} == {(7, 12)}
    # 128 s each way from 128..320, out to multiples of 128: 0..128 and 320..512.
    assert sorted((a, b) for _, a, b, _ in sides) == [
        (0.0, 64.0),
        (64.0, 128.0),
        (320.0, 384.0),
        (384.0, 448.0),
        (448.0, 512.0),
    ]
    # Nearest first on each side.
    assert [a for _, a, _, _ in sides][:2] == [64.0, 0.0]


def test_closing_the_window_mid_zoom_leaves_no_description_to_read_a_closed_project(
    qtbot, window
) -> None:
    # The delayed description counts items in the project: once the window closes
    # (and its project with it) nothing may be left to run against the closed store.
    view = window.timeline.view
    view.set_scale(view.scale.zoomed(400.0, 0.0))
    assert view._describe_timer.isActive()
    window.close()
    assert not view._describe_timer.isActive()
    qtbot.wait(3 * DESCRIBE_MS)  # an exception in the event loop would fail the test
