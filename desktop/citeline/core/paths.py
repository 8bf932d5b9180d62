"""Where Citeline keeps its own files: the platform's standard places, never the install."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "Citeline"


def _override() -> Path | None:
    # Tests and portable installs point every folder below one root.
    root = os.environ.get("CITELINE_HOME")
    return Path(root) if root else None


def user_data_dir() -> Path:
    """The folder for backups and the working copy of the sample project."""
    root = _override()
    return root / "data" if root else Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_config_dir() -> Path:
    """The folder for settings and the recent-files list."""
    root = _override()
    return root / "config" if root else Path(platformdirs.user_config_dir(APP, appauthor=False))


def user_log_dir() -> Path:
    """The folder for logs and crash reports."""
    root = _override()
    return root / "logs" if root else Path(platformdirs.user_log_dir(APP, appauthor=False))
