"""The main window's part for server projects: opening one, others' edits as they
arrive, conflicts shown side by side, and the server going away and coming back.

A mixin of :class:`~citeline.ui.mainwindow.MainWindow` (it uses the window's document,
inspector, banner, status bar and title), kept apart so the window's module stays about
layout and menus.
"""

from __future__ import annotations

from typing import Any


class ServerWindow:
    """Server-project behaviour of the main window (see the module docstring)."""

    document: Any
    inspector: Any
    banner: Any
    timeline: Any
    link: Any
    _follower: Any
    conflict_dialog: Any

    # and, from the window: statusBar(), _update_title()

    def open_server(self, address: str = "") -> None:
        """File › Open Server Project… (``address``: a recent one, tried at once)."""
        from citeline.ui.server_open import ask_server_project

        self.commit_pending()
        ask_server_project(self, self.document, address)

    def commit_pending(self) -> None:
        self.inspector.commit_pending()

    def show_conflict(self, conflict: Any) -> None:
        """An edit refused because someone else changed the item: theirs and yours.

        An edit of several existing items (a bulk change, a merge) is not resolved field
        by field, which would save one item's part of it: the banner names the item and
        who changed it, and the change is made again from what is there now."""
        from citeline.ui.conflict import ConflictDialog

        if len(conflict.expect) > 1:
            return

        base = None
        inspector_item = next(iter(self.inspector.base), None)
        if inspector_item is not None and inspector_item in conflict.expect:
            base = self.inspector.base_form
        if self.banner.text() == conflict.message:
            self.banner.hide()  # the dialog says it, with the choice
        self.conflict_dialog = ConflictDialog(self, self.document, conflict, base)
        self.conflict_dialog.open()

    def _follow(self) -> None:
        """On a server project, show others' edits as they are committed."""
        self.document.offline = ""  # another project: whatever was away is not this one
        self.link.stop()
        if self._follower is not None:
            self._follower.stop()
            self._follower = None
        store = self.document.store
        if not getattr(store, "shared", False):
            return
        from citeline.ui.shared import Follower

        self._follower = Follower(store.connect_url, store.last_entry_id() or 0)
        self._follower.arrived.connect(self._others_edited)
        self._follower.away.connect(self._server_away)
        self._follower.rebuilt.connect(self._summaries_rebuilt)
        self._follower.start()

    def _others_edited(self, found: list[Any]) -> None:
        from citeline.core.derived import affected_events
        from citeline.ui.shared import changes_of, who_changed

        if self._follower is None:
            return  # announced just before the window closed or the project changed
        if self.document.offline:
            self.link.missed.extend(found)  # shown once the project's connection is back
            return
        own = getattr(self.document.store, "own_entries", set())
        others = [a for a in found if a.entry_id not in own]
        if not others:
            return
        changes = changes_of(self.document, others)
        # their derived facts first (views re-reading on ``changed`` see the new truth),
        # then the views that show only derived facts (Receipts, flags) are told
        ids = None if changes.reset else affected_events(self.document.store, changes.keys)
        self.document.facts.forget(ids)
        self.document.changed.emit(changes)
        if ids is None or ids:
            self.document.facts_changed(ids)
        self.inspector.others_changed(who_changed(self.document, others))
        names = ", ".join(sorted({a.author for a in others}))
        self.statusBar().showMessage(f"Changed by {names}", 8000)

    def _summaries_rebuilt(self) -> None:
        """The summaries were rebuilt outside the history (``citeline server repair``):
        the timeline's copy is read again and every view re-reads the project."""
        if self._follower is None or self.document.offline:
            return
        from citeline.ui.document import Changes

        rebuilt = getattr(self.document.store, "summaries_rebuilt", None)
        if rebuilt is not None:
            rebuilt()
        self.document.changed.emit(Changes(reset=True))
        self.statusBar().showMessage(
            "The project's timeline summaries were rebuilt on the server: the timeline "
            "was read again",
            10000,
        )

    def _server_away(self, reason: str) -> None:
        if reason:
            self.link.lost(reason)
        else:
            self.link.try_now()  # the listener is back: connect the project again

    def show_away(self, message: str) -> None:
        """The server is away: the banner says so and the project is read-only."""
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message)
        self._update_title()

    def show_back(self, missed: list[Any]) -> None:
        """Connected again: editable, and what others committed meanwhile is shown."""
        self.banner.hide()
        self._update_title()
        # what was refused or could not be read while away is read again: the selection
        # (inspector, reader, Receipts) and the timeline's window
        self.document.selectionChanged.emit(self.document.selected)
        self.timeline.view.refresh()
        others = [a for a in missed if a.entry_id not in self.document.store.own_entries]
        if others:
            self._others_edited(others)
        n = len({a.entry_id for a in others})
        meanwhile = f"; {n} change(s) made meanwhile are shown" if n else ""
        self.statusBar().showMessage(f"The server is back: you can edit again{meanwhile}", 10000)
