"""Editing controls that follow whether the project may be edited now.

While a server project's server is away (and on a read-only project) every edit is
refused; the controls that edit say so before anyone tries: text fields turn read-only
and grey (their text stays, selectable, and unsaved text is kept to save later), choices
and the buttons that edit are disabled. Buttons that only show something (Show, Read,
Preview) stay. A button or action that edits is marked with :func:`edits`.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

#: The property marking a button that edits the project.
_EDITS = "citelineEdits"
#: How a text field looks while it may not be edited.
GREY = "color: palette(placeholder-text); background: palette(window);"


_C = TypeVar("_C", QAbstractButton, QAction)


def edits(control: _C) -> _C:
    """Mark ``control`` as one that edits the project (disabled while it may not be)."""
    control.setProperty(_EDITS, True)
    return control


def set_actions_editable(actions: list[QAction], on: bool) -> None:
    """Enable the menu actions that edit (those marked with :func:`edits`) or not."""
    for action in actions:
        if action.property(_EDITS):
            action.setEnabled(on)


def set_editable(root: QWidget, on: bool) -> None:
    """Make the editing controls under ``root`` editable, or read-only and disabled."""
    for w in root.findChildren(QWidget):
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            if isinstance(w.parentWidget(), QComboBox):
                continue  # an editable combo box's own line: the box is disabled
            if w.isReadOnly() != (not on):
                w.setReadOnly(not on)
                w.setStyleSheet("" if on else GREY)
        elif isinstance(w, (QComboBox, QSpinBox)) or (
            isinstance(w, QAbstractButton) and w.property(_EDITS)
        ):
            w.setEnabled(on)
