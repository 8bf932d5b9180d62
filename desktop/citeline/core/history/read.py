"""Reading the history: entries filtered by item, author, date and kind, newest first and
a page at a time; an item as it was at an entry; the forms history replays to.

These are the queries behind ``citeline history`` and the app's History views. A page
is read by id (``WHERE id < last seen``), so the 1,000th page of 100,000 entries costs
what the first does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from citeline.core.history import chain, forms


@dataclass(frozen=True)
class Filter:
    """Which entries to read: of one item or one kind of item, by one author, from and
    before a time (ISO text, UTC), of some kinds (edit, undo, redo, start, upgrade)."""

    item: forms.Item | None = None
    item_kind: str | None = None
    author: str | None = None
    since: str | None = None
    until: str | None = None
    kinds: tuple[str, ...] = ()
    #: Only large edits, recorded as a summary.
    large: bool = False

    def sql(self) -> tuple[str, list[Any]]:
        """A WHERE clause over ``history_entries e`` and its parameters."""
        where: list[str] = []
        params: list[Any] = []
        if self.item is not None:
            where.append(
                "e.id IN (SELECT entry_id FROM history_changes WHERE kind = ? AND item_id = ?)"
            )
            params += list(self.item)
        if self.item_kind is not None:
            where.append("e.id IN (SELECT entry_id FROM history_changes WHERE kind = ?)")
            params.append(self.item_kind)
        if self.author:
            where.append("e.author = ?")
            params.append(self.author)
        if self.since:
            where.append("e.at >= ?")
            params.append(self.since)
        if self.until:
            where.append("e.at < ?")
            params.append(self.until)
        if self.large:
            where.append("e.summary IS NOT NULL")
        if self.kinds:
            where.append(f"e.kind IN ({','.join('?' * len(self.kinds))})")
            params += list(self.kinds)
        return " AND ".join(where) or "1", params


def page(
    conn: sqlite3.Connection, which: Filter, *, before: int | None = None, limit: int = 200
) -> list[chain.Entry]:
    """Up to ``limit`` entries matching ``which``, newest first, older than entry ``before``."""
    where, params = which.sql()
    if before is not None:
        where += " AND e.id < ?"
        params.append(before)
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT e.id FROM history_entries e WHERE {where} ORDER BY e.id DESC LIMIT ?",
            [*params, limit],
        )
    ]
    found = {e.id: e for e in chain.entries(conn, ids)}
    return [found[i] for i in ids]


def count(conn: sqlite3.Connection, which: Filter) -> int:
    """How many entries match ``which``."""
    where, params = which.sql()
    return int(
        conn.execute(f"SELECT COUNT(*) FROM history_entries e WHERE {where}", params).fetchone()[0]
    )


def authors(conn: sqlite3.Connection) -> list[str]:
    """Everyone the history names, in alphabetical order."""
    return [r[0] for r in conn.execute("SELECT DISTINCT author FROM history_entries ORDER BY 1")]


def as_of(conn: sqlite3.Connection, item: forms.Item, entry_id: int) -> dict[str, Any] | None:
    """The item as it was just after entry ``entry_id``: its form now, with the changes of
    every later entry taken back. (A later large edit recorded as a summary is not taken
    back: see :func:`summarized_since`.)"""
    state = dict(forms.form(conn, *item) or {})
    later = conn.execute(
        "SELECT field, before_value FROM history_changes WHERE kind = ? AND item_id = ? "
        "AND entry_id > ? ORDER BY entry_id DESC, seq DESC",
        [*item, entry_id],
    ).fetchall()
    for name, before in later:
        value = chain.decode(before)
        if value is None:
            state.pop(name, None)
        else:
            state[name] = value
    return state or None


def summarized_since(conn: sqlite3.Connection, entry_id: int) -> int:
    """How many large edits recorded as summaries came after entry ``entry_id``."""
    row = conn.execute(
        "SELECT COUNT(*) FROM history_entries WHERE id > ? AND summary IS NOT NULL", [entry_id]
    ).fetchone()
    return int(row[0])


def last_change(conn: sqlite3.Connection, item: forms.Item) -> chain.Entry | None:
    """The newest entry that changed ``item``."""
    row = conn.execute(
        "SELECT MAX(entry_id) FROM history_changes WHERE kind = ? AND item_id = ?", list(item)
    ).fetchone()
    if row[0] is None:
        return None
    return next(chain.entries(conn, [row[0]]), None)


def replay(entries: Iterable[chain.Entry]) -> dict[forms.Item, dict[str, Any]]:
    """Every item's form from the changes of ``entries`` (oldest first), applied in order."""
    state: dict[forms.Item, dict[str, Any]] = {}
    for entry in entries:
        for kind, item_id, name, _before, after in entry.changes:
            fields = state.setdefault((kind, item_id), {})
            if after is None:
                fields.pop(name, None)
            else:
                fields[name] = after
    return {item: fields for item, fields in state.items() if fields}


def current(conn: sqlite3.Connection, kinds: Iterable[str]) -> dict[forms.Item, dict[str, Any]]:
    """Every item of ``kinds`` as history sees it now (to compare with :func:`replay`)."""
    out: dict[forms.Item, dict[str, Any]] = {}
    for kind in kinds:
        table = forms.KIND_TABLES[kind]
        for (item_id,) in conn.execute(f'SELECT id FROM "{table}"').fetchall():
            found = forms.form(conn, kind, item_id)
            if found:
                out[(kind, item_id)] = found
    return out


def to_json(entry: chain.Entry) -> dict[str, Any]:
    """An entry as ``citeline history --format json`` writes it (dates as EDTF)."""
    out: dict[str, Any] = {
        "id": entry.id,
        "at": entry.at,
        "author": entry.author,
        "action": entry.action,
        "kind": entry.kind,
        "undoes": entry.undoes,
        "hash": entry.hash,
        "prev_hash": entry.prev,
        "changes": [
            {"kind": k, "item_id": i, "field": f, "before": b, "after": a}
            for k, i, f, b, a in entry.changes
        ],
    }
    if entry.summary is not None:
        out["summary"] = entry.summary
    return out
