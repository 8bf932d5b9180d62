"""Settings and the recent-files list, kept in the platform's config folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from citeline.core.paths import user_config_dir

MAX_RECENT = 10


def settings() -> QSettings:
    """The app's settings file (INI, in the user's config folder)."""
    folder = user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "citeline.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[Path]:
    """Recently opened projects that still exist, newest first."""
    values = settings().value("recent", []) or []
    if isinstance(values, str):
        values = [values]
    return [Path(v) for v in values if Path(v).exists()]


def add_recent(path: Path) -> None:
    """Put ``path`` at the top of the recent-files list."""
    s = settings()
    values = [str(p) for p in recent_files() if p.resolve() != path.resolve()]
    s.setValue("recent", [str(path.resolve()), *values][:MAX_RECENT])
    s.setValue("last", str(path.resolve()))


def last_opened() -> Path | None:
    """The project open when the app last closed, whether or not it still exists."""
    value = settings().value("last")
    return Path(value) if value else None


def last_project() -> Path | None:
    """The project open when the app last closed, if it still exists."""
    value = settings().value("last")
    return Path(value) if value and Path(value).exists() else None
