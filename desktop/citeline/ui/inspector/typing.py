"""Text being typed in an inspector field, kept across a re-read of the item.

When someone else's edit makes the inspector re-read the item shown, every field shows
their version, except the one the user is typing in: its unsaved text and cursor stay,
and it is saved (from the version the typing started on) when the user finishes. While
the project may not be edited (the server is away) a field's text cannot be saved, so
the field being typed in when that began keeps its text even once left
(:func:`still_unsaved`), to be finished and saved once it is back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from citeline.ui.fields import DateField, LineField, TextField, WrapLineField


@dataclass
class Typing:
    """The focused field with unsaved text: the widget, its text and cursor."""

    widget: QWidget
    text: str
    cursor: int

    def restore(self) -> None:
        """Put the text and cursor back after the field was filled with the new value."""
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(self.text)
            cursor = w.textCursor()
            cursor.setPosition(min(self.cursor, len(self.text)))
            w.setTextCursor(cursor)
        elif isinstance(w, QLineEdit):
            w.setText(self.text)
            w.setCursorPosition(self.cursor)


def _unsaved(w: QWidget) -> bool:
    if isinstance(w, WrapLineField):
        return w.text() != w._shown
    if isinstance(w, TextField):
        return w.toPlainText() != w._shown
    if isinstance(w, LineField):
        return w.text() != w._shown
    parent = w.parentWidget()
    if isinstance(w, QLineEdit) and isinstance(parent, DateField):
        return w.text() != parent._shown_text
    return False


def typing_in(page: QWidget) -> Typing | None:
    """The field of ``page`` the user is typing unsaved text in, if any."""
    w = QApplication.focusWidget()
    if w is None or not page.isAncestorOf(w) or not _unsaved(w):
        return None
    if isinstance(w, QPlainTextEdit):
        return Typing(w, w.toPlainText(), w.textCursor().position())
    if isinstance(w, QLineEdit):
        return Typing(w, w.text(), w.cursorPosition())
    return None


def still_unsaved(held: Typing) -> Typing | None:
    """``held`` as it is now, if its field still holds unsaved text (it was being typed
    in when nothing could be saved any more, and may have lost the focus since)."""
    w = held.widget
    if not _unsaved(w):
        return None
    if isinstance(w, QPlainTextEdit):
        return Typing(w, w.toPlainText(), held.cursor)
    if isinstance(w, QLineEdit):
        return Typing(w, w.text(), held.cursor)
    return None
