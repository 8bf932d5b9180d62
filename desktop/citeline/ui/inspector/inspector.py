"""The inspector: every field of the selected event, quote or source, edited in place.

Each committed field is one undo step. Evidence passages are listed with their stance
and source; orphaned ones stay listed, marked as such.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from citeline.core import errors
from citeline.core.history import forms
from citeline.ui.document import Changes, Document, FactsChanged, Selected
from citeline.ui.editable import set_editable
from citeline.ui.fields import DateField
from citeline.ui.help import GETTING_STARTED
from citeline.ui.inspector.base import Page
from citeline.ui.inspector.event import EventPage
from citeline.ui.inspector.pages import PersonPage, QuotePage, SourcePage
from citeline.ui.inspector.typing import Typing, still_unsaved, typing_in
from citeline.ui.reader import plain_label

#: What the inspector says while the server is away.
AWAY = (
    "Read-only while the server is away. Text you typed and did not save stays in its "
    "field: finish it (Enter, or leave the field) once the server is back to save it."
)


class Inspector(QScrollArea):
    """Shows the page for whatever is selected and keeps it in step with the project."""

    showPassage = Signal(int)  # passage id

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        self.setAccessibleName("Inspector")
        self.stack = QStackedWidget()
        self.empty = plain_label(GETTING_STARTED)
        self.empty.setAccessibleName("Getting started")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pages: dict[str, Page] = {
            "event": EventPage(self),
            "quote": QuotePage(self),
            "source": SourcePage(self),
            "person": PersonPage(self),
        }
        self.stack.addWidget(self.empty)
        for page in self.pages.values():
            self.stack.addWidget(page)
        # The History section sits under every item's page.
        from citeline.ui.inspector.history import HistorySection

        self.history = HistorySection(document)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.stack)
        column.addWidget(self.history)
        column.addStretch(1)
        # Someone else changed the item shown (a server project): who, and when.
        self.notice = plain_label()
        self.notice.setAccessibleName("Changed by someone else")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "background: #e7f1ff; color: #0b3d91; padding: 4px; border-radius: 3px;"
        )
        self.notice.hide()
        column.insertWidget(0, self.notice)
        # The server is away: the fields are read-only, and what was typed is kept.
        self.away = plain_label(AWAY)
        self.away.setAccessibleName("Read-only while the server is away")
        self.away.setWordWrap(True)
        self.away.setStyleSheet(
            "background: #fff3cd; color: #664d03; padding: 4px; border-radius: 3px;"
        )
        self.away.hide()
        column.insertWidget(0, self.away)
        self.setWidget(body)
        self.current: Selected | None = None
        #: On a server project, the version of the item shown that an edit in the
        #: inspector is made from, and the item's fields as they were then.
        self.base: dict[tuple[str, int], int] = {}
        self.base_form: dict[str, Any] | None = None
        self._kept = False
        #: the field being typed in when edits stopped being possible (the server went
        #: away): its text is kept, even once left, until it is saved
        self._held: Typing | None = None
        self._notice_at: int | None = None
        document.selectionChanged.connect(self.show_item)
        document.changed.connect(self._on_changed)
        document.factsChanged.connect(self._on_facts)
        document.editableChanged.connect(self._editable)
        if not document.editable:
            self._editable(False)  # a read-only project

    def commit_pending(self) -> None:
        """Save a multi-line field being edited before what is shown changes."""
        page = self.stack.currentWidget()
        if isinstance(page, Page):
            for field in page.text_fields():
                field.commit()

    def show_item(self, selected: Selected | None) -> None:
        if selected is not None and selected == self.current:
            self.refresh()  # shown again (the server is back): unsaved text stays
            return
        self.commit_pending()
        self._held = None
        self.notice.hide()
        self.current = selected if selected and selected.kind in self.pages else None
        if self.current is None:
            self.stack.setCurrentWidget(self.empty)
            return
        page = self.pages[self.current.kind]
        try:
            page.load(self.current.id)
        except errors.NotFoundError:
            self.current = None
            self.stack.setCurrentWidget(self.empty)
            return
        self._remember()
        self._follow_editable(page)
        self.stack.setCurrentWidget(page)

    def _editable(self, on: bool) -> None:
        page = self.stack.currentWidget()
        if not on and isinstance(page, Page):
            self._held = typing_in(page) or self._held
        for each in self.pages.values():
            set_editable(each, on)
        self.away.setVisible(not on and bool(self.document.offline))

    def _follow_editable(self, page: Page) -> None:
        if not self.document.editable:
            set_editable(page, False)  # its rows (evidence) were made anew

    def _remember(self) -> None:
        """Note the version (and fields) of the item now shown, that edits are made from."""
        current = self.current
        if current is None or not self.document.shared:
            self.base, self.base_form = {}, None
            return
        item = (current.kind, current.id)
        store = self.document.store
        version = store.version(*item)
        self.base = {} if version is None else {item: version}
        self.base_form = forms.form(store.db.conn, *item)  # type: ignore[arg-type]

    def others_changed(self, who: dict[tuple[str, int], tuple[str, str]]) -> None:
        """Items others just changed, with who and when (UTC, ISO): marks the one shown."""
        current = self.current
        if current is None or (current.kind, current.id) not in who:
            return
        author, at = who[(current.kind, current.id)]
        moment = QDateTime.fromString(at, Qt.DateFormat.ISODate)
        when = moment.toLocalTime().toString("HH:mm") if moment.isValid() else at
        kept = " (your unsaved text is kept in the field you are typing in)" if self._kept else ""
        self._notice_at = self.document.store.version(current.kind, current.id)
        self.notice.setText(f"Changed by {author} at {when} \u2014 showing their version{kept}")
        self.notice.show()

    def _on_changed(self, changes: Changes) -> None:
        if self.current is None:
            return
        if (
            self.document.store.row(
                {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}[
                    self.current.kind
                ],
                self.current.id,
            )
            is None
        ):
            self.document.select(None)
            return
        page = self.pages[self.current.kind]
        focus = self.focusWidget()
        kept = [t for t in (typing_in(page),) if t is not None]
        held = still_unsaved(self._held) if self._held is not None else None
        if held is not None and all(t.widget is not held.widget for t in kept):
            kept.append(held)
        self._held = held
        page.load(self.current.id)
        for typing in kept:
            typing.restore()  # the unsaved text stays, made from the version it began on
        if not kept:
            self._remember()
        self._follow_editable(page)
        self._kept = bool(kept)
        if not self.notice.isHidden():
            # the item moved on since the notice (your own edit, say): it no longer holds
            now = self.document.store.version(self.current.kind, self.current.id)
            if now != self._notice_at:
                self.notice.hide()
        if focus is not None and focus.isVisible():
            focus.setFocus()

    def refresh(self) -> None:
        """Read the item shown again (the project's connection is back, say)."""
        self._on_changed(Changes())

    def _on_facts(self, changed: FactsChanged) -> None:
        # a change made elsewhere (the Document's own steps re-load the page on ``changed``)
        current = self.current
        ours = current is not None and current.kind == "event"
        if ours and not changed.edited and changed.covers(current.id):  # type: ignore[union-attr]
            self._on_changed(Changes())

    def focus_date(self) -> None:
        """Put the cursor in the date field of the shown item, all selected, for retyping."""
        page = self.stack.currentWidget()
        date = getattr(page, "date", None)
        if isinstance(date, DateField):
            date.edit.setFocus()
            date.edit.selectAll()

    def focus_speaker(self) -> None:
        page = self.pages["quote"]
        if self.stack.currentWidget() is page:
            page.speaker.setFocus()  # type: ignore[attr-defined]
