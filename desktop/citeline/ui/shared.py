"""Others' edits on a server project, shown as they are committed.

A :class:`Follower` listens (on a thread of its own, with a connection of its own) for
the history entries the server announces, and hands the window those made by others:
their touched items become a ``changed`` of the Document, as a local edit's would, so
every view re-reads just those items — the view, the selection and text being typed are
left alone. While the server is away the follower says so once, and says so again when
it is back (reporting, then, what was committed meanwhile).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from citeline.core.server.notify import Announcement, Listener
from citeline.core.server.store import ServerStore
from citeline.ui.document import Changes, Document

#: The tables behind each kind of history item (an event's fields include its links).
_TABLES = {
    "event": ("events", "event_tags", "event_people", "evidence"),
    "quote": ("quotes", "quote_tags"),
    "source": ("sources", "originals"),
    "person": ("people",),
    "passage": ("passages",),
    "lane": ("lanes",),
    "era": ("eras",),
    "project": ("project",),
}


class Follower(QObject):
    """Announces, in the GUI thread, the entries others commit to the open project."""

    arrived = Signal(object)  # list[Announcement]
    away = Signal(str)  # the server cannot be reached ("" once it is back)
    rebuilt = Signal()  # the timeline summaries were rebuilt outside the history

    def __init__(self, url: str, after: int) -> None:
        super().__init__()
        self._listener = Listener(url, after)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="citeline-follow", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        gone = False
        while not self._stop.is_set():
            try:
                found = self._listener.wait(timeout=0.5)
            except Exception as exc:  # the server went away: try again shortly
                if not gone:
                    self.away.emit(str(exc).strip().splitlines()[0] if str(exc) else "no reply")
                gone = True
                self._stop.wait(2.0)
                continue
            if gone:
                self.away.emit("")
                gone = False
            if found:
                self.arrived.emit(found)
            if self._listener.take_rebuilt():
                self.rebuilt.emit()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)
        self._listener.close()


def changes_of(document: Document, found: list[Announcement]) -> Changes:
    """What the entries ``found`` touched, as the Document announces a local edit.

    What the store keeps of the project (the timeline's spans) is told first, so every
    view re-reading on this change reads their edits."""
    keys: dict[str, set[tuple[Any, ...]]] = {}
    ids = [a.entry_id for a in found]
    marks = ",".join("?" * len(ids))
    store = document.store
    if isinstance(store, ServerStore):
        store.others_committed()
    for row in store.query(
        f"SELECT kind, item_id FROM history_changes WHERE entry_id IN ({marks})", ids
    ):
        for table in _TABLES.get(row["kind"], ()):
            keys.setdefault(table, set()).add((row["item_id"],))
    for row in store.query(
        f"SELECT summary FROM history_entries WHERE id IN ({marks}) AND summary IS NOT NULL", ids
    ):
        # a large edit (an import): its tables, whole
        for table in json.loads(row["summary"]).get("tables", {}):
            keys.setdefault(table, set())
    if any(not v for v in keys.values()):
        return Changes(reset=True)
    return Changes(keys)


def who_changed(
    document: Document, found: list[Announcement]
) -> dict[tuple[str, int], tuple[str, str]]:
    """The items the entries ``found`` changed, each with who changed it last and when."""
    ids = [a.entry_id for a in found]
    marks = ",".join("?" * len(ids))
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for row in document.store.query(
        "SELECT c.kind, c.item_id, e.author, e.at FROM history_changes c JOIN history_entries e "
        f"ON e.id = c.entry_id WHERE c.entry_id IN ({marks}) ORDER BY c.entry_id",
        ids,
    ):
        out[(row["kind"], int(row["item_id"]))] = (row["author"], row["at"])
    return out
