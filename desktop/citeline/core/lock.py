"""A per-file lock that tells one Citeline that another already has a project open.

It is an advisory ``flock`` on the project file itself. SQLite's own locks are POSIX
record locks, which are independent of ``flock`` on the same file, so the two never
interfere; the lock goes away with the process, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking still protects the file
    fcntl = None  # type: ignore[assignment]


class FileLock:
    """An exclusive advisory lock on a file, held until :meth:`release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        if fcntl is None:
            return True
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock up (closing the descriptor releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
