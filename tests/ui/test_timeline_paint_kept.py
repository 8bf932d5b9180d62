"""What the painter keeps or skips between frames changes no pixel: the lane column copied
from its kept image (from the second frame its lanes stay put), and plain markers drawn
without setting a pen or brush again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from citeline.core.calendar import instant
from citeline.core.layout import TimeScale
from citeline.core.sample import build_sample
from citeline.core.store import Store
from citeline.ui.timeline import column as column_module
from citeline.ui.timeline.compose import column_width, compose
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import ClusterBox, Frame, Metrics
from citeline.ui.timeline.painter import TimelinePainter
from citeline.ui.timeline.theme import Fonts, Theme

WINDOWS = [
    (instant(2015), instant(2027)),
    (instant(2020), instant(2022)),
    (instant(2021, 1), instant(2021, 6)),
    (instant(2024, 3, 1), instant(2024, 3, 20)),
    (instant(2024, 1), instant(2024, 7)),
]


@pytest.fixture(scope="module")
def sample() -> TimelineData:
    store = Store.memory()
    build_sample(store)
    return TimelineData(store)


def frames(data: TimelineData) -> list[Frame]:
    """The sample at several zooms, with lanes folded, crowded and selected items."""
    fonts = Fonts.default()
    out = []
    for i, (t0, t1) in enumerate(WINDOWS):
        metrics = Metrics(max_rows=2) if i % 2 else Metrics()
        left = column_width(data, fonts, metrics)
        scale = TimeScale(t0, t1, 1200 - left)
        frame = compose(data, scale, fonts, left=left, height=520.0, metrics=metrics)
        if i == 2 and frame.drawn:
            frame.drawn[0].selected = True
        if i == 3:
            frame.lanes[0].collapsed = True
        out.append(frame)
    return out


def paint(painter: TimelinePainter, frame: Frame) -> QImage:
    image = QImage(int(frame.width), int(frame.height), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    painter.paint(p, frame)
    p.end()
    return image


def test_the_kept_column_draws_what_drawing_it_gives(qapp, sample, monkeypatch) -> None:
    kept = TimelinePainter(Theme.light(), Fonts.default(), static_text=True)
    # Every frame three times: drawn directly (its lanes are new), drawn into the kept
    # image and copied, then copied.
    every = [f for f in frames(sample) for _ in range(3)]
    pictures = []
    for frame in every:
        pictures.append(paint(kept, frame))
        if len(pictures) % 3 == 2:
            assert kept._column._image._image is not None
            assert kept._column._image._key == kept._column._image._last
    monkeypatch.setattr(column_module, "whole_pixels", lambda p: False)
    plain = TimelinePainter(Theme.light(), Fonts.default(), static_text=True)
    for frame, picture in zip(every, pictures, strict=True):
        assert picture == paint(plain, frame)


def test_the_column_is_not_kept_where_the_picture_is_scaled(qapp, sample) -> None:
    # A painter scaled (a screen of another pixel ratio) or moved by part of a pixel
    # draws the column itself: a kept image would not land on the same pixels.
    frame = frames(sample)[0]
    painter = TimelinePainter(Theme.light(), Fonts.default(), static_text=True)
    image = QImage(2400, 1040, QImage.Format.Format_ARGB32_Premultiplied)
    for move in (lambda p: p.scale(2.0, 2.0), lambda p: p.translate(QPointF(0.5, 0.0))):
        for _ in range(3):
            p = QPainter(image)
            move(p)
            painter.paint(p, frame)
            p.end()
        assert painter._column._image._image is None
    for _ in range(2):
        p = QPainter(image)
        p.translate(QPointF(30.0, 12.0))
        painter.paint(p, frame)
        p.end()
    assert painter._column._image._image is not None


def test_plain_markers_draw_as_every_marker_did(qapp, sample) -> None:
    class EveryMarker(TimelinePainter):
        """Every item through _marker, setting its pen and brush each time."""

        def _markers(self, p, f, shown, color) -> None:
            inks = self.inks(color)
            aa = p.testRenderHint(QPainter.RenderHint.Antialiasing)
            for d in shown:
                if d.dimmed:
                    p.setOpacity(0.22)
                aa = self._marker(p, f.left, f.width, f.metrics, d, color, inks, aa, False)
                p.setOpacity(1.0)
            self.stats.items += len(shown)

    every = frames(sample)
    for d in every[1].drawn[::3]:
        d.dimmed = True
    plain = [d for f in every for d in f.drawn if d.point and not d.item.approximate]
    bars = [d for f in every for d in f.drawn if not d.point and not d.item.approximate]
    assert plain and bars
    for theme in (Theme.light(), Theme.light(flat_gradients=True)):
        for frame in every:
            want = paint(EveryMarker(theme, Fonts.default()), frame)
            assert paint(TimelinePainter(theme, Fonts.default()), frame) == want


def test_the_screen_painter_draws_what_the_file_painter_draws(qapp, sample) -> None:
    # The screen's painter keeps laid-out text, the column's image and the counts of
    # crowded lanes; a file's painter keeps nothing. Their pictures are the same.
    fonts = Fonts.default()
    crowded = []
    for t0, t1 in WINDOWS[:3]:
        metrics = Metrics(max_rows=1)
        left = column_width(sample, fonts, metrics)
        scale = TimeScale(t0, t1, 1200 - left)
        crowded.append(compose(sample, scale, fonts, left=left, height=520.0, metrics=metrics))
    assert sum(len(la.clusters) for f in crowded for la in f.lanes) >= 5
    # Narrow pills close together: each count reaches the next pill, drawn in turn.
    lane = crowded[0].lanes[0]
    y = lane.clusters[0].y
    lane.clusters = [
        ClusterBox(lane=0, x0=x, x1=x + 9.3, y=y, count=n, t0=0, t1=1, weight=n / 4000)
        for x, n in ((300.25, 1234), (311.5, 5), (318.0, 2345), (330.7, 17))
    ]
    screen = TimelinePainter(Theme.light(), fonts, static_text=True)
    for frame in frames(sample) + crowded:
        for _ in range(3):  # met first, then kept
            seen = paint(screen, frame)
            assert seen == paint(TimelinePainter(Theme.light(), fonts), frame)


def test_a_painter_dropped_goes_at_once_with_what_it_kept(qapp, sample) -> None:
    # The view drops its painter for another theme or font; in a heap the app froze
    # (see citeline.ui.idlegc) a cycle would keep its kept text and images for good.
    import gc
    import weakref

    painter = TimelinePainter(Theme.light(), Fonts.default(), static_text=True)
    for frame in frames(sample)[:2]:
        paint(painter, frame)
        paint(painter, frame)
    assert painter._static and painter._column._image._image is not None
    gone = weakref.ref(painter)
    was = gc.isenabled()
    gc.disable()
    try:
        del painter
        assert gone() is None
    finally:
        if was:
            gc.enable()


def test_counts_do_not_push_the_titles_layouts_out(qapp, sample) -> None:
    # Crowded lanes show new counts at every zoom step: they are kept apart from the
    # titles, and a full store drops its older half, not everything.
    painter = TimelinePainter(Theme.light(), Fonts.default(), static_text=True)
    frame = frames(sample)[0]
    paint(painter, frame)
    titles = dict(painter._static)
    assert any(isinstance(key[1], bool) for key in titles)
    image = QImage(200, 40, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    for n in range(5000):
        painter._count(p, n)
    p.end()
    assert all(painter._static.get(key) is st for key, st in titles.items())
    assert 1500 <= len(painter._counts) <= 3001
    assert 4999 in painter._counts and 0 not in painter._counts
