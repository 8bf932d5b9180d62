"""The timeline panel the main window embeds: the view above its overview strip."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from citeline.ui.document import Document
from citeline.ui.timeline.overview import OverviewStrip
from citeline.ui.timeline.view import TimelineView


class TimelinePanel(QWidget):
    """The timeline of a Document: ``.view`` to navigate, ``.overview`` for the whole."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = TimelineView(document, self)
        self.overview = OverviewStrip(self.view, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.overview)
        self.setFocusProxy(self.view)
