"""Side panels: the project's sources, and search results across items, sources and notes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from citeline.core import queries
from citeline.ui.document import Changes, Document, Selected
from citeline.ui.plain import tooltip


class SourcesPanel(QWidget):
    """The project's sources with their metadata; choosing one opens it in the reader."""

    importRequested = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.list = QListWidget()
        self.list.setAccessibleName("Sources")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._chosen)
        button = QPushButton("Import Sources\u2026")
        button.setAccessibleName("Import sources")
        button.clicked.connect(self.importRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addWidget(button)
        document.changed.connect(self._on_changed)
        document.selectionChanged.connect(self._on_selection)
        self._syncing = False
        self.reload()

    def reload(self) -> None:
        self._syncing = True
        current = self.current_source()
        self.list.clear()
        for src in queries.sources(self.document.store):
            details = " \u00b7 ".join(b for b in (src.outlet, src.published) if b)
            item = QListWidgetItem(f"{src.title}\n{details}" if details else src.title)
            item.setData(Qt.ItemDataRole.UserRole, src.id)
            item.setToolTip(
                tooltip(" \u00b7 ".join(b for b in (src.title, src.author, src.url) if b))
            )
            self.list.addItem(item)
            if src.id == current:
                self.list.setCurrentItem(item)
        self._syncing = False

    def current_source(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select_source(self, source_id: int) -> None:
        self._syncing = True
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == source_id:
                self.list.setCurrentRow(i)
        self._syncing = False

    def _chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._syncing:
            self.document.select("source", item.data(Qt.ItemDataRole.UserRole))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("sources"):
            self.reload()

    def _on_selection(self, selected: Selected | None) -> None:
        if selected is not None and selected.kind == "source":
            self.select_source(selected.id)


class SearchResults(QWidget):
    """Full-text search results; choosing one selects the item or opens the source."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.summary = QLabel("Type in the search box to search events, quotes, sources and notes.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Search results")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def search(self, text: str) -> int:
        """Show the results for ``text``; return how many there are."""
        self.list.clear()
        if not text.strip():
            self.summary.setText(
                "Type in the search box to search events, quotes, sources and notes."
            )
            return 0
        rows = self.document.store.search(text)
        for r in rows:
            snippet = " ".join(str(r["snippet"]).split())
            label = {"event": "Event", "quote": "Quote", "source": "Source", "note": "Note"}[
                r["kind"]
            ]
            title = r["title"] or ""
            item = QListWidgetItem(
                f"{label}: {title}\n{snippet}" if title else f"{label}: {snippet}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (r["kind"], r["item_id"]))
            self.list.addItem(item)
        self.summary.setText(f"{len(rows)} result(s) for \u201c{text}\u201d")
        return len(rows)

    def _open(self, item: QListWidgetItem) -> None:
        kind, item_id = item.data(Qt.ItemDataRole.UserRole)
        if kind == "note":
            row = self.document.store.row("notes", item_id)
            if row is None:
                return
            kind, item_id = row["item_type"], row["item_id"]
        self.document.select(kind, item_id)


class PeoplePanel(QWidget):
    """Everyone in the project; choosing a person shows them in the inspector."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.list = QListWidget()
        self.list.setAccessibleName("People")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        document.changed.connect(self._on_changed)
        self._syncing = False
        self.reload()

    def reload(self) -> None:
        self._syncing = True
        self.list.clear()
        for person in queries.people(self.document.store):
            details = ", ".join(b for b in (person.role, person.affiliation) if b)
            item = QListWidgetItem(f"{person.name}\n{details}" if details else person.name)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.list.addItem(item)
        self._syncing = False

    def _chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._syncing:
            self.document.select("person", item.data(Qt.ItemDataRole.UserRole))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("people"):
            self.reload()
