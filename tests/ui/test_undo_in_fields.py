"""Ctrl+Z in an edit field: the field's own typing first, then the project's last step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import event_id

from citeline.core import items, queries

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_ctrl_z_in_the_title_field_after_enter_undoes_the_change(qtbot, window) -> None:
    doc = window.document
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    page = window.inspector.pages["event"]
    field = page.title
    focus(qtbot, field)
    field.selectAll()
    qtbot.keyClicks(field, "The deal is signed")
    # while typing, Ctrl+Z is the field's own undo (the project is untouched)
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert field.text() == DEAL
    qtbot.keyClicks(field, "The deal is signed")
    field.selectAll()
    qtbot.keyClicks(field, "The deal is signed")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert queries.event(doc.store, deal).title == "The deal is signed"
    assert page.title.hasFocus()
    # after Enter the field has nothing of its own: Ctrl+Z undoes the project's step
    qtbot.keyClick(page.title, Qt.Key.Key_Z, CTRL)
    assert queries.event(doc.store, deal).title == DEAL
    assert page.title.text() == DEAL
    qtbot.keyClick(page.title, Qt.Key.Key_Z, CTRL | SHIFT)
    assert queries.event(doc.store, deal).title == "The deal is signed"


@pytest.mark.parametrize("name", ["date", "tags", "description", "importance", "search"])
def test_ctrl_z_in_any_field_with_no_history_undoes_the_project(qtbot, window, name) -> None:
    doc = window.document
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    assert doc.push(items.set_status(doc.store, "event", deal, "confirmed"))
    page = window.inspector.pages["event"]
    widget = {
        "date": page.date.edit,
        "tags": page.tags,
        "description": page.description,
        "importance": page.importance,
        "search": window.filters.search,
    }[name]
    focus(qtbot, widget)
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)
    assert queries.event(doc.store, deal).status == "unverified"
