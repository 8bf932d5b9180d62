"""The overview strip: the whole project's density, with the visible window to drag."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from citeline.core.layout import Overview, TimeScale
from citeline.ui.timeline.theme import Theme
from citeline.ui.timeline.view import TimelineView

#: How close to the marker's edges a press resizes the window instead of moving it.
EDGE_PX = 4.0
BUCKET_PX = 2.0
#: How long the strip's range holds still before a range not drawn yet is counted (ms).
SETTLE_MS = 150


class OverviewStrip(QWidget):
    """A thin strip of the whole project: drag the window marker to pan, click to jump."""

    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._drag: str | None = None  # "move", "left" or "right"
        self._press_x = 0.0
        self._press_scale: TimeScale | None = None
        self._press_overview: Overview | None = None
        self._cache: tuple[tuple[object, ...], list[int], list[int] | None] | None = None
        self._layers_key: tuple[object, ...] | None = None
        self._layers: dict[tuple[float, float], QPixmap] = {}
        self._shrunk: dict[tuple[tuple[float, float], int], QPixmap] = {}
        # A range the strip has not drawn yet is drawn as counted once it holds still
        # this long (ms); meanwhile a drawing of another range stands in.
        self._settled = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._hold_still)
        self._inks: tuple[int, Theme, _Inks] | None = None
        self.setFixedHeight(36)
        self.setMouseTracking(True)
        self.setAccessibleName("Timeline overview")
        self.setAccessibleDescription(
            "The whole project's items over time; the marked box is the visible window: "
            "drag it to pan, click elsewhere to jump there"
        )
        self.setToolTip("Drag the box to pan the timeline; click to jump; drag its edges to zoom")
        view.windowChanged.connect(self._moved)
        view.dataReloaded.connect(self._forget)

    def overview(self) -> Overview:
        """The strip's mapping: the project's extent and the visible window, across its width."""
        s = self.view.scale
        ext = self.view.data.extent
        lo, hi = (min(ext[0], s.start), max(ext[1], s.end)) if ext else (s.start, s.end)
        return Overview.for_extent(lo, hi, float(max(self.width(), 1)))

    def marker(self) -> tuple[float, float]:
        """The visible window's marker, x0 and x1 on the strip."""
        return self.overview().window(self.view.scale)

    def _forget(self) -> None:
        self._cache = None
        self.update()

    def _histograms(self, ov: Overview) -> tuple[list[int], list[int] | None]:
        data = self.view.data
        key = (data.generation, id(data.filtered_index), ov.start, ov.end, ov.width)
        if self._cache is None or self._cache[0] != key:
            total = ov.histogram(data.index, BUCKET_PX)
            filt = data.filtered_index
            matched = ov.histogram(filt, BUCKET_PX) if filt is not None else None
            self._cache = (key, total, matched)
        return self._cache[1], self._cache[2]

    def _density(self, theme: Theme, ov: Overview, w: float, h: float) -> QPixmap | None:
        """The strip without the window marker: its background, eras and histograms, for
        the strip's range ``ov``; None when it is not drawn yet and may wait.

        It changes with the project, the filter, the strip's range and size and the
        colors, not with the window inside the range, so it is drawn once and copied at
        every frame. While a zoom moves the range (the window reaches past the project)
        counting every step anew would cost several frames' time: a drawing of another
        range stands in (see :meth:`_stand_in`) until the range holds still.
        """
        data = self.view.data
        dpr = self.devicePixelRatioF()
        colors = (theme.column.rgba(), theme.muted.rgba(), theme.highlight.rgba(), theme.dark)
        key = (data.generation, id(data.filtered_index), data.extent, w, h, dpr, colors)
        if key != self._layers_key:
            self._layers_key, self._layers, self._shrunk = key, {}, {}
        span = (ov.start, ov.end)
        got = self._layers.get(span)
        if got is not None:
            return got
        if self._layers and not self._settled:
            return None
        total, matched = self._histograms(ov)
        layer = QPixmap(max(1, round(w * dpr)), max(1, round(h * dpr)))
        layer.setDevicePixelRatio(dpr)
        p = QPainter(layer)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(QRectF(0, 0, w, h), theme.column)
        self._eras(p, theme, ov, h)
        color = QColor(theme.muted)
        color.setAlpha(150 if matched is None else 60)
        _bars(p, total, h - 3, h - 8, color)
        if matched is not None:
            hi = QColor(theme.highlight)
            hi.setAlpha(200)
            _bars(p, matched, h - 3, h - 8, hi, peak=max(total, default=0))
        p.end()
        # The narrowest range drawn (the most detail of the project) is kept to stand
        # in for others, with the latest.
        narrowest = min(self._layers, key=lambda r: r[1] - r[0], default=None)
        self._layers = {r: pm for r, pm in self._layers.items() if r == narrowest}
        self._layers[span] = layer
        return layer

    def _stand_in(self, p: QPainter, theme: Theme, ov: Overview, w: float, h: float) -> None:
        """The strip for range ``ov`` from the drawing of another range: the narrowest
        drawn, moved and scaled to where its range lies on the strip. Every range drawn
        holds the project's whole extent, so nothing but background and eras is outside."""
        start, end = min(self._layers, key=lambda r: r[1] - r[0])
        layer = self._layers[(start, end)]
        p.fillRect(QRectF(0, 0, w, h), theme.column)
        self._eras(p, theme, ov, h)
        x0, x1 = ov.x(start), ov.x(end)
        shrunk = self._shrunk_to((start, end), layer, x1 - x0)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.drawPixmap(QRectF(x0, 0, x1 - x0, h), shrunk, QRectF(shrunk.rect()))

    def _eras(self, p: QPainter, theme: Theme, ov: Overview, h: float) -> None:
        for era in self.view.data.eras:
            x0, x1 = ov.x(era.earliest), ov.x(era.latest)
            p.fillRect(QRectF(x0, 0, x1 - x0, h), theme.era_color(era.color))

    def _shrunk_to(self, span: tuple[float, float], layer: QPixmap, width: float) -> QPixmap:
        """``layer`` made narrow enough to be drawn ``width`` px wide by a smooth scaling
        of at most 2:1 (which samples every pixel), halved as often as needed and kept."""
        halvings = 0
        while layer.width() / layer.devicePixelRatio() / 2.0 ** (halvings + 1) >= width:
            halvings += 1
        if halvings == 0:
            return layer
        got = self._shrunk.get((span, halvings))
        if got is None:
            got = QPixmap.fromImage(
                layer.toImage().scaled(
                    max(1, round(layer.width() / 2.0**halvings)),
                    layer.height(),
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            got.setDevicePixelRatio(layer.devicePixelRatio())
            self._shrunk[(span, halvings)] = got
        return got

    def _moved(self) -> None:
        """The window moved: the strip's range may be moving too; it is counted once it
        has held still for ``SETTLE_MS``."""
        self._settled = False
        self._settle.start()
        self.update()

    def _hold_still(self) -> None:
        """The range has held still: draw it as counted."""
        self._settled = True
        self.update()

    def _colors(self) -> tuple[Theme, _Inks]:
        """The theme of the strip's palette and the marker's colors, made once per palette."""
        palette = self.palette()
        key = palette.cacheKey()
        if self._inks is None or self._inks[0] != key:
            theme = Theme.from_palette(palette)
            self._inks = (key, theme, _Inks(theme))
        return self._inks[1], self._inks[2]

    def paintEvent(self, event: QPaintEvent) -> None:
        theme, ink = self._colors()
        ov = self.overview()
        w, h = float(self.width()), float(self.height())
        density = self._density(theme, ov, w, h)
        p = QPainter(self)
        if density is not None:
            p.drawPixmap(0, 0, density)
        else:
            self._stand_in(p, theme, ov, w, h)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        x0, x1 = ov.window(self.view.scale)
        p.fillRect(QRectF(0, 0, x0, h), ink.shade)
        p.fillRect(QRectF(x1, 0, w - x1, h), ink.shade)
        p.fillRect(QRectF(x0, 1, x1 - x0, h - 2), ink.marker)
        p.setPen(ink.marker_pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(x0, 1, x1 - x0, h - 2))
        p.setPen(ink.edge_pen)
        p.drawLine(QPointF(0, 0), QPointF(w, 0))
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        ov = self.overview()
        x = event.position().x()
        x0, x1 = ov.window(self.view.scale)
        if abs(x - x0) <= EDGE_PX and x1 - x0 > 2 * EDGE_PX:
            self._drag = "left"
        elif abs(x - x1) <= EDGE_PX and x1 - x0 > 2 * EDGE_PX:
            self._drag = "right"
        elif x0 <= x <= x1:
            self._drag = "move"
        else:
            # A click outside the marker jumps there, and the press goes on as a drag.
            self.view.set_scale(ov.centred(self.view.scale, x))
            self._drag = "move"
        # The mapping stays as it was at the press, so the marker follows the pointer
        # even when the window leaves the project's extent and the strip would rescale.
        self._press_overview = ov
        self._press_scale = self.view.scale
        self._press_x = x

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        ov, start = self._press_overview, self._press_scale
        if self._drag is None or ov is None or start is None:
            x0, x1 = self.marker()
            near = min(abs(x - x0), abs(x - x1)) <= EDGE_PX
            self.setCursor(
                Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.PointingHandCursor
            )
            return
        if self._drag == "move":
            self.view.set_scale(ov.dragged(start, x - self._press_x))
            return
        x0, x1 = ov.window(start)
        if self._drag == "left":
            x0 = min(x, x1 - 2)
        else:
            x1 = max(x, x0 + 2)
        self.view.set_scale(ov.spanning(x0, x1, self.view.scale.width))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        self._press_overview = None
        self._press_scale = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Zoom the view around the middle of its window, as the strip has no cursor time.
        dy = event.angleDelta().y()
        if dy:
            s = self.view.scale
            self.view.set_scale(s.zoomed(2.0 ** (dy / 480.0), s.width / 2))
        event.accept()


class _Inks:
    """The window marker's colors and pens in one theme."""

    def __init__(self, theme: Theme) -> None:
        self.shade = QColor(theme.background)
        self.shade.setAlpha(120)
        self.marker = QColor(theme.highlight)
        self.marker.setAlpha(22)
        self.marker_pen = QPen(theme.highlight, 1.5)
        self.edge_pen = QPen(theme.grid_major, 1.0)


def _bars(
    p: QPainter, counts: list[int], bottom: float, room: float, color: QColor, peak: int = 0
) -> None:
    """A histogram as one filled outline, square-root scaled like the lanes' strips."""
    peak = peak or max(counts, default=0)
    if not peak:
        return
    poly = QPolygonF()
    poly.append(QPointF(0, bottom))
    x = 0.0
    for c in counts:
        h = 0.0 if c <= 0 else max(1.5, room * math.sqrt(c / peak))
        poly.append(QPointF(x, bottom - h))
        x += BUCKET_PX
        poly.append(QPointF(x, bottom - h))
    poly.append(QPointF(x, bottom))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPolygon(poly)
