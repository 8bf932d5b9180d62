"""Items' history forms on a server, one statement per item.

:func:`citeline.core.history.forms.forms_of` reads an item with one statement for its
row and one per linked field (tags, people, evidence, dismissed evidence, note): seven
for an event, each a message to build, send and answer. An edit reads the forms of the
items it touches before and after it writes, so a one-field edit of an event spent
fourteen statements on them. Here an item's row comes with its linked fields as arrays
in one statement, and the form is built from them exactly as the file's statements
build it: the same fields, values and order. (One statement per item, ``WHERE id = ?``,
rather than one per kind with ``id = ANY(?)``: the server plans the former once and
keeps the plan, but plans the latter anew at each run, which cost more than it saved.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from citeline.core.history import forms

#: Per kind, the linked fields as (field, SQL of one value per item ``x``, shape): shape
#: 1 is a list of values, 2 and 3 a list of rows, 0 the note (one text or none).
_LINKED: dict[str, list[tuple[str, str, int]]] = {
    "event": [
        (
            "tags",
            "ARRAY(SELECT t.name FROM event_tags g JOIN tags t ON t.id = g.tag_id "
            "WHERE g.event_id = x.id ORDER BY t.name)",
            1,
        ),
        (
            "people",
            "ARRAY(SELECT person_id FROM event_people WHERE event_id = x.id ORDER BY person_id)",
            1,
        ),
        (
            "evidence",
            "(SELECT json_agg(json_build_array(passage_id, stance) ORDER BY passage_id) "
            "FROM evidence WHERE event_id = x.id)",
            2,
        ),
        (
            "dismissed_evidence",
            'ARRAY(SELECT ARRAY[source_id, start, "end"] FROM dismissed_evidence '
            'WHERE event_id = x.id ORDER BY source_id, start, "end")',
            3,
        ),
    ],
    "quote": [
        (
            "tags",
            "ARRAY(SELECT t.name FROM quote_tags g JOIN tags t ON t.id = g.tag_id "
            "WHERE g.quote_id = x.id ORDER BY t.name)",
            1,
        )
    ],
    "source": [
        ("original", "(SELECT sha256 FROM originals WHERE source_id = x.id LIMIT 1)", 0),
        (
            "dismissed",
            'ARRAY(SELECT ARRAY[start, "end"] FROM dismissed_suggestions '
            'WHERE source_id = x.id ORDER BY start, "end")',
            2,
        ),
    ],
}
_NOTE = (
    "(SELECT string_agg(body, chr(10) || chr(10) ORDER BY id) FROM notes "
    "WHERE item_type = '{kind}' AND item_id = x.id)"
)


def _select(kind: str) -> tuple[str, list[tuple[str, int]]]:
    """The statement reading the item of ``kind`` whose id is its one parameter, and the
    linked fields its last columns hold."""
    linked = list(_LINKED.get(kind, []))
    if kind in forms._NOTED:
        linked.append(("note", _NOTE.format(kind=kind), 0))
    extra = "".join(f", {sql} AS _f{n}" for n, (_, sql, _) in enumerate(linked))
    table = forms.KIND_TABLES[kind]
    return (
        f'SELECT x.*{extra} FROM "{table}" x WHERE x.id = ?',
        [(name, shape) for name, _, shape in linked],
    )


def forms_of(conn: Any, items: Iterable[forms.Item]) -> dict[forms.Item, dict[str, Any] | None]:
    """As :func:`citeline.core.history.forms.forms_of`, one statement per item; every
    statement is sent before any answer is read (one round trip in pipeline mode)."""
    return send(conn, items)()


def send(
    conn: Any, items: Iterable[forms.Item]
) -> Callable[[], dict[forms.Item, dict[str, Any] | None]]:
    """Send the statements reading the items' forms; the function reading the answers."""
    sent: list[tuple[forms.Item, Any, list[tuple[str, int]]]] = []
    for kind, item_id in items:
        if kind == "project":
            cur = conn.execute("SELECT key, value FROM project ORDER BY key")
            sent.append(((kind, item_id), cur, []))
            continue
        sql, linked = _select(kind)
        sent.append(((kind, item_id), conn.execute(sql, [item_id]), linked))
    return lambda: _read(sent)


def _read(
    sent: list[tuple[forms.Item, Any, list[tuple[str, int]]]],
) -> dict[forms.Item, dict[str, Any] | None]:
    out: dict[forms.Item, dict[str, Any] | None] = {}
    for item, cur, linked in sent:
        if item[0] == "project":
            project = {
                k: v for k, v in cur.fetchall() if v is not None and k not in forms._PROJECT_STAMPS
            }
            out[item] = project or None
            continue
        row = cur.fetchone()
        if row is None:
            out[item] = None
            continue
        names = [d[0] for d in cur.description]
        own = len(names) - len(linked)
        fields = forms.row_fields(item[0], dict(zip(names[:own], row[:own], strict=True)))
        for (name, shape), value in zip(linked, row[own:], strict=True):
            if shape == 0:
                fields[name] = value
            elif shape == 1:
                fields[name] = list(value or [])
            else:
                fields[name] = [list(v) for v in value or []]
        out[item] = {k: v for k, v in fields.items() if v is not None and v != []}
    return out
