"""The search and filter bar: text, lanes, tags, people and a date range."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget

from citeline.core import queries
from citeline.core.dates import parse_date
from citeline.core.errors import DateError
from citeline.core.filters import ItemFilter
from citeline.core.model import STATUSES
from citeline.ui.document import Changes, Document
from citeline.ui.plain import tooltip
from citeline.ui.status import FLAG, LABELS

#: The Status menu entry that keeps only events whose sources disagree.
FLAGGED = "flagged"


class FilterBar(QWidget):
    """Builds an :class:`ItemFilter` from the user's choices and announces it."""

    filterChanged = Signal(object)  # ItemFilter
    searchRequested = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search events, quotes, sources, notes\u2026")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.returnPressed.connect(self._search)
        self.search.textChanged.connect(self._emit)
        self.menus: dict[str, QMenu] = {}
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 3)
        for key, label in (
            ("lanes", "Lanes"),
            ("tags", "Tags"),
            ("people", "People"),
            ("status", "Status"),
        ):
            button = QToolButton()
            button.setText(label)
            button.setAccessibleName(f"Filter by {label.lower()}")
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(button)
            button.setMenu(menu)
            self.menus[key] = menu
            self.buttons[key] = button
            layout.addWidget(button)
        self.when = QComboBox()
        self.when.setAccessibleName("Dates are when it")
        self.when.addItem("Happened", "happened")
        self.when.addItem("Reported", "reported")
        self.when.setToolTip("From/To: when it happened, or when it was first reported")
        self.when.activated.connect(lambda _i: self._emit())
        layout.addWidget(self.when)
        self.start = QLineEdit()
        self.start.setPlaceholderText("From")
        self.start.setAccessibleName("From date")
        self.end = QLineEdit()
        self.end.setPlaceholderText("To")
        self.end.setAccessibleName("To date")
        for edit in (self.start, self.end):
            edit.setMaximumWidth(110)
            edit.editingFinished.connect(self._emit)
            layout.addWidget(edit)
        clear = QToolButton()
        clear.setText("Clear")
        clear.setAccessibleName("Clear filters")
        clear.clicked.connect(self.clear)
        layout.addWidget(clear)
        document.changed.connect(self._on_changed)
        self.reload_choices()

    def reload_choices(self) -> None:
        """Refill the lane, tag and people menus, keeping what was checked."""
        store = self.document.store
        choices = {
            "lanes": [(lane.name, lane.id) for lane in queries.lanes(store)],
            "tags": [
                (r["name"], r["name"]) for r in store.rows("tags", order="name COLLATE NOCASE")
            ],
            "people": [(p.name, p.id) for p in queries.people(store)],
            "status": [(LABELS[s], s) for s in STATUSES] + [(f"{FLAG} Sources disagree", FLAGGED)],
        }
        for key, values in choices.items():
            menu = self.menus[key]
            checked = {a.data() for a in menu.actions() if a.isChecked()}
            menu.clear()
            for name, value in values:
                action = QAction(name, menu)
                action.setCheckable(True)
                action.setData(value)
                action.setChecked(value in checked)
                action.toggled.connect(self._emit)
                menu.addAction(action)
            self._label(key)

    def _label(self, key: str) -> None:
        n = sum(a.isChecked() for a in self.menus[key].actions())
        base = {"lanes": "Lanes", "tags": "Tags", "people": "People", "status": "Status"}[key]
        self.buttons[key].setText(f"{base} ({n})" if n else base)

    def _checked(self, key: str) -> frozenset:
        return frozenset(a.data() for a in self.menus[key].actions() if a.isChecked())

    def _date(self, edit: QLineEdit, end: bool) -> int | None:
        text = edit.text().strip()
        if not text:
            edit.setStyleSheet("")
            return None
        try:
            value = parse_date(text)
        except DateError as exc:
            edit.setStyleSheet("color: #c0392b;")
            edit.setToolTip(tooltip(str(exc)))
            return None
        edit.setStyleSheet("")
        edit.setToolTip(value.edtf)
        return value.latest if end else value.earliest

    def _reported(self, edit: QLineEdit) -> str | None:
        """The EDTF of a From/To field read as a publication date."""
        text = edit.text().strip()
        if not text:
            return None
        try:
            return parse_date(text).edtf
        except DateError:
            return None

    def current(self) -> ItemFilter:
        """The filter the bar shows now."""
        status = self._checked("status")
        reported = self.when.currentData() == "reported"
        return ItemFilter(
            text=self.search.text(),
            lane_ids=self._checked("lanes"),
            tags=self._checked("tags"),
            person_ids=self._checked("people"),
            start=None if reported else self._date(self.start, False),
            end=None if reported else self._date(self.end, True),
            statuses=frozenset(s for s in status if s != FLAGGED),
            flagged=FLAGGED in status,
            reported_from=self._reported(self.start) if reported else None,
            reported_to=self._reported(self.end) if reported else None,
        )

    def _emit(self) -> None:
        for key in self.menus:
            self._label(key)
        self.filterChanged.emit(self.current())

    def _search(self) -> None:
        self.searchRequested.emit(self.search.text())

    def clear(self) -> None:
        for menu in self.menus.values():
            for action in menu.actions():
                action.blockSignals(True)
                action.setChecked(False)
                action.blockSignals(False)
        self.start.clear()
        self.end.clear()
        self.when.setCurrentIndex(0)
        self.search.clear()
        self._emit()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("lanes", "tags", "people"):
            self.reload_choices()
