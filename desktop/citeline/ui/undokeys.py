"""Ctrl+Z in an edit field: the field's own undo while it has one, else the project's.

Qt's text fields claim the Undo and Redo keys for themselves even when they have nothing
to undo (after Enter the inspector shows the saved value, which clears the field's
history), so the window's Edit › Undo never ran while the cursor was in a field. This
filter lets a field keep the keys only while it has something of its own to undo or
redo; otherwise the keys reach the window's Undo and Redo, as the Edit menu says.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget


def own_history(widget: QObject, redo: bool) -> bool | None:
    """Whether a text field has a step of its own to undo (or redo); None for a widget
    that is not a text field."""
    if isinstance(widget, QAbstractSpinBox):
        inner = widget.findChild(QLineEdit)
        return None if inner is None else own_history(inner, redo)
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        if widget.isReadOnly():
            return False
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return None


class ProjectUndoKeys(QObject):
    """An application event filter passing Undo/Redo keys on from fields with no history."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if event.matches(QKeySequence.StandardKey.Undo):
            redo = False
        elif event.matches(QKeySequence.StandardKey.Redo):
            redo = True
        else:
            return False
        if own_history(watched, redo) is False:
            # Not accepted: the key is tried as a shortcut (the window's Undo or Redo).
            event.ignore()
            return True
        return False
