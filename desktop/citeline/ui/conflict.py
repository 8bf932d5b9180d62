"""A conflict shown to the user: theirs and yours side by side, per field, to choose.

An edit made in the app names the version it was made from; when someone else changed
the item since, the server refuses it (nothing is written). This dialog then lists each
field where their version and yours differ — their value, your value, and a choice —
and applies the choice as a *new* edit made from their version (one undo step, its own
history entry). Fields you changed start on yours, fields they changed on theirs, so
the default keeps both people's work; anything can be switched before applying.

"Yours" is the item as you had it (the version you were looking at) with your change;
"theirs" is the item on the server now. If it changed yet again meanwhile, applying is
refused as a new conflict, shown the same way.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from citeline.core import errors
from citeline.core.edits import Edit, combine
from citeline.core.history import forms, read, restore, words
from citeline.ui.document import Conflict, Document
from citeline.ui.history_dialog import local_time


def rehearsed_form(document: Document, edit: Edit, item: forms.Item) -> dict[str, Any] | None:
    """The item as ``edit`` would leave it on the server's version (tried in a
    transaction that is rolled back), or None when it cannot be applied there."""
    store = document.store
    own = getattr(store, "own_entries", None)
    try:
        with store.rehearsal():
            store.apply(edit)
            if own is not None and store.last_entry is not None:
                own.discard(store.last_entry)  # rolled back: no entry of ours
            return forms.form(store.db.conn, *item) or {}  # type: ignore[arg-type]
    except errors.CitelineError:
        return None


def value_text(name: str, value: Any, names: words.Names) -> str:
    """A field's value in full (text is never cut short: the difference may be at its
    end), other values in words as the history shows them."""
    if isinstance(value, str) and name in ("title", "text", "description", "note"):
        return f"\u201c{value}\u201d"
    return words.value_words(name, value, names)


class ConflictDialog(QDialog):
    """Theirs and yours, per differing field, with a choice for each."""

    def __init__(
        self,
        parent: QWidget | None,
        document: Document,
        conflict: Conflict,
        base_form: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Someone Else Changed This")
        self.document = document
        self.conflict = conflict
        store = document.store
        # the item of the edit that moved on (the first that did)
        moved = [item for item, v in sorted(conflict.expect.items()) if store.version(*item) != v]
        self.item: forms.Item = moved[0] if moved else sorted(conflict.expect)[0]
        kind, item_id = self.item
        conn = store.db.conn
        self.their_version = store.version(*self.item)
        self.theirs: dict[str, Any] = forms.form(conn, *self.item) or {}  # type: ignore[arg-type]
        after = rehearsed_form(document, conflict.edit, self.item)
        mine = {} if after is None else dict(after)
        changed = {n for n in set(self.theirs) | set(mine) if self.theirs.get(n) != mine.get(n)}
        if after is None:  # your edit no longer applies to their rows: compare forms only
            changed = set()
        self.changed_by_you = changed
        self.yours: dict[str, Any] = dict(base_form if base_form is not None else self.theirs)
        for name in changed:
            if mine.get(name) is None:
                self.yours.pop(name, None)
            else:
                self.yours[name] = mine[name]
        differ = sorted(
            n
            for n in set(self.theirs) | set(self.yours)
            if self.theirs.get(n) != self.yours.get(n) and restore.restorable(kind, n)
        )
        if "date" in differ and "date_provenance" in differ:
            differ.remove("date_provenance")  # it comes with the date
        self.fields = differ
        last = read.last_change(conn, self.item)  # type: ignore[arg-type]
        who = f"{last.author} at {local_time(last.at)}" if last else "someone"
        names = words.namer(document.store)

        head = QLabel(
            f"{words.item_name(kind, item_id).capitalize()} was changed by {who} while you "
            "were editing it, so your change was not saved. Choose, field by field, which "
            "value to keep; Apply saves the choice as a new change on top of theirs."
        )
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        for col, text in enumerate(("Field", "Theirs (now on the server)", "Yours", "Keep")):
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet("font-weight: bold;")
            grid.addWidget(label, 0, col)
        self.choices: dict[str, QRadioButton] = {}  # name -> the "yours" button
        self.theirs_buttons: dict[str, QRadioButton] = {}
        for row, name in enumerate(self.fields, 1):
            field = QLabel(words.FIELD_WORDS.get(name, name.replace("_", " ")).capitalize())
            field.setTextFormat(Qt.TextFormat.PlainText)
            values = []
            for value in (self.theirs.get(name), self.yours.get(name)):
                shown = QLabel(value_text(name, value, names))
                shown.setTextFormat(Qt.TextFormat.PlainText)
                shown.setWordWrap(True)
                shown.setMinimumWidth(220)
                values.append(shown)
            theirs_button = QRadioButton("Theirs")
            yours_button = QRadioButton("Yours")
            group = QButtonGroup(self)
            group.addButton(theirs_button)
            group.addButton(yours_button)
            (yours_button if name in changed else theirs_button).setChecked(True)
            keep = QWidget()
            box = QVBoxLayout(keep)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(theirs_button)
            box.addWidget(yours_button)
            for col, w in enumerate((field, values[0], values[1], keep)):
                grid.addWidget(w, row, col, Qt.AlignmentFlag.AlignTop)
            self.choices[name] = yours_button
            self.theirs_buttons[name] = theirs_button
        table = QWidget()
        table.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(table)
        if not self.fields:
            none = QLabel("Their version and yours now hold the same values: nothing to choose.")
            none.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(none, 1, 0, 1, 4)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setText("&Apply Choice")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Keep &Theirs")
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setDefault(True)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(760, min(560, 180 + 70 * max(1, len(self.fields))))

    def chosen(self) -> dict[str, str]:
        """Each differing field and whose value is kept ("theirs" or "yours")."""
        return {n: "yours" if b.isChecked() else "theirs" for n, b in self.choices.items()}

    def choose(self, name: str, whose: str) -> None:
        (self.choices if whose == "yours" else self.theirs_buttons)[name].setChecked(True)

    def resolution(self) -> Edit | None:
        """The edit setting the fields chosen as yours, on their version (None: keep theirs)."""
        kind, item_id = self.item
        names = [name for name, whose in self.chosen().items() if whose == "yours"]
        if not names:
            return None
        store = self.document.store
        own = getattr(store, "own_entries", None)
        parts = []
        # Each field's change is made from the row as the one before leaves it (tried in
        # a transaction that is rolled back), so their row images chain: two changes
        # made from the same row would each expect its first state (its updated_at).
        with store.rehearsal():
            for name in names:
                part = restore.use_value(
                    store, kind, item_id, name, self.yours.get(name), self.yours
                )
                store.apply(part)
                if own is not None and store.last_entry is not None:
                    own.discard(store.last_entry)  # rolled back: no entry of ours
                parts.append(part)
        return combine(f"Resolve conflict on {words.item_name(kind, item_id)}", parts)

    def apply(self) -> None:
        """Save the choice as a new edit made from their version; close when saved."""
        try:
            edit = self.resolution()
        except errors.CitelineError as exc:
            self.document.failed.emit(str(exc))
            return
        if edit is not None and self.their_version is not None:
            self.accept()  # a new conflict opens a dialog of its own
            self.document.push(edit, base={self.item: self.their_version})
            return
        self.accept()
