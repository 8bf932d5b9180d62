"""The timeline's spans of a server project, kept on this computer while it is open.

A frame of the timeline asks many small questions (how many items a lane has in a
window, the most important items of a stretch, the duration classes of a lane, the
rows of the items it shows), each answered in microseconds by a project file but
costing a network round trip on a server. A :class:`SpanMirror` holds the project's
``timeline_spans`` summary (a few MB at 100,000 items) and the columns the timeline
draws of each item, read when the timeline first asks:

- the spans as a :class:`~citeline.core.layout.TimeIndex` of every event and quote,
  which answers the timeline's counts and density strips by bisection;
- the spans as an in-memory SQLite table with the file's own definition and indexes,
  which answers the timeline's statements on ``timeline_spans`` exactly as a file does
  (the same SQL on the same rows, see :meth:`answer`);
- the drawn rows (:mod:`.cards`) in a second in-memory SQLite database, answering the
  timeline's reads of titles, dates, speakers and evidence counts.

Opening does not wait for them: a second connection reads them on a thread, in one
snapshot of the project (:mod:`.snapshot`), and each part answers as soon as it is in;
until then the timeline reads the server as before (:class:`KeptIndex`). The copy is
kept true from the history: it knows the newest entry it has seen, and once an edit is
made through this connection or others' edits are announced it is marked behind
(:attr:`behind`); before its next answer it reads the entries committed since with the
current spans and drawn rows of the items they touched (one round trip), and moves
every part to them. Entries are numbered in commit order, so none is missed; an
entry recorded only as a summary (a large import), or a rebuild of the summaries made
outside the history (:mod:`.repair`, seen through a generation number read with the
entries, or announced), reads the whole copy again, on the thread.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import Any

from citeline.core import summaries
from citeline.core.layout.index import TimeIndex
from citeline.core.server import cards, snapshot
from citeline.core.server.connection import answering
from citeline.core.server.kept import KeptIndex
from citeline.core.server.snapshot import COLUMNS, GENERATION_SQL
from citeline.core.summaries import ITEM_TABLES, Span

_TAGS = {"event": 0, "quote": 1}
#: The tables whose rows make what is kept (a summary entry touching one reloads).
KEPT_TABLES = frozenset({*ITEM_TABLES.values(), "evidence", *cards.CARDS})
#: Past this many touched items, catching up reloads the whole copy (quicker than
#: moving that many items one by one in the index's arrays).
RELOAD_OVER = 2000
_READ = re.compile(r"^\s*(SELECT|WITH)\b", re.I)
#: The entries committed since the newest seen (``%s``), with the items they touched,
#: after one row (id -1) giving the summaries' generation.
_SINCE = (
    f"SELECT -1, NULL, NULL, NULL, {GENERATION_SQL} UNION ALL "
    "SELECT e.id, e.summary, c.kind, c.item_id, NULL FROM history_entries e "
    "LEFT JOIN history_changes c ON c.entry_id = e.id "
    "AND c.kind IN ('event', 'quote', 'person') WHERE e.id > %s ORDER BY 1"
)
#: The current spans of the events and quotes those entries touched.
_SPANS_SINCE = (
    "SELECT kind, id, lane_key, earliest, latest, importance, evidence FROM timeline_spans "
    "WHERE (kind, id) IN (SELECT kind, item_id FROM history_changes WHERE entry_id > %s "
    "AND kind IN ('event', 'quote'))"
)


def item_key(kind: str, item_id: int) -> int:
    """The time index key of an item (as the timeline keys them)."""
    return item_id * 2 + _TAGS[kind]


class SpanMirror:
    """A server project's timeline spans and drawn rows, in memory, kept up to date
    from the history."""

    def __init__(self, connect: Callable[[], Any] | None = None) -> None:
        #: The spans' SQLite copy (None until it is in).
        self.db: sqlite3.Connection | None = None
        #: The drawn rows' SQLite copy (None until it is in).
        self.cards: sqlite3.Connection | None = None
        self.index = TimeIndex()
        #: Whether :attr:`index` is the project's (not an empty stand-in).
        self.index_in = False
        #: The newest history entry the copy reflects, and the summaries' generation.
        self.entry = 0
        self.generation = 0
        #: Whether entries may have been committed since (read them before answering).
        self.behind = False
        #: Per statement text: which copy answers it ("spans", "cards"; "" for none),
        #: learned on first use.
        self._answers: dict[str, str] = {}
        self._connect = connect
        self._catching = False
        self._parts: snapshot.Parts | None = None
        self._thread: threading.Thread | None = None
        #: What the timeline counts with (the copy's index once filled).
        self.kept: KeptIndex | None = None
        #: When each part was in (``time.perf_counter``: "index", "spans", "drawn").
        self.times: dict[str, float] = {}
        #: Why the thread could not read the copy (it is then read here, at once).
        self.failed: BaseException | None = None

    @property
    def ready_at(self) -> float | None:
        """When the spans' copy was in (for the bench)."""
        return self.times.get("spans")

    # ------------------------------------------------------------------ filling

    @classmethod
    def load(cls, conn: Any, connect: Callable[[], Any] | None = None) -> SpanMirror:
        """Read the project's spans through ``conn`` (the server store's connection).

        With ``connect`` (a second connection to the project) they are read on a thread
        instead, in one snapshot, so opening does not wait for them: until each part is
        in, the statements it would answer go to the server, and the timeline counts
        from the server's summaries (:class:`KeptIndex`)."""
        mirror = cls(connect)
        if connect is None:
            mirror._fill(conn)
        else:
            mirror._start()
        return mirror

    def _start(self) -> None:
        """Read every part anew on a thread (the server answers meanwhile)."""
        assert self._connect is not None
        self._drop()
        parts = self._parts = snapshot.Parts()
        self._thread = threading.Thread(
            target=snapshot.read_apart, args=(self._connect, parts), name="citeline-spans",
            daemon=True,
        )  # fmt: skip
        self._thread.start()

    def _drop(self) -> None:
        """Forget every part (closing the SQLite copies) and any reading under way."""
        if self._parts is not None:
            self._parts.close()
            self._parts, self._thread = None, None
        for db in (self.db, self.cards):
            if db is not None:
                db.close()
        self.db = self.cards = None
        self.index, self.index_in = TimeIndex(), False
        self.behind, self.failed = False, None
        self.times = {}

    def _take(self) -> None:
        """Take what the thread has published (on the window's thread)."""
        parts = self._parts
        if parts is None:
            return
        done = parts.done.is_set()  # read first: every part published before is seen
        if not self.index_in and parts.index is not None:
            self.entry, self.generation = parts.entry, parts.generation
            self.index, self.index_in = parts.index, True
        if self.db is None and parts.db is not None:
            self.db = parts.db
        if self.cards is None and parts.cards is not None:
            self.cards = parts.cards
        self.times.update(parts.times)
        if done:
            self.failed = parts.failed
            self._parts, self._thread = None, None

    @property
    def loading(self) -> bool:
        """Whether a thread is still reading the copy."""
        self._take()
        return self._parts is not None

    def ready(self) -> bool:
        """Whether the spans' copy answers (its part is in)."""
        self._take()
        return self.db is not None

    def settle(self, conn: Any) -> None:
        """Wait for the thread reading the copy; when it failed, read it here."""
        thread = self._thread
        if thread is not None:
            thread.join()
        self._take()
        if self.failed is not None or self.db is None:
            self._fill(conn)

    def _fill(self, conn: Any) -> None:
        """Read every part here, at once, in one snapshot of the project."""
        parts = snapshot.Parts()
        with answering():
            snapshot.read(conn.raw, parts)
        self._drop()
        self._parts = parts
        parts.done.set()
        self._take()

    def up_to_date(self, conn: Any) -> bool:
        """Bring the copy to the project as it is now when it is behind; False when it
        cannot answer yet (still being read after an edit: the server answers)."""
        self._take()
        if self.failed is not None:
            self.settle(conn)
        if self.behind:
            if self._parts is not None:
                return False
            self.catch_up(conn)
        return True

    # ------------------------------------------------------------------ catching up

    def catch_up(self, conn: Any) -> None:
        """Move the copy to the project as it is now: the items touched by the history
        entries committed since the newest one seen are read again."""
        if self._parts is not None:
            self.settle(conn)  # every part at the same entry before they move
        self._catching = True  # its own reads are the server's
        try:
            self._catch_up(conn)
        finally:
            self._catching = False

    def _catch_up(self, conn: Any) -> None:
        # One round trip: the entries, and the spans and drawn rows of what they touched.
        raw = conn.raw
        with answering(), raw.pipeline():
            since = raw.cursor().execute(_SINCE, [self.entry])
            spans = raw.cursor().execute(_SPANS_SINCE, [self.entry])
            drawn = raw.cursor().execute(cards.READ_SINCE, {"after": self.entry})
            rows = since.fetchall()
            fresh: dict[str, dict[int, Span]] = {}
            for kind, item_id, *rest in spans.fetchall():
                fresh.setdefault(kind, {})[item_id] = Span(kind, item_id, *rest)
            texts = tuple(drawn.fetchone())
        for sql in (_SINCE, _SPANS_SINCE, cards.READ_SINCE):
            conn.sent(sql)  # for the trace (bench --profile, tests)
        generation = int(rows[0][4]) if rows else self.generation
        touched: dict[str, set[int]] = {}
        reload = generation != self.generation
        for _entry, summary, kind, item_id, _gen in rows[1:]:
            if summary is not None and KEPT_TABLES & set(json.loads(summary).get("tables", {})):
                reload = True
            if kind is not None:
                touched.setdefault(kind, set()).add(int(item_id))
        if reload or sum(map(len, touched.values())) > RELOAD_OVER:
            self.reload(conn)
            return
        self.move({k: ids for k, ids in touched.items() if k in _TAGS}, fresh)
        if self.cards is not None and touched:
            self.cards.set_authorizer(None)
            try:
                cards.move(self.cards, touched, texts)
            finally:
                self.cards.set_authorizer(snapshot.authorize)
        if len(rows) > 1:
            self.entry = max(self.entry, max(int(r[0]) for r in rows))
        self.behind = False

    def reload(self, conn: Any) -> None:
        """Read the whole copy again: on the thread when there is a second connection
        (the server answers meanwhile), else here."""
        if self._connect is None:
            self._fill(conn)
        else:
            self._start()

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
            db.set_authorizer(snapshot.authorize)

    # ------------------------------------------------------------------ answering

    def may_answer(self, sql: str) -> bool:
        """Whether ``sql`` may be answered here: a read of ``timeline_spans``, or of the
        drawn rows' tables, not yet found to need anything else."""
        return not self._catching and bool(self._route(sql))

    def _route(self, sql: str) -> str:
        known = self._answers.get(sql)
        if known is None:
            if len(self._answers) > 20_000:  # texts with lists of ids: forget, learn again
                self._answers.clear()
            known = ""
            if _READ.match(sql):
                if "timeline_spans" in sql:
                    known = "spans"
                elif cards.may_hold(sql):
                    known = "cards"
            self._answers[sql] = known
        return known

    def answer(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None
    ) -> sqlite3.Cursor | None:
        """The rows of ``sql`` (the file's SQL, as the core modules write it) from the
        copy; None when its part is not in yet, or when it reads anything the copy does
        not hold (it is then never tried here again)."""
        route = self._route(sql)
        db = self.db if route == "spans" else self.cards if route == "cards" else None
        if db is None:
            return None
        try:
            return db.execute(sql, params if params is not None else ())
        except sqlite3.Error:
            self._answers[sql] = ""
            return None

    def spans(self) -> set[tuple[Any, ...]]:
        """Every span held (for checks and tests), as ``summaries.stored`` gives them."""
        assert self.db is not None, "settle() first"
        return set(self.db.execute(f"SELECT {COLUMNS} FROM timeline_spans"))

    def close(self) -> None:
        self._drop()


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


__all__ = ["KeptIndex", "SpanMirror", "item_key"]
