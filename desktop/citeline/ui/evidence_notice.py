"""After an import, the status bar says how many passages of the new source may report
events on the timeline; a click lists them, and choosing one selects its event and
opens the passage, with Accept a click away in Receipts."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMainWindow, QMenu, QPushButton

from citeline.core.evidence_finder import Proposal
from citeline.ui.document import Changes, Document
from citeline.ui.evidence_suggestions import suggestions_of


def _short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut at a word, with "&" doubled so a menu shows it as typed."""
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
    return text.replace("&", "&&")


def notice_text(count: int, sources: int) -> str:
    """The status bar's words for ``count`` proposals in ``sources`` new sources."""
    what = "this source" if sources == 1 else "these sources"
    if count == 1:
        return f"1 passage of {what} may report an event on the timeline"
    return f"{count} passages of {what} may report events on the timeline"


class EvidenceNotice(QPushButton):
    """A status bar button shown after an import that found proposals."""

    def __init__(self, window: QMainWindow, document: Document) -> None:
        super().__init__()
        self.window_ = window
        self.document = document
        self.proposals: list[Proposal] = []
        self._waiting: list[int] = []  # imported while the index was being built
        self.setFlat(True)
        self.setAccessibleName("Suggested evidence in the imported source")
        self.setToolTip("List them")
        self.setStyleSheet("text-decoration: underline; padding: 0 6px;")
        self.clicked.connect(self.list_them)
        window.statusBar().addPermanentWidget(self)
        document.changed.connect(self._on_changed)
        suggestions_of(document).updated.connect(self._on_updated)
        self.hide()

    def after_import(self, source_ids: list[int]) -> None:
        """Count and keep the proposals lying in the newly imported sources."""
        suggestions = suggestions_of(self.document)
        self._waiting = [] if suggestions.ready else list(source_ids)
        store = self.document.store
        found: list[Proposal] = []
        for source_id in source_ids:
            if store.row("sources", source_id) is not None:
                found.extend(suggestions.for_source(source_id))
        self.proposals = found
        if found:
            self.setText(notice_text(len(found), len(source_ids)))
            self.show()
        else:
            self.hide()

    def menu(self) -> QMenu:
        """The proposals as a menu: event title, then the passage."""
        menu = QMenu(self)
        store = self.document.store
        for p in self.proposals:
            row = store.row("events", p.event_id)
            if row is None:
                continue
            action = menu.addAction(
                f"{_short(row['title'], 50)} \u2190 \u201c{_short(p.text)}\u201d"
            )
            action.triggered.connect(lambda _c=False, q=p: self.open(q))
        return menu

    def list_them(self) -> None:
        self.menu().exec(self.mapToGlobal(QPoint(0, 0)))

    def open(self, p: Proposal) -> None:
        """Select the proposal's event and show the passage in its source."""
        self.document.select("event", p.event_id)
        read = getattr(self.window_, "read_span", None)
        if read is not None:
            read(p.source_id, p.start, p.end)

    def _on_updated(self) -> None:
        if self._waiting and suggestions_of(self.document).ready:
            self.after_import(self._waiting)

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self.proposals = []
            self.hide()
