"""The history's hash chain, over a canonical JSON of each entry (not over any engine's
text), so another database engine holding the same entries computes the same hashes.

An entry's hash is the SHA-256 of the UTF-8 bytes of::

    {"action": …, "at": …, "author": …, "changes": [[kind, item_id, field, before, after], …],
     "id": …, "kind": …, "prev": previous entry's hash, "summary": …, "undoes": …}

serialized with sorted keys, no spaces and non-ASCII kept as is. The first entry's
``prev`` is :data:`GENESIS`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The ``prev`` of the first entry.
GENESIS = "0" * 64

#: The kinds of entries: the first one (a new project, or a project upgraded to a
#: Citeline that keeps history), an edit, and an undo or redo of an earlier entry.
KINDS = ("start", "upgrade", "edit", "undo", "redo")


def canonical(value: Any) -> str:
    """``value`` as canonical JSON text: sorted keys, no spaces, non-ASCII as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Entry:
    """One history entry as written, with its changes as (kind, item_id, field, before,
    after) and ``summary`` describing a large edit in place of its rows."""

    id: int
    at: str
    author: str
    action: str
    kind: str
    undoes: int | None = None
    summary: dict[str, Any] | None = None
    changes: list[tuple[str, int, str, Any, Any]] = field(default_factory=list)
    prev: str = GENESIS
    hash: str = ""

    def content(self) -> dict[str, Any]:
        """What the hash covers."""
        return {
            "id": self.id,
            "at": self.at,
            "author": self.author,
            "action": self.action,
            "kind": self.kind,
            "undoes": self.undoes,
            "summary": self.summary,
            "changes": [list(c) for c in self.changes],
            "prev": self.prev,
        }

    def digest(self) -> str:
        """The SHA-256 (hex) of the canonical content."""
        return hashlib.sha256(canonical(self.content()).encode("utf-8")).hexdigest()


def encode(value: Any) -> str | None:
    """A value as stored in a change's before/after column (JSON text; None for none)."""
    return None if value is None else canonical(value)


def decode(text: str | None) -> Any:
    """The value of a before/after column."""
    return None if text is None else json.loads(text)


def append(conn: sqlite3.Connection, entry: Entry) -> Entry:
    """Write ``entry`` after the last one, chained to it; gives it its id and hash."""
    server = getattr(conn, "append_history", None)
    if server is not None and (sent := server(entry)) is not None:
        return sent  # a server project: the server chains it (concurrent writers)
    last = conn.execute("SELECT id, hash FROM history_entries ORDER BY id DESC LIMIT 1").fetchone()
    entry.id = (last[0] + 1) if last else 1
    entry.prev = last[1] if last else GENESIS
    entry.hash = entry.digest()
    conn.execute(
        "INSERT INTO history_entries (id, at, author, action, kind, undoes, summary, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entry.id,
            entry.at,
            entry.author,
            entry.action,
            entry.kind,
            entry.undoes,
            encode(entry.summary),
            entry.prev,
            entry.hash,
        ],
    )
    conn.executemany(
        "INSERT INTO history_changes (entry_id, seq, kind, item_id, field, before_value, "
        "after_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (entry.id, seq, kind, item_id, name, encode(before), encode(after))
            for seq, (kind, item_id, name, before, after) in enumerate(entry.changes)
        ],
    )
    return entry


_ENTRY_COLUMNS = "id, at, author, action, kind, undoes, summary, prev_hash, hash"


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(
        id=row[0],
        at=row[1],
        author=row[2],
        action=row[3],
        kind=row[4],
        undoes=row[5],
        summary=decode(row[6]),
        prev=row[7],
        hash=row[8],
    )


def entries(conn: sqlite3.Connection, ids: Sequence[int] | None = None) -> Iterator[Entry]:
    """Entries with their changes, oldest first (all, or those of ``ids``), read in step
    with their changes so that 100,000 entries are never all held at once."""
    if ids is not None:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found = {
                e.id: e
                for e in map(
                    _entry,
                    conn.execute(
                        f"SELECT {_ENTRY_COLUMNS} FROM history_entries WHERE id IN ({marks})",
                        chunk,
                    ),
                )
            }
            for row in conn.execute(
                "SELECT entry_id, kind, item_id, field, before_value, after_value "
                f"FROM history_changes WHERE entry_id IN ({marks}) ORDER BY entry_id, seq",
                chunk,
            ):
                found[row[0]].changes.append(
                    (row[1], row[2], row[3], decode(row[4]), decode(row[5]))
                )
            yield from sorted(found.values(), key=lambda e: e.id)
        return
    changes = conn.cursor().execute(
        "SELECT entry_id, kind, item_id, field, before_value, after_value "
        "FROM history_changes ORDER BY entry_id, seq"
    )
    pending = changes.fetchone()
    for row in conn.cursor().execute(f"SELECT {_ENTRY_COLUMNS} FROM history_entries ORDER BY id"):
        entry = _entry(row)
        while pending is not None and pending[0] < entry.id:
            pending = changes.fetchone()  # changes of no entry: they break no hash alone
        while pending is not None and pending[0] == entry.id:
            entry.changes.append(
                (pending[1], pending[2], pending[3], decode(pending[4]), decode(pending[5]))
            )
            pending = changes.fetchone()
        yield entry


def verify(conn: sqlite3.Connection) -> str:
    """ "ok", or one line naming the first history entry that does not match its hash or
    does not follow the entry before it."""
    prev = GENESIS
    previous: Entry | None = None
    try:
        for entry in entries(conn):
            where = (
                f"history entry {entry.id} ({entry.at}, {entry.author}, \u201c{entry.action}\u201d)"
            )
            if entry.prev != prev:
                after = f"entry {previous.id}" if previous else "the start"
                return (
                    f"{where} does not follow {after}: an entry before it was changed or "
                    "removed outside Citeline"
                )
            if entry.digest() != entry.hash:
                return f"{where} does not match its hash: it was changed outside Citeline"
            prev, previous = entry.hash, entry
    except (ValueError, sqlite3.Error) as exc:
        return f"the history cannot be read ({exc}): it was changed outside Citeline"
    return "ok"
