"""The shapes the timeline draws its items with: diamonds, speech bubbles and bars."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPainterPath, QPen, QPolygonF

from citeline.ui.timeline.theme import Theme


def draw_bar(
    p: QPainter,
    theme: Theme,
    full: QRectF,
    color: QColor,
    fuzzy: bool,
    unsure: bool,
    lo: float,
    hi: float,
    inks: Inks | None = None,
) -> None:
    """A span's bar: solid when exact, faded at its ends when approximate, dashed and
    hatched when uncertain; drawn only between ``lo`` and ``hi`` (``inks``: the
    color's tints, when the caller keeps them)."""
    # Gradients follow the whole span, but only the part near the view is drawn: a
    # decade-long bar at a zoom of minutes is millions of pixels wide, more than the
    # rasterizer's fixed-point coordinates hold.
    r = QRectF(full)
    r.setLeft(max(r.left(), lo))
    r.setRight(min(r.right(), hi))
    if r.width() <= 0:
        return
    fill = alpha(color, 95) if inks is None else inks.fill
    if fuzzy:
        # The ends fade out: the span's limits are not known to the day.
        fade = min(0.3, 28.0 / max(full.width(), 1.0))
        g = QLinearGradient(full.left(), 0, full.right(), 0)
        g.setColorAt(0.0, theme.fade(color, 0))
        g.setColorAt(fade, theme.fade(color, 95))
        g.setColorAt(1.0 - fade, theme.fade(color, 95))
        g.setColorAt(1.0, theme.fade(color, 0))
        p.fillRect(r, QBrush(g))
    else:
        p.fillRect(r, fill)
    if unsure:
        p.fillRect(r, QBrush(alpha(color, 150), Qt.BrushStyle.BDiagPattern))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(dashed(color, 1.0))
        p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5))
    elif not fuzzy:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(color, 1.0) if inks is None else inks.edge)
        p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5))
    else:
        # Top and bottom edges only, fading like the fill.
        g = QLinearGradient(full.left(), 0, full.right(), 0)
        fade = min(0.3, 28.0 / max(full.width(), 1.0))
        g.setColorAt(0.0, theme.fade(color, 0))
        g.setColorAt(fade, color)
        g.setColorAt(1.0 - fade, color)
        g.setColorAt(1.0, theme.fade(color, 0))
        p.setPen(QPen(QBrush(g), 1.2))
        p.drawLine(r.topLeft(), r.topRight())
        p.drawLine(r.bottomLeft(), r.bottomRight())


def alpha(c: QColor, a: int) -> QColor:
    out = QColor(c)
    out.setAlpha(a)
    return out


def dashed(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setStyle(Qt.PenStyle.DashLine)
    return pen


_DIAMONDS: dict[float, QPainterPath] = {}


def diamond(cx: float, cy: float, r: float) -> QPainterPath:
    """A diamond of radius ``r`` around cx, cy (one kept per radius, moved into place:
    the same points as drawing it there, for a fraction of the cost)."""
    base = _DIAMONDS.get(r)
    if base is None:
        base = QPainterPath()
        base.moveTo(0.0, -r)
        base.lineTo(r, 0.0)
        base.lineTo(0.0, r)
        base.lineTo(-r, 0.0)
        base.closeSubpath()
        _DIAMONDS[r] = base
    return base.translated(cx, cy)


def bubble(x: float, y: float, w: float, h: float) -> QPainterPath:
    """A speech bubble filling x, y, w, h: a rounded box with a tail at bottom left."""
    path = QPainterPath()
    body = QRectF(x, y, w, h * 0.78)
    path.addRoundedRect(body, 2.5, 2.5)
    tail = QPolygonF(
        [
            QPointF(x + w * 0.2, body.bottom() - 0.5),
            QPointF(x + w * 0.15, y + h + 1),
            QPointF(x + w * 0.5, body.bottom() - 0.5),
        ]
    )
    path.addPolygon(tail)
    path.closeSubpath()
    return path.simplified()


class Inks:
    """The colors, pens and brushes one lane color draws its items with, made once.

    Painting a frame asks for the same few tints of each lane's color for every marker
    and cluster; making a QColor or QPen costs about as much as drawing a small marker,
    so a painter keeps one ``Inks`` per lane color (see :meth:`TimelinePainter.inks`).
    """

    __slots__ = (
        "_alphas",
        "_color",
        "cluster_pen",
        "dashed_thick",
        "day",
        "edge",
        "fade45",
        "fade60",
        "fill",
        "outline",
        "solid_fuzzy",
    )

    def __init__(self, theme: Theme, color: QColor) -> None:
        self._color = color
        self.day = alpha(color, 38)
        self.fill = alpha(color, 95)
        self.solid_fuzzy = alpha(color, 190)
        self.fade45 = theme.fade(color, 45)
        self.fade60 = theme.fade(color, 60)
        self.outline = QPen(color.darker(140), 1.0)
        self.edge = QPen(color, 1.0)
        self.dashed_thick = dashed(color, 1.6)
        self.cluster_pen = QPen(color.darker(130), 1.0)
        self._alphas: dict[int, QColor] = {}

    def alpha(self, a: int) -> QColor:
        """The lane color at opacity ``a`` (0–255), kept."""
        got = self._alphas.get(a)
        if got is None:
            got = self._alphas[a] = alpha(self._color, a)
        return got
