"""Verified, rotated backups of a project, taken with SQLite's online backup API, and
restoring one to a new file.

This module sits below :mod:`citeline.core.store` (the store backs up before an
upgrade); it reads files only through :mod:`citeline.core.files`.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from citeline.core import errors
from citeline.core.files import (
    connect_read_only,
    link_into_place,
    new_temp,
    os_error,
    real_path,
    remove_temp,
    sweep_unfinished,
)

KEEP = 10
# Keys of the project table that say where a copy came from: a backup names the project
# it is a backup of, a restored project the project whose backup it was restored from (so
# File › Restore from Backup… on it offers that project's backups too).
BACKUP_OF = "backup_of"
RESTORED_FROM = "restored_from"


def _record(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    """Set (or, with None, remove) a key of a copy's project table, before it is checked."""
    with conn:
        if value is None:
            conn.execute("DELETE FROM project WHERE key = ?", [key])
        else:
            conn.execute("INSERT OR REPLACE INTO project (key, value) VALUES (?, ?)", [key, value])


def backup_of(path: Path) -> Path | None:
    """The project a backup file says it is a backup of, if it says so."""
    return _recorded(path, BACKUP_OF)


def restored_from(project: Path) -> Path | None:
    """The project a restored project was restored from, if it records one."""
    return _recorded(project, RESTORED_FROM)


def _recorded(path: Path, key: str) -> Path | None:
    try:
        conn = connect_read_only(path)
    except (sqlite3.Error, errors.CitelineError):
        return None
    try:
        row = conn.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return Path(row[0]) if row and row[0] else None


def backup_folder(project: Path) -> Path:
    """Where backups of ``project`` live: the user's data folder, one subfolder a project."""
    from citeline.core.paths import user_data_dir

    real = real_path(project)
    digest = hashlib.sha256(str(real).encode()).hexdigest()[:10]
    return user_data_dir() / "backups" / f"{real.stem}-{digest}"


def backup_connection(
    conn: sqlite3.Connection, project: Path, *, reason: str = "auto", keep: int = KEEP
) -> Path:
    """Copy the open project behind ``conn`` into its backup folder; return the copy's path.

    The source is checked first (a damaged file is never backed up over good copies), the
    copy is checked after, and only the newest ``keep`` copies are kept.
    """
    if conn.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
        raise errors.DamagedProjectError(f"{project.name} is damaged: no backup was taken")
    folder = backup_folder(project)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = folder / f"{real_path(project).stem}-{stamp}-{reason}.citeline"
    tmp = dest.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)
            _record(target, BACKUP_OF, str(real_path(project)))
            target.execute("PRAGMA journal_mode = DELETE")
            ok = target.execute("PRAGMA integrity_check(1)").fetchone()[0] == "ok"
        finally:
            target.close()
        if not ok:
            raise errors.ProjectError(f"the backup of {project.name} did not verify; none was kept")
        tmp.replace(dest)
    except OSError as exc:
        raise os_error(exc, f"no backup of {project.name} was taken") from exc
    except sqlite3.Error as exc:
        message = str(exc).lower()
        if "full" in message:
            raise errors.DiskFullError(
                f"the disk is full: no backup of {project.name} was taken; free some space"
            ) from exc
        raise errors.ProjectError(f"no backup of {project.name} was taken: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    _rotate(folder, keep)
    return dest


def backup_project_file(project: Path, *, reason: str = "auto", keep: int = KEEP) -> Path:
    """Back up a project file that is not open (read-only access only)."""
    conn = connect_read_only(project)
    try:
        return backup_connection(conn, project, reason=reason, keep=keep)
    finally:
        conn.close()


def list_backups(project: Path) -> list[Path]:
    """The backups of ``project``, newest first."""
    folder = backup_folder(project)
    if not folder.exists():
        return []
    return sorted(folder.glob("*.citeline"), key=_taken_at, reverse=True)


@dataclass(frozen=True)
class BackupInfo:
    """One backup: when it was taken, why, what it holds, and whether it verified."""

    path: Path
    taken_at: datetime
    reason: str
    events: int = 0
    quotes: int = 0
    sources: int = 0
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def describe(self) -> str:
        """One line for a list: local time, counts, reason."""
        when = self.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if not self.ok:
            return f"{when}  unusable: {self.problem}"
        what = (
            f"{self.events} event{'s' * (self.events != 1)}, "
            f"{self.quotes} quote{'s' * (self.quotes != 1)}, "
            f"{self.sources} source{'s' * (self.sources != 1)}"
        )
        reason = {"auto": "while editing", "before-upgrade": "before an upgrade"}.get(
            self.reason, self.reason
        )
        return f"{when}  {what}  ({reason})"


_RESTORED = re.compile(r" \(restored \d{4}-\d{2}-\d{2}(?:, \d+)?\)$")
_STAMP = re.compile(r"-(\d{8}T\d{12}Z)(?:-(.+))?$")


def _taken_at(path: Path) -> datetime:
    match = _STAMP.search(path.stem)
    if match:
        return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _reason(path: Path) -> str:
    match = _STAMP.search(path.stem)
    return (match.group(2) or "auto") if match else "copy"


def verify_backup(path: Path) -> BackupInfo:
    """Open ``path`` read-only, check it whole and count what it holds."""
    from citeline.core.fingerprint import check_schema
    from citeline.core.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

    taken_at, reason = _taken_at(path), _reason(path)
    try:
        conn = connect_read_only(path)
    except (sqlite3.Error, errors.CitelineError) as exc:
        return BackupInfo(path, taken_at, reason, problem=str(exc))
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return BackupInfo(path, taken_at, reason, problem="not a Citeline project")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return BackupInfo(path, taken_at, reason, problem="made by a newer Citeline")
        result = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
        if result != "ok":
            return BackupInfo(path, taken_at, reason, problem="damaged")
        check_schema(conn, migrations, version, path.name)
        counts = [
            int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
            for t in ("events", "quotes", "sources")
        ]
    except sqlite3.DatabaseError as exc:
        return BackupInfo(path, taken_at, reason, problem=f"damaged ({exc})")
    except errors.CitelineError as exc:
        return BackupInfo(path, taken_at, reason, problem=str(exc))
    finally:
        conn.close()
    return BackupInfo(path, taken_at, reason, counts[0], counts[1], counts[2])


def backups(project: Path) -> list[BackupInfo]:
    """The backups of ``project``, newest first, each verified and counted."""
    return [verify_backup(p) for p in list_backups(project)]


def newest_good_backup(project: Path) -> BackupInfo | None:
    """The newest backup of ``project`` that verifies, if any."""
    for path in list_backups(project):
        info = verify_backup(path)
        if info.ok:
            return info
    return None


def restored_name(project: Path, when: datetime | None = None) -> Path:
    """A free name beside ``project`` for a restored copy: "NAME (restored DATE).citeline"."""
    real = real_path(project)
    stem = _RESTORED.sub("", real.stem)  # a restored copy's copy is named after the project
    day = (when or datetime.now(UTC)).astimezone().strftime("%Y-%m-%d")
    candidate = real.with_name(f"{stem} (restored {day}).citeline")
    n = 2
    while os.path.lexists(candidate):
        candidate = real.with_name(f"{stem} (restored {day}, {n}).citeline")
        n += 1
    return candidate


def restore_backup(backup: Path, dest: Path, *, origin: Path | None = None) -> BackupInfo:
    """Write the backup at ``backup`` as a new project at ``dest`` (which must not exist).

    The backup is verified first and left as it is; the copy is built under a temporary
    name beside ``dest``, verified, flushed and linked into place only if ``dest`` is
    still free, so an interrupted restore never leaves a partial file at ``dest``. The new
    project records ``origin`` (else the project the backup names) as where it came from.
    """
    dest = Path(dest)
    sweep_unfinished()  # what a killed restore left, wherever it lies
    if not Path(backup).is_file():
        raise errors.ProjectError(f"{backup} does not exist or is not a file")
    if os.path.lexists(dest):
        raise errors.ProjectError(f"{dest.name} already exists: choose a new file to restore to")
    info = verify_backup(Path(backup))
    if origin is None:
        origin = backup_of(Path(backup))
    if not info.ok:
        raise errors.DamagedProjectError(
            f"{Path(backup).name} cannot be restored: {info.problem}; choose another backup"
        )
    real = real_path(dest)
    if not real.parent.is_dir():
        raise errors.ProjectError(f"the folder {real.parent} does not exist")
    what = f"{dest.name} was not restored"
    try:
        tmp, lock = new_temp(real, "restoring")
    except OSError as exc:
        raise os_error(exc, what) from exc
    try:
        source = connect_read_only(Path(backup))
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                _record(target, BACKUP_OF, None)
                _record(target, RESTORED_FROM, str(real_path(origin)) if origin else None)
                target.execute("PRAGMA journal_mode = WAL")
                if target.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
                    raise errors.ProjectError(f"{what}: the copy did not verify")
                target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                target.close()
        finally:
            source.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        link_into_place(tmp, real)
    except OSError as exc:
        raise os_error(exc, what) from exc
    except sqlite3.Error as exc:
        if "full" in str(exc).lower():
            raise errors.DiskFullError(
                f"the disk is full: {what}; free some space and try again"
            ) from exc
        raise errors.ProjectError(f"{what}: {exc}") from exc
    finally:
        remove_temp(tmp)
        lock.release()
    return info


def _rotate(folder: Path, keep: int) -> None:
    for old in sorted(folder.glob("*.citeline"), key=_taken_at, reverse=True)[keep:]:
        old.unlink(missing_ok=True)
