"""The history's head on a server: an entry chained by the server in one statement.

Concurrent edits form one hash chain because each takes the chain's head under a
transaction-scoped advisory lock. Were the entry's hash computed here, the lock would
be held while this process reads the head, computes and sends the entry back: on a
busy machine a process descheduled in between keeps every other editor waiting. So the
entry is sent as its canonical JSON (see :mod:`citeline.core.history.chain`) cut where
its ``id`` and ``prev`` go, and the server fills them in from the head, hashes the text
(``sha256``) and inserts it with its changes, in one statement sent right behind the
lock and followed at once by the ``COMMIT`` (see
:meth:`~citeline.core.server.connection.Connection.pipelined_transaction`): the lock is
held only while the server itself works, never for a round trip. The hash is the one
:func:`~citeline.core.history.chain.Entry.digest` gives, so ``verify`` checks it as ever.
"""

from __future__ import annotations

from typing import Any

from citeline.core.history import chain

#: Stand-ins for the id and the previous hash in the canonical text (private-use
#: characters, kept as is in the JSON); an entry whose own text holds one of them is
#: chained the ordinary way.
_ID = "\ue000citeline-id\ue000"
_PREV = "\ue000citeline-prev\ue000"

# The entry and its changes in one statement: the head is read (the advisory lock,
# taken by the statement before, keeps others' entries out meanwhile), the entry is
# chained and inserted, and its changes go in with its id, from one array per column.
_INSERT_ENTRY = (
    "WITH h AS (SELECT COALESCE(MAX(id), 0) + 1 AS id, COALESCE((SELECT hash FROM "
    "history_entries ORDER BY id DESC LIMIT 1), %s) AS prev FROM history_entries), "
    "e AS (INSERT INTO history_entries (id, at, author, action, kind, undoes, summary, "
    "prev_hash, hash) "
    "SELECT h.id, %s, %s, %s, %s, %s, %s, h.prev, "
    "encode(sha256(convert_to(%s || h.id::text || %s || h.prev || %s, 'UTF8')), 'hex') "
    "FROM h RETURNING id, prev_hash, hash), "
    "c AS (INSERT INTO history_changes (entry_id, seq, kind, item_id, field, before_value, "
    "after_value) SELECT e.id, u.ordinality - 1, u.value->>0, (u.value->>1)::bigint, "
    "u.value->>2, u.value->>3, u.value->>4 "
    "FROM e, json_array_elements(%s::json) WITH ORDINALITY AS u) "
    "SELECT id, prev_hash, hash FROM e"
)


def template(entry: chain.Entry) -> tuple[str, str, str] | None:
    """The entry's canonical text in three parts, its id going between the first two and
    its previous hash between the last two; None when the text holds a stand-in."""
    content = entry.content()
    text = chain.canonical(content)
    if _ID in text or _PREV in text:
        return None
    content["id"], content["prev"] = _ID, _PREV
    cut = chain.canonical(content)
    head, _, rest = cut.partition(f'"{_ID}"')
    middle, _, tail = rest.partition(_PREV)
    return head, middle, tail


def params(entry: chain.Entry, parts: tuple[str, str, str]) -> tuple[Any, ...]:
    """The parameters of the statement inserting ``entry`` (prepared before the lock is
    taken, so that the statement follows the lock at once)."""
    # The changes as one JSON text (one parameter, quick to send), each [kind, item_id,
    # field, before, after] with the values as their columns keep them (JSON text).
    changes = chain.canonical(
        [
            [kind, item_id, name, chain.encode(before), chain.encode(after)]
            for kind, item_id, name, before, after in entry.changes
        ]
    )
    return (
        chain.GENESIS,
        entry.at,
        entry.author,
        entry.action,
        entry.kind,
        entry.undoes,
        chain.encode(entry.summary),
        *parts,
        changes,
    )


def send(raw: Any, values: tuple[Any, ...]) -> Any:
    """Send the statement inserting an entry and its changes (:func:`params`; pipeline
    mode: nothing is waited for); the cursor whose row, once answered, is the entry's
    (id, prev_hash, hash)."""
    cur = raw.cursor()
    cur.execute(_INSERT_ENTRY, values)
    return cur
