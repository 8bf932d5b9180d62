"""The Store on a PostgreSQL server: one project per database, shared by a desk.

:class:`ServerStore` is the file Store with another engine under it (see
:mod:`.connection`): the same edits with their exact inverses, the same history with
authors and versions, the same timeline summaries kept in each edit's transaction.
What differs is what several people editing at once need:

- an edit's expected versions are checked with the items' rows locked (``FOR UPDATE``),
  so two people changing one item never both win: the second gets a conflict naming
  who changed it and when;
- the history's head is taken under a transaction-scoped advisory lock just before the
  entry is appended, so concurrent edits still form one hash chain;
- new ids come from each table's sequence, so two people adding events at once never
  pick the same id; a deadlock between two edits is retried (nothing was written).
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pgerrors

from citeline.core import errors
from citeline.core.edits import Edit, RowChange
from citeline.core.history import chain
from citeline.core.history.record import Note
from citeline.core.server import chain as server_chain
from citeline.core.server import forms as server_forms
from citeline.core.server import schema
from citeline.core.server.address import display_address
from citeline.core.server.connection import Database, connect
from citeline.core.server.mirror import KeptIndex, SpanMirror
from citeline.core.store import RANK_MATCHES, Store, now_iso

#: The advisory lock key that serializes the history's head ("CTLN").
HISTORY_LOCK = 0x43544C4E
_TABLES = {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}
#: How often an edit that lost a deadlock or a serialization race is tried again.
RETRIES = 3


def connection_error(exc: Exception, address: str, doing: str = "opened") -> errors.ProjectError:
    """One line for a connection that failed: what, and what to try."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "password" in text.lower():
        return errors.ProjectError(
            f"{address} was not {doing}: the server wants a password ({text}); give it in "
            "~/.pgpass or PGPASSWORD"
        )
    return errors.ProjectError(
        f"{address} was not {doing}: {text}; check that the server is running and the "
        "address is right"
    )


def connect_for(url: str, address: str, doing: str = "opened") -> psycopg.Connection:
    """A connection to ``url`` for a command or a window, or one line saying why not
    (``doing``: what the project was not, "opened", "upgraded" …)."""
    try:
        return connect(url, connect_timeout=10, application_name="citeline")
    except psycopg.Error as exc:
        raise connection_error(exc, address, doing) from exc


class ServerStore(Store):
    """One project in a PostgreSQL database."""

    db: Database  # type: ignore[assignment]

    def __init__(self, db: Database, address: str, *, read_only: bool, url: str = "") -> None:
        super().__init__(db, None, read_only=read_only, lock=None)  # type: ignore[arg-type]
        #: The address as shown (never with a password).
        self.address = address
        self._url = url
        #: The history entries written through this connection (others' are announced).
        self.own_entries: set[int] = set()
        self.shared = True
        self._stamped = True
        #: The history entry of the edit under way and the cursor answering its id.
        self._sent_entry: tuple[chain.Entry, Any] | None = None
        #: The versions an edit expects and the cursors locking and reading them.
        self._versions_sent: tuple[dict[tuple[str, int], int], list[Any]] | None = None
        conn = self.db.conn
        conn.read_forms = lambda items: server_forms.forms_of(conn, items)
        conn.send_forms = lambda items: server_forms.send(conn, items)
        #: An updated row's count is checked at the edit's next wait, not at once.
        self._defer_row_checks = True

    # ----------------------------------------------------------------- opening

    @classmethod
    def connect(cls, url: str, *, read_only: bool = False, upgrade: bool = False) -> ServerStore:
        """Open the project in the database at ``url``; read-only when asked or when the
        role may not change it. A project an older Citeline made is refused, or with
        ``upgrade`` (and the admin right) upgraded in place first."""
        address = display_address(url)
        raw = connect_for(url, address)
        try:
            _check_schema(raw, address, upgrade and not read_only)
            may_edit = raw.execute(
                "SELECT has_table_privilege('events', 'UPDATE') "
                "AND has_table_privilege('history_entries', 'INSERT')"
            ).fetchone()
            if read_only or not (may_edit and may_edit[0]):
                raw.execute("SET default_transaction_read_only = on")
                read_only = True
        except psycopg.Error as exc:
            raw.close()
            raise connection_error(exc, address) from exc
        except BaseException:
            raw.close()
            raise
        return cls(Database(raw), address, read_only=read_only, url=url)

    @classmethod
    def init(cls, url: str) -> ServerStore:
        """Create an empty project in the empty database at ``url``."""
        address = display_address(url)
        raw = connect_for(url, address, "initialized")
        try:
            if schema.is_project(raw):
                raise errors.ProjectError(f"{address} already holds a Citeline project")
            used = raw.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()
            if used and used[0]:
                raise errors.ProjectError(
                    f"{address} is not empty ({used[0]} tables): give Citeline a database "
                    "of its own"
                )
            with raw.transaction():
                schema.create(raw)
                store = cls(Database(raw), address, read_only=False, url=url)
                store._init_project()
                chain.append(
                    store.db.conn,  # type: ignore[arg-type]
                    chain.Entry(0, now_iso(), "Citeline", "Create project", "start"),
                )
        except psycopg.Error as exc:
            raw.close()
            raise connection_error(exc, address, "initialized") from exc
        except BaseException:
            raw.close()
            raise
        return store

    def close(self) -> None:
        if self.db.conn.mirror is not None:
            self.db.conn.mirror.close()
            self.db.conn.mirror = None
        with contextlib.suppress(psycopg.Error):
            self.db.close()

    # ----------------------------------------------------------------- editing

    def apply(
        self,
        edit: Edit,
        progress: Callable[[int, int], object] | None = None,
        *,
        expect: dict[tuple[str, int], int] | None = None,
        note: Note | None = None,
    ) -> Edit:
        """As :meth:`Store.apply`, on the server: a deadlock is tried again; a lost
        connection is one line saying the edit was not saved."""
        conn = self.db.conn
        conn.append_history = lambda entry: self._append(edit, entry)
        try:
            for attempt in range(RETRIES + 1):
                try:
                    self._sent_entry = self._versions_sent = None
                    # Sent without waiting where no answer is read: about seven round
                    # trips for a one-field edit instead of one per statement.
                    with conn.pipelined():
                        applied = super().apply(edit, progress, expect=expect, note=note)
                    if self._sent_entry is not None:
                        entry, cur = self._sent_entry
                        entry.id, entry.prev, entry.hash = cur.fetchone()
                        self.last_entry = entry.id
                    if self.last_entry is not None:
                        self.own_entries.add(self.last_entry)
                    return applied
                except (pgerrors.DeadlockDetected, pgerrors.SerializationFailure):
                    if attempt == RETRIES:
                        raise errors.ConflictError(
                            "others were changing the same items: this change was not saved; "
                            "try again"
                        ) from None
                    time.sleep(0.01 * (attempt + 1))
                except pgerrors.UniqueViolation as exc:
                    raise errors.ConflictError(
                        f"that change conflicts with the project ({exc.diag.message_primary}): "
                        "it was not saved; reload and try again"
                    ) from exc
                except pgerrors.ReadOnlySqlTransaction as exc:
                    raise self._read_only() from exc
                except pgerrors.InsufficientPrivilege as exc:
                    raise self._read_only() from exc
                except psycopg.OperationalError as exc:
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "no reply"
                    raise errors.ProjectError(
                        f"the change was not saved: the server {self.address} cannot be "
                        f"reached ({reason}); try again when it is back"
                    ) from exc
                except psycopg.Error as exc:
                    raise errors.ProjectError(
                        f"the change was not saved: {exc.diag.message_primary or exc}"
                    ) from exc
            raise AssertionError("unreachable")
        finally:
            conn.append_history = None
            self._sent_entry = self._versions_sent = None

    def _read_only(self) -> errors.ReadOnlyProjectError:
        return errors.ReadOnlyProjectError(
            f"{self.address} is open read-only (your role may not change it): nothing was "
            "changed; ask the project's admin for edit rights"
        )

    def _append(self, edit: Edit, entry: chain.Entry) -> chain.Entry | None:
        """Append the edit's history entry: the chain's head is taken, the entry chained
        and inserted by the server, in one go with the commit (see
        :mod:`citeline.core.server.chain`); None when it is to be chained here."""
        parts = server_chain.template(entry)  # before the lock: nobody waits for it
        values = None if parts is None else server_chain.params(entry, parts)
        self._serialize(edit)
        if values is None:
            return None
        self._sent_entry = (entry, server_chain.send(self.db.conn.raw, values))
        self.db.conn.sent()
        return entry

    def _serialize(self, edit: Edit) -> None:
        """Inside the edit's transaction, just before its history entry: wait for the
        chain's head, and move the id sequences past ids the edit wrote by hand."""
        conn = self.db.conn
        conn.execute("SELECT pg_advisory_xact_lock(?)", [HISTORY_LOCK])
        tops: dict[str, int] = {}
        for ch in edit.changes:
            if ch.before is None and ch.after is not None and "id" in ch.after:
                tops[ch.table] = max(tops.get(ch.table, 0), int(ch.after["id"]))
        for table, top in sorted(tops.items()):
            conn.execute(
                "SELECT setval(pg_get_serial_sequence(?, 'id'), "
                f"GREATEST((SELECT last_value FROM {table}_id_seq), ?))",
                [table, top],
            )

    def check_versions(self, expect: dict[tuple[str, int], int]) -> None:
        """As :meth:`Store.check_versions`, holding the items' rows until the edit ends,
        so nobody changes them between the check and the write.

        The rows are locked and read in one statement per table, whose answer comes
        with the history's reads of the same items (one round trip for both); they are
        compared before the edit writes anything (:meth:`_bump_parents`)."""
        by_table: dict[str, list[int]] = {}
        for kind, item_id in sorted(expect):
            by_table.setdefault(kind, []).append(item_id)
        cursors = [
            (kind, self.db.execute(
                f"SELECT id, version FROM {_TABLES[kind]} WHERE id = ANY(?) ORDER BY id "
                "FOR UPDATE",
                [ids],
            ))
            for kind, ids in sorted(by_table.items())
        ]  # fmt: skip
        self._versions_sent = (expect, cursors)
        if not self.db.conn.pipelining:  # asked outside an edit: answer now
            self._compare_versions()

    def _compare_versions(self) -> None:
        if self._versions_sent is None:
            return
        expect, cursors = self._versions_sent
        self._versions_sent = None
        found = {(kind, row[0]): row[1] for kind, cur in cursors for row in cur.fetchall()}
        moved = {key: wanted for key, wanted in expect.items() if found.get(key) != wanted}
        if moved:  # names the item, who changed it and when (only those that moved)
            super().check_versions(moved)

    def versions(self, items: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """As :meth:`Store.versions`: one statement per kind, the ids as one array."""
        by_kind: dict[str, list[int]] = {}
        for kind, item_id in items:
            by_kind.setdefault(kind, []).append(item_id)
        out: dict[tuple[str, int], int] = {}
        for kind, ids in sorted(by_kind.items()):
            rows = self.db.execute(
                f"SELECT id, version FROM {_TABLES[kind]} WHERE id = ANY(?)", [ids]
            ).fetchall()
            out.update(((kind, int(r[0])), int(r[1])) for r in rows)
        return out

    def _bump_parents(self, changes: Sequence[RowChange]) -> set[tuple[str, int]]:
        self._compare_versions()  # the first write of an edit: after the version check
        return super()._bump_parents(changes)

    def next_id(self, table: str) -> int:
        """An id no row of ``table`` has yet, nor will anyone else be given."""
        row = self.db.execute(
            f"SELECT GREATEST(nextval(pg_get_serial_sequence(?, 'id')), "
            f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"))',
            [table],
        ).fetchone()
        return int(row[0])

    def _large_write(self, rows: int) -> contextlib.AbstractContextManager[None]:
        return _no_gc(rows)

    @property
    def connect_url(self) -> str:
        """The address this store connected with (kept in memory only, never shown)."""
        return self._url

    def twin(self) -> ServerStore:
        """A second connection to this project (for a worker thread)."""
        twin = ServerStore.connect(self._url, read_only=self.read_only)
        twin.author = self.author
        return twin

    @contextlib.contextmanager
    def rehearsal(self) -> Iterator[Store]:
        with self.db.conn.raw.transaction(force_rollback=True):
            yield self

    # ----------------------------------------------------------------- reading

    def timeline_index(self, kinds: tuple[str, ...]) -> KeptIndex | None:
        """The events and quotes by time, kept on this computer with the timeline's spans
        (see :mod:`citeline.core.server.mirror`): a frame's counts and reads of the
        spans then cost no round trip. Read once; afterwards brought up to date from
        the history when an edit was made here or others' edits were announced."""
        if tuple(kinds) != ("event", "quote"):
            return None
        conn = self.db.conn
        if conn.mirror is None:
            conn.mirror = SpanMirror.load(conn, self._second_connection if self._url else None)
            conn.mirror.kept = KeptIndex(self, conn.mirror)
        else:
            conn.mirror.up_to_date(conn)
        return conn.mirror.kept

    def settle_timeline(self, since: float) -> float | None:
        """Wait until the timeline's spans are read (see :meth:`timeline_index`); how
        long after ``since`` (a ``time.perf_counter``) they were in, None when the
        timeline never asked for them."""
        conn = self.db.conn
        if conn.mirror is None:
            return None
        conn.mirror.settle(conn)
        return (conn.mirror.ready_at or time.perf_counter()) - since

    def timeline_times(self, since: float) -> dict[str, float]:
        """How long after ``since`` each part of the timeline's copy was in (seconds:
        ``index``, ``spans``, ``drawn``; see :mod:`citeline.core.server.snapshot`)."""
        mirror = self.db.conn.mirror
        if mirror is None:
            return {}
        mirror.ready()
        return {part: at - since for part, at in mirror.times.items()}

    def _second_connection(self) -> psycopg.Connection[Any]:
        """Another connection to this project (the thread filling the spans' copy)."""
        return connect(self._url, connect_timeout=10, application_name="citeline-spans")

    def others_committed(self) -> None:
        """Others' edits were announced: what is kept here reads them before its next
        answer (nothing is read now)."""
        if self.db.conn.mirror is not None:
            self.db.conn.mirror.behind = True

    def summaries_rebuilt(self) -> None:
        """The timeline summaries were rebuilt outside the history (announced, see
        :mod:`citeline.core.server.repair`): what is kept here is read again, on a
        thread; the server answers meanwhile."""
        if self.db.conn.mirror is not None:
            self.db.conn.mirror.reload(self.db.conn)

    def search(self, text: str, limit: int = 200) -> list[dict[str, Any]]:
        """As :meth:`Store.search`: every word, the last also as the start of a word,
        best first (title words weigh more), with a snippet marked ⟦ ⟧."""
        query = ts_query(text)
        if not query:
            return []
        many = self.db.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM search WHERE tsv @@ to_tsquery(?, ?) "
            "LIMIT ?) AS found",
            [schema.TS_CONFIG, query, RANK_MATCHES + 1],
        ).fetchone()[0]
        order = "ts_rank(tsv, q) DESC, rowid" if many <= RANK_MATCHES else "rowid"
        return list(
            self.db.query(
                "SELECT kind, item_id, title, ts_headline(?, coalesce(body, ''), q, "
                "'StartSel=\u27e6, StopSel=\u27e7, MaxWords=12, MinWords=6, "
                "FragmentDelimiter=…, MaxFragments=1') AS snippet "
                "FROM search, to_tsquery(?, ?) AS q WHERE tsv @@ q "
                f"ORDER BY {order} LIMIT ?",
                [schema.TS_CONFIG, schema.TS_CONFIG, query, limit],
            )
        )

    def integrity(self) -> str:
        """The server keeps its own pages; "ok" when the project's tables answer."""
        try:
            self.db.execute("SELECT count(*) FROM history_entries").fetchone()
        except psycopg.Error as exc:
            return str(exc).strip().splitlines()[0]
        return "ok"

    def schema_version(self) -> int:
        row = self.db.execute(
            "SELECT value FROM citeline_meta WHERE key = 'schema_version'"
        ).fetchone()
        return int(row[0])


def _check_schema(raw: Any, address: str, upgrade: bool) -> None:
    """Refuse a project this Citeline cannot open; upgrade an older one when asked."""
    from citeline.core.server.upgrade import OlderServerProjectError
    from citeline.core.server.upgrade import upgrade as upgrade_in_place

    try:
        schema.schema_version(raw, address)
    except OlderServerProjectError as exc:
        if not (upgrade and exc.may_upgrade):
            raise
        upgrade_in_place(raw, address)


def ts_query(text: str, *, prefix: bool = True) -> str:
    """A ``to_tsquery`` text matching every word of ``text`` (the last as a prefix), each
    word quoted so that no character of it is read as an operator."""
    words = [w for w in text.replace("\u27e6", " ").replace("\u27e7", " ").split() if w]
    groups: list[list[str]] = []
    for w in words:
        # A word with punctuation inside ("cost-sharing") is a phrase of its parts, as
        # the file's search reads it.
        parts = [p for p in "".join(c if c.isalnum() else " " for c in w).split() if p]
        if parts:
            groups.append(["'" + p.replace("'", "''").replace("\\", "\\\\") + "'" for p in parts])
    if not groups:
        return ""
    if prefix:
        groups[-1][-1] += ":*"
    return " & ".join("(" + " <-> ".join(g) + ")" for g in groups)


@contextlib.contextmanager
def _no_gc(rows: int) -> Iterator[None]:
    enabled = gc.isenabled()
    if rows >= 50_000:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def row_counts(store: Store, tables: Sequence[str]) -> dict[str, int]:
    """Rows per table (to verify a copy)."""
    return {t: store.count(t) for t in tables}
