"""The overview strip costs little per frame: while a zoom past the project moves the
strip's range, the project's drawn density shrinks in place instead of being counted
anew at every step, and is counted once the range holds still; the bench counts the
strip inside each frame's figures."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter

from citeline.commands import bench_frames
from citeline.core.filters import ItemFilter
from citeline.core.layout import Overview
from citeline.ui.timeline import TimelinePanel
from citeline.ui.timeline.overview import SETTLE_MS, OverviewStrip


def _panel(qtbot, document) -> TimelinePanel:
    panel = TimelinePanel(document)
    qtbot.addWidget(panel)
    panel.resize(1200, 560)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _render(strip: OverviewStrip) -> QImage:
    image = QImage(strip.width(), strip.height(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#000000"))
    p = QPainter(image)
    strip.render(p, QPoint(0, 0))
    p.end()
    return image


def _bar_span(image: QImage) -> tuple[int, int]:
    """The first and last columns with a histogram bar: everything else the strip draws
    (background, eras, the marker and its shade) is the same from top to bottom."""
    low = image.height() - 5
    cols = [x for x in range(image.width()) if image.pixel(x, 4) != image.pixel(x, low)]
    assert cols, "no bars drawn"
    return cols[0], cols[-1]


def test_zooming_out_past_the_project_shrinks_its_density_without_counting_again(
    qtbot, document, monkeypatch
) -> None:
    panel = _panel(qtbot, document)
    view, strip = panel.view, panel.overview
    view.fit_all()
    home = _render(strip)
    lo, hi = _bar_span(home)
    counted: list[float] = []
    real = Overview.histogram

    def counting(self, *args, **kwargs):
        counted.append(self.end - self.start)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Overview, "histogram", counting)
    s = view.scale
    for step in range(1, 9):
        view.set_scale(s.zoomed(1 / 1.5**step, s.width / 2))
        image = _render(strip)
    # Eight steps out, and not one count of the project's items.
    assert counted == []
    # The project's bars now fill the part of the strip the project covers.
    ov = strip.overview()
    ext = view.data.extent
    assert ext is not None and ov.end - ov.start > 10 * (ext[1] - ext[0])
    lo2, hi2 = _bar_span(image)
    want = (ov.x(ext[1]) - ov.x(ext[0])) / (hi - lo)
    assert (hi2 - lo2) / (hi - lo) == pytest.approx(want, abs=0.03)
    assert ov.x(ext[0]) - 3 <= lo2 and hi2 <= ov.x(ext[1]) + 3
    # Once the range holds still it is counted and drawn for itself: as a strip that
    # never saw another range draws it.
    qtbot.waitUntil(lambda: strip._settled, timeout=SETTLE_MS + 5000)
    settled = _render(strip)
    assert len(counted) == 1
    fresh = OverviewStrip(view, panel)
    fresh.setGeometry(strip.geometry())
    assert settled == _render(fresh)
    assert settled != image
    # Back to the whole project, the strip is again what it was (its kept drawing).
    view.fit_all()
    assert _render(strip) == home
    assert len(counted) == 2  # the fresh strip's count


def test_a_filter_is_drawn_when_zoomed_out_past_the_project(qtbot, document) -> None:
    panel = _panel(qtbot, document)
    view, strip = panel.view, panel.overview
    view.fit_all()
    s = view.scale
    view.set_scale(s.zoomed(1 / 4, s.width / 2))
    before = _render(strip)
    view.set_filter(ItemFilter(lane_ids=frozenset({view.data.lanes[0].key})))
    after = _render(strip)
    # The matched items are drawn in the highlight over the dimmed total, and only
    # where the project is on the strip.
    assert after != before
    ov, ext = strip.overview(), view.data.extent
    y = strip.height() - 5
    changed = [x for x in range(strip.width()) if after.pixel(x, y) != before.pixel(x, y)]
    assert changed and ov.x(ext[0]) - 3 <= changed[0] and changed[-1] <= ov.x(ext[1]) + 3


def test_the_bench_counts_the_overview_strip_in_each_frame(qtbot, document, monkeypatch) -> None:
    # A strip that costs 3 ms of CPU to paint makes every frame cost at least that.
    panel = _panel(qtbot, document)
    view = panel.view
    view.fit_all()
    real = OverviewStrip.paintEvent

    def slow(self, event):
        end = time.thread_time() + 0.003
        while time.thread_time() < end:
            pass
        real(self, event)

    monkeypatch.setattr(OverviewStrip, "paintEvent", slow)
    image = QImage(view.width(), view.height(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    try:
        out = bench_frames.run(view, p)
    finally:
        p.end()
    assert out["frames"] > 30
    assert out["zoom_cpu_ms_p50"] >= 3.0 and out["pan_cpu_ms_p50"] >= 3.0
