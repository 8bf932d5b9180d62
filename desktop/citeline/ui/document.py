"""The open project as the app sees it: one Store, one undo stack, one ``changed`` signal.

Every user action becomes an :class:`~citeline.core.edits.Edit` pushed here as one
:class:`EditCommand`; pushing performs it (the command's first redo applies it), undo
applies its inverse. Views never write: they listen to ``changed`` and re-read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from citeline.core.edits import Edit, combine
from citeline.core.errors import CitelineError
from citeline.core.store import Store


@dataclass(frozen=True)
class Changes:
    """What an edit (or undoing it) touched: table -> primary keys; ``reset`` for a new project."""

    keys: dict[str, set[tuple[Any, ...]]] = field(default_factory=dict)
    reset: bool = False

    def touches(self, *tables: str) -> bool:
        """Whether any of ``tables`` changed (always true on reset)."""
        return self.reset or any(t in self.keys for t in tables)

    def ids(self, table: str) -> set[int]:
        """The single-column ids touched in ``table``."""
        return {k[0] for k in self.keys.get(table, ())}


@dataclass(frozen=True)
class Selected:
    """The selected item: ``kind`` is event, quote, source or passage."""

    kind: str
    id: int


class EditCommand(QUndoCommand):
    """One user action on the undo stack; redo applies the edit, undo its inverse."""

    def __init__(self, document: Document, edit: Edit) -> None:
        super().__init__(edit.label)
        self.document = document
        self.edit = edit

    def redo(self) -> None:
        self._run(self.edit)

    def undo(self) -> None:
        self._run(self.edit.inverse())

    def _run(self, edit: Edit) -> None:
        try:
            self.document.store.apply(edit)
        except CitelineError as exc:
            # Nothing of the edit was written (one transaction); drop the step so the
            # stack never claims a state the file does not have.
            self.setObsolete(True)
            self.document.failed.emit(str(exc))
            return
        self.document.changed.emit(Changes(edit.touched()))


class Document(QObject):
    """The open project: its store, undo stack, selection and change notifications."""

    changed = Signal(object)  # Changes
    selectionChanged = Signal(object)  # Selected | None
    failed = Signal(str)  # a one-line message for the user
    pathChanged = Signal(object)  # Path | None

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self.selected: Selected | None = None

    @property
    def path(self) -> Path | None:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def push(self, edit: Edit) -> bool:
        """Perform ``edit`` as one undo step; False (and ``failed`` emitted) if it failed."""
        if not edit:
            return True
        if self.store.read_only:
            self.failed.emit(f"{self.path.name if self.path else 'This project'} is read-only")
            return False
        command = EditCommand(self, edit)
        self.undo_stack.push(command)
        return not command.isObsolete()

    def push_all(self, label: str, edits: list[Edit]) -> bool:
        """Perform several edits as one undo step."""
        return self.push(combine(label, edits))

    def select(self, kind: str | None, item_id: int | None = None) -> None:
        """Select an item everywhere (timeline, reader, inspector, table)."""
        new = Selected(kind, item_id) if kind is not None and item_id is not None else None
        if new != self.selected:
            self.selected = new
            self.selectionChanged.emit(new)

    def replace_store(self, store: Store) -> None:
        """Switch to another project: the old one is closed and the undo history cleared."""
        old = self.store
        self.undo_stack.clear()
        self.store = store
        self.selected = None
        if old is not store:
            old.close()
        self.pathChanged.emit(store.path)
        self.selectionChanged.emit(None)
        self.changed.emit(Changes(reset=True))

    def close(self) -> None:
        """Close the project file."""
        self.undo_stack.clear()
        self.store.close()
