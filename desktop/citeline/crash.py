"""Crash logs: an unexpected error is written to the user's log folder, never lost."""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from citeline import __version__


def write_crash_log(exc: BaseException) -> Path:
    """Write ``exc`` with its traceback to a new file in the log folder; return its path."""
    from citeline.core.paths import user_log_dir

    folder = user_log_dir()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    text = "".join(
        [
            f"Citeline {__version__} on Python {platform.python_version()} "
            f"({platform.platform()})\n",
            f"argv: {sys.argv!r}\n\n",
            *traceback.format_exception(type(exc), exc, exc.__traceback__),
        ]
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}.log"
        path.write_text(text, encoding="utf-8")
    except OSError:
        path = Path(sys.prefix) / "unwritable-log"
        sys.stderr.write(text)
    return path
