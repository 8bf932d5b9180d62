"""Edit › History…: every entry of the project's history, newest first, filtered by
author, date and kind. The table reads entries a page at a time as it is scrolled, so a
project with 100,000 entries opens it as fast as one with ten."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimeZone,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from citeline.core.history import chain, read, words
from citeline.ui.document import Document

#: Entries read at a time as the table is scrolled.
PAGE = 200
#: The "kind" filter: label -> what of the history it keeps.
KINDS: dict[str, dict[str, Any]] = {
    "All changes": {},
    "Events": {"item_kind": "event"},
    "Quotes": {"item_kind": "quote"},
    "Sources": {"item_kind": "source"},
    "People": {"item_kind": "person"},
    "Lanes": {"item_kind": "lane"},
    "Undo and redo": {"kinds": ("undo", "redo")},
    "Large edits and imports": {"large": True},
}


def local_time(at: str) -> str:
    """A history time (UTC, ISO) in the user's time zone, as a person reads it."""
    moment = QDateTime.fromString(at, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return at
    return moment.toLocalTime().toString("d MMM yyyy  HH:mm")


def entry_text(entry: chain.Entry, names: words.Names) -> list[str]:
    """An entry's changes, a line each ("event 7: date: March 2021 → 8 April 2021")."""
    lines = []
    if entry.summary is not None:
        lines.append(words.summary_words(entry.summary))
    lines += [
        f"{words.item_name(k, i)}: {line}" for k, i, line in words.entry_lines(entry.changes, names)
    ]
    return lines


class HistoryModel(QAbstractTableModel):
    """History entries matching a filter, newest first, read a page at a time."""

    HEADERS = ("When", "Who", "Action", "What changed")

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.filter = read.Filter()
        self.entries: list[chain.Entry] = []
        self.lines: list[list[str]] = []
        self.done = False
        self.names = words.namer(document.store)

    def set_filter(self, which: read.Filter) -> None:
        self.beginResetModel()
        self.filter = which
        self.entries, self.lines, self.done = [], [], False
        self.names = words.namer(self.document.store)
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self.done

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self.done:
            return
        last = self.entries[-1].id if self.entries else None
        found = read.page(self.document.store.db.conn, self.filter, before=last, limit=PAGE)
        if len(found) < PAGE:
            self.done = True
        if not found:
            return
        start = len(self.entries)
        self.beginInsertRows(QModelIndex(), start, start + len(found) - 1)
        self.entries.extend(found)
        self.lines.extend(entry_text(e, self.names) for e in found)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry, lines = self.entries[index.row()], self.lines[index.row()]
        column = index.column()
        if column == 0:
            return local_time(entry.at) if role == Qt.ItemDataRole.DisplayRole else entry.at
        if column == 1:
            return entry.author
        if column == 2:
            return entry.action
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(lines[:20]) or None
        if not lines:
            return ""
        more = f"  (+{len(lines) - 1} more)" if len(lines) > 1 else ""
        return lines[0] + more


class HistoryDialog(QDialog):
    """The project's history: a filter bar, the entries, and the selected entry in full."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("History")
        self.model = HistoryModel(document, self)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.author = QComboBox()
        self.author.setAccessibleName("Author")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        self.kind.addItems(list(KINDS))
        today = QDate.currentDate()
        self.use_from, self.date_from = QCheckBox("&From"), QDateEdit(today.addDays(-7))
        self.use_to, self.date_to = QCheckBox("&To"), QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setEnabled(False)
        self.use_from.toggled.connect(self.date_from.setEnabled)
        self.use_to.toggled.connect(self.date_to.setEnabled)
        who = QLabel("&Who:")
        who.setBuddy(self.author)
        what = QLabel("&Kind:")
        what.setBuddy(self.kind)
        for widget in (who, self.author, what, self.kind, self.use_from, self.date_from):
            bar.addWidget(widget)
        bar.addWidget(self.use_to)
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.count)
        layout.addLayout(bar)
        self.table = QTableView()
        self.table.setAccessibleName("History entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 140), (1, 130), (2, 220)):
            self.table.setColumnWidth(column, width)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("Entry details")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_authors()
        for signal in (
            self.author.currentIndexChanged,
            self.kind.currentIndexChanged,
            self.use_from.toggled,
            self.use_to.toggled,
            self.date_from.dateChanged,
            self.date_to.dateChanged,
        ):
            signal.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show)
        self.table.doubleClicked.connect(self._select_item)
        document.changed.connect(self._on_changed)
        self.resize(980, 600)
        self.refresh()

    def _on_changed(self, _changes: object) -> None:
        """A new change (or another project): read the newest entries again."""
        if self.isVisible():
            known = {self.author.itemData(i) for i in range(self.author.count())}
            for name in read.authors(self.document.store.db.conn):
                if name not in known:
                    self.author.addItem(name, name)
            self.refresh()

    def _fill_authors(self) -> None:
        self.author.addItem("Everyone", None)
        for name in read.authors(self.document.store.db.conn):
            self.author.addItem(name, name)

    def current_filter(self) -> read.Filter:
        return read.Filter(
            author=self.author.currentData(),
            since=self._since(),
            until=self._until(),
            **KINDS[self.kind.currentText()],
        )

    def _utc(self, day: QDate) -> str:
        moment = QDateTime(day, QTime(0, 0), QTimeZone.systemTimeZone())
        return moment.toUTC().toString("yyyy-MM-ddTHH:mm:ss")

    def _since(self) -> str | None:
        return self._utc(self.date_from.date()) if self.use_from.isChecked() else None

    def _until(self) -> str | None:
        return self._utc(self.date_to.date().addDays(1)) if self.use_to.isChecked() else None

    def refresh(self) -> None:
        which = self.current_filter()
        self.model.set_filter(which)
        n = read.count(self.document.store.db.conn, which)
        self.count.setText(f"{n:,} entr{'y' if n == 1 else 'ies'}")
        self.detail.clear()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        entry = self.model.entries[current.row()]
        head = f"#{entry.id}  {local_time(entry.at)}  {entry.author}  {entry.action}"
        if entry.undoes:
            head += f"  (takes back entry {entry.undoes})"
        body = self.model.lines[current.row()] or ["(no item changed)"]
        self.detail.setPlainText("\n".join([head, "", *body, "", f"hash {entry.hash}"]))

    def _select_item(self, index: QModelIndex) -> None:
        """Double-click: select the entry's first event, quote or source that still exists."""
        entry = self.model.entries[index.row()]
        tables = {"event": "events", "quote": "quotes", "source": "sources"}
        for kind, item_id, *_rest in entry.changes:
            if kind in tables and self.document.store.row(tables[kind], item_id) is not None:
                self.document.select(kind, item_id)
                return
