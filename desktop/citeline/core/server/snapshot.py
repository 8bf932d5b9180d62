"""Reading what a server project's window keeps on this computer, in one snapshot.

A window keeps the project's timeline spans (as a time index and as an in-memory SQLite
table, see :mod:`.mirror`) and the columns the timeline draws of each item (see
:mod:`.cards`). They are read in one ``REPEATABLE READ`` transaction, so all of them
reflect the same history entry and the same summaries generation, and each part is
*published* as soon as it is built, quickest first, so the window can use it while the
rest is still being read:

1. the time index (four arrays, a twentieth of a second from the server): counts and
   density strips;
2. the spans' SQLite table (rank reads);
3. the drawn rows (the items a frame shows for the first time).

The SQLite parts are filled by SQLite itself from one JSON text each (outside Python's
lock), so a thread reading them holds up the window's thread as little as possible.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from citeline.core.layout.index import TimeIndex
from citeline.core.server import cards

#: The columns of ``timeline_spans``, in the order of its definition.
COLUMNS = "kind, lane_key, span_class, earliest, id, latest, importance, evidence"
#: The ``citeline_meta`` key counting rebuilds of the timeline summaries made outside
#: the history (see :mod:`.repair`): a window whose copy was read at another count
#: reads it again.
GENERATION_KEY = "summaries_generation"
GENERATION_SQL = (
    "COALESCE((SELECT value FROM citeline_meta WHERE key = 'summaries_generation'), '0')::bigint"
)

#: What a statement run on a kept copy may do (anything else is refused, and the
#: statement then goes to the server): read, call functions.
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}
_ALLOWED.add(getattr(sqlite3, "SQLITE_RECURSIVE", 33))


@functools.lru_cache(maxsize=1)
def definition() -> tuple[str, ...]:
    """The statements creating ``timeline_spans`` and its indexes, as a project file
    has them after every migration (so the copy answers as a file does)."""
    from citeline.core.store import Store

    memory = Store.memory()
    try:
        rows = memory.db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'timeline_spans' "
            "AND sql IS NOT NULL ORDER BY type = 'index', rowid"
        ).fetchall()
    finally:
        memory.close()
    return tuple(r[0] for r in rows)


def authorize(action: int, *_: Any) -> int:
    """SQLite's authorizer for a kept copy: reads only."""
    return sqlite3.SQLITE_OK if action in _ALLOWED else sqlite3.SQLITE_DENY


#: Every item's key, start, end and lane, as four arrays (for the time index).
_ARRAYS = (
    "SELECT array_agg(id * 2 + (kind = 'quote')::int), array_agg(earliest), "
    "array_agg(latest), array_agg(lane_key) FROM timeline_spans"
)
#: Every span as one JSON text, in the copy's key order (SQLite reads it in one go).
_JSON = (
    f"SELECT COALESCE(json_agg(json_build_array({COLUMNS}) "
    "ORDER BY kind, lane_key, span_class, earliest, id), '[]')::text FROM timeline_spans"
)
_FROM_JSON = (
    "SELECT "
    + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(COLUMNS.split(", "))))
    + " FROM json_each(?)"
)


def spans_db(text: str) -> sqlite3.Connection:
    """An in-memory ``timeline_spans`` as a file defines it, filled from ``text``
    (:data:`_JSON`'s answer), its indexes built once filled, answering reads only."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    first, *indexes = definition()
    db.execute(first)
    db.execute(f"INSERT INTO timeline_spans ({COLUMNS}) {_FROM_JSON}", [text])
    for sql in indexes:
        db.execute(sql)  # once filled: quicker than row by row
    db.set_authorizer(authorize)
    return db


class Parts:
    """What one reading of the project has published so far: set on the thread reading
    it, taken on the window's (each attribute is set once, the entry first)."""

    def __init__(self) -> None:
        self.entry = 0
        self.generation = 0
        self.index: TimeIndex | None = None
        self.db: sqlite3.Connection | None = None
        self.cards: sqlite3.Connection | None = None
        #: When each part was in (``time.perf_counter``).
        self.times: dict[str, float] = {}
        self.failed: BaseException | None = None
        self.done = threading.Event()
        #: Set when the window no longer wants them (closed, or read again).
        self.abandoned = False

    def close(self) -> None:
        """Close what was built and not taken (the window no longer wants it)."""
        self.abandoned = True
        for db in (self.db, self.cards):
            if db is not None:
                db.close()


def read(raw: Any, parts: Parts) -> None:
    """Read the project through ``raw`` (psycopg, autocommit) in one snapshot and
    publish each part into ``parts`` as soon as it is built, quickest first.

    The time index comes first although its Python work competes with the window's
    own while it opens (about 0.1 s more to open at 100,000 events): frames drawn while
    the copy is read then ask the server for neither counts nor density (with the
    spans first, 347–361 statements in the first 2.5 s against 228, frame p95 23–28 ms
    against 17–18). Reading the index on a second thread and connection, in the same
    snapshot exported to it, had the spans in 0.05–0.1 s sooner but opening later
    still: left out."""
    with raw.transaction():
        raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        top, generation = raw.execute(
            f"SELECT COALESCE(MAX(id), 0), {GENERATION_SQL} FROM history_entries"
        ).fetchone()
        parts.entry, parts.generation = int(top), int(generation)
        _read_index(raw, parts)
        with raw.cursor() as cur:
            parts.db = spans_db(cur.execute(_JSON).fetchone()[0])
        parts.times["spans"] = time.perf_counter()
        _read_drawn(raw, parts)
    if parts.abandoned:
        parts.close()


def _read_index(raw: Any, parts: Parts) -> None:
    """Read the time index (in the transaction under way) and publish it."""
    columns = raw.cursor(binary=True).execute(_ARRAYS).fetchone()
    index = TimeIndex(*(list(c or ()) for c in columns))
    del columns
    parts.index = index
    parts.times["index"] = time.perf_counter()


def _read_drawn(raw: Any, parts: Parts) -> None:
    """Read the drawn rows (in the transaction under way) and publish them."""
    if parts.abandoned:
        return
    db = cards.new_db()
    cards.read_into(raw, db)
    cards.finish(db)
    db.set_authorizer(authorize)
    parts.cards = db
    parts.times["drawn"] = time.perf_counter()


def read_apart(connect: Callable[[], Any], parts: Parts) -> None:
    """(On a thread) :func:`read` through a connection of its own; a failure is kept in
    ``parts.failed`` (the window then reads the copy itself, at once)."""
    try:
        with connect() as raw:
            read(raw, parts)
    except BaseException as exc:  # kept for the window's thread
        parts.failed = exc
    finally:
        parts.done.set()
