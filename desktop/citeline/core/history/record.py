"""What the Store writes to the history for one edit, in the edit's own transaction.

An edit touching at most :data:`FULL_UP_TO` items is recorded in full: each touched
item's form is read before and after the edit, and every field that differs is one
change. A larger edit (an import of thousands of rows, a bulk delete) is recorded as a
summary instead: per table, how many rows were added, changed and removed and the ranges
of their ids, plus what the edit names as its origin (the file or address imported).
A million-row import so adds a few hundred bytes of history, not a copy of its rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from citeline.core.edits import Edit, RowChange
from citeline.core.history import chain, forms

#: Edits touching more items than this are recorded as a summary.
FULL_UP_TO = 500
#: Id ranges listed per table and kind of change in a summary; the rest are counted.
RANGES_LISTED = 20


@dataclass(frozen=True)
class Note:
    """How an applied edit is recorded: as an edit, or as the undo or redo of an entry."""

    kind: str = "edit"
    undoes: int | None = None
    action: str | None = None


class Recorder:
    """Records one edit: call :meth:`before` ahead of writing it, :meth:`after` once written
    (still inside the transaction)."""

    def __init__(self, conn: sqlite3.Connection, edit: Edit) -> None:
        self.conn = conn
        self.edit = edit
        self.items = forms.items_of(conn, edit.changes, FULL_UP_TO)
        self.forms: dict[forms.Item, dict[str, Any] | None] = {}
        self._after: Callable[[], dict[forms.Item, dict[str, Any] | None]] | None = None

    def before(self) -> None:
        self.forms = forms.forms_of(self.conn, sorted(self.items or ()))

    def send_after(self) -> None:
        """Send the reads of the forms after the edit (on a server, answered together
        with what else is read before :meth:`after`); only once the edit is written."""
        if self.items is not None:
            self._after = forms.forms_later(self.conn, sorted(self.items))

    def after(self, at: str, author: str, note: Note) -> chain.Entry:
        changes: list[tuple[str, int, str, Any, Any]] = []
        summary: dict[str, Any] | None = None
        if self.items is None:
            summary = summarize(self.edit.changes)
            if self.edit.origin:
                summary["origin"] = self.edit.origin
        else:
            later, self._after = self._after, None
            now = later() if later is not None else forms.forms_of(self.conn, sorted(self.items))
            for item in sorted(self.items):
                changes.extend(forms.diff(item, self.forms[item], now[item]))
        action = note.action or self.edit.label
        entry = chain.Entry(0, at, author, action, note.kind, note.undoes, summary, changes)
        return chain.append(self.conn, entry)


def summarize(changes: Iterable[RowChange]) -> dict[str, Any]:
    """Per table, rows added, changed and removed, with their id ranges."""
    ids: dict[tuple[str, str], list[int]] = {}
    counts: dict[tuple[str, str], int] = {}
    for ch in changes:
        what = "added" if ch.before is None else "removed" if ch.after is None else "changed"
        key = (ch.table, what)
        counts[key] = counts.get(key, 0) + 1
        image = ch.after if ch.after is not None else ch.before
        assert image is not None
        if "id" in image:
            ids.setdefault(key, []).append(int(image["id"]))
    tables: dict[str, Any] = {}
    for (table, what), n in sorted(counts.items()):
        entry: dict[str, Any] = {"rows": n}
        found = ids.get((table, what))
        if found:
            ranges = _ranges(sorted(found))
            entry["ids"] = ranges[:RANGES_LISTED]
            if len(ranges) > RANGES_LISTED:
                entry["more_ranges"] = len(ranges) - RANGES_LISTED
        tables.setdefault(table, {})[what] = entry
    return {"tables": tables}


def _ranges(ids: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in ids:
        if out and i <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], i)
        else:
            out.append([i, i])
    return out
