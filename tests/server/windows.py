"""What server-project tests share: a project filled on the server, a window on it."""

from __future__ import annotations

from pathlib import Path

from citeline.commands.bench import generate
from citeline.core.server.copy import copy_project


def filled(pg_url: str, tmp_path: Path, events: int, seed: int) -> str:
    """``pg_url`` holding the bench's synthetic project of ``events`` events."""
    path = tmp_path / "p.citeline"
    generate(path, events, seed)
    copy_project(path, pg_url)
    return pg_url


def server_window(qtbot, url: str, author: str | None = None):
    """The app's window on ``url``, shown at a laptop's size (edits signed by
    ``author`` when given)."""
    from citeline.ui.app import build_window

    win = build_window(url)
    assert win is not None
    qtbot.addWidget(win)
    if author is not None:
        win.document.set_author(author)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win
