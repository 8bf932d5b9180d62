"""While the project may not be edited (a server project's server is away), every control
that edits says so: inspector fields read-only, choices and editing buttons disabled,
Receipts' Accept and Dismiss, the reader's make-event actions and the edit menus; the
controls that only show something stay; all come back when it may be edited again.
(The server going away for real is in tests/server/test_app_server_away.py.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QToolButton
from tests.ui.conftest import event_id
from tests.ui.test_suggested_evidence import DEAL, SIGNED, cards, import_second

from citeline.core import queries
from citeline.ui.editable import GREY
from citeline.ui.status import status_menu

AWAY = "The server cannot be reached (test): the project is read-only until it is back"


def test_every_editing_control_follows_whether_the_project_may_be_edited(qtbot, window):
    doc = window.document
    second = import_second(qtbot, window)
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    page = window.inspector.pages["event"]
    assert cards(window) and doc.editable
    states: list[bool] = []
    doc.editableChanged.connect(states.append)

    window.show()
    window.activateWindow()
    page.tags.setFocus()
    qtbot.waitUntil(page.tags.hasFocus)
    page.tags.setText("kept, tags")  # being typed when it goes

    doc.offline = AWAY
    assert states == [False] and not doc.editable
    assert page.title.isReadOnly() and page.date.edit.isReadOnly()
    assert page.title.styleSheet() == GREY and page.date.edit.styleSheet() == GREY
    assert page.notes.edit.isReadOnly() and page.people.isReadOnly()
    assert not page.status.isEnabled() and not page.importance.isEnabled()
    assert not window.inspector.away.isHidden()
    buttons = {b.accessibleName(): b for b in page.findChildren(QToolButton)}
    assert not buttons["Remove evidence"].isEnabled() and buttons["Show passage"].isEnabled()
    assert buttons["Preview notes"].isEnabled()
    for card in cards(window):
        assert not card.accept.isEnabled() and not card.dismiss.isEnabled()
        assert card.read.isEnabled()
    assert not status_menu(window, doc, "event", deal).isEnabled()
    assert not window.delete_action.isEnabled()
    menus = {a.text(): a for a in window.edit_actions}
    assert not menus["&Import\u2026"].isEnabled() and not menus["New &Lane\u2026"].isEnabled()
    assert menus["Save a &Copy\u2026"].isEnabled()  # reading and copying still work
    assert not window.sources.import_button.isEnabled()
    window.read_source(second)
    reader = window.reader
    signed_at = queries.source_text(doc.store, second).index(SIGNED)
    reader.select_span(signed_at, signed_at + 20)
    assert not reader.new_event_action.isEnabled() and not reader.new_quote_action.isEnabled()
    assert not reader.evidence_marks.menu(reader.evidence_marks.at(signed_at + 5)).isEnabled()
    # a field finished while nothing can be saved keeps its text, unsaved
    page.title.setPlainText("Typed while away")
    page.title.commit()
    leave(page.tags)
    leave(page.date.edit)
    assert doc.undo_stack.count() == 1  # the import only
    assert page.title.text() == "Typed while away" and page.tags.text() == "kept, tags"

    doc.offline = ""
    assert states == [False, True] and window.inspector.away.isHidden()
    assert not page.title.isReadOnly() and page.status.isEnabled()
    assert page.title.styleSheet() == "" and page.date.edit.styleSheet() == ""
    assert buttons["Remove evidence"].isEnabled() and window.delete_action.isEnabled()
    assert all(c.accept.isEnabled() and c.dismiss.isEnabled() for c in cards(window))
    assert reader.new_event_action.isEnabled() and menus["&Import\u2026"].isEnabled()
    assert window.sources.import_button.isEnabled()
    page.title.commit()  # saved now, as typed
    assert doc.undo_stack.count() == 2
    assert doc.store.row("events", deal)["title"] == "Typed while away"
    leave(page.tags)  # leaving it again saves it (Qt reports a finished edit only once)
    assert doc.undo_stack.count() == 3
    assert set(queries.tags_of(doc.store, "event", deal)) == {"kept", "tags"}


def leave(widget) -> None:
    """The keyboard focus leaves ``widget`` (as when the user clicks elsewhere)."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut))
