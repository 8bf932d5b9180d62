"""Who you are in a project's history: a name asked once, kept in the settings, changed
in Preferences. Every edit made in the app is recorded as made by it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from citeline.core.store import default_author
from citeline.ui import settings

KEY = "author"


def saved_author() -> str | None:
    """The name chosen in the app, if one was."""
    value = settings.settings().value(KEY)
    return str(value).strip() or None if value else None


def current_author() -> str:
    """The name edits are recorded with: the one chosen, else ``CITELINE_AUTHOR`` or the
    system's account name."""
    return saved_author() or default_author()


def save_author(name: str) -> None:
    settings.settings().setValue(KEY, name.strip())


class AuthorDialog(QDialog):
    """Asks for the name recorded with each change (first start, and Preferences)."""

    def __init__(self, parent: QWidget | None, *, first: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your Name" if first else "Preferences")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Citeline records who made each change in the project's history "
            "(Edit \u203a History\u2026). The name is kept with every edit you make; "
            "you can change it later in Edit \u203a Preferences."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(current_author())
        self.name.setAccessibleName("Your name")
        self.name.selectAll()
        form.addRow("Your &name:", self.name)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def chosen(self) -> str:
        return self.name.text().strip()


def ask_once(parent: QWidget | None) -> str:
    """The author's name, asked the first time the app starts (prefilled with the
    account name; Cancel keeps that) and kept."""
    name = saved_author()
    if name:
        return name
    dialog = AuthorDialog(parent, first=True)
    name = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else ""
    name = name or current_author()
    save_author(name)
    return name


def preferences(parent: QWidget | None) -> str | None:
    """Edit › Preferences: the new name, or None when unchanged or cancelled."""
    dialog = AuthorDialog(parent, first=False)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
        return None
    if dialog.chosen() == saved_author():
        return None
    save_author(dialog.chosen())
    return dialog.chosen()
