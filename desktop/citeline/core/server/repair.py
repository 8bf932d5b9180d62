"""Rebuilding a server project's timeline summaries from its items, and telling the
open windows.

The summaries (the count pyramid and the spans, :mod:`citeline.core.summaries`) are
kept by every edit in its own transaction. When they were changed any other way (rows
restored with ``pg_restore``, a fix made in SQL by the database's keeper), ``citeline
server repair URL`` recomputes them from the events and quotes, as a file's import
does. That is not an edit (no item changes), so it leaves no history entry, and the
windows that keep a copy of the spans (:mod:`.mirror`) would not learn of it from the
history. Two ways tell them:

- the repair counts itself in ``citeline_meta`` (:data:`~.snapshot.GENERATION_KEY`),
  and a window reads that count with the history entries each time it catches up, so
  its next catch-up after an edit (its own or announced) reads the copy again;
- it announces itself on :data:`CHANNEL`, to which every window's listener listens
  (:mod:`.notify`), so an open window reads the copy again within a second, without
  waiting for an edit.

While the repair runs, edits wait (it holds the summaries' tables), so none is lost
between the rebuild and its count.
"""

from __future__ import annotations

from typing import Any

from citeline.core import summaries
from citeline.core.server.connection import answering
from citeline.core.server.snapshot import GENERATION_KEY

#: The channel on which a rebuild of the summaries is announced (its count).
CHANNEL = "citeline_summaries"

_COUNT = (
    "INSERT INTO citeline_meta (key, value) VALUES (%s, '1') ON CONFLICT (key) DO UPDATE "
    "SET value = (citeline_meta.value::bigint + 1)::text RETURNING value"
)


def rebuild_summaries(store: Any) -> int:
    """Recompute the timeline summaries of the server project ``store`` (a
    :class:`~.store.ServerStore`) from its items in one transaction, count and announce
    it; the new count."""
    if store.read_only:
        raise store._read_only()
    conn = store.db.conn
    with answering(), store.db.atomic():
        # Edits under way finish first; later ones wait for the commit.
        conn.raw.execute("LOCK TABLE timeline_spans, timeline_counts IN EXCLUSIVE MODE")
        summaries.rebuild(conn)
        value = conn.raw.execute(_COUNT, [GENERATION_KEY]).fetchone()[0]
        conn.raw.execute("SELECT pg_notify(%s, %s)", [CHANNEL, value])
    return int(value)
