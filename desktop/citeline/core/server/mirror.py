"""The timeline's spans of a server project, kept on this computer while it is open.

A frame of the timeline asks many small questions (how many items a lane has in a
window, the most important items of a stretch, the duration classes of a lane), each
answered in microseconds by a project file but costing a network round trip on a
server. A :class:`SpanMirror` holds the project's ``timeline_spans`` summary (a few MB
at 100,000 items) twice, read once when the timeline first asks:

- as an in-memory SQLite table with the file's own definition and indexes, which
  answers the timeline's statements on ``timeline_spans`` exactly as a file does (the
  same SQL on the same rows, see :meth:`answer`);
- as a :class:`~citeline.core.layout.TimeIndex` of every event and quote, which
  answers the timeline's counts and density strips by bisection instead of reading the
  count pyramid.

Opening does not wait for it: a second connection reads the spans on a thread, in one
snapshot of the project, and fills both copies (the SQLite part without Python's
lock); until they are in, the timeline reads the server as before
(:class:`KeptIndex`). It is kept true from the history: it knows the newest entry it
has seen, and once an edit is made through this connection or others' edits are
announced it is marked behind (:attr:`behind`); before its next answer it reads the
entries committed since (one round trip) and the current spans of the items they
touched (one per kind), and moves both copies to them. Entries are numbered in commit
order, so none is missed; an entry recorded only as a summary (a large import) reloads
the whole copy.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from citeline.core import summaries
from citeline.core.layout.index import TimeIndex
from citeline.core.server.connection import answering
from citeline.core.summaries import ITEM_TABLES, Span

#: The columns of ``timeline_spans``, in the order of its definition.
COLUMNS = "kind, lane_key, span_class, earliest, id, latest, importance, evidence"
_TAGS = {"event": 0, "quote": 1}
#: The tables whose rows make an item's span (a summary entry touching one reloads).
SPAN_TABLES = frozenset({*ITEM_TABLES.values(), "evidence"})
#: Past this many touched items, catching up reloads the whole copy (quicker than
#: moving that many items one by one in the index's arrays).
RELOAD_OVER = 2000
_READ = re.compile(r"^\s*(SELECT|WITH)\b", re.I)

#: What a statement run here may do (anything else is refused, and the statement then
#: goes to the server): read, call functions.
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


def _authorize(action: int, *_: Any) -> int:
    return sqlite3.SQLITE_OK if action in _ALLOWED else sqlite3.SQLITE_DENY


def _new_db() -> sqlite3.Connection:
    """An empty in-memory ``timeline_spans`` as a file defines it (no indexes yet).

    One connection, used from whichever thread reads the project (SQLite serializes)."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    db.execute(definition()[0])
    return db


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


def item_key(kind: str, item_id: int) -> int:
    """The time index key of an item (as the timeline keys them)."""
    return item_id * 2 + _TAGS[kind]


class SpanMirror:
    """A server project's timeline spans, in memory, kept up to date from the history."""

    def __init__(self) -> None:
        #: The SQLite copy (None while a thread is still filling it).
        self.db: sqlite3.Connection | None = None
        self.index = TimeIndex()
        #: The newest history entry the copy reflects.
        self.entry = 0
        #: Whether entries may have been committed since (read them before answering).
        self.behind = False
        #: Per statement text: whether it is answered here (learned on first use).
        self._answers: dict[str, bool] = {}
        self._thread: threading.Thread | None = None
        self._built: tuple[TimeIndex, sqlite3.Connection, int] | None = None
        #: What the timeline counts with (the copy's index once filled).
        self.kept: KeptIndex | None = None
        #: When the thread had the copy filled (``time.perf_counter``), for the bench.
        self.ready_at: float | None = None
        #: Why the thread could not fill the copy (it is then filled here, at once).
        self.failed: BaseException | None = None

    # ------------------------------------------------------------------ filling

    @classmethod
    def load(cls, conn: Any, connect: Callable[[], Any] | None = None) -> SpanMirror:
        """Read the project's spans through ``conn`` (the server store's connection).

        With ``connect`` (a second connection to the project) they are read on a thread
        instead, in one snapshot, so opening does not wait for them: until they are in
        (:meth:`ready`), the statements the copy would answer go to the server, and the
        timeline counts from the server's summaries (:class:`KeptIndex`)."""
        mirror = cls()
        if connect is None:
            mirror._fill(conn)
        else:
            mirror._thread = threading.Thread(
                target=mirror._build, args=(connect,), name="citeline-spans", daemon=True
            )
            mirror._thread.start()
        return mirror

    def _build(self, connect: Callable[[], Any]) -> None:
        """(On the thread) read the spans in one snapshot; fill the SQLite copy (in
        SQLite, without Python's lock) and the time index."""
        try:
            with connect() as raw, raw.transaction():
                raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                top = raw.execute("SELECT COALESCE(MAX(id), 0) FROM history_entries").fetchone()
                text = raw.execute(_JSON).fetchone()[0]
                columns = raw.cursor(binary=True).execute(_ARRAYS).fetchone()
            db = _new_db()
            db.execute(f"INSERT INTO timeline_spans ({COLUMNS}) {_FROM_JSON}", [text])
            del text
            for sql in definition()[1:]:
                db.execute(sql)
            db.set_authorizer(_authorize)
            index = TimeIndex(*(list(c or ()) for c in columns))
            self._built = (index, db, int(top[0]))
            self.ready_at = time.perf_counter()
        except BaseException as exc:  # the copy is then filled by settle()
            self.failed = exc

    def ready(self) -> bool:
        """Whether the copy answers (the thread reading it is done)."""
        built = self._built
        if self.db is None and built is not None:
            self.index, self.db, self.entry = built
            self._built = None
        return self.db is not None

    def settle(self, conn: Any) -> None:
        """Wait for the thread filling the copy; when it failed, fill both copies here."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if not self.ready():
            self._fill(conn)

    def _fill(self, conn: Any) -> None:
        """Read every span and the newest entry in one snapshot of the project."""
        raw = conn.raw
        with answering(), raw.transaction():
            raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            top = raw.execute("SELECT COALESCE(MAX(id), 0) FROM history_entries").fetchone()
            rows = (
                raw.cursor(binary=True)
                .execute(
                    f"SELECT {COLUMNS} FROM timeline_spans "
                    "ORDER BY kind, lane_key, span_class, earliest, id"
                )
                .fetchall()
            )
        db = _new_db()
        db.executemany(f"INSERT INTO timeline_spans ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", rows)
        for sql in definition()[1:]:
            db.execute(sql)  # once filled: quicker than row by row
        db.set_authorizer(_authorize)
        if self.db is not None:
            self.db.close()
        self.db, self.failed = db, None
        self.index = TimeIndex(
            [r[4] * 2 + _TAGS[r[0]] for r in rows],
            [r[3] for r in rows],
            [r[5] for r in rows],
            [r[1] for r in rows],
        )
        self.entry = int(top[0]) if top else 0
        self.behind = False
        self.ready_at = time.perf_counter()

    # ------------------------------------------------------------------ catching up

    def catch_up(self, conn: Any) -> None:
        """Move the copy to the project as it is now: the items touched by the history
        entries committed since the newest one seen are read again."""
        self.settle(conn)  # both copies at the same entry before they move
        rows = conn.execute(
            "SELECT e.id, e.summary, c.kind, c.item_id FROM history_entries e "
            "LEFT JOIN history_changes c ON c.entry_id = e.id AND c.kind IN ('event', 'quote') "
            "WHERE e.id > ? ORDER BY e.id",
            [self.entry],
        ).fetchall()
        touched: dict[str, set[int]] = {}
        reload = False
        for _entry, summary, kind, item_id in rows:
            if summary is not None and SPAN_TABLES & set(json.loads(summary).get("tables", {})):
                reload = True
            if kind is not None:
                touched.setdefault(kind, set()).add(int(item_id))
        if reload or sum(map(len, touched.values())) > RELOAD_OVER:
            self._fill(conn)
            return
        fresh = {kind: summaries.read_spans(conn, kind, ids) for kind, ids in touched.items()}
        self.move(touched, fresh)
        if rows:
            self.entry = max(self.entry, max(int(r[0]) for r in rows))
        self.behind = False

    def move(self, touched: dict[str, set[int]], fresh: dict[str, dict[int, Span]]) -> None:
        """Replace the spans of the ``touched`` items by their ``fresh`` ones (an item
        missing from ``fresh`` is gone)."""
        gone: list[tuple[Any, ...]] = []
        came: list[tuple[Any, ...]] = []
        index = self.index
        for kind, ids in touched.items():
            for item_id in sorted(ids):
                key = item_key(kind, item_id)
                if key in index:
                    e, late, lane = index.get(key)
                    e, late = int(e), int(late)
                    gone.append((kind, lane, summaries.span_class(e, late), e, item_id))
                    index.remove(key)
                span = fresh.get(kind, {}).get(item_id)
                if span is not None:
                    index.insert(key, span.earliest, span.latest, span.lane)
                    came.append(_row(span))
        db = self.db
        assert db is not None  # settled by catch_up
        db.set_authorizer(None)
        try:
            db.execute("BEGIN")
            db.executemany(
                "DELETE FROM timeline_spans WHERE kind = ? AND lane_key = ? AND span_class = ? "
                "AND earliest = ? AND id = ?",
                gone,
            )
            db.executemany(f"INSERT INTO timeline_spans ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", came)
            db.execute("COMMIT")
        finally:
            db.set_authorizer(_authorize)

    # ------------------------------------------------------------------ answering

    def may_answer(self, sql: str) -> bool:
        """Whether ``sql`` may be answered here: a read of ``timeline_spans`` not yet
        found to need anything else."""
        known = self._answers.get(sql)
        if known is None:
            if len(self._answers) > 20_000:  # texts with lists of ids: forget, learn again
                self._answers.clear()
            known = self._answers[sql] = bool("timeline_spans" in sql and _READ.match(sql))
        return known

    def answer(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None
    ) -> sqlite3.Cursor | None:
        """The rows of ``sql`` (the file's SQL, as the core modules write it) from the
        copy; None when it reads anything the copy does not hold (it is then never tried
        here again)."""
        assert self.db is not None
        try:
            return self.db.execute(sql, params if params is not None else ())
        except sqlite3.Error:
            self._answers[sql] = False
            return None

    def spans(self) -> set[tuple[Any, ...]]:
        """Every span held (for checks and tests), as ``summaries.stored`` gives them."""
        assert self.db is not None, "settle() first"
        return set(self.db.execute(f"SELECT {COLUMNS} FROM timeline_spans"))

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _row(span: Span) -> tuple[Any, ...]:
    return (
        span.kind,
        span.lane,
        summaries.span_class(span.earliest, span.latest),
        span.earliest,
        span.id,
        span.latest,
        span.importance,
        span.evidence,
    )


class KeptIndex:
    """The time index a server store gives its timeline: the copy's once it is filled,
    the server's own summaries (:class:`~citeline.core.windows.WindowIndex`) until then.

    Each answer first brings the copy up to date when it is behind (a flag: nothing is
    asked of the server unless an edit was made or announced)."""

    def __init__(self, store: Any, mirror: SpanMirror) -> None:
        self._store = store
        self._mirror = mirror
        self._window: Any = None

    def current(self) -> Any:
        """The index answering now."""
        mirror = self._mirror
        conn = self._store.db.conn
        if mirror.behind:
            mirror.catch_up(conn)
        if mirror.ready():
            self._window = None
            return mirror.index
        if mirror.failed is not None:
            mirror.settle(conn)
            return mirror.index
        if self._window is None:
            from citeline.core.windows import WindowIndex

            self._window = WindowIndex(self._store)
        return self._window

    @property
    def lanes(self) -> list[int]:
        return list(self.current().lanes)

    def __len__(self) -> int:
        return len(self.current())

    def __contains__(self, key: object) -> bool:
        return key in self.current()

    def get(self, key: int) -> tuple[float, float, int]:
        return tuple(self.current().get(key))  # type: ignore[return-value]

    def extent(self, lane: int | None = None) -> tuple[float, float] | None:
        return self.current().extent(lane)  # type: ignore[no-any-return]

    def count(self, t0: float, t1: float, lane: int | None = None) -> int:
        return int(self.current().count(t0, t1, lane))

    def histogram(self, t0: float, t1: float, buckets: int, lane: int | None = None) -> list[int]:
        return list(self.current().histogram(t0, t1, buckets, lane))

    def ids_in(
        self, t0: float, t1: float, lane: int | None = None, limit: int | None = None
    ) -> list[int]:
        return list(self.current().ids_in(t0, t1, lane, limit))
