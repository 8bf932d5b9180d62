"""After undo or redo, show the item the step changed, so the inspector is never empty
while the timeline shows a change."""

from __future__ import annotations

from PySide6.QtCore import QObject

from citeline.core.edits import Edit
from citeline.ui.document import Document, EditCommand

_ITEMS = {"events": "event", "quotes": "quote", "sources": "source", "people": "person"}
_LINKS = {
    "evidence": "event",
    "event_tags": "event",
    "event_people": "event",
    "quote_tags": "quote",
}


def item_of(edit: Edit) -> tuple[str, int] | None:
    """The event, quote, source or person an edit leaves in place (created or changed)."""
    for change in edit.changes:
        if change.after is None:
            continue
        if change.table in _ITEMS:
            return _ITEMS[change.table], int(change.key[0])
    for change in edit.changes:
        if change.table in _LINKS:
            return _LINKS[change.table], int(change.key[0])
    return None


class FollowUndo(QObject):
    """Selects what an undo or redo brought back or changed (a first push selects nothing:
    the action that pushed it chose what to show)."""

    def __init__(self, document: Document) -> None:
        super().__init__(document)
        self.document = document
        self._index = document.undo_stack.index()
        document.undo_stack.indexChanged.connect(self._moved)
        document.changed.connect(self._reset)

    def _reset(self, changes: object) -> None:
        if getattr(changes, "reset", False):
            self._index = self.document.undo_stack.index()

    def _moved(self, index: int) -> None:
        stack = self.document.undo_stack
        before, self._index = self._index, index
        if index > before:
            command = stack.command(index - 1)
            if not isinstance(command, EditCommand):
                return
            if not getattr(command, "seen", False):
                command.seen = True  # type: ignore[attr-defined]  # pushed just now
                return
            edit = command.edit  # redone
        elif index < before:
            command = stack.command(index)
            if not isinstance(command, EditCommand):
                return
            command.seen = True  # type: ignore[attr-defined]
            edit = command.edit.inverse()  # undone
        else:
            return
        target = item_of(edit)
        if target is None:
            return
        table = {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}
        if self.document.store.row(table[target[0]], target[1]) is not None:
            self.document.select(*target)
