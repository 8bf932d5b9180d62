"""Settings and the recent-files list, kept in the platform's config folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from citeline.core.paths import user_config_dir
from citeline.core.server.address import display_address, is_server_address

MAX_RECENT = 10


def settings() -> QSettings:
    """The app's settings file (INI, in the user's config folder)."""
    folder = user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "citeline.ini"), QSettings.Format.IniFormat)


def _recent_values() -> list[str]:
    values = settings().value("recent", []) or []
    return [values] if isinstance(values, str) else [str(v) for v in values]


def recent_files() -> list[Path]:
    """Recently opened project files that still exist, newest first."""
    return [Path(v) for v in _recent_values() if not is_server_address(v) and Path(v).exists()]


def recent_projects() -> list[Path | str]:
    """Recently opened projects, newest first: files that still exist, and server
    projects by their address (never with a password: none is ever written here)."""
    out: list[Path | str] = []
    for v in _recent_values():
        if is_server_address(v):
            out.append(display_address(v))
        elif Path(v).exists():
            out.append(Path(v))
    return out


def add_recent(project: Path | str) -> None:
    """Put ``project`` (a file, or a server address, kept without its password) at the
    top of the recent list; a file also becomes the project opened at the next start."""
    s = settings()
    if isinstance(project, str):
        shown = display_address(project)
        values = [v for v in _recent_values() if v != shown]
        s.setValue("recent", [shown, *values][:MAX_RECENT])
        return
    here = str(project.resolve())
    values = [
        v
        for v in _recent_values()
        if is_server_address(v) or Path(v).resolve() != project.resolve()
    ]
    values = [v for v in values if is_server_address(v) or Path(v).exists()]
    s.setValue("recent", [here, *values][:MAX_RECENT])
    s.setValue("last", here)


def last_opened() -> Path | None:
    """The project open when the app last closed, whether or not it still exists."""
    value = settings().value("last")
    return Path(value) if value else None


def last_project() -> Path | None:
    """The project open when the app last closed, if it still exists."""
    value = settings().value("last")
    return Path(value) if value and Path(value).exists() else None
