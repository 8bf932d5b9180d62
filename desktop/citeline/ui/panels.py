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
from citeline.ui.document import Changes, Document, FactsChanged, Selected
from citeline.ui.plain import tooltip
from citeline.ui.status import FLAG


class SourcesPanel(QWidget):
    """The project's sources with their metadata; choosing one opens it in the reader."""

    importRequested = Signal()
    sourceOpened = Signal(int)  # source id: show it in the reader

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.list = QListWidget()
        self.list.setAccessibleName("Sources")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._chosen)
        # clicking the current source again still opens it (the reader may show another)
        self.list.itemClicked.connect(lambda item: self._chosen(item, None))
        button = QPushButton("Import Sources\u2026")
        button.setAccessibleName("Import sources")
        button.clicked.connect(self.importRequested)
        self.import_button = button
        button.setEnabled(document.editable)  # nothing is imported while it may not be
        document.editableChanged.connect(button.setEnabled)
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
        if item is None or self._syncing:
            return
        source_id = item.data(Qt.ItemDataRole.UserRole)
        self.sourceOpened.emit(source_id)
        # With an event selected, reading another source keeps it selected, so the words
        # chosen there can be added to its evidence; otherwise the source is selected.
        sel = self.document.selected
        if sel is None or sel.kind != "event":
            self.document.select("source", source_id)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("sources"):
            self.reload()

    def _on_selection(self, selected: Selected | None) -> None:
        if selected is not None and selected.kind == "source":
            self.select_source(selected.id)


SEARCH_HINT = (
    "Type in the search box to search events, quotes, sources and notes "
    "(with their tags, people and speakers)."
)
_TABLES = {"event": "events", "quote": "quotes", "source": "sources", "note": "notes"}


class SearchResults(QWidget):
    """Full-text search results; choosing one selects the item or opens the source.

    Results are searched again after every change, and forgotten when another project
    opens, so a result never stands for an item that is gone or belongs elsewhere.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.query = ""
        self._store = document.store
        #: which search a result came from: a result of an earlier one is never followed
        self.generation = 0
        self.summary = QLabel(SEARCH_HINT)
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
        document.changed.connect(self._on_changed)
        document.factsChanged.connect(self._on_facts)

    def search(self, text: str) -> int:
        """Show the results for ``text``; return how many there are."""
        self.list.clear()
        self.query = text
        self._store = self.document.store
        self.generation += 1
        if not text.strip():
            self.query = ""
            self.summary.setText(SEARCH_HINT)
            return 0
        rows = self.document.store.search(text)
        events = [r["item_id"] for r in rows if r["kind"] == "event"]
        flagged = self.document.facts.conflicts(events)
        for r in rows:
            snippet = " ".join(str(r["snippet"]).split())
            label = {"event": "Event", "quote": "Quote", "source": "Source", "note": "Note"}[
                r["kind"]
            ]
            title = r["title"] or ""
            if r["kind"] == "event" and r["item_id"] in flagged:
                label = f"{FLAG} {label} (sources disagree)"
            item = QListWidgetItem(
                f"{label}: {title}\n{snippet}" if title else f"{label}: {snippet}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (r["kind"], r["item_id"]))
            item.setData(Qt.ItemDataRole.UserRole + 1, self.generation)
            self.list.addItem(item)
        self.summary.setText(f"{len(rows)} result(s) for \u201c{text}\u201d")
        return len(rows)

    def _open(self, item: QListWidgetItem) -> None:
        kind, item_id = item.data(Qt.ItemDataRole.UserRole)
        store = self.document.store
        if (
            item.data(Qt.ItemDataRole.UserRole + 1) != self.generation
            or store is not self._store
            or store.row(_TABLES[kind], item_id) is None
        ):
            # from another project, or gone since: never select whatever has that id now
            self.search(self.query if store is self._store else "")
            return
        if kind == "note":
            row = store.row("notes", item_id)
            if row is None:
                return
            kind, item_id = row["item_type"], row["item_id"]
        self.document.select(kind, item_id)

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset or self.document.store is not self._store:
            self.search("")
        elif self.query:
            self.search(self.query)

    def _on_facts(self, changed: FactsChanged) -> None:
        if not changed.edited and self.query:  # an edit here re-searches on ``changed``
            self.search(self.query)


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
