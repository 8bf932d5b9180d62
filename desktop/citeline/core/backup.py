"""Verified, rotated backups of a project, taken with SQLite's online backup API."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from citeline.core import errors

KEEP = 10


def backup_folder(project: Path) -> Path:
    """Where backups of ``project`` live: the user's data folder, one subfolder a project."""
    from citeline.core.paths import user_data_dir

    digest = hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:10]
    return user_data_dir() / "backups" / f"{project.stem}-{digest}"


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
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = folder / f"{project.stem}-{stamp}-{reason}.citeline"
    tmp = dest.with_suffix(".partial")
    target = sqlite3.connect(tmp)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        ok = target.execute("PRAGMA integrity_check(1)").fetchone()[0] == "ok"
    finally:
        target.close()
    if not ok:
        tmp.unlink(missing_ok=True)
        raise errors.ProjectError(f"the backup of {project.name} did not verify; none was kept")
    tmp.replace(dest)
    _rotate(folder, keep)
    return dest


def backup_project_file(project: Path, *, reason: str = "auto", keep: int = KEEP) -> Path:
    """Back up a project file that is not open (read-only access only)."""
    from citeline.core.store import connect_read_only

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
    return sorted(folder.glob("*.citeline"), reverse=True)


def _rotate(folder: Path, keep: int) -> None:
    for old in sorted(folder.glob("*.citeline"), reverse=True)[keep:]:
        old.unlink(missing_ok=True)
