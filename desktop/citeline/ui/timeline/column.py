"""The lane column of a timeline frame: its background, border, lane colors, folds and
names, left of the time area.

On screen it changes only when the lanes move, and costs a few tenths of a millisecond
to draw: everything but the names is then copied from a kept opaque image, pixel for
pixel what drawing it gives. The copy is exact where the painter maps the frame to whole
device pixels, which :func:`whole_pixels` tells; exports draw it anew.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen, QTransform

from citeline.ui.timeline.frame import Frame

if TYPE_CHECKING:
    from citeline.ui.timeline.painter import TimelinePainter

_TX_INTEGER = (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate)


def whole_pixels(p: QPainter) -> bool:
    """Whether ``p`` draws the frame's pixels on whole device pixels (no scaling, no
    fractional offset), so an image of a part drawn once lands where its pixels would."""
    t = p.deviceTransform()
    if t.type() not in _TX_INTEGER:
        return False
    return t.dx() == int(t.dx()) and t.dy() == int(t.dy())


class KeptImage:
    """One opaque image drawn by a function and kept while its key stays the same (its
    copy is a plain copy of pixels: nothing shows through).

    A key met for the first time is only noted: while the key changes at every frame
    (the lanes grow and shrink through a zoom) drawing directly costs less than drawing
    into an image and copying it. From its second frame in a row on, it is kept."""

    def __init__(self) -> None:
        self._key: Hashable = None
        self._image: QImage | None = None
        self._last: Hashable = None

    def get(
        self, key: Hashable, width: int, height: int, draw: Callable[[QPainter], None]
    ) -> QImage | None:
        """The image for ``key``, or None when the caller should draw it itself."""
        if self._image is not None and self._key == key:
            return self._image
        if key != self._last:
            self._last = key
            return None
        width, height = max(1, width), max(1, height)
        image = self._image
        if image is None or image.width() != width or image.height() != height:
            image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        p = QPainter(image)
        draw(p)
        p.end()
        self._key, self._image = key, image
        return image


class LaneColumn:
    """The lane column as one painter draws it, with its kept image and cut names."""

    def __init__(self, painter: TimelinePainter) -> None:
        # Not a reference the painter's own would make a cycle of (a painter dropped
        # for another theme goes at once, with its kept text, even in a frozen heap).
        self.painter = weakref.proxy(painter)
        self._image = KeptImage()
        self._names: dict[tuple[str, float], str] = {}

    def draw(self, p: QPainter, f: Frame) -> None:
        """The lane column: its background, border, lane colors, folds and names.

        On screen everything but the names comes from a kept image (exactly what drawing
        it gives: it is opaque and covers the column) while the lanes stay put (see
        :class:`KeptImage`). The names go over it after, as no name reaches another
        lane's drawing."""
        m = f.metrics
        if not (self.painter.static_text and f.left == int(f.left) and whole_pixels(p)):
            self._shapes(p, f)
            self._names_of(p, f)
            return
        key = (
            f.left,
            f.height,
            f.top,
            m.axis_h,
            m.lane_pad,
            m.row_h,
            tuple(
                (la.info.color, la.info.position, la.y, la.height, la.collapsed) for la in f.lanes
            ),
        )
        image = self._image.get(
            key, int(f.left), math.ceil(f.height), lambda q: self._shapes(q, f, True)
        )
        if image is None:
            self._shapes(p, f)
            self._names_of(p, f)
            return
        p.drawImage(QPoint(0, 0), image)
        # The border's right half and the end of the line under the axis fall in the
        # time area, over what is drawn there.
        p.setClipRect(QRectF(f.left, 0, f.width - f.left, f.height))
        p.setPen(QPen(self.painter.theme.grid_major, 1.0))
        p.drawLine(QPointF(f.left, 0), QPointF(f.left, f.height))
        p.drawLine(QPointF(0, m.axis_h), QPointF(f.left, m.axis_h))
        p.setClipping(False)
        self._names_of(p, f)

    def _shapes(self, p: QPainter, f: Frame, fresh: bool = False) -> None:
        """The column without its names (``fresh``: on a new painter, to set up)."""
        th, m = self.painter.theme, f.metrics
        if fresh:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(QRectF(0, 0, f.left, f.height), th.column)
        p.setPen(QPen(th.grid_major, 1.0))
        p.drawLine(QPointF(f.left, 0), QPointF(f.left, f.height))
        p.drawLine(QPointF(0, m.axis_h), QPointF(f.left, m.axis_h))
        p.save()
        p.setClipRect(QRectF(0, f.top, f.left, f.height - f.top))
        for lane in f.lanes:
            color = self.painter.lane_color(lane.info.color, lane.info.position)
            p.fillRect(QRectF(0, lane.y + 1, 5, lane.height - 2), color)
            p.setPen(QPen(th.grid, 1.0))
            p.drawLine(QPointF(0, lane.y + lane.height), QPointF(f.left, lane.y + lane.height))
            y = lane.y + m.lane_pad + m.row_h / 2
            # A triangle says the lane folds: pointing down when open, right when folded.
            r = 3.5
            tri = (
                [QPointF(11, y - r), QPointF(11 + 2 * r, y), QPointF(11, y + r)]
                if lane.collapsed
                else [
                    QPointF(10, y - r + 1),
                    QPointF(10 + 2 * r, y - r + 1),
                    QPointF(10 + r, y + r),
                ]
            )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(th.muted)
            p.drawPolygon(tri)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.restore()

    def _names_of(self, p: QPainter, f: Frame) -> None:
        """The lanes' names, and their counts when a lane has a second row to hold one."""
        th, m = self.painter.theme, f.metrics
        p.save()
        p.setClipRect(QRectF(0, f.top, f.left, f.height - f.top))
        p.setFont(self.painter.fonts.bold)
        p.setPen(th.text)
        metrics = self.painter.fonts.metrics(self.painter.fonts.bold)
        for lane in f.lanes:
            y = lane.y + m.lane_pad + m.row_h / 2
            name = self._names.get((lane.info.name, f.left))
            if name is None:
                name = metrics.elidedText(lane.info.name, Qt.TextElideMode.ElideRight, f.left - 30)
                self._names[(lane.info.name, f.left)] = name
            p.drawText(QPointF(22.0, y + self.painter._mid(self.painter.fonts.bold)), name)
            # The count goes under the name when the lane has a second row to hold it.
            if lane.count and (lane.collapsed or lane.crowded) and lane.height >= 2 * m.row_h:
                p.setFont(self.painter.fonts.small)
                p.setPen(th.muted)
                p.drawText(
                    QPointF(22.0, y + m.row_h + self.painter._mid(self.painter.fonts.small)),
                    f"{lane.count:,} in view",
                )
                p.setFont(self.painter.fonts.bold)
                p.setPen(th.text)
        p.restore()
