"""The inspector's History section: the changes of the selected event, quote, source or
person, newest first, with who made them and when; an entry clicked shows the item as
it was then, and "Use this value" sets an earlier value again, as a new edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from citeline.core import errors
from citeline.core.history import chain, forms, read, restore, words
from citeline.ui.document import Changes, Document, Selected
from citeline.ui.history_dialog import local_time

#: Entries listed in the section; older ones are in Edit › History….
SHOWN = 50
_KINDS = {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}


class HistorySection(QWidget):
    """History of the selected item, under the inspector's fields."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.item: tuple[str, int] | None = None
        self.then: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(9, 0, 9, 9)
        self.heading = QLabel("History")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setAccessibleName("Item history")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMinimumHeight(190)
        self.list.currentRowChanged.connect(self._show_then)
        layout.addWidget(self.list)
        self.then_label = QLabel()
        self.then_label.setTextFormat(Qt.TextFormat.PlainText)
        self.then_label.setWordWrap(True)
        layout.addWidget(self.then_label)
        self.fields = QTreeWidget()
        self.fields.setAccessibleName("The item as it was then")
        self.fields.setHeaderLabels(["Field", "Then"])
        self.fields.setRootIsDecorated(False)
        self.fields.setWordWrap(True)
        self.fields.setUniformRowHeights(False)
        self.fields.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields.header().setStretchLastSection(True)
        self.fields.setMinimumHeight(120)
        self.fields.currentItemChanged.connect(self._field_chosen)
        layout.addWidget(self.fields)
        row = QHBoxLayout()
        self.use = QPushButton("&Use This Value")
        self.use.setToolTip("Set the selected field back to its value then, as a new change")
        self.use.setEnabled(False)
        self.use.clicked.connect(self.use_value)
        row.addWidget(self.use)
        row.addStretch(1)
        layout.addLayout(row)
        document.selectionChanged.connect(self.show_item)
        document.changed.connect(self._on_changed)
        document.editableChanged.connect(
            lambda _on: self._field_chosen(self.fields.currentItem(), None)
        )
        self.show_item(document.selected)

    def show_item(self, selected: Selected | None) -> None:
        """List the history of ``selected`` (hidden for anything history does not show)."""
        if selected is None or selected.kind not in _KINDS:
            self.item = None
            self.hide()
            return
        self.item = (selected.kind, selected.id)
        self.reload()
        self.show()

    def _on_changed(self, _changes: Changes) -> None:
        if self.item is not None and self.isVisible():
            self.reload()

    def reload(self) -> None:
        assert self.item is not None
        conn = self.document.store.db.conn
        which = read.Filter(item=self.item)
        entries = read.page(conn, which, limit=SHOWN)
        total = read.count(conn, which)
        names = words.namer(self.document.store)
        self.heading.setText(
            f"History \u2014 {total} change{'s' * (total != 1)}"
            + (f" (the newest {SHOWN}; all in Edit \u203a History\u2026)" if total > SHOWN else "")
        )
        self.list.clear()
        for entry in entries:
            lines = words.item_lines([c for c in entry.changes if c[:2] == self.item], names)
            head = f"{local_time(entry.at)} \u00b7 {entry.author} \u00b7 {entry.action}"
            widget = QListWidgetItem("\n".join([head, *("    " + ln for ln in lines)]))
            widget.setData(Qt.ItemDataRole.UserRole, entry.id)
            widget.setToolTip(f"Entry {entry.id}; hash {entry.hash[:16]}\u2026")
            self.list.addItem(widget)
        self.then = {}
        self.fields.clear()
        self.then_label.setText("Click a change to see the item as it was then.")
        self.fields.setVisible(False)
        self.use.setVisible(False)

    def _show_then(self, row: int) -> None:
        self.fields.clear()
        self.use.setEnabled(False)
        if row < 0 or self.item is None:
            return
        entry_id = int(self.list.item(row).data(Qt.ItemDataRole.UserRole))
        conn = self.document.store.db.conn
        then = read.as_of(conn, self.item, entry_id) or {}
        now = forms.form(conn, *self.item) or {}
        self.then = then
        entry = next(iter(chain.entries(conn, [entry_id])))
        caveat = ""
        if read.summarized_since(conn, entry_id):
            caveat = " Large edits since are recorded as summaries: they are not taken back here."
        self.then_label.setText(
            f"As it was after this change ({local_time(entry.at)}, {entry.author}); what "
            "changed since is in bold." + caveat
        )
        names = words.namer(self.document.store)
        for name in sorted(set(then) | set(now)):
            if name in ("version",):
                continue
            was = words.value_words(name, then.get(name), names)
            is_ = words.value_words(name, now.get(name), names)
            item = QTreeWidgetItem([words.FIELD_WORDS.get(name, name.replace("_", " ")), was])
            item.setData(0, Qt.ItemDataRole.UserRole, name)
            if then.get(name) != now.get(name):
                # Changed since: in bold, with what it is now.
                for column in (0, 1):
                    bold = item.font(column)
                    bold.setBold(True)
                    item.setFont(column, bold)
                item.setText(1, f"{was}\n(now: {is_})")
            item.setToolTip(1, item.text(1))
            self.fields.addTopLevelItem(item)
        self.fields.resizeColumnToContents(0)
        self.fields.setVisible(True)
        self.use.setVisible(True)

    def _field_chosen(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is None or self.item is None:
            self.use.setEnabled(False)
            return
        name = current.data(0, Qt.ItemDataRole.UserRole)
        now = forms.form(self.document.store.db.conn, *self.item) or {}
        self.use.setEnabled(
            restore.restorable(self.item[0], name)
            and self.then.get(name) != now.get(name)
            and self.document.editable
        )

    def use_value(self) -> None:
        """Set the selected field to its value then, as a new edit (one undo step)."""
        current = self.fields.currentItem()
        if current is None or self.item is None:
            return
        name = current.data(0, Qt.ItemDataRole.UserRole)
        kind, item_id = self.item
        try:
            edit = restore.use_value(
                self.document.store, kind, item_id, name, self.then.get(name), self.then
            )
        except errors.CitelineError as exc:
            self.document.failed.emit(str(exc)[0].upper() + str(exc)[1:])
            return
        self.document.push(edit)
