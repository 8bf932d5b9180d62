"""The timeline's kept text and images (widths, elided titles, laid-out labels, lane
tints, the lane column's image): renewed when the fonts, theme or pixel ratio change,
and never changing what a frame shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication
from tests.ui.conftest import draw

from citeline.core.calendar import instant
from citeline.core.layout import TimeScale
from citeline.ui.timeline import TimelineView
from citeline.ui.timeline.compose import compose
from citeline.ui.timeline.frame import Frame
from citeline.ui.timeline.theme import Fonts


@pytest.fixture
def view(qtbot, document) -> TimelineView:
    v = TimelineView(document)
    qtbot.addWidget(v)
    v.resize(1200, 520)
    return v


def labelled(frame: Frame) -> list[tuple[object, ...]]:
    """What a frame shows of its items: key, row, label and where everything goes."""
    return [
        (d.key, d.row, d.label, round(d.label_x, 6), round(d.label_w, 6), round(d.y, 6))
        for lane in frame.lanes
        for d in lane.items
    ]


def test_titles_drawn_after_a_font_change_are_measured_with_the_new_font(view) -> None:
    draw(view)
    before = view._fonts
    assert before._widths
    big = QFont(view.font())
    big.setPixelSize(17)
    view.setFont(big)
    frame = draw(view)
    fonts = view._fonts
    assert fonts is not before and fonts.size == 17
    fresh = QFont(fonts.label)
    shown = [d for d in frame.drawn if d.label]
    assert shown
    for d in shown:
        # The width placed is the new font's, measured afresh, not a kept one.
        assert d.label_w == pytest.approx(Fonts(fonts.families, 17).measure_label(d.label))
        assert d.label_w == pytest.approx(fonts.metrics(fresh).horizontalAdvance(d.label), rel=1e-6)
    assert any(before.measure_label(d.label) < d.label_w - 1 for d in shown)


def test_a_theme_or_pixel_ratio_change_renews_the_kept_text_and_tints(view) -> None:
    draw(view)
    painter = view._painter
    assert painter._inks
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1b1b1b"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    view.setPalette(dark)
    draw(view)
    renewed = view._painter
    assert renewed is not painter and renewed.theme.dark
    assert not painter.theme.dark
    # A new screen (another pixel ratio): text laid out for the old one is dropped.
    kept_fonts = view._fonts
    QApplication.sendEvent(view, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert view._painter is not renewed
    assert view._fonts is not kept_fonts
    assert not view._painter._static and not view._painter._inks
    assert view._painter._column._image._image is None


def test_the_kept_lane_column_follows_the_theme(view) -> None:
    # The column is copied from a kept image: after a theme change it is drawn anew,
    # in the new theme's colors.
    draw(view)
    draw(view)
    assert view._painter._column._image._image is not None
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1b1b1b"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    view.setPalette(dark)
    image = QImage(view.width(), view.height(), QImage.Format.Format_ARGB32_Premultiplied)
    for _ in range(2):
        p = QPainter(image)
        view.draw(p)
        p.end()
    assert view._painter.theme.dark and view._painter._column._image._image is not None
    assert image.pixel(int(view.left) - 3, 2) == view._painter.theme.column.rgb()


def test_kept_text_and_counts_change_nothing_a_frame_shows(view, document) -> None:
    # A view that has zoomed and panned through the sample (its widths, elided titles,
    # laid-out labels and window answers all kept) shows each window exactly as a
    # frame composed with nothing kept.
    windows = [
        (instant(2016), instant(2026)),
        (instant(2020), instant(2022)),
        (instant(2021, 1), instant(2021, 6)),
        (instant(2024, 1), instant(2024, 7)),
        (instant(2016), instant(2026)),
    ]
    for _ in range(2):
        for a, b in windows:
            view.set_scale(TimeScale(a, b, view.scale.width))
            draw(view)
    for a, b in windows:
        view.set_scale(TimeScale(a, b, view.scale.width))
        warm = draw(view)
        cold_view = TimelineView(document)
        cold_view.resize(view.width(), view.height())
        cold = compose(
            cold_view.data,
            view.scale,
            Fonts.like(view.font()),
            left=view.left,
            height=float(view.height()),
            metrics=view.metrics,
        )
        assert labelled(warm) == labelled(cold)
        assert sum(1 for d in warm.drawn if d.label) > 0
        assert [c.count for c in warm.clusters] == [c.count for c in cold.clusters]
        cold_view.deleteLater()


def test_cutting_by_kept_widths_gives_what_qt_cuts(qapp, document) -> None:
    # A title that fits is returned without asking Qt: always what Qt would return.
    from PySide6.QtCore import Qt

    fonts = Fonts.default()
    metrics = fonts.metrics(fonts.label)
    titles = [r["title"] for r in document.store.rows("events")]
    titles += ["서울과 워싱턴의 방위비 협상", "a\nb", "  spaced  ", ""]
    for title in titles:
        w = fonts.measure_label(title)
        for room in (w, w + 1 / 128, w - 1 / 128, w + 3.0, w / 2, 400.0):
            want = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
            assert fonts.elide(title, room) == want
