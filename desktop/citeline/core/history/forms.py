"""An item as history sees it: its fields by name, and the items a row change touches.

History is kept per item and field, not per table row: an event's tags, people,
evidence and note are fields of the event, whichever link table holds them; a date is
one field (its EDTF text; the precision and bounds follow from it). The form of an item
is a plain dict of JSON values, the same in every engine, and what a history entry's
``before``/``after`` hold. Replaying the entries' changes from the first one gives every
item's form (for edits small enough to be recorded in full, see :mod:`.record`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from citeline.core.edits import RowChange

Item = tuple[str, int]

#: The kinds of items history follows, and the table of each.
KIND_TABLES = {
    "event": "events",
    "quote": "quotes",
    "source": "sources",
    "person": "people",
    "passage": "passages",
    "lane": "lanes",
    "era": "eras",
    "project": "project",
}
TABLE_KINDS = {table: kind for kind, table in KIND_TABLES.items()}

#: Row columns kept as fields under another name, per kind (others keep their name).
_RENAMED = {
    "date_edtf": "date",
    "lane_id": "lane",
    "speaker_id": "speaker",
    "passage_id": "passage",
    "source_id": "source",
    "sha256": "text_sha256",
}
#: Row columns that are no field: derived from another (a date's precision and bounds),
#: bookkeeping, or the item's whole text (a source's text is followed by its hash).
_SKIPPED = {
    "id",
    "version",
    "date_precision",
    "date_earliest",
    "date_latest",
    "created_at",
    "updated_at",
    "imported_at",
    "text_for_source",
}
#: Project details Citeline stamps by itself, not changes anyone made.
_PROJECT_STAMPS = {"created_at", "created_by", "last_written_by"}
#: Fields whose value is JSON text in the row, kept as JSON values.
_JSON_COLUMNS = {"date_provenance", "aliases", "pages"}


def _json(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def row_fields(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``row`` (a row of the kind's table) by their history names."""
    out: dict[str, Any] = {}
    for column, value in row.items():
        if column in _SKIPPED or (kind == "source" and column == "text"):
            continue
        out[_RENAMED.get(column, column)] = _json(value) if column in _JSON_COLUMNS else value
    return out


def form(conn: sqlite3.Connection, kind: str, item_id: int) -> dict[str, Any] | None:
    """The item's fields (None: it does not exist). Fields with no value are left out."""
    return forms_of(conn, [(kind, item_id)])[(kind, item_id)]


#: Per kind, the linked fields read by statements of their own: (field, SQL, shape),
#: the shape being how many columns make a value (1: the value itself, more: a list).
_LINKS: dict[str, list[tuple[str, str, int]]] = {
    "event": [
        (
            "tags",
            "SELECT t.name FROM event_tags g JOIN tags t ON t.id = g.tag_id "
            "WHERE g.event_id = ? ORDER BY t.name",
            1,
        ),
        ("people", "SELECT person_id FROM event_people WHERE event_id = ? ORDER BY person_id", 1),
        (
            "evidence",
            "SELECT passage_id, stance FROM evidence WHERE event_id = ? ORDER BY passage_id",
            2,
        ),
        (
            "dismissed_evidence",
            'SELECT source_id, start, "end" FROM dismissed_evidence WHERE event_id = ? '
            'ORDER BY source_id, start, "end"',
            3,
        ),
    ],
    "quote": [
        (
            "tags",
            "SELECT t.name FROM quote_tags g JOIN tags t ON t.id = g.tag_id "
            "WHERE g.quote_id = ? ORDER BY t.name",
            1,
        )
    ],
    "source": [
        ("original", "SELECT sha256 FROM originals WHERE source_id = ?", 1),
        (
            "dismissed",
            'SELECT start, "end" FROM dismissed_suggestions WHERE source_id = ? '
            'ORDER BY start, "end"',
            2,
        ),
    ],
}
_NOTED = ("event", "quote", "source", "person", "passage")


def forms_of(conn: sqlite3.Connection, items: Iterable[Item]) -> dict[Item, dict[str, Any] | None]:
    """The forms of several items (as :func:`form`).

    Every statement is sent before any answer is read: on a server connection in
    pipeline mode that is one round trip for all of them, not one per statement. A
    server connection reads them its own way, one statement per kind (``read_forms``).
    """
    server = getattr(conn, "read_forms", None)
    if server is not None:
        return server(items)  # type: ignore[no-any-return]
    sent: list[tuple[Item, Any, list[tuple[str, Any, int]]]] = []
    for kind, item_id in items:
        if kind == "project":
            cur = conn.execute("SELECT key, value FROM project ORDER BY key")
            sent.append(((kind, item_id), cur, []))
            continue
        row_cur = conn.execute(f'SELECT * FROM "{KIND_TABLES[kind]}" WHERE id = ?', [item_id])
        links = [(name, conn.execute(sql, [item_id]), n) for name, sql, n in _LINKS.get(kind, [])]
        if kind in _NOTED:
            sql = f"SELECT body FROM notes WHERE item_type = '{kind}' AND item_id = ? ORDER BY id"
            links.append(("note", conn.execute(sql, [item_id]), 0))
        sent.append(((kind, item_id), row_cur, links))
    out: dict[Item, dict[str, Any] | None] = {}
    for (kind, item_id), row_cur, links in sent:
        if kind == "project":
            rows = row_cur.fetchall()
            project = {k: v for k, v in rows if v is not None and k not in _PROJECT_STAMPS}
            out[(kind, item_id)] = project or None
            continue
        row = row_cur.fetchone()
        names = [d[0] for d in row_cur.description] if row is not None else []
        found = {name: cur.fetchall() for name, cur, _ in links}  # read every answer
        if row is None:
            out[(kind, item_id)] = None
            continue
        fields = row_fields(kind, dict(zip(names, row, strict=True)))
        for name, _, n in links:
            rows = found[name]
            if name == "note":
                fields["note"] = "\n\n".join(r[0] for r in rows) if rows else None
            elif name == "original":
                fields["original"] = rows[0][0] if rows else None
            else:
                fields[name] = [r[0] if n == 1 else list(r) for r in rows]
        out[(kind, item_id)] = {k: v for k, v in fields.items() if v is not None and v != []}
    return out


def forms_later(
    conn: sqlite3.Connection, items: Iterable[Item]
) -> Callable[[], dict[Item, dict[str, Any] | None]]:
    """As :func:`forms_of`, in two steps: on a server connection in pipeline mode the
    statements are sent now and their answers read when the returned function is called
    (one round trip with whatever else was sent meanwhile); elsewhere they are read now."""
    later = getattr(conn, "send_forms", None)
    if later is not None and getattr(conn, "pipelining", False):
        return later(items)  # type: ignore[no-any-return]
    found = forms_of(conn, items)
    return lambda: found


def diff(
    item: Item, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> Iterator[tuple[str, int, str, Any, Any]]:
    """The changes from one form of an item to another, field by field in name order."""
    old, new = before or {}, after or {}
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            yield (item[0], item[1], name, old.get(name), new.get(name))


def items_of(
    conn: sqlite3.Connection, changes: Iterable[RowChange], limit: int
) -> set[Item] | None:
    """The items the row changes touch (None: more than ``limit``)."""
    items: set[Item] = set()
    tags: set[int] = set()
    for ch in changes:
        image = ch.after if ch.after is not None else ch.before
        assert image is not None
        table = ch.table
        if table in TABLE_KINDS:
            items.add((TABLE_KINDS[table], 0 if table == "project" else int(image["id"])))
        elif table in ("event_tags", "event_people", "evidence", "dismissed_evidence"):
            items.add(("event", int(image["event_id"])))
        elif table == "quote_tags":
            items.add(("quote", int(image["quote_id"])))
        elif table in ("originals", "dismissed_suggestions"):
            items.add(("source", int(image["source_id"])))
        elif table == "notes" and image["item_type"] in KIND_TABLES:
            kind = image["item_type"]
            items.add((kind, 0 if kind == "project" else int(image["item_id"])))
        elif table == "tags" and ch.before is not None and ch.after is not None:
            tags.add(int(image["id"]))  # a renamed tag: the items carrying it change
        if len(items) > limit:
            return None
    if tags:
        marks = ",".join("?" * len(tags))
        for sql, kind in (
            (f"SELECT event_id FROM event_tags WHERE tag_id IN ({marks})", "event"),
            (f"SELECT quote_id FROM quote_tags WHERE tag_id IN ({marks})", "quote"),
        ):
            items.update((kind, r[0]) for r in conn.execute(sql, list(tags)))
    return None if len(items) > limit else items
