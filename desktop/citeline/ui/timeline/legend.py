"""The key printed under an exported timeline: what each marker means, and the lanes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from citeline.core.queries import TimelineItem
from citeline.ui.timeline.data import LaneInfo
from citeline.ui.timeline.frame import DrawnItem, Metrics
from citeline.ui.timeline.painter import TimelinePainter

#: (label, kind, EDTF, point) of each marker sample: drawn by the timeline's own code.
SAMPLES: tuple[tuple[str, str, str, bool], ...] = (
    ("Event on a day", "event", "2024-03-14", True),
    ("Month or interval", "event", "2024-03", False),
    ("Approximate (~)", "event", "2024-03~", False),
    ("Uncertain (?)", "event", "2024-03?", False),
    ("Quote", "quote", "2024-03-14", True),
)
#: (label, status, flagged) of the verification marks, drawn on an event on a day.
CHECK_SAMPLES: tuple[tuple[str, str, bool], ...] = (
    ("Confirmed", "confirmed", False),
    ("Disputed", "disputed", False),
    ("Needs checking", "needs-checking", False),
    ("Sources disagree", "unverified", True),
)
ROW_H = 22.0
SAMPLE_W = 30.0


def legend_height(painter: TimelinePainter, lanes: Sequence[LaneInfo], width: float) -> float:
    """How tall the legend is when drawn ``width`` pixels wide."""
    return _layout(painter, lanes, width)[1]


def draw_legend(
    p: QPainter,
    painter: TimelinePainter,
    lanes: Sequence[LaneInfo],
    x: float,
    y: float,
    width: float,
) -> float:
    """Draw the legend at (x, y); the height it took."""
    places, height = _layout(painter, lanes, width)
    m = Metrics()
    fonts, theme = painter.fonts, painter.theme
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setFont(fonts.small)
    for (kind, payload, text), (px, row) in zip(_entries(lanes), places, strict=True):
        cx, cy = x + px, y + row * ROW_H + ROW_H / 2
        if kind == "sample":
            label, item_kind, edtf, point = payload  # type: ignore[misc]
            item = TimelineItem(
                item_kind, 0, label, edtf, "day" if point else "month", 0, 1, None, 0
            )
            x0, x1 = (cx + 10, cx + 10) if point else (cx, cx + SAMPLE_W - 6)
            d = DrawnItem(item, 0, x0, x1, point, y=cy)
            painter.draw_item(p, x, x + width, m, d, theme.lane_color(None, 1))
        elif kind == "check":
            label, status, flagged = payload  # type: ignore[misc]
            item = TimelineItem(
                "event", 0, label, "2024-03-14", "day", 0, 1, None, 0, status, flagged
            )
            d = DrawnItem(item, 0, cx + 10, cx + 10, True, y=cy)
            painter.draw_item(p, x, x + width, m, d, theme.lane_color(None, 1))
        else:
            lane: LaneInfo = payload  # type: ignore[assignment]
            p.fillRect(QRectF(cx, cy - 6, 18, 12), theme.lane_color(lane.color, lane.position))
        p.setPen(theme.text)
        p.drawText(QPointF(cx + SAMPLE_W, cy + _mid(painter)), text)
    p.restore()
    return height


def _entries(lanes: Sequence[LaneInfo]) -> list[tuple[str, object, str]]:
    out: list[tuple[str, object, str]] = [("sample", s, s[0]) for s in SAMPLES]
    out += [("check", s, s[0]) for s in CHECK_SAMPLES]
    out += [("lane", lane, lane.name) for lane in lanes]
    return out


def _layout(
    painter: TimelinePainter, lanes: Sequence[LaneInfo], width: float
) -> tuple[list[tuple[float, int]], float]:
    """Each entry's (x, row), flowing left to right and wrapping at ``width``."""
    places: list[tuple[float, int]] = []
    x, row = 0.0, 0
    for _, _, text in _entries(lanes):
        w = SAMPLE_W + painter.fonts.width(text, painter.fonts.small) + 18.0
        if x > 0 and x + w > width:
            x, row = 0.0, row + 1
        places.append((x, row))
        x += w
    return places, (row + 1) * ROW_H


def _mid(painter: TimelinePainter) -> float:
    fm = painter.fonts.metrics(painter.fonts.small)
    return (fm.ascent() - fm.descent()) / 2.0


class ChecksKey(QWidget):
    """One line under the timeline saying what its verification marks mean."""

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setAccessibleName("Timeline key")
        self.setAccessibleDescription(
            "Green dot confirmed, red dot disputed, amber dot needs checking, "
            "red flag: its sources disagree"
        )
        self.setFixedHeight(int(ROW_H))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = getattr(self.view, "_painter", None)
        if not isinstance(painter, TimelinePainter):
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(painter.fonts.small)
        m = Metrics()
        x = 6.0
        cy = ROW_H / 2
        for label, status, flagged in CHECK_SAMPLES:
            item = TimelineItem(
                "event", 0, label, "2024-03-14", "day", 0, 1, None, 0, status, flagged
            )
            d = DrawnItem(item, 0, x + 8, x + 8, True, y=cy)
            painter.draw_item(p, 0, self.width(), m, d, painter.theme.lane_color(None, 1))
            p.setPen(painter.theme.text)
            p.drawText(QPointF(x + 24, cy + _mid(painter)), label)
            x += 24 + painter.fonts.width(label, painter.fonts.small) + 22
        p.end()
