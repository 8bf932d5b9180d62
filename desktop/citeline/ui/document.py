"""The open project as the app sees it: one Store, one undo stack, one ``changed`` signal.

Every user action becomes an :class:`~citeline.core.edits.Edit` pushed here as one
:class:`EditCommand`; pushing performs it (the command's first redo applies it), undo
applies its inverse. Views never write: they listen to ``changed`` and re-read.

Derived facts (an event's flag, when it was first reported, its counts) live in one
:class:`~citeline.core.derived.Facts` per project, ``document.facts``, that every view
reads. After each step the Document works out which events' facts it may have changed,
makes ``facts`` forget them *before* ``changed`` goes out (so a view re-reading on
``changed`` sees the new truth), then emits ``factsChanged`` with their ids for views
that only show derived facts (the timeline's flags). A change made elsewhere (another
person's edit, pushed by a server) comes in through :meth:`Document.facts_changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from citeline.core.derived import Facts, affected_events
from citeline.core.edits import Edit, combine
from citeline.core.errors import CitelineError, ConflictError
from citeline.core.history.record import Note
from citeline.core.store import Store
from citeline.core.versions import made_from, versions_after
from citeline.ui.document_types import Changes, Conflict, FactsChanged, Selected, lost_server
from citeline.ui.tasks import Cancelled

#: An undo or redo step with this many row changes runs off the GUI thread with progress.
LARGE = 5000


class EditCommand(QUndoCommand):
    """One user action on the undo stack.

    The Document applies the edit (or its inverse) to the file *before* the stack moves,
    so a failure leaves the stack where it was; ``redo``/``undo`` called by the stack then
    only announce the change. A command is never made obsolete: Qt would delete it.
    """

    def __init__(self, document: Document, edit: Edit) -> None:
        super().__init__(edit.label)
        self.document = document
        self.edit = edit
        self.applied = False  # set by the Document when the file already has the change
        self._touched: dict[str, set[tuple[Any, ...]]] | None = None
        #: The history entries of the last time the step was done, and undone.
        self.entry: int | None = None
        self.undo_entry: int | None = None
        #: On a server project, the versions of the items the step touched just after it
        #: was done, and just after it was undone: an undo or redo is made from them.
        self.versions: dict[tuple[str, int], int] | None = None
        self.undone_versions: dict[tuple[str, int], int] | None = None

    def expect(self, verb: str) -> dict[tuple[str, int], int] | None:
        """The versions undoing (or redoing) the step is made from (None: unchecked)."""
        return self.versions if verb == "undo" else self.undone_versions

    def moved(self, verb: str, edit: Edit) -> None:
        """Remember the versions the step left after being undone or redone as ``edit``."""
        made = self.expect(verb)
        after = None if made is None else versions_after(edit, made)
        if verb == "undo":
            self.undone_versions = after
        else:
            self.versions = after

    def note(self, verb: str) -> Note:
        """How undoing or redoing the step is recorded: naming the entry it takes back."""
        if verb == "undo":
            return Note("undo", self.entry, f"Undo {self.edit.label}")
        return Note("redo", self.undo_entry, f"Redo {self.edit.label}")

    def recorded(self, verb: str, entry: int | None) -> None:
        """Remember the history entry that undoing or redoing the step wrote."""
        if verb == "undo":
            self.undo_entry = entry
        else:
            self.entry = entry

    def touched(self) -> dict[str, set[tuple[Any, ...]]]:
        """The keys the step touches, the same both ways (kept: an import touches many)."""
        if self._touched is None:
            self._touched = self.edit.touched()
        return self._touched

    def redo(self) -> None:
        self._announce(lambda: self.edit, "redo")

    def undo(self) -> None:
        self._announce(self.edit.inverse, "undo")

    def _announce(self, edit: Callable[[], Edit], verb: str) -> None:
        if not self.applied:
            made = edit()
            if not self.document._apply(
                made, verb=verb, note=self.note(verb), expect=self.expect(verb)
            ):
                return  # moved by Qt itself (setIndex): the failure is reported
            self.recorded(verb, self.document.store.last_entry)
            self.moved(verb, made)
        self.applied = False
        self.document.announce(Changes(self.touched()))


class UndoStack(QUndoStack):
    """An undo stack that changes its index only once the file has the change."""

    def __init__(self, document: Document) -> None:
        super().__init__(document)
        self.document = document

    def _step(self, offset: int) -> EditCommand | None:
        index = self.index() + offset
        command = self.command(index) if 0 <= index < self.count() else None
        return command if isinstance(command, EditCommand) else None

    def undo(self) -> None:
        command = self._step(-1)
        if command is not None:
            self._move(command, command.edit.inverse, "undo", super().undo)

    def redo(self) -> None:
        command = self._step(0)
        if command is not None:
            self._move(command, lambda: command.edit, "redo", super().redo)

    def _move(
        self,
        command: EditCommand,
        make: Callable[[], Edit],
        verb: str,
        move: Callable[[], None],
    ) -> None:
        document = self.document
        if document.busy:
            return  # a large step is still being written
        label = command.edit.label
        note = command.note(verb)
        if len(command.edit.changes) < LARGE or document.background is None:
            made = make()
            if document._apply(made, verb=verb, note=note, expect=command.expect(verb)):
                command.recorded(verb, document.store.last_entry)
                command.moved(verb, made)
                command.applied = True
                move()
            return
        if document.offline:
            document.failed.emit(document.offline)
            return
        index = self.index()
        document.busy = True
        expect = command.expect(verb)  # checked by the server like a small step's
        made: list[Edit] = []

        def prepare() -> Edit:  # in the worker: the inverse of a large step takes a while
            command.touched()
            made.append(make())
            return made[-1]

        def finished(error: Exception | None, entry: int | None = None) -> None:
            document.busy = False
            if error is None and self.index() == index:
                if entry is None:
                    entry = document.store.last_entry_id()
                command.recorded(verb, entry)
                command.moved(verb, made[-1])
                command.applied = True
                move()
            elif isinstance(error, CitelineError):
                document._refused(command.edit, error, verb, expect)
            elif error is not None and not isinstance(error, Cancelled):
                document.failed.emit(f"Could not {verb} \u201c{label}\u201d: {error}")

        # Off the GUI thread with progress; the stack moves once the file has the change.
        document.background(
            prepare,
            f"{verb.capitalize()} \u201c{label}\u201d",
            finished,
            note=note,
            expect=expect,
        )


class Document(QObject):
    """The open project: its store, undo stack, selection and change notifications."""

    changed = Signal(object)  # Changes
    factsChanged = Signal(object)  # FactsChanged: whose derived facts changed
    selectionChanged = Signal(object)  # Selected | None
    failed = Signal(str)  # a one-line message for the user
    #: an edit refused because someone else changed its item since (a server project):
    #: :class:`Conflict`, for the window to show theirs and yours side by side
    conflicted = Signal(object)
    #: an edit failed because the server could not be reached (its reason, one line)
    refusedLost = Signal(str)
    pathChanged = Signal(object)  # Path | None
    #: whether the project may be edited now (False while the server is away, or for a
    #: read-only project): every editing control follows it
    editableChanged = Signal(bool)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = UndoStack(self)
        self.undo_stack.setUndoLimit(500)
        #: Set by the window: ``background(make, title, finished)`` makes a large edit and
        #: applies it in a worker thread with progress, then calls ``finished(error)`` on
        #: the GUI thread (None when it was written).
        self.background: Callable[..., Any] | None = None
        self.busy = False
        self.selected: Selected | None = None
        #: Who the edits made in this window are recorded as made by.
        self.author = store.author
        #: the derived facts every view reads (see the module docstring)
        self.facts = Facts(store)
        self._offline = ""

    @property
    def offline(self) -> str:
        """On a server project: why edits are refused for now (the server is away), or ""."""
        return self._offline

    @offline.setter
    def offline(self, why: str) -> None:
        was = self.editable
        self._offline = why
        if self.editable != was:
            self.editableChanged.emit(self.editable)

    @property
    def editable(self) -> bool:
        """Whether edits may be made now: not read-only, and the server (if any) is here."""
        return not self.store.read_only and not self._offline

    def set_author(self, name: str) -> None:
        """Record the edits made from now on as made by ``name``."""
        self.author = self.store.author = name

    @property
    def path(self) -> Path | None:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def shared(self) -> bool:
        """Whether others edit this project at the same time (a server project)."""
        return bool(getattr(self.store, "shared", False))

    def push(self, edit: Edit, *, base: dict[tuple[str, int], int] | None = None) -> bool:
        """Perform ``edit`` as one undo step; False (and ``failed`` emitted) if it failed.

        On a server project the edit names the versions it was made from: ``base`` gives
        those of items the user was looking at (the inspector's), the others are those
        its rows were read at (see :mod:`citeline.core.versions`)."""
        if not edit:
            return True
        expect = None
        if self.shared and not self.offline:
            try:
                expect = made_from(self.store, edit, base)
            except CitelineError as exc:
                self._refused(edit, exc, None, None)
                return False
        if not self._apply(edit, expect=expect):
            return False
        command = EditCommand(self, edit)
        command.entry = self.store.last_entry
        command.applied = True
        command.versions = None if expect is None else versions_after(edit, expect)
        self.undo_stack.push(command)
        return True

    def push_applied(self, edit: Edit, versions: dict[tuple[str, int], int] | None = None) -> None:
        """Put an edit that a worker already wrote to the file on the stack, as one step;
        ``versions``: those it left its items at (on a server project, undoing it is made
        from them), else those of the items it added, as it added them."""
        command = EditCommand(self, edit)
        command.entry = self.store.last_entry_id()
        command.applied = True
        if self.shared:
            command.versions = versions if versions is not None else versions_after(edit, {})
        self.undo_stack.push(command)

    def announce(self, changes: Changes) -> None:
        """Tell every view what a step (done, undone or redone) changed in the file."""
        if changes.reset:
            self.facts = Facts(self.store)
            self.changed.emit(changes)
            self.factsChanged.emit(FactsChanged(None))
            return
        ids = affected_events(self.store, changes.keys)
        self.facts.forget(ids)
        self.changed.emit(changes)
        if ids is None or ids:
            self.factsChanged.emit(FactsChanged(None if ids is None else frozenset(ids)))

    def facts_changed(self, event_ids: set[int] | None) -> None:
        """The derived facts of ``event_ids`` (None: of all events) changed elsewhere: forget
        them and tell the views (the entry point for changes pushed from outside)."""
        self.facts.forget(event_ids)
        ids = None if event_ids is None else frozenset(event_ids)
        self.factsChanged.emit(FactsChanged(ids, edited=False))

    def _apply(
        self,
        edit: Edit,
        *,
        verb: str | None = None,
        note: Note | None = None,
        expect: dict[tuple[str, int], int] | None = None,
    ) -> bool:
        """Write ``edit`` to the file; on failure tell the user why and what to do."""
        name = self.path.name if self.path else "This project"
        if self.offline:
            self.failed.emit(self.offline)
            return False
        if self.store.read_only:
            self.failed.emit(
                f"{name} is open read-only: nothing was changed; use File \u203a Save a "
                "Copy to edit a copy"
            )
            return False
        try:
            self.store.apply(edit, note=note, expect=expect)
        except CitelineError as exc:
            # One transaction: nothing of the edit was written, and the stack has not moved.
            self._refused(edit, exc, verb, expect)
            return False
        return True

    def _refused(
        self,
        edit: Edit,
        exc: CitelineError,
        verb: str | None,
        expect: dict[tuple[str, int], int] | None,
    ) -> None:
        text = str(exc)
        if verb:
            text = f"Could not {verb} \u201c{edit.label}\u201d: {text}"
        elif text.startswith(("the ", "that ", "conflict")):
            text = text[0].upper() + text[1:]  # a sentence in the banner
        self.failed.emit(text)
        if self.shared and lost_server(exc):
            self.refusedLost.emit(str(exc.__cause__ or exc).strip().split("\n")[0])
        if isinstance(exc, ConflictError) and verb is None and expect is not None:
            self.conflicted.emit(Conflict(edit, dict(expect), text))

    def undo(self) -> None:
        """Undo the last step; on failure the step stays (the file still has it)."""
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the next step; on failure it stays to redo."""
        self.undo_stack.redo()

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
        store.author = self.author
        self.selected = None
        if old is not store:
            old.close()
        self.pathChanged.emit(store.path)
        self.selectionChanged.emit(None)
        self.announce(Changes(reset=True))
        self.editableChanged.emit(self.editable)

    def close(self) -> None:
        """Close the project file."""
        self.undo_stack.clear()
        self.store.close()
