"""The versions an edit is made from, and the versions it leaves behind.

On a server project several people edit at once, so every edit made in the app names
the version of each event, quote, source and person it was made from (the Store's
``expect``): a change to an item someone else changed since is refused as a conflict,
never merged silently. An undo is made from the versions its step left: undoing a step
that someone has built on since is refused the same way.

The version an item is made from is the one the person was looking at when they have
one (``base``: the inspector's), else the one in the edit's row image, else the one read
now. An edit of any size names them (a bulk edit of thousands of items, a large import,
an undo run in the background): the versions not in its row images are read in one
query per kind of item (:meth:`~citeline.core.store.Store.versions`), and the server
checks them all with the items' rows locked, so a large change to an item someone else
changed since is refused like a small one.
"""

from __future__ import annotations

import sys

from citeline.core.edits import Edit
from citeline.core.history import forms
from citeline.core.store import Store

Item = tuple[str, int]
#: The versioned tables and the kind of item each holds.
KINDS = {"events": "event", "quotes": "quote", "sources": "source", "people": "person"}


def made_from(store: Store, edit: Edit, base: dict[Item, int] | None = None) -> dict[Item, int]:
    """The version of each existing item ``edit`` touches, as the edit was made from it."""
    items = forms.items_of(store.db.conn, edit.changes, sys.maxsize)  # type: ignore[arg-type]
    assert items is not None
    new: set[Item] = set()
    seen: dict[Item, int] = {}
    for ch in edit.changes:
        if ch.table not in KINDS:
            continue
        if ch.before is None and ch.after is not None:
            new.add((KINDS[ch.table], int(ch.after["id"])))
        elif ch.before is not None and "version" in ch.before:
            seen.setdefault((KINDS[ch.table], int(ch.before["id"])), int(ch.before["version"]))
    out: dict[Item, int] = {}
    unread: list[Item] = []
    for item in items:
        if item[0] not in KINDS.values() or item in new:
            continue
        if base and item in base:
            out[item] = base[item]
        elif item in seen:
            out[item] = seen[item]
        else:
            unread.append(item)
    out.update(store.versions(unread))  # an item that is gone names no version
    return out


def versions_after(edit: Edit, expect: dict[Item, int]) -> dict[Item, int]:
    """The versions ``edit`` leaves, applied from ``expect``: each existing item goes up
    one, an item it adds has its row's version (1 unless the row names one), an item it
    deletes has none."""
    gone = {
        (KINDS[ch.table], int(ch.before["id"]))
        for ch in edit.changes
        if ch.table in KINDS and ch.after is None and ch.before is not None
    }
    out = {item: v + 1 for item, v in expect.items() if item not in gone}
    for ch in edit.changes:
        if ch.table in KINDS and ch.before is None and ch.after is not None:
            out[(KINDS[ch.table], int(ch.after["id"]))] = int(ch.after.get("version", 1))
    return out
