"""The Store: the one facade over a project file. Nothing else in Citeline writes SQL.

A project is one SQLite file (WAL, ``synchronous=FULL``, foreign keys on,
``trusted_schema`` off). Every user action is one :class:`~citeline.core.edits.Edit`
applied in one transaction, so what the app shows as done is on disk. Files that are
not ours, are damaged or come from a newer Citeline are refused before anything is
written to them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shlex
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from citeline import __version__
from citeline.core import damage, errors, summaries
from citeline.core.backup import backup_project_file
from citeline.core.edits import Edit, RowChange
from citeline.core.files import (
    connect_read_only,
    link_into_place,
    new_temp,
    os_error,
    real_path,
    remove_temp,
)
from citeline.core.fingerprint import check_schema
from citeline.core.history import chain
from citeline.core.history.record import Note, Recorder
from citeline.core.lock import FileLock
from citeline.core.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SEARCH_COLUMNS,
    SEARCH_KINDS,
    VERSIONED,
    migrations,
    primary_key,
)
from citeline.core.server.address import is_server_address

if TYPE_CHECKING:
    from citeline.core.layout.index import ItemIndex

SQLITE_HEADER = b"SQLite format 3\x00"
LOCAL_KEYS = ("backup_of", "restored_from")  # see citeline.core.backup

#: Rows written between two progress reports of a long edit.
CHUNK = 2000
#: How many updated rows' counts a server edit checks later, at its next wait, at most.
DEFERRED_CHECKS = 200
#: Consecutive ids re-indexed by range rather than listed (and ids per range statement,
#: so that a long re-index still gives chances to cancel).
RUN_AT_LEAST = 64
RUN_SLICE = 50_000
#: An edit of this many rows writes with a larger page cache (in KiB) and no cyclic
#: garbage collection.
LARGE_EDIT = 50_000
LARGE_CACHE_KIB = -65_536

# Search rows are keyed by rowid = item_id * 8 + kind code, so an edit re-indexes an
# item by rowid instead of scanning the full-text table.
_SEARCH_TABLES = {"events": "event", "quotes": "quote", "sources": "source", "notes": "note"}
#: A search with more matches than this is not ranked (see :meth:`Store.search`).
RANK_MATCHES = 5000
# Link tables whose rows name the event or quote (their first key column) to re-index.
_SEARCH_LINKS = {
    "event_tags": "event",
    "event_people": "event",
    "quote_tags": "quote",
}


#: Link tables whose rows are part of an item of a versioned table: (column, table).
_VERSION_PARENTS = {
    "event_tags": ("event_id", "events"),
    "event_people": ("event_id", "events"),
    "evidence": ("event_id", "events"),
    "quote_tags": ("quote_id", "quotes"),
    "originals": ("source_id", "sources"),
    "dismissed_suggestions": ("source_id", "sources"),
}
_NOTE_PARENTS = {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}


def default_author() -> str:
    """The author of edits when none is given: ``CITELINE_AUTHOR``, else the system's
    account name."""
    import getpass

    name = os.environ.get("CITELINE_AUTHOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no account name in this environment
        return "unknown"


def now_iso() -> str:
    """The current UTC time as ISO 8601 text, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _translate(exc: sqlite3.Error, path: Path | None, doing: str = "write") -> errors.CitelineError:
    """A user-facing error, with its cause and a next step, for an SQLite failure while
    ``doing`` "write" (an edit), "create" (a new project) or "open"."""
    message = str(exc).lower()
    name = path.name if path else "the project"
    lost = {
        "write": f"the last change to {name} was not saved",
        "create": f"{name} was not created",
        "open": f"{name} was not opened",
    }[doing]
    if (
        "disk is full" in message
        or "disk full" in message
        or ("disk i/o error" in message and path is not None and _disk_nearly_full(path))
    ):
        return errors.DiskFullError(f"the disk is full: {lost}; free some space, then try again")
    if "unable to open" in message and path is not None and not _folder_writable(path):
        return errors.ReadOnlyProjectError(
            f"{lost}: its folder is read-only; choose a writable folder or make this one writable"
        )
    if "readonly" in message or "read-only" in message:
        return errors.ReadOnlyProjectError(
            f"{name} cannot be written (read-only file or folder): {lost}; use "
            "File \u203a Save a Copy to keep working elsewhere"
        )
    if "locked" in message or "busy" in message:
        return errors.ProjectLockedError(
            f"{name} is busy in another program: {lost}; try again in a moment"
        )
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return errors.DamagedProjectError(damaged_message(name, str(exc)))
    if isinstance(exc, sqlite3.IntegrityError):
        return errors.ConflictError(
            f"that change conflicts with the project ({_first_line(str(exc))}): it was not "
            "saved; reopen the project if another program changed it"
        )
    return errors.ProjectError(f"{lost}: {_first_line(str(exc))}")


def _first_line(text: str, limit: int = 90) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("***")]
    line = lines[0] if lines else text.strip()
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"


translate_error = _translate


def damaged_message(name: str, reason: str) -> str:
    """One line: the file is damaged, SQLite's first words on why, and what to do."""
    return f"{name} is damaged ({_first_line(reason, 70)}){DAMAGED_NEXT_STEP}{shlex.quote(name)}`"


#: What :func:`damaged_message` advises after its first part (the app shows its own choices).
DAMAGED_NEXT_STEP = (
    ": restore a backup with File \u203a Restore from Backup\u2026 or `citeline backups "
)


def _disk_nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(real_path(path).parent).free < 1024 * 1024
    except OSError:
        return False


def _folder_writable(path: Path) -> bool:
    return os.access(real_path(path).parent, os.W_OK)


class Store:
    """One open project file: reads, and edits applied as whole transactions."""

    def __init__(
        self, db: Database, path: Path | None, *, read_only: bool, lock: FileLock | None
    ) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._stamped = False
        #: Who the edits applied through this store are recorded as made by.
        self.author = default_author()
        #: The id of the history entry the last applied edit wrote.
        self.last_entry: int | None = None
        self._bumped: set[tuple[str, int]] = set()
        #: Rows updated or deleted whose count is still to be checked (a server sends
        #: them on and checks at the edit's next wait; a file checks each at once).
        self._unchecked: list[tuple[Any, str, tuple[Any, ...]]] = []
        self._defer_row_checks = False

    # ----------------------------------------------------------------- opening

    @classmethod
    def memory(cls) -> Store:
        """A new project in memory (for tests and scratch work)."""
        db = Database(memory=True)
        _configure(db)
        migrations.apply(db)
        store = cls(db, None, read_only=False, lock=None)
        store._init_project()
        return store

    @classmethod
    def create(cls, path: Path) -> Store:
        """A new, empty project at ``path`` (which must not exist), open and locked.

        It is built under a private temporary name and linked into place only if the
        path is still free, so two programs creating one project never both win, and no
        half-made file is ever seen at ``path``.
        """
        path = Path(path)
        real = real_path(path)
        if os.path.lexists(path) or real.exists():
            raise errors.ProjectError(
                f"{path.name} already exists: open it, or choose another name"
            )
        folder = real.parent
        if not folder.is_dir():
            raise errors.ProjectError(f"the folder {folder} does not exist")
        try:
            tmp, lock = new_temp(real, "creating")
        except OSError as exc:
            raise os_error(exc, f"{path.name} was not created") from exc
        try:
            db = Database(tmp)
            try:
                _configure(db)
                migrations.apply(db)
                cls(db, tmp, read_only=False, lock=None)._init_project()
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                db.close()
            link_into_place(tmp, real)
            lock.path = real
        except sqlite3.Error as exc:
            lock.release()
            raise _translate(exc, path, "create") from exc
        except OSError as exc:
            lock.release()
            raise os_error(exc, f"{path.name} was not created") from exc
        except BaseException:
            lock.release()
            raise
        finally:
            remove_temp(tmp)
        return cls._open_writable(path, lock)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, create: bool = False) -> Store:
        """Open the project at ``path``; refuse, unchanged, anything that is not ours.

        A libpq address (``postgresql://…``) opens a server project instead."""
        if is_server_address(path):
            from citeline.core.server.store import ServerStore

            return ServerStore.connect(str(path), read_only=read_only)
        path = Path(path)
        real = real_path(path)
        if not real.exists():
            if create:
                try:
                    return cls.create(path)
                except errors.ProjectError:
                    if not real.exists():
                        raise
                    # another program created it a moment ago: open what it made
            else:
                raise errors.ProjectError(f"{path} does not exist")
        if real.is_dir():
            raise errors.NotAProjectError(f"{path} is a folder, not a Citeline project")
        inspect_project_file(real, display=path.name)
        writable = os.access(real, os.W_OK) and os.access(real.parent, os.W_OK)
        if read_only or not writable:
            return cls._open_read_only(path)
        lock = FileLock(real)
        if not lock.acquire():
            from citeline.core.lock import locked_message

            raise errors.ProjectLockedError(locked_message(path.name, real))
        return cls._open_writable(path, lock)

    @classmethod
    def _open_writable(cls, path: Path, lock: FileLock) -> Store:
        real = real_path(path)
        try:
            db = Database(real)
            _configure(db)
            if migrations.pending(db):
                _backup_before_migration(real)
                try:
                    migrations.apply(db)
                except Exception as exc:
                    db.close()
                    raise errors.ProjectError(
                        f"could not upgrade {path.name} ({exc}); it was left as it was"
                    ) from exc
            return cls(db, path, read_only=False, lock=lock)
        except sqlite3.Error as exc:
            lock.release()
            raise _translate(exc, path, "open") from exc
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        try:
            conn = connect_read_only(path)
        except sqlite3.Error as exc:
            raise _translate(exc, path, "open") from exc
        db = Database(conn)
        db.execute("PRAGMA trusted_schema = OFF")
        db.execute("PRAGMA query_only = ON")
        if migrations.pending(db):
            conn.close()
            raise errors.ReadOnlyProjectError(
                f"{path.name} is read-only and was made by an older Citeline: "
                "copy it somewhere writable to upgrade it"
            )
        return cls(db, path, read_only=True, lock=None)

    def close(self) -> None:
        """Close the file and give up its lock."""
        with contextlib.suppress(sqlite3.Error):
            if not self.read_only:
                self.db.execute("PRAGMA optimize")
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _init_project(self) -> None:
        with self.db.atomic():
            for key, value in (
                ("title", "Untitled project"),
                ("created_at", now_iso()),
                ("created_by", f"Citeline {__version__}"),
                ("last_written_by", f"Citeline {__version__}"),
            ):
                self.db.execute("INSERT OR REPLACE INTO project VALUES (?, ?)", [key, value])
        self._stamped = True

    # ----------------------------------------------------------------- editing

    def apply(
        self,
        edit: Edit,
        progress: Callable[[int, int], object] | None = None,
        *,
        expect: dict[tuple[str, int], int] | None = None,
        note: Note | None = None,
    ) -> Edit:
        """Perform ``edit`` in one transaction; on any failure nothing of it is written.

        ``progress(done, total)`` is called between chunks of rows; an exception it raises
        (the user cancelling) rolls everything back. The edit is recorded in the history
        in the same transaction (``note`` says when it is an undo or redo, of which
        entry), and every event, quote, source and person it touches goes up one version.
        ``expect`` maps (kind, id) to the version the edit was made from: an item at
        another version is a conflict, and nothing is written.
        """
        if self.read_only:
            raise errors.ReadOnlyProjectError(
                f"{self.path.name if self.path else 'this project'} is open read-only"
            )
        total, done = len(edit.changes), 0
        try:
            with self._large_write(total), self.db.atomic():
                if expect:
                    self.check_versions(expect)
                recorder = Recorder(self.db.conn, edit)
                touched = edit.touched()
                items = summaries.touched_items(touched)
                # Sent before the forms are read: on a server, one round trip for both.
                spans_before = self._send_spans(items)
                recorder.before()
                before = spans_before() if spans_before is not None else None
                self._bumped = self._bump_parents(edit.changes)
                for table, rows, kind in _batches(edit.changes):
                    for start in range(0, len(rows), CHUNK if progress else len(rows) or 1):
                        chunk = rows[start : start + CHUNK] if progress else rows
                        self._apply_batch(table, chunk, kind)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, total)
                self._bumped = set()
                self._reindex(touched, None if progress is None else lambda: progress(total, total))
                if before is None:
                    self._check_rows()
                    summaries.rebuild(self.db.conn)
                else:
                    spans_after = self._send_spans(items)
                    recorder.send_after()  # on a server: answered with the spans
                    after = spans_after() if spans_after is not None else None
                    self._check_rows()
                    summaries.update(self.db.conn, before, after or ())
                    if total > summaries.ANALYZE_AFTER:
                        summaries.analyze(self.db.conn)
                if not self._stamped:
                    self.db.execute(
                        "INSERT OR REPLACE INTO project VALUES ('last_written_by', ?)",
                        [f"Citeline {__version__}"],
                    )
                entry = recorder.after(now_iso(), self.author, note or Note())
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        finally:
            self._bumped = set()
            self._unchecked = []
        self._stamped = True
        self.last_entry = entry.id
        return edit

    def _large_write(self, rows: int) -> contextlib.AbstractContextManager[None]:
        return _large_write(self.db.conn, rows)

    def version(self, kind: str, item_id: int) -> int | None:
        """The version of an event, quote, source or person (None: no such item)."""
        table = {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}
        row = self.db.execute(
            f"SELECT version FROM {table[kind]} WHERE id = ?", [item_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def versions(self, items: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """The version of each (kind, id) of ``items`` that exists, read in one query per
        kind and chunk of ids (a bulk edit names thousands)."""
        by_kind: dict[str, list[int]] = {}
        for kind, item_id in items:
            by_kind.setdefault(kind, []).append(item_id)
        table = {"event": "events", "quote": "quotes", "source": "sources", "person": "people"}
        out: dict[tuple[str, int], int] = {}
        for kind, ids in by_kind.items():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                rows = self.db.execute(
                    f"SELECT id, version FROM {table[kind]} WHERE id IN ({marks})", chunk
                ).fetchall()
                out.update(((kind, int(r[0])), int(r[1])) for r in rows)
        return out

    def check_versions(self, expect: dict[tuple[str, int], int]) -> None:
        """Raise a ConflictError naming who changed it last, unless every (kind, id) is
        at the version ``expect`` gives it."""
        for (kind, item_id), wanted in sorted(expect.items()):
            found = self.version(kind, item_id)
            if found is None:
                raise errors.NotFoundError(f"{kind} {item_id} does not exist (any more)")
            if found != wanted:
                last = self.db.execute(
                    "SELECT e.author, e.at FROM history_changes c JOIN history_entries e "
                    "ON e.id = c.entry_id WHERE c.kind = ? AND c.item_id = ? "
                    "ORDER BY c.entry_id DESC LIMIT 1",
                    [kind, item_id],
                ).fetchone()
                by = f", changed by {last[0]} at {last[1]}" if last else ""
                raise errors.ConflictError(
                    f"conflict: {kind} {item_id} is at version {found}{by} (this change was "
                    f"made from version {wanted}); nothing was changed"
                )

    def _bump_parents(self, changes: Sequence[RowChange]) -> set[tuple[str, int]]:
        """Raise by one the version of each existing item whose tags, people, evidence,
        original or note the edit changes (once per edit, whatever else it does to them).
        Items the edit adds are left out: their ids are above every existing one."""
        tops: dict[str, int] = {}
        parents: set[tuple[str, int]] = set()
        for ch in changes:
            image = ch.after if ch.after is not None else ch.before
            assert image is not None
            if ch.table in _VERSION_PARENTS:
                column, table = _VERSION_PARENTS[ch.table]
                item_id = image[column]
            elif ch.table == "notes" and image["item_type"] in _NOTE_PARENTS:
                table, item_id = _NOTE_PARENTS[image["item_type"]], image["item_id"]
            else:
                continue
            if table not in tops:
                tops[table] = self.next_id(table)
            if item_id < tops[table]:
                parents.add((table, int(item_id)))
        by_table: dict[str, list[int]] = {}
        for table, item_id in parents:
            by_table.setdefault(table, []).append(item_id)
        for table, ids in by_table.items():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                self.db.conn.execute(
                    f'UPDATE "{table}" SET version = version + 1 '
                    f"WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
        return parents

    def timeline_index(self, kinds: tuple[str, ...]) -> ItemIndex | None:
        """An index of the ``kinds`` of items by time that this store keeps up to date
        itself, or None (a file's): the timeline then reads the summaries in the
        project, which a file answers in microseconds (a server store keeps a copy)."""
        return None

    def last_entry_id(self) -> int | None:
        """The id of the newest history entry."""
        row = self.db.execute("SELECT MAX(id) FROM history_entries").fetchone()
        return None if row[0] is None else int(row[0])

    def verify_history(self) -> str:
        """ "ok", or one line naming the first history entry that does not match."""
        return chain.verify(self.db.conn)

    def twin(self) -> Store:
        """A second connection to this project for a worker thread (the process already
        holds the project's lock). Close it when the work is done."""
        if self.path is None or self.read_only:
            raise errors.ProjectError("only a project file open for editing has a twin")
        conn = sqlite3.connect(real_path(self.path), check_same_thread=False)
        db = Database(conn)
        _configure(db)
        twin = Store(db, self.path, read_only=False, lock=None)
        twin.author = self.author
        return twin

    @contextlib.contextmanager
    def rehearsal(self) -> Iterator[Store]:
        """A transaction that is always rolled back: edits applied inside it are tried
        against the project (so later ones see earlier ones) and then leave no trace."""
        if self.db.conn.in_transaction:
            raise RuntimeError("a rehearsal cannot start inside another transaction")
        self.db.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.db.conn.rollback()

    def _apply_batch(self, table: str, changes: list[RowChange], kind: str) -> None:
        conn = self.db.conn
        pk = primary_key(table)
        where = " AND ".join(f'"{c}" = ?' for c in pk)
        versioned = table in VERSIONED
        if kind == "insert":
            first = changes[0].after
            assert first is not None
            cols = list(first)
            sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
                table, ", ".join(f'"{c}"' for c in cols), ", ".join("?" for _ in cols)
            )
            # A generator, not a list: a million rows' values are never all held twice.
            conn.executemany(sql, ([ch.after[c] for c in cols] for ch in changes if ch.after))
            return
        for ch in changes:
            if kind == "delete":
                cur = conn.execute(f'DELETE FROM "{table}" WHERE {where}', list(ch.key))
            else:
                assert ch.after is not None and ch.before is not None
                cols = [
                    c
                    for c in ch.after
                    if (ch.after[c] != ch.before.get(c) or c in pk)
                    and not (versioned and c == "version")
                ]
                sets = ", ".join(f'"{c}" = ?' for c in cols)
                if versioned and (table, ch.key[0]) not in self._bumped:
                    # The Store keeps versions, never the row images: an undo made from
                    # images read before later edits still finds its row, and goes one up.
                    sets += ', "version" = "version" + 1'
                    self._bumped.add((table, ch.key[0]))
                # The row must still be as the edit saw it: a change made elsewhere since
                # is a conflict, never silently overwritten.
                seen = [c for c in cols if c not in pk and c in ch.before]
                check = "".join(f' AND "{c}" IS ?' for c in seen)
                cur = conn.execute(
                    f'UPDATE "{table}" SET {sets} WHERE {where}{check}',
                    [ch.after[c] for c in cols]
                    + [ch.before[c] for c in pk]
                    + [ch.before[c] for c in seen],
                )
            if self._defer_row_checks and len(self._unchecked) < DEFERRED_CHECKS:
                self._unchecked.append((cur, table, ch.key))
            elif cur.rowcount != 1:
                raise sqlite3.IntegrityError(f"{table} {ch.key} is no longer as expected")

    def _spans(self, items: dict[str, set[int]]) -> list[summaries.Span] | None:
        """The timeline spans of the touched items (None: too many, rebuild instead)."""
        sent = self._send_spans(items)
        return None if sent is None else sent()

    def _send_spans(self, items: dict[str, set[int]]) -> Callable[[], list[summaries.Span]] | None:
        """As :meth:`_spans`, sent now and read when the returned function is called."""
        if sum(map(len, items.values())) > summaries.REBUILD_OVER:
            return None
        conn = self.db.conn
        reads = [summaries.send_spans(conn, kind, ids) for kind, ids in items.items()]
        return lambda: [span for read in reads for span in read().values()]

    def _check_rows(self) -> None:
        """Raise unless every row an edit updated or deleted was found as expected (the
        checks a server defers to the edit's next wait; see :meth:`_apply_batch`)."""
        pending, self._unchecked = self._unchecked, []
        for cur, table, key in pending:
            if cur.rowcount != 1:
                raise sqlite3.IntegrityError(f"{table} {key} is no longer as expected")

    def _reindex(
        self, touched: dict[str, set[tuple[Any, ...]]], tick: Callable[[], object] | None = None
    ) -> None:
        """Re-index the text of the items an edit touched, 500 at a time (an import
        touches a million)."""
        wanted: dict[str, set[int]] = {}
        for table, keys in touched.items():
            if table in _SEARCH_TABLES:
                wanted.setdefault(_SEARCH_TABLES[table], set()).update(key[0] for key in keys)
            elif table in _SEARCH_LINKS:
                wanted.setdefault(_SEARCH_LINKS[table], set()).update(key[0] for key in keys)
            elif table in ("people", "tags"):
                for kind, item_id in self._items_naming(table, [key[0] for key in keys]):
                    wanted.setdefault(kind, set()).add(item_id)
        conn = self.db.conn
        for kind, found in sorted(wanted.items()):
            code = SEARCH_KINDS[kind]
            title, body, table = SEARCH_COLUMNS[kind]
            ids = sorted(found)
            # A run of consecutive ids (an import's new items) is one range: a single
            # insert-select for all of it, not one statement per 500 items.
            runs, scattered = _runs(ids, RUN_AT_LEAST)
            slices = [
                (lo, min(hi, lo + RUN_SLICE - 1))
                for first, hi in runs
                for lo in range(first, hi + 1, RUN_SLICE)
            ]
            for first, last in slices:
                conn.execute(
                    f"DELETE FROM search WHERE rowid BETWEEN ? AND ? AND rowid % 8 = {code}",
                    [first * 8 + code, last * 8 + code],
                )
                conn.execute(
                    "INSERT INTO search (rowid, kind, item_id, title, body) "
                    f"SELECT x.id * 8 + {code}, '{kind}', x.id, {title}, {body} FROM {table} x "
                    "WHERE x.id BETWEEN ? AND ?",
                    [first, last],
                )
                if tick is not None:
                    tick()
            ids = scattered
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    f"DELETE FROM search WHERE rowid IN ({marks})", [i * 8 + code for i in chunk]
                )
                conn.execute(
                    "INSERT INTO search (rowid, kind, item_id, title, body) "
                    f"SELECT x.id * 8 + {code}, '{kind}', x.id, {title}, {body} FROM {table} x "
                    f"WHERE x.id IN ({marks})",
                    chunk,
                )
                if tick is not None and (start // 500) % max(1, CHUNK // 500) == 0:
                    tick()  # a chance to cancel a long re-index

    def _items_naming(self, table: str, ids: list[int]) -> set[tuple[str, int]]:
        """The events and quotes that show a person's or a tag's name (to re-index)."""
        marks = ",".join("?" * len(ids))
        if table == "people":
            sql = (
                f"SELECT 'event', event_id FROM event_people WHERE person_id IN ({marks}) "
                f"UNION SELECT 'quote', id FROM quotes WHERE speaker_id IN ({marks})"
            )
        else:
            sql = (
                f"SELECT 'event', event_id FROM event_tags WHERE tag_id IN ({marks}) "
                f"UNION SELECT 'quote', quote_id FROM quote_tags WHERE tag_id IN ({marks})"
            )
        return {(r[0], r[1]) for r in self.db.conn.execute(sql, ids + ids)}

    def next_id(self, table: str) -> int:
        """An id no row of ``table`` has yet."""
        row = self.db.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"').fetchone()
        return int(row[0])

    # ----------------------------------------------------------------- reading

    def row(self, table: str, key: Any) -> dict[str, Any] | None:
        """The row of ``table`` with primary key ``key`` (a value or a tuple), or None."""
        pk = primary_key(table)
        values = list(key) if isinstance(key, tuple) else [key]
        where = " AND ".join(f'"{c}" = ?' for c in pk)
        rows = list(self.db.query(f'SELECT * FROM "{table}" WHERE {where}', values))
        return rows[0] if rows else None

    def rows(
        self, table: str, where: str = "", params: Sequence[Any] = (), order: str = ""
    ) -> list[dict[str, Any]]:
        """Rows of ``table`` matching an SQL ``where`` clause with ``params``."""
        sql = f'SELECT * FROM "{table}"'
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY " + (order or ", ".join(f'"{c}"' for c in primary_key(table)))
        return list(self.db.query(sql, list(params)))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read-only SQL query."""
        return list(self.db.query(sql, list(params)))

    def count_where(self, table: str, where: str, params: Sequence[Any] = ()) -> int:
        """The number of rows of ``table`` matching an SQL ``where`` clause."""
        sql = f'SELECT COUNT(*) FROM "{table}" WHERE {where}'
        return int(self.db.execute(sql, list(params)).fetchone()[0])

    def count(self, table: str) -> int:
        """The number of rows in ``table``."""
        return int(self.db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])

    def project_info(self) -> dict[str, str]:
        """The project's key/value metadata (title, created_at, ...), without the local
        paths a backup or a restored copy records (they are no one else's business)."""
        rows = self.db.query("SELECT key, value FROM project")
        return {r["key"]: r["value"] for r in rows if r["key"] not in LOCAL_KEYS}

    def search(self, text: str, limit: int = 200) -> list[dict[str, Any]]:
        """Items whose text matches every word of ``text``, best first, with a snippet.

        The last word also matches as the start of a word (typing "negotia" finds
        "negotiations"). Ranking reads every match, which takes seconds for a word found
        in hundreds of thousands of items; so matches are ranked when there are at most
        ``RANK_MATCHES`` of them, and otherwise the items with every word in their title
        come first, then the others with every word whole, then those where the last
        word is only the start of one, each in the order they were added.
        """
        query = fts_query(text)
        if not query:
            return []
        found = (
            "SELECT kind, item_id, title, "
            "snippet(search, 3, '\u27e6', '\u27e7', '…', 12) AS snippet "
            "FROM search WHERE search MATCH ?"
        )
        try:
            many = self.db.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM search WHERE search MATCH ? LIMIT ?)",
                [query, RANK_MATCHES + 1],
            ).fetchone()[0]
            if many <= RANK_MATCHES:
                return list(self.db.query(found + " ORDER BY rank LIMIT ?", [query, limit]))
            # Whole words are read match by match; a prefix is expanded whole first.
            whole = fts_query(text, prefix=False)
            out: list[dict[str, Any]] = []
            seen: set[tuple[str, int]] = set()
            for match in (f"title : ({whole})", whole, query):
                if len(out) >= limit:
                    break
                for r in self.db.query(found + " LIMIT ?", [match, limit + len(out)]):
                    if (r["kind"], r["item_id"]) not in seen:
                        seen.add((r["kind"], r["item_id"]))
                        out.append(r)
            return out[:limit]
        except sqlite3.OperationalError:
            return []

    def integrity(self) -> str:
        """SQLite's integrity check: "ok", or the first problems it found."""
        rows = self.db.execute("PRAGMA integrity_check(20)").fetchall()
        return "; ".join(r[0] for r in rows)

    def schema_version(self) -> int:
        """The file's ``user_version``."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])


def fts_query(text: str, *, prefix: bool = True) -> str:
    """A full-text query matching every word of ``text`` (the last one as a prefix)."""
    words = [w for w in text.replace("\u27e6", " ").replace("\u27e7", " ").split() if w]
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def _runs(ids: list[int], at_least: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Sorted ``ids`` split into runs of consecutive ids (first, last) of at least
    ``at_least`` ids, and the ids left over."""
    runs: list[tuple[int, int]] = []
    rest: list[int] = []
    start = 0
    for n in range(1, len(ids) + 1):
        if n == len(ids) or ids[n] != ids[n - 1] + 1:
            if n - start >= at_least:
                runs.append((ids[start], ids[n - 1]))
            else:
                rest.extend(ids[start:n])
            start = n
    return runs, rest


@contextlib.contextmanager
def _large_write(conn: sqlite3.Connection, rows: int) -> Iterator[None]:
    """For an edit of many rows: a larger page cache, and no cyclic garbage collection
    (the row images hold no cycles; collecting would walk a million of them again and
    again)."""
    if rows < LARGE_EDIT:
        yield
        return
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {LARGE_CACHE_KIB}")
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _configure(db: Database) -> None:
    db.execute("PRAGMA trusted_schema = OFF")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA busy_timeout = 2000")


def _batches(changes: Iterable[RowChange]) -> Iterator[tuple[str, list[RowChange], str]]:
    """Consecutive changes grouped by table and kind, inserts with the same columns."""
    batch: list[RowChange] = []
    sig: tuple[Any, ...] | None = None
    for ch in changes:
        kind = "insert" if ch.before is None else "delete" if ch.after is None else "update"
        cols = tuple(ch.after) if kind == "insert" and ch.after is not None else ()
        this = (ch.table, kind, cols)
        if sig is not None and this != sig:
            yield sig[0], batch, sig[1]
            batch = []
        sig = this
        batch.append(ch)
    if sig is not None and batch:
        yield sig[0], batch, sig[1]


def inspect_project_file(path: Path, *, display: str | None = None) -> None:
    """Raise a specific error unless ``path`` is a healthy Citeline project we can open.

    It only reads (a refused file's bytes are never changed), and it runs before any
    lock, backup or upgrade: the header, the pages, the ids, then the schema's
    fingerprint against the migrations.
    """
    name = display or path.name
    real = real_path(path)
    try:
        with open(real, "rb") as fh:
            header = fh.read(100)
    except PermissionError as exc:
        raise errors.ProjectError(
            f"{name} cannot be read: permission denied; ask for read access to it"
        ) from exc
    except OSError as exc:
        raise errors.ProjectError(f"{name} cannot be read: {exc.strerror}") from exc
    if not header:
        raise errors.NotAProjectError(f"{name} is empty: it is not a Citeline project")
    if not header.startswith(SQLITE_HEADER):
        raise errors.NotAProjectError(f"{name} is not a Citeline project (not an SQLite file)")
    if len(header) < 100:
        raise errors.DamagedProjectError(damaged_message(name, "truncated header"))
    inspect_header(name, int.from_bytes(header[68:72], "big"), int.from_bytes(header[60:64], "big"))
    try:
        conn = connect_read_only(real)
    except sqlite3.Error as exc:
        raise _translate(exc, path, "open") from exc
    try:
        result = damage.check_on_open(conn, real)
        # The header may lag behind a write still in the WAL; ask SQLite too.
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        if result == "ok" and application_id == APPLICATION_ID and user_version <= SCHEMA_VERSION:
            check_schema(conn, migrations, user_version, name)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        from citeline.core.copycheck import sqlite_failure

        raise errors.DamagedProjectError(damaged_message(name, sqlite_failure(exc))) from exc
    finally:
        conn.close()
    if result != "ok":
        raise errors.DamagedProjectError(damaged_message(name, result))
    if application_id != APPLICATION_ID or user_version > SCHEMA_VERSION:
        inspect_header(name, application_id, user_version)


def inspect_header(name: str, application_id: int, user_version: int) -> None:
    """Raise unless the ids say this is a Citeline project this version can read."""
    if application_id != APPLICATION_ID:
        raise errors.NotAProjectError(
            f"{name} is an SQLite database from another application, not a Citeline project"
        )
    if user_version > SCHEMA_VERSION:
        raise errors.NewerProjectError(
            f"{name} was made by a newer Citeline (schema {user_version}; this one reads up to "
            f"{SCHEMA_VERSION}): update Citeline to open it"
        )


def _backup_before_migration(path: Path) -> None:
    backup_project_file(path, reason="before-upgrade")
