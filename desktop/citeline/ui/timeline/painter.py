"""The one painter of the timeline: draws a laid-out frame onto any QPainter.

The screen widget, the SVG, PNG and PDF exports all call :meth:`TimelinePainter.paint`,
so an export looks like the screen. Dates are drawn at their real precision and
certainty: a month covers its month, an approximate date fades out at its ends, an
uncertain one is dashed and hatched, and only exact days look like crisp pins.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QStaticText,
)

from citeline.ui.theme import FLAG_COLOR, STATUS_COLORS
from citeline.ui.timeline.column import LaneColumn
from citeline.ui.timeline.compose import badge_width
from citeline.ui.timeline.frame import ClusterBox, DrawnItem, Frame, LaneFrame, Metrics
from citeline.ui.timeline.glyphs import Inks, bubble, diamond, draw_bar
from citeline.ui.timeline.theme import Fonts, Theme

_AA = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush


class _Pens:
    """The theme's pens for the grid and the axis, made once per painter."""

    def __init__(self, theme: Theme) -> None:
        self.grid = QPen(theme.grid, 1.0)
        self.grid_major = QPen(theme.grid_major, 1.0)
        self.muted = QPen(theme.muted, 1.0)
        # What QPainter.setPen(color) makes: a solid pen of width 1.
        self.text = QPen(theme.text)
        self.muted_text = QPen(theme.muted)


@dataclass
class PaintStats:
    """What the last paint drew, so tests and the benchmark can see the level of detail."""

    items: int = 0
    labels: int = 0
    clusters: int = 0


class TimelinePainter:
    """Paints frames with one theme and one set of fonts."""

    def __init__(self, theme: Theme, fonts: Fonts, *, static_text: bool = False) -> None:
        self.theme = theme
        self.fonts = fonts
        self.stats = PaintStats()
        # On screen the same labels are drawn frame after frame: laid-out text kept
        # between frames draws several times faster. Files draw plain text, which
        # every reader can search and copy.
        self.static_text = static_text
        self._static: dict[tuple[str, object], QStaticText] = {}
        self._counts: dict[int, QStaticText] = {}
        self._counts_seen: set[int] = set()
        self._seen: set[tuple[str, bool]] = set()
        self._font_offsets: dict[int, tuple[float, float]] = {}
        self._inks: dict[int, tuple[QColor, Inks]] = {}
        self._lane_colors: dict[tuple[str | None, int], QColor] = {}
        self._pens = _Pens(theme)
        self._column = LaneColumn(self)

    def inks(self, color: QColor) -> Inks:
        """The tints of ``color`` this painter draws with, made once per color object
        (the cache holds the object, so its id stays its own)."""
        got = self._inks.get(id(color))
        if got is None or got[0] is not color:
            if len(self._inks) > 256:
                self._inks.clear()
            got = self._inks[id(color)] = (color, Inks(self.theme, color))
        return got[1]

    def lane_color(self, color: str | None, position: int) -> QColor:
        """A lane's color in this painter's theme (one object per lane, kept)."""
        key = (color, position)
        got = self._lane_colors.get(key)
        if got is None:
            got = self._lane_colors[key] = self.theme.lane_color(color, position)
        return got

    def paint(self, p: QPainter, frame: Frame) -> PaintStats:
        """Draw ``frame`` with its top-left at the painter's origin."""
        self.stats = PaintStats()
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(QRectF(0, 0, frame.width, frame.height), self.theme.background)
        time_area = QRectF(frame.left, 0, frame.width - frame.left, frame.height)
        p.setClipRect(time_area)
        self._stripes(p, frame)
        self._eras(p, frame)
        self._grid(p, frame)
        self._era_labels(p, frame)
        # Lanes scroll under the axis and the era names: clip them to their own area.
        p.setClipRect(
            QRectF(frame.left, frame.top, frame.width - frame.left, frame.height - frame.top)
        )
        for lane in frame.lanes:
            if lane.y + lane.height < frame.top or lane.y > frame.height:
                continue
            self._items(p, frame, lane)
        p.setClipRect(time_area)
        self._axis(p, frame)
        self._today(p, frame)
        p.setClipping(False)
        self._column.draw(p, frame)
        p.restore()
        return self.stats

    # ---------------------------------------------------------------- background

    def _stripes(self, p: QPainter, f: Frame) -> None:
        # Band by band (a band's fill covers half of the line above it, as it always has).
        p.setPen(self._pens.grid)
        stripe = self.theme.stripe
        for i, lane in enumerate(f.lanes):
            if i % 2:
                p.fillRect(QRectF(0, lane.y, f.width, lane.height), stripe)
            y = lane.y + lane.height
            p.drawLine(QLineF(0, y, f.width, y))

    def _eras(self, p: QPainter, f: Frame) -> None:
        m = f.metrics
        for era in f.eras:
            fill = self.theme.era_color(era.color)
            x0, x1 = max(era.x0, f.left - 2), min(era.x1, f.width + 2)
            band = QRectF(x0, m.axis_h, x1 - x0, f.height - m.axis_h)
            p.fillRect(band, fill)
            edge = QColor(fill)
            edge.setAlpha(min(255, fill.alpha() * 2 + 40))
            p.setPen(QPen(edge, 1.0))
            for edge_x in (era.x0, era.x1):
                if f.left - 2 <= edge_x <= f.width + 2:
                    p.drawLine(QPointF(edge_x, m.axis_h), QPointF(edge_x, f.height))

    def _era_labels(self, p: QPainter, f: Frame) -> None:
        # After the grid, so no tick line runs through a name.
        m = f.metrics
        p.setFont(self.fonts.bold)
        p.setPen(self.theme.text)
        y = m.axis_h + m.era_h / 2 + self._mid(self.fonts.bold)
        for era in f.eras:
            if era.label:
                p.drawText(QPointF(max(era.x0, f.left) + 5.0, y), era.label)

    def _grid(self, p: QPainter, f: Frame) -> None:
        # Minor lines in one call, then major ones: ticks are far apart, so no two lines
        # touch and the order does not show.
        top, bottom = f.metrics.axis_h, f.height
        for major, pen in ((False, self._pens.grid), (True, self._pens.grid_major)):
            lines = [
                QLineF(x, top, x, bottom) for x in (f.x(t.t) for t in f.ticks if t.major == major)
            ]
            if lines:
                p.setPen(pen)
                p.drawLines(lines)

    # ---------------------------------------------------------------- axis

    def _axis(self, p: QPainter, f: Frame) -> None:
        m, th = f.metrics, self.theme
        p.fillRect(QRectF(f.left, 0, f.width - f.left, m.axis_h), th.column)
        pens = self._pens
        p.setPen(pens.grid_major)
        p.drawLine(QPointF(f.left, m.axis_h), QPointF(f.width, m.axis_h))
        label_y = m.axis_h - 12.0
        ticks = f.ticks
        xs = [f.x(tick.t) for tick in ticks]
        # The marks first, minor then major, in one call each: a mark reaches no label
        # but its own, which is drawn after it as before.
        for major, line_pen, length in ((False, pens.grid_major, 5.0), (True, pens.muted, 10.0)):
            marks = [
                QLineF(x, m.axis_h - length, x, m.axis_h)
                for x, tick in zip(xs, ticks, strict=True)
                if tick.major == major
            ]
            if marks:
                p.setPen(line_pen)
                p.drawLines(marks)
        pen: QPen | None = None
        font: QFont | None = None
        lo, hi = f.left + 1, f.width - 1
        for x, tick in zip(xs, ticks, strict=True):
            tick_font = self.fonts.bold if tick.major else self.fonts.small
            w = self.fonts.width(tick.label, tick_font)
            if x - w / 2.0 < lo or x + w / 2.0 > hi:
                continue  # half a label reads as another number; the context line has it
            if tick_font is not font:
                font = tick_font
                p.setFont(font)
            want = pens.text if tick.major else pens.muted_text
            if want is not pen:
                pen = want
                p.setPen(pen)
            st = self._kept(p, tick.label, font, "bold" if tick.major else "small")
            p.drawStaticText(QPointF(x - w / 2.0, label_y - self._offsets(font)[1]), st)
        if f.context:
            p.setFont(self.fonts.bold)
            w = self.fonts.width(f.context, self.fonts.bold)
            p.fillRect(QRectF(f.left, 0, w + 12, 17), th.column)
            p.setPen(th.text)
            p.drawText(QPointF(f.left + 6.0, 13.0), f.context)

    def _today(self, p: QPainter, f: Frame) -> None:
        if f.today_x is None:
            return
        x = f.today_x
        p.setPen(QPen(self.theme.today, 1.5))
        p.drawLine(QPointF(x, 16.0), QPointF(x, f.height))
        context_w = self.fonts.width(f.context, self.fonts.bold) + 16 if f.context else 0
        w = self.fonts.width("Today", self.fonts.small)
        tx = x + 3.0 if x + 3.0 + w <= f.width else x - 3.0 - w
        if tx > f.left + context_w:
            p.setFont(self.fonts.small)
            p.drawText(QPointF(tx, 13.0), "Today")

    # ---------------------------------------------------------------- lanes

    def _items(self, p: QPainter, f: Frame, lane: LaneFrame) -> None:
        color = self.lane_color(lane.info.color, lane.info.position)
        # Only the rows in view (the lanes scroll); dimmed first, the selection last, so
        # what matters is drawn on top.
        top, bottom = f.top - f.metrics.row_h, f.height + f.metrics.row_h
        shown = [d for d in lane.items if top <= d.y <= bottom]
        if any(d.dimmed or d.selected for d in shown):
            shown.sort(key=lambda d: (not d.dimmed, d.selected))
        self._markers(p, f, shown, color)
        p.setRenderHint(_AA, True)
        # Labels last, in one pen and font (set once, not per label), the selection's
        # own after the others.
        labelled = [d for d in shown if d.label]
        if labelled:
            p.setPen(self.theme.text)
            p.setFont(self.fonts.label)
            self._labels(p, [d for d in labelled if not d.selected])
            for d in labelled:
                if d.selected:
                    self._label(p, d)
        self._clusters(p, f, [c for c in lane.clusters if top <= c.y <= bottom], color)

    def _clusters(self, p: QPainter, f: Frame, boxes: list[ClusterBox], color: QColor) -> None:
        """Counts of items where they are in time: pills over their stretches.

        When every count fits inside its own pill (nearly always) the pills are drawn
        first and the counts after them in one pen and font: no pill reaches another's
        count, so the picture is the one drawn pill, count, pill, count.
        """
        left, right = f.left + 1.0, f.width - 1.0
        tiny = self.fonts.tiny
        count_width = self.fonts.count_width
        laid = []
        # Whether no pill reaches a count drawn before it (each starts right of every
        # earlier count): then the pills can go first and the counts after them.
        fits = True
        text_end = -math.inf
        for c in boxes:
            x0, x1 = max(c.x0, left), min(c.x1, right)
            if x1 <= x0:
                continue
            w = count_width(c.count)
            if x1 - x0 > w + 10:
                tx = min(max(x0 + 7.0, f.left + 2.0), x1 - w - 5.0)
            else:
                tx = x0 + 2.0
            fits = fits and x0 - 1.0 >= text_end
            text_end = max(text_end, tx + w + 1.0)
            laid.append((c, x0, x1, tx))
        if not laid:
            return
        inks = self.inks(color)
        base = self._offsets(tiny)[0]
        text_pen = self._pens.text
        if not fits:
            # Pill, count, pill, count: the font and a brush already set are not set
            # again (a count ignores the brush, a pill the font).
            p.setFont(tiny)
            top = base - self._offsets(tiny)[1]
            # A count met for the first time is drawn as plain text (it costs less than
            # laying it out, and most counts of crowded lanes come once); laid out when
            # it comes again.
            kept = self._count_again if self.static_text else None
            fill = None
            for c, x0, x1, tx in laid:
                p.setPen(inks.cluster_pen)
                shade = inks.alpha(round(40 + 120 * c.weight))
                if shade is not fill:
                    fill = shade
                    p.setBrush(shade)
                p.drawRoundedRect(QRectF(x0, c.y - c.h / 2, x1 - x0, c.h), c.h / 2, c.h / 2)
                p.setPen(text_pen)
                st = kept(p, c.count) if kept is not None else None
                if st is not None:
                    p.drawStaticText(QPointF(tx, c.y + top), st)
                else:
                    p.drawText(QPointF(tx, c.y + base), f"{c.count:,}")
            p.setBrush(_NO_BRUSH)
        else:
            p.setPen(inks.cluster_pen)
            fill = None
            for c, x0, x1, _ in laid:
                shade = inks.alpha(round(40 + 120 * c.weight))
                if shade is not fill:
                    fill = shade
                    p.setBrush(shade)
                p.drawRoundedRect(QRectF(x0, c.y - c.h / 2, x1 - x0, c.h), c.h / 2, c.h / 2)
            p.setBrush(_NO_BRUSH)
            p.setFont(tiny)
            p.setPen(text_pen)
            top = base - self._offsets(tiny)[1]
            count = self._count
            for c, _, _, tx in laid:
                p.drawStaticText(QPointF(tx, c.y + top), count(p, c.count))
        self.stats.clusters += len(laid)

    # ---------------------------------------------------------------- items

    def _markers(self, p: QPainter, f: Frame, shown: list[DrawnItem], color: QColor) -> None:
        """The markers of one lane's items, in order (smoothing left as the last set).

        Most items are plain: an exact day's diamond or a solid bar, without a status,
        flag, number or selection. Those are drawn here with the very calls
        :meth:`_marker` makes, less the pen and brush set again to what they already
        are; every other item goes through :meth:`_marker`."""
        inks = self.inks(color)
        left, right, m = f.left, f.width, f.metrics
        aa = p.testRenderHint(_AA)
        marker = self._marker
        statuses = STATUS_COLORS
        r, bar_h, min_bar = m.marker_r, m.bar_h, m.min_bar_px
        half_bar, day_px = bar_h / 2, 2 * r + 4
        lo, hi = left - 40, right + 40
        outline, edge, fill, day = inks.outline, inks.edge, inks.fill, inks.day
        # What this loop last set (None: not known, after another method drew).
        pen: QPen | None = None
        brush: object = None
        for d in shown:
            it = d.item
            edtf = it.date_edtf
            if (
                d.dimmed
                or d.selected
                or d.number is not None
                or it.flagged
                or it.kind == "quote"
                or it.status in statuses
                or "~" in edtf
                or "%" in edtf
                or "?" in edtf
            ):
                if d.dimmed:
                    p.setOpacity(0.22)
                    aa = marker(p, left, right, m, d, color, inks, aa, False)
                    p.setOpacity(1.0)
                else:
                    aa = marker(p, left, right, m, d, color, inks, aa, False)
                pen = brush = None
                continue
            x0, x1 = d.x0, d.x1
            if d.point:
                if not aa:
                    aa = True
                    p.setRenderHint(_AA, True)
                if x1 - x0 > day_px:
                    # Zoomed in past the day: show the day it covers, not a moment in it.
                    a, b = max(x0, lo), min(x1, hi)
                    p.fillRect(QRectF(a, d.y - half_bar, b - a, bar_h), day)
                if brush is not color:
                    brush = color
                    p.setBrush(color)
                if pen is not outline:
                    pen = outline
                    p.setPen(outline)
                p.drawPath(diamond((x0 + x1) / 2.0, d.y, r))
            else:
                if aa:
                    aa = False
                    p.setRenderHint(_AA, False)
                # marker_rect's bar, then _marker's cut to the view, in its arithmetic.
                w = max(x1 - x0, min_bar)
                x = x0 if x1 - x0 >= min_bar else (x0 + x1) / 2.0 - w / 2
                bx, bar_w = _cut(x, w, lo, hi)
                if bar_w > 0:
                    bar = QRectF(bx, d.y - half_bar, bar_w, bar_h)
                    p.fillRect(bar, fill)
                    if brush is not _NO_BRUSH:
                        brush = _NO_BRUSH
                        p.setBrush(_NO_BRUSH)
                    if pen is not edge:
                        pen = edge
                        p.setPen(edge)
                    p.drawRect(bar.adjusted(0.5, 0.5, -0.5, -0.5))
        if brush is not _NO_BRUSH:
            p.setBrush(_NO_BRUSH)
        self.stats.items += len(shown)

    def draw_item(
        self,
        p: QPainter,
        left: float,
        right: float,
        m: Metrics,
        d: DrawnItem,
        color: QColor,
        *,
        restore: bool = True,
    ) -> None:
        """One item's marker (the legend draws its samples with it too). Without
        ``restore`` smoothing may be left off (after a bar): the caller turns it back on
        once after many items, as changing it costs more than drawing a bar."""
        self._marker(p, left, right, m, d, color, self.inks(color), p.testRenderHint(_AA), restore)

    def _marker(
        self,
        p: QPainter,
        left: float,
        right: float,
        m: Metrics,
        d: DrawnItem,
        color: QColor,
        inks: Inks,
        aa: bool,
        restore: bool,
    ) -> bool:
        """:meth:`draw_item` with the color's tints and whether smoothing is on given;
        whether smoothing is on after it."""
        x, y, w, h = d.marker_rect(m)
        it = d.item
        # Bars are axis-aligned: crisp edges, and several times faster without smoothing.
        if aa != d.point:
            aa = d.point
            p.setRenderHint(_AA, aa)
        fuzzy, unsure = it.approximate, it.uncertain
        if d.point:
            if d.x1 - d.x0 > 2 * m.marker_r + 4:
                # Zoomed in past the day: show the day it covers, not a moment in it.
                x0, x1 = max(d.x0, left - 40), min(d.x1, right + 40)
                p.fillRect(QRectF(x0, d.y - m.bar_h / 2, x1 - x0, m.bar_h), inks.day)
            if fuzzy:
                # A soft smear either side: the day is approximate. Two flat ellipses
                # rather than a radial gradient, which costs a hundred times more to fill.
                p.setPen(_NO_PEN)
                p.setBrush(inks.fade45)
                p.drawEllipse(QPointF(d.cx, d.y), 2.7 * m.marker_r, 1.25 * m.marker_r)
                p.setBrush(inks.fade60)
                p.drawEllipse(QPointF(d.cx, d.y), 1.9 * m.marker_r, 1.05 * m.marker_r)
            shape = bubble(x, y, w, h) if it.kind == "quote" else diamond(d.cx, d.y, m.marker_r)
            if unsure:
                p.setBrush(self.theme.background)
                p.setPen(inks.dashed_thick)
            else:
                p.setBrush(inks.solid_fuzzy if fuzzy else color)
                p.setPen(inks.outline)
            p.drawPath(shape)
            if unsure:
                p.setFont(self.fonts.tiny)
                p.setPen(color)
                p.drawText(QPointF(x + w - 1, y + 1), "?")
        else:
            if not fuzzy and not unsure:
                # draw_bar's solid bar with its arithmetic (QRectF.setLeft and setRight on
                # the whole bar, so the same pixels) in a few calls instead of a dozen.
                x0, bar_w = _cut(x, w, left - 40, right + 40)
                if bar_w > 0:
                    bar = QRectF(x0, y, bar_w, h)
                    p.fillRect(bar, inks.fill)
                    p.setBrush(_NO_BRUSH)
                    p.setPen(inks.edge)
                    p.drawRect(bar.adjusted(0.5, 0.5, -0.5, -0.5))
            else:
                full = QRectF(x, y, w, h)
                draw_bar(p, self.theme, full, color, fuzzy, unsure, left - 40, right + 40, inks)
            if it.kind == "quote":
                r = m.marker_r
                bx = max(x, left) + 1
                p.setBrush(color)
                p.setPen(inks.outline)
                p.drawPath(bubble(bx, d.y - r, 2 * r, 2 * r))
        p.setBrush(_NO_BRUSH)
        extras = it.flagged or it.status in STATUS_COLORS or d.number is not None or d.selected
        if (restore or extras) and not d.point:
            p.setRenderHint(_AA, True)
            aa = True
        if it.flagged or it.status in STATUS_COLORS:
            self._checks(p, max(x, left + 2), y, min(x + w, right - 6), h, it.status, it.flagged)
        if d.number is not None:
            self._badge(p, x, y + h / 2, d.number)
        if d.selected:
            ring = QRectF(x - 3, y - 3, w + 6, h + 6)
            p.setPen(QPen(self.theme.highlight, 2.2))
            p.drawRoundedRect(ring, 4, 4)
        return aa

    def _checks(
        self, p: QPainter, x0: float, y: float, x1: float, h: float, status: str, flagged: bool
    ) -> None:
        """A status dot at the marker's lower right end, and a flag on its left end when
        the sources disagree (both kept on screen for a long bar)."""
        color = STATUS_COLORS.get(status)
        if color is not None:
            p.setPen(QPen(self.theme.background, 1.5))
            p.setBrush(color)
            p.drawEllipse(QPointF(x1, y + h), 4.5, 4.5)
        if flagged:
            top = QPointF(x0 + 1, y - 10)
            pennant = QPainterPath(top)
            pennant.lineTo(top.x() + 10, top.y() + 3.5)
            pennant.lineTo(top.x(), top.y() + 7)
            pennant.closeSubpath()
            p.setPen(QPen(self.theme.background, 3.0))  # a halo, legible on any marker
            p.drawLine(top, QPointF(top.x(), y + 2))
            p.drawPath(pennant)
            p.setPen(QPen(FLAG_COLOR, 1.6))
            p.drawLine(top, QPointF(top.x(), y + 2))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(FLAG_COLOR)
            p.drawPath(pennant)
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _badge(self, p: QPainter, x: float, y: float, n: int) -> None:
        """An item's citation number, just left of its marker (labels go right)."""
        text = str(n)
        w = badge_width(self.fonts, n)
        rect = QRectF(x - w - 2, y - 6, w, 12)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.theme.text)
        p.drawRoundedRect(rect, 6, 6)
        p.setFont(self.fonts.tiny)
        p.setPen(self.theme.background)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _labels(self, p: QPainter, shown: list[DrawnItem]) -> None:
        """The titles of items not selected, with the painter's pen and font already the
        label's: each from its laid-out text when kept (see :meth:`_static_text`)."""
        mid, ascent = self._offsets(self.fonts.label)
        self.stats.labels += len(shown)
        if not self.static_text:
            for d in shown:
                p.drawText(QPointF(d.label_x, d.label_y + mid), d.label)
            return
        kept, static = self._static, self._static_text
        for d in shown:
            label = d.label
            st = kept.get((label, False))
            if st is None:
                st = static(p, label, False)
            if st is not None:
                p.drawStaticText(QPointF(d.label_x, d.y + mid - ascent), st)
            else:
                p.drawText(QPointF(d.label_x, d.y + mid), label)

    def _label(self, p: QPainter, d: DrawnItem, *, styled: bool = False) -> None:
        """An item's label; ``styled``: the painter already has the label's pen and font."""
        font = self.fonts.bold if d.selected else self.fonts.label
        mid, ascent = self._offsets(font)
        base = d.label_y + mid
        if d.selected:
            w = self.fonts.width(d.label, font)
            p.fillRect(QRectF(d.label_x - 3, d.label_y - 9, w + 6, 18), self.theme.highlight)
            p.setPen(self.theme.highlight_text)
            p.setFont(font)
        elif not styled:
            p.setPen(self.theme.text)
            p.setFont(font)
        st = self._static_text(p, d.label, d.selected) if self.static_text else None
        if st is not None:
            p.drawStaticText(QPointF(d.label_x, base - ascent), st)
        else:
            p.drawText(QPointF(d.label_x, base), d.label)
        self.stats.labels += 1

    def _static_text(self, p: QPainter, label: str, selected: bool) -> QStaticText | None:
        """The label laid out once and kept (drawn several times faster than plain text),
        or None to draw it as plain text this time.

        A whole title is laid out the first time it is drawn: it comes back at every
        zoom step. A title cut short ("…") is cut anew as the zoom changes, so it is laid
        out only when it comes back the same; until then plain text costs less.
        """
        key = (label, selected)
        st = self._static.get(key)
        if st is not None:
            return st
        if label.endswith("\u2026") and key not in self._seen:
            if len(self._seen) > 8000:
                self._seen.clear()
            self._seen.add(key)
            return None
        return self._lay_out(p, key, label, self.fonts.bold if selected else self.fonts.label)

    def _kept(self, p: QPainter, text: str, font: QFont, tag: str) -> QStaticText:
        """Short text drawn frame after frame (tick labels, cluster counts), laid out
        once per ``tag`` (which names the font)."""
        key = (text, tag)
        st = self._static.get(key)
        return st if st is not None else self._lay_out(p, key, text, font)

    def _count(self, p: QPainter, n: int) -> QStaticText:
        """A cluster's count laid out once, kept apart from the titles: counts change
        at every zoom step, and would otherwise push the titles' layouts out."""
        st = self._counts.get(n)
        return (
            st if st is not None else self._lay_out(p, n, f"{n:,}", self.fonts.tiny, self._counts)
        )

    def _count_again(self, p: QPainter, n: int) -> QStaticText | None:
        """:meth:`_count` for a count met before; None (to draw it as plain text) the
        first time."""
        st = self._counts.get(n)
        if st is not None or n in self._counts_seen:
            return st if st is not None else self._count(p, n)
        if len(self._counts_seen) > 8000:
            self._counts_seen.clear()
        self._counts_seen.add(n)
        return None

    def _lay_out(
        self,
        p: QPainter,
        key: Hashable,
        text: str,
        font: QFont,
        kept: dict[Any, QStaticText] | None = None,
    ) -> QStaticText:
        kept = self._static if kept is None else kept
        if len(kept) > 3000:
            # The older half goes (the dict keeps the order things were laid out in).
            for old in list(islice(kept, len(kept) // 2)):
                del kept[old]
        st = kept[key] = QStaticText(text)
        st.setTextFormat(Qt.TextFormat.PlainText)
        st.prepare(p.transform(), font)
        return st

    def _offsets(self, font: QFont) -> tuple[float, float]:
        """The baseline offset centring text of ``font`` on a line, and its ascent
        (kept per font: every label of every frame needs them)."""
        got = self._font_offsets.get(id(font))
        if got is None:
            fm = self.fonts.metrics(font)
            got = self._font_offsets[id(font)] = (self._mid(font), fm.ascent())
        return got

    def _mid(self, font: object) -> float:
        """The baseline offset that centres text of ``font`` on a line."""
        fm = self.fonts.metrics(font)  # type: ignore[arg-type]
        return (fm.ascent() - fm.descent()) / 2.0


def _cut(x: float, w: float, lo: float, hi: float) -> tuple[float, float]:
    """A solid bar at ``x``, ``w`` wide, cut to lo..hi: its left and width (maybe not
    positive), in draw_bar's arithmetic (QRectF.setLeft and setRight on the whole bar),
    so the same pixels."""
    diff = (x if x >= lo else lo) - x
    left = x + diff
    end = left + (w - diff)
    return left, (end if end <= hi else hi) - left
