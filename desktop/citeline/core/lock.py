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


def holder(path: Path) -> tuple[str, int] | None:
    """Who holds the lock on ``path``: ``("window" | "command NAME" | "process", pid)``,
    or None when that cannot be told (not Linux, or the holder just let go).

    Read from the kernel's table of locks (``/proc/locks``, which names the process
    holding each ``flock``) and that process's command line, so nothing is written
    beside the project to say so.
    """
    try:
        st = os.stat(path)
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            table = fh.read()
    except OSError:
        return None
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 6 or fields[1] != "FLOCK" or fields[4] == "->":
            continue
        try:
            pid = int(fields[4])
            _major, _minor, inode = fields[5].split(":")
        except ValueError:
            continue
        if int(inode) == st.st_ino and pid != os.getpid():
            return _kind(pid), pid
    return None


def _kind(pid: int) -> str:
    """What a Citeline process is doing, from its command line."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            args = [a.decode("utf-8", "replace") for a in fh.read().split(b"\0") if a]
    except OSError:
        return "process"
    # python, the citeline script (or -m citeline), then the subcommand: the first bare
    # word after the program's name; none (or "open") is the app.
    words = args[1:]
    for n, arg in enumerate(words):
        if arg.rsplit("/", 1)[-1] in ("citeline", "__main__.py") or arg == "citeline":
            words = words[n + 1 :]
            break
    for arg in words:
        if arg.startswith("-"):
            continue
        if arg.isalpha() or ("-" in arg and arg.replace("-", "").isalpha()):
            return "window" if arg == "open" else f"command {arg}"
        break
    return "window" if any("citeline" in a for a in args) else "process"


def locked_message(name: str, path: Path) -> str:
    """One line: who has the project ``name`` (at ``path``) open, and what to do."""
    found = holder(path)
    if found is None:
        return (
            f"{name} is open in another Citeline window or command: close it there, or wait "
            "for the command to finish, then try again; or open it read-only"
        )
    kind, pid = found
    if kind.startswith("command "):
        return (
            f"{name} is being changed by `citeline {kind.removeprefix('command ')}` (process "
            f"{pid}): wait for it to finish, then try again"
        )
    if kind == "window":
        return (
            f"{name} is open in another Citeline window (process {pid}): close it there "
            "first, or open it read-only"
        )
    return (
        f"{name} is open in another Citeline process ({pid}): close it there first, or "
        "open it read-only"
    )
