"""Page breaks drawn over the reader's text for a source with pages (a PDF).

The source's text is never changed (passages point into it): a rule and the page number
("p. 2") are painted in the blank line between two pages (or between two lines of a
paragraph that runs on to the next page) by a transparent overlay on the text view, which
follows scrolling and resizing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from citeline.ui.textpos import Utf16Map

RULE = QColor(128, 128, 128, 150)


class PageBreaks(QWidget):
    """An overlay on a QPlainTextEdit's viewport that marks where each page starts."""

    def __init__(self, view: QPlainTextEdit) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.starts: list[int] = []  # Qt positions of pages 2, 3, … (page 1 starts at 0)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAccessibleName("Page breaks")
        view.viewport().installEventFilter(self)
        view.updateRequest.connect(self._follow)
        self.resize(view.viewport().size())
        self.hide()

    def set_pages(self, pages: Sequence[int] | None, positions: Utf16Map) -> None:
        """Mark the starts of ``pages`` (offsets in the shown text), or none."""
        self.starts = [positions.to_qt(p) for p in (pages or [])[1:]]
        self.setVisible(bool(self.starts))
        self.update()

    def breaks(self) -> list[tuple[int, float]]:
        """(page number, y in the viewport) of each page break in view, top down.

        A QPlainTextEdit knows where a block is only relative to the first visible block
        (each block's own rectangle starts at 0), so the rules are placed by walking the
        visible blocks down from that one, adding up their heights.
        """
        if not self.starts:
            return []
        document = self.view.document()
        last = max(0, document.characterCount() - 1)
        pages: dict[int, list[tuple[int, int]]] = {}
        for page, position in enumerate(self.starts, start=2):
            block = document.findBlock(min(position, last))
            pages.setdefault(block.blockNumber(), []).append((page, position - block.position()))
        block = self.view.firstVisibleBlock()
        if not block.isValid():
            return []
        top = self.view.blockBoundingGeometry(block).translated(self.view.contentOffset()).top()
        bottom = self.height() + self.fontMetrics().height()
        out: list[tuple[int, float]] = []
        while block.isValid() and top <= bottom:
            for page, offset in pages.get(block.blockNumber(), []):
                gap = block.previous()
                if offset > 0:  # a paragraph running on to the next page: between its lines
                    line = block.layout().lineForTextPosition(offset)
                    out.append((page, top + (line.y() if line.isValid() else 0) - 1))
                elif gap.isValid() and not gap.text().strip():
                    out.append((page, top - self.view.blockBoundingRect(gap).height() / 2))
                else:
                    out.append((page, top - 2))
            top += self.view.blockBoundingRect(block).height()
            block = block.next()
        return out

    def _follow(self, *_: object) -> None:
        # scrolling the text scrolls the viewport's children with it: stay over the view
        if self.pos() != QPoint(0, 0):
            self.move(0, 0)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.resize(self.view.viewport().size())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.starts:
            return
        painter = QPainter(self)
        painter.setPen(QPen(RULE, 1, Qt.PenStyle.DashLine))
        metrics = painter.fontMetrics()
        width = self.width()
        for page, y in self.breaks():
            if y < -metrics.height() or y > self.height() + metrics.height():
                continue
            label = f"p. {page}"
            text_width = metrics.horizontalAdvance(label) + 8
            painter.drawLine(6, round(y), width - text_width - 10, round(y))
            box = QRectF(
                width - text_width - 6, y - metrics.height() / 2, text_width, metrics.height()
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()
