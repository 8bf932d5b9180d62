"""What every inspector page shares: a form, and turning fields into undoable edits."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from citeline.core import errors
from citeline.core.edits import Edit
from citeline.ui.fields import TextField, WrapLineField

if TYPE_CHECKING:
    from citeline.ui.inspector.inspector import Inspector


def split_list(text: str) -> list[str]:
    """The non-empty, trimmed parts of a comma-separated field."""
    return [p.strip() for p in text.split(",") if p.strip()]


class Page(QWidget):
    """A form for one kind of item; subclasses fill it and turn fields into edits."""

    def __init__(self, inspector: Inspector) -> None:
        super().__init__()
        self.inspector = inspector
        self.item_id: int | None = None
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # In a narrow panel a field goes under its name rather than pushing the page
        # wider than the panel (no sideways scrolling: every line wraps).
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(self.form)
        outer.addStretch(1)  # fields keep their natural height; the space goes below

    @property
    def store(self):  # the document's current store
        return self.inspector.document.store

    def push(self, make: Callable[[], Edit]) -> None:
        """Build an edit (reporting bad input) and push it as one undo step."""
        document = self.inspector.document
        if document.offline:  # the server is away: the typed text stays, to save later
            document.failed.emit(document.offline)
            return
        try:
            edit = make()
        except errors.CitelineError as exc:
            self.inspector.document.failed.emit(str(exc))
            self.load(self.item_id)
            return
        self.inspector.document.push(edit, base=self.inspector.base)

    def text_fields(self) -> list[TextField | WrapLineField]:
        """The fields that commit when left, to save before what is shown changes."""
        found = self.findChildren(QPlainTextEdit)
        return [w for w in found if isinstance(w, (TextField, WrapLineField))]

    def load(self, item_id: int | None) -> None:
        raise NotImplementedError


def provenance_text(raw: str | None) -> str:
    if not raw:
        return ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if not isinstance(data, dict):
        return raw
    if data.get("set_by") == "hand":
        return "Date set by hand"
    expr, anchor = data.get("expression"), data.get("anchor")
    text = f"From \u201c{expr}\u201d" if expr else "Date"
    return text + (f", anchored on {anchor}" if anchor else "")
