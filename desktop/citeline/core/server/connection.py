"""A PostgreSQL connection that the core query modules use as they use SQLite's.

The core modules take ``store.db`` (``execute``, ``query``, ``atomic``) and
``store.db.conn`` (``execute``, ``executemany``, ``cursor``, ``in_transaction``) and write
SQL with ``?`` placeholders. :class:`Database` and :class:`Connection` offer exactly that
over a psycopg 3 connection, translating each statement once (:mod:`.sql`). Only server
projects go through this layer: a project file's Store talks to SQLite directly.

The psycopg connection is in autocommit mode: a read outside an edit never leaves a
transaction open on the server; :meth:`Database.atomic` opens one (nested: a savepoint).

Once the timeline has asked for it, a copy of the project's timeline spans is kept on
this computer (:mod:`.mirror`): reads of ``timeline_spans`` made outside a transaction
are answered from it, with the file's own SQL, instead of by the server.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import psycopg
import psycopg.types.numeric
from psycopg import pq
from psycopg.rows import dict_row

from citeline.core import errors
from citeline.core.server.sql import translate

if TYPE_CHECKING:
    import sqlite3

    from citeline.core.server.mirror import SpanMirror


def _params(params: Sequence[Any] | dict[str, Any] | None, text: str = "") -> Any:
    # SQLite stores True as 1; PostgreSQL's integer columns refuse a boolean.
    if not params:
        return ()
    if "%(_1)s" in text:  # numbered parameters (?1, ?2 …)
        params = {f"_{n}": v for n, v in enumerate(params, 1)}  # type: ignore[arg-type]
    if isinstance(params, dict):
        return {k: int(v) if isinstance(v, bool) else v for k, v in params.items()}
    return tuple(int(p) if isinstance(p, bool) else p for p in params)


class _WholeNumbers(psycopg.types.numeric.NumericLoader):
    """PostgreSQL's SUM of integers is ``numeric``; SQLite's is an integer. Whole numbers
    are read as ``int`` (others as ``float``), as the core modules expect."""

    def load(self, data: Any) -> Any:
        value = super().load(data)
        return int(value) if value == value.to_integral_value() else float(value)


def connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """A psycopg connection to ``url`` in autocommit mode, reading sums as integers."""
    raw = psycopg.connect(url, autocommit=True, **kwargs)
    raw.adapters.register_loader("numeric", _WholeNumbers)
    return raw


def _gone(exc: psycopg.OperationalError) -> errors.ServerGoneError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "no reply"
    return errors.ServerGoneError(
        f"the connection to the server was lost ({reason}): an edit under way was not "
        "saved; try again when the server is back"
    )


@contextlib.contextmanager
def answering() -> Iterator[None]:
    """A lost connection as one line for the user; the server's refusals of an edit
    (deadlocks, serialization failures) pass on to the Store, which retries them."""
    try:
        yield
    except psycopg.errors.TransactionRollback:
        raise
    except psycopg.OperationalError as exc:
        raise _gone(exc) from exc


class Cursor:
    """The rows of one statement, read like an ``sqlite3.Cursor``."""

    def __init__(self, cur: psycopg.Cursor[Any], owner: Connection | None = None) -> None:
        self._cur = cur
        self._owner = owner

    def _ready(self) -> None:
        """In pipeline mode, wait for the answers of what was sent (one round trip for
        every statement queued since the last wait)."""
        if self._owner is not None:
            self._owner.wait()

    @property
    def rowcount(self) -> int:
        self._ready()
        return self._cur.rowcount

    @property
    def description(self) -> Any:
        self._ready()
        return self._cur.description

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        text = translate(sql)
        if text:
            with answering():
                self._cur.execute(text, _params(params, text))  # type: ignore[arg-type]
            if self._owner is not None:
                self._owner.sent(sql)
        return self

    def fetchone(self) -> Any:
        return self._cur.fetchone() if self.description is not None else None

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall() if self.description is not None else []

    def fetchmany(self, size: int = 1) -> list[Any]:
        return self._cur.fetchmany(size) if self.description is not None else []

    def __iter__(self) -> Iterator[Any]:
        if self.description is None:
            return iter(())
        return iter(self._cur)

    def close(self) -> None:
        self._cur.close()


class Connection:
    """What the core modules call on ``store.db.conn``, over psycopg."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw
        #: Called by the history, inside an edit's transaction, to append an entry: the
        #: server store has the server chain it (None back: append it the usual way,
        #: the chain's head being taken already).
        self.append_history: Callable[[Any], Any] | None = None
        #: Reads items' history forms (see :mod:`citeline.core.server.forms`).
        self.read_forms: Callable[[Any], Any] | None = None
        #: Sends the statements reading items' forms; returns the function reading them.
        self.send_forms: Callable[[Any], Any] | None = None
        self._pipeline: psycopg.Pipeline | None = None
        self._pending = False
        #: Whether the transaction under way was begun by :meth:`pipelined_transaction`.
        self._began = False
        #: The timeline spans kept here (see :mod:`.mirror`), once the timeline asked.
        self.mirror: SpanMirror | None = None
        self._trace: Callable[[str], object] | None = None

    def set_trace_callback(self, trace: Callable[[str], object] | None) -> None:
        """Call ``trace`` with each statement sent to the server (as SQLite's hook does
        with each statement a file runs; reads the copy answers are not sent)."""
        self._trace = trace

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    @contextlib.contextmanager
    def pipelined(self) -> Iterator[None]:
        """Statements whose answers nobody reads at once (writes, a lock) are sent
        without waiting for the server: an edit then costs one round trip per answer it
        reads, not one per statement. An error of a queued statement is raised at the
        next wait (the transaction is rolled back all the same)."""
        if self._pipeline is not None:
            yield
            return
        try:
            with answering(), self.raw.pipeline() as pipe:
                self._pipeline, self._pending = pipe, False
                try:
                    yield
                finally:
                    self._pipeline, self._pending = None, False
        except BaseException:
            # A statement that failed after the last wait left the transaction begun
            # here open and aborted (its COMMIT was skipped): end it.
            if self._began and self.raw.info.transaction_status != pq.TransactionStatus.IDLE:
                with contextlib.suppress(psycopg.Error):
                    self.raw.rollback()
            raise
        finally:
            self._began = False

    @property
    def pipelining(self) -> bool:
        """Whether statements are being sent without waiting (inside an edit)."""
        return self._pipeline is not None

    def sent(self, sql: str = "") -> None:
        """A statement was sent (in pipeline mode: its answer is still to come)."""
        if self._pipeline is not None:
            self._pending = True
        if self._trace is not None:
            self._trace(sql)

    def wait(self) -> None:
        """Wait for the answers of the statements sent in pipeline mode."""
        if self._pending and self._pipeline is not None:
            self._pending = False
            with answering():
                self._pipeline.sync()

    @contextlib.contextmanager
    def pipelined_transaction(self) -> Iterator[None]:
        """One transaction whose ``BEGIN`` and ``COMMIT`` ride with the statements around
        them, in pipeline mode (an edit's).

        psycopg's own transaction block waits for the server at its start and again just
        before its ``COMMIT``; an edit's last statements (the history's head, taken under
        a lock) would then hold that lock for a whole round trip, until this process is
        given a processor again to send the ``COMMIT``. Here the ``COMMIT`` is sent right
        behind them, with no wait for an answer in between: no round trip under the lock.
        Nothing is committed unless every statement succeeded: after a failed statement
        the server skips the rest (the ``COMMIT`` too), the error is raised at the next
        wait, and the transaction is rolled back (here, or by :meth:`pipelined`)."""
        assert self._pipeline is not None
        raw = self.raw
        with answering():
            raw.execute("BEGIN")
        self._began = True
        try:
            yield
        except BaseException:
            with contextlib.suppress(psycopg.Error):
                self._pipeline.sync()
            with contextlib.suppress(psycopg.Error):
                if raw.info.transaction_status != pq.TransactionStatus.IDLE:
                    raw.execute("ROLLBACK")
                    self._pipeline.sync()
            self._pending = False
            raise
        with answering():
            raw.execute("COMMIT")
        self._pending = True

    def cursor(self) -> Cursor:
        return Cursor(self.raw.cursor(), self)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        local = self.local(sql, params)
        if local is not None:
            return local  # type: ignore[return-value]
        return Cursor(self.raw.cursor(), self).execute(sql, params)

    def local(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None
    ) -> sqlite3.Cursor | None:
        """The rows of a read of the timeline spans or of the drawn rows, from the copy
        kept here; None when the server answers it (no copy yet, another table or
        column, or inside a transaction, where the edit under way must see its own
        writes)."""
        mirror = self.mirror
        if mirror is None or self._pipeline is not None or not mirror.may_answer(sql):
            return None
        raw = self.raw
        # ``closed``: the server is away (the copy still answers what it holds).
        if not raw.closed and raw.info.transaction_status != pq.TransactionStatus.IDLE:
            return None
        if not mirror.up_to_date(self):
            return None  # read again after an edit, still being read: the server answers
        return mirror.answer(sql, params)  # None while its part is still being read

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        cur = self.raw.cursor()
        text = translate(sql)
        if text:
            with answering():
                cur.executemany(text, (_params(r, text) for r in rows))  # type: ignore[arg-type]
            self.sent(sql)
        return Cursor(cur, self)

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        self.raw.close()


class Database:
    """What the Store and the core modules call on ``store.db``, over psycopg."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.conn = Connection(raw)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> Iterator[dict[str, Any]]:
        local = self.conn.local(sql, params)
        if local is not None:
            names = [d[0] for d in local.description]
            return iter([dict(zip(names, row, strict=True)) for row in local])
        cur = self.conn.raw.cursor(row_factory=dict_row)
        text = translate(sql)
        if text:
            with answering():
                cur.execute(text, _params(params, text))  # type: ignore[arg-type]
            self.conn.sent(sql)
            self.conn.wait()
        return iter(cur.fetchall() if cur.description is not None else [])

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction (a savepoint inside another). Once it ends the timeline's
        copy (if any) is behind: it reads what was committed before its next answer."""
        try:
            if self.conn.pipelining and not self.conn.in_transaction:
                with self.conn.pipelined_transaction():
                    yield self
                return
            with self.conn.raw.transaction():
                yield self
        finally:
            if self.conn.mirror is not None:
                self.conn.mirror.behind = True

    def close(self) -> None:
        self.conn.close()
