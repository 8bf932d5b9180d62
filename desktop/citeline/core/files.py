"""One rule for finding a project's files, and read-only connections that see every edit.

A project is reached through whatever path the user gave: a symbolic link, a relative
path, a path with ``..``. SQLite keeps the write-ahead log (``-wal``), its index
(``-shm``) and a rollback journal (``-journal``) beside the *real* file, so every
lookup of those, and every lock, goes through :func:`real_path` first.

A read-only connection is opened as ``immutable`` (SQLite then creates nothing beside
the file) only when no log, index or journal exists: then no writer holds data the
file does not have. Otherwise it reads through the log; and when the log cannot be
read in place (a read-only folder without its ``-shm``), the file and its log are
copied to a private folder and read there, so no acknowledged edit is ever missed.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from citeline.core import errors
from citeline.core.lock import FileLock


def real_path(path: Path) -> Path:
    """The file itself: symbolic links, ``..`` and relative parts resolved."""
    return Path(os.path.realpath(Path(path).expanduser()))


def sidecar(path: Path, suffix: str) -> Path:
    """The file SQLite keeps beside ``path`` (``-wal``, ``-shm`` or ``-journal``)."""
    real = real_path(path)
    return real.with_name(real.name + suffix)


def sqlite_files(path: Path) -> list[Path]:
    """The project file and the files SQLite may keep beside it, at the real path."""
    real = real_path(path)
    return [real] + [real.with_name(real.name + s) for s in ("-wal", "-shm", "-journal")]


def writer_may_hold_data(path: Path) -> bool:
    """Whether a log, index or journal beside the file says a writer is or was at work."""
    return any(sidecar(path, s).exists() for s in ("-wal", "-shm", "-journal"))


class ReadOnlyConnection(sqlite3.Connection):
    """A read-only connection that may own a private copy of the file, removed on close."""

    snapshot: Path | None = None

    def close(self) -> None:
        super().close()
        if self.snapshot is not None:
            shutil.rmtree(self.snapshot, ignore_errors=True)
            self.snapshot = None


def _connect(uri: str) -> ReadOnlyConnection:
    conn = sqlite3.connect(
        uri, uri=True, factory=ReadOnlyConnection, check_same_thread=False, timeout=2.0
    )
    assert isinstance(conn, ReadOnlyConnection)
    return conn


def connect_read_only(path: Path) -> ReadOnlyConnection:
    """A read-only connection to the project at ``path`` that sees every committed edit.

    It never changes the file. It may create the ``-shm`` index beside a file whose log
    is pending (SQLite needs it to read the log), never anything beside a quiet file.
    """
    real = real_path(path)
    uri = real.as_uri()
    if not writer_may_hold_data(real):
        return _connect(f"{uri}?mode=ro&immutable=1")
    conn: ReadOnlyConnection | None = None
    try:
        conn = _connect(f"{uri}?mode=ro")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        if conn is not None:
            conn.close()
        if not _cannot_open_in_place(real, exc):
            raise
    return _snapshot(real)


def _cannot_open_in_place(real: Path, exc: sqlite3.Error) -> bool:
    message = str(exc).lower()
    folder_read_only = not os.access(real.parent, os.W_OK)
    return folder_read_only and ("unable to open" in message or "readonly" in message)


def _snapshot(real: Path) -> ReadOnlyConnection:
    """Copy the file with its log to a private folder and read it there."""
    folder = Path(tempfile.mkdtemp(prefix="citeline-read-"))
    try:
        for source in (real, sidecar(real, "-wal")):
            if source.exists():
                shutil.copyfile(source, folder / (real.name + source.name[len(real.name) :]))
        copy = folder / real.name
        conn = sqlite3.connect(copy, factory=ReadOnlyConnection, check_same_thread=False)
        assert isinstance(conn, ReadOnlyConnection)
        conn.snapshot = folder
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise errors.ReadOnlyProjectError(
            f"{real.name} has changes waiting in {real.name}-wal and its folder is "
            f"read-only; they could not be read ({exc.strerror}): make the folder "
            "writable, or copy the file together with its -wal file somewhere writable"
        ) from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def os_error(exc: OSError, what: str) -> errors.CitelineError:
    """A user's error for an operating-system failure; ``what`` says what was not done."""
    if exc.errno == errno.ENOSPC:
        return errors.DiskFullError(f"the disk is full: {what}; free some space and try again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return errors.ReadOnlyProjectError(
            f"{what}: the folder is read-only; choose another folder"
        )
    return errors.ProjectError(f"{what}: {exc.strerror or exc}")


def link_into_place(tmp: Path, real: Path) -> None:
    """Give the finished file at ``tmp`` its name ``real``, only if no file has it yet."""
    try:
        os.link(tmp, real)
    except FileExistsError as exc:
        raise errors.ProjectError(
            f"{real.name} was created by another program at the same moment: open it instead"
        ) from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links: rename, after one more look.
        if real.exists():
            raise errors.ProjectError(
                f"{real.name} was created by another program at the same moment: open it instead"
            ) from exc
        os.replace(tmp, real)


def new_temp(real: Path, kind: str) -> tuple[Path, FileLock]:
    """A private, locked temporary file beside ``real`` to build it in (``kind``:
    "creating" or "restoring"), named with this process's id; what killed processes
    left behind for the same name is removed first."""
    for stale in real.parent.glob(f".{glob.escape(real.name)}.*.{kind}"):
        if _builder_alive(stale):
            continue
        if _take_over(stale):
            remove_temp(stale)
    prefix = f".{real.name}.{os.getpid()}."
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=f".{kind}", dir=real.parent)
    os.close(fd)
    tmp = Path(name)
    lock = FileLock(tmp)
    lock.acquire()
    _note_unfinished(tmp)
    return tmp, lock


def remove_temp(tmp: Path) -> None:
    """Remove a temporary file of :func:`new_temp` with its log and its note."""
    for leftover in sqlite_files(tmp):
        leftover.unlink(missing_ok=True)
    _unfinished_note(tmp).unlink(missing_ok=True)


# Each temporary file is noted in the user's data folder while it is built, so that one a
# killed process left (90 MB for a restored project, hidden beside it) is found and removed
# at the next start wherever it lies, not only when the same name is built again.


def _unfinished_note(tmp: Path) -> Path:
    from citeline.core.paths import user_data_dir

    digest = hashlib.sha256(str(tmp).encode()).hexdigest()[:16]
    return user_data_dir() / "unfinished" / f"{digest}.path"


def _note_unfinished(tmp: Path) -> None:
    note = _unfinished_note(tmp)
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(str(tmp), encoding="utf-8")
    except OSError:
        pass  # the next build of the same name still removes it


def sweep_unfinished(folders: Iterable[Path] = ()) -> list[Path]:
    """Remove the temporary files that killed processes left while creating or restoring
    a project: those noted in the data folder, and any in ``folders`` (the folders of the
    recent projects: a file left before notes were kept, or when none could be written).
    The paths removed."""
    from citeline.core.paths import user_data_dir

    removed: list[Path] = []
    for place in {real_path(f) for f in folders}:
        for kind in ("creating", "restoring"):
            for stale in place.glob(f".*.*.*.{kind}"):
                if not _builder_alive(stale) and _take_over(stale):
                    removed.append(stale)
                    remove_temp(stale)
    folder = user_data_dir() / "unfinished"
    if not folder.is_dir():
        return removed
    for note in folder.glob("*.path"):
        try:
            tmp = Path(note.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            note.unlink(missing_ok=True)
            continue
        if _builder_alive(tmp):
            continue
        if os.path.lexists(tmp) and not _take_over(tmp):
            continue
        if os.path.lexists(tmp):
            removed.append(tmp)
        remove_temp(tmp)
        note.unlink(missing_ok=True)
    return removed


def _take_over(tmp: Path) -> bool:
    """Whether no process holds ``tmp``'s lock any more (then it is ours to remove)."""
    lock = FileLock(tmp)
    try:
        free = lock.acquire()
    except OSError:
        return False
    if free:
        lock.release()
    return bool(free)


def _builder_alive(temp: Path) -> bool:
    """Whether the process named in a temporary file's name still runs."""
    try:
        pid = int(temp.name.rsplit(".", 3)[-3])
    except (ValueError, IndexError):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (after resolving links), existing or not."""
    return real_path(a) == real_path(b)
