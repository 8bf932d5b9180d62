"""While a server project's server is away: a banner, read-only, and back by itself.

The window learns the server went away from its follower (the listening connection
broke) or from an edit that could not reach it. From then on the project is shown
read-only: the banner says why, and every edit is refused with the banner's words, so
nothing is ever shown as saved that the server did not commit. Every few seconds the
window tries to connect again (on a thread, so a server that does not answer never
freezes it); once connected, the project's connection is replaced, the banner goes, the
project is editable again, and the edits others committed meanwhile are shown.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, QTimer

from citeline.core.errors import ServerGoneError
from citeline.ui.document import Document
from citeline.ui.server_open import _Connector

#: How often a reconnection is tried while the server is away (ms).
RETRY_MS = 2000


def away_words(reason: str) -> str:
    """The banner while the server is away (also the words an edit is refused with)."""
    why = f" ({reason})" if reason else ""
    return (
        f"The server cannot be reached{why}: the project is read-only until it is back, "
        "and nothing was saved since; reconnecting\u2026"
    )


class _Away:
    """Stands for the project's connection while the server is away: every read or
    write is refused at once with the banner's words (a ``ServerGoneError``), never
    with an internal error of a broken connection."""

    closed = True

    def __init__(self, message: str, broken: Any) -> None:
        self.message = message
        self.broken = broken

    def __getattr__(self, name: str) -> Any:
        raise ServerGoneError(self.message)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.broken.close()


class ServerLink(QObject):
    """Takes a window's server project offline and back."""

    def __init__(self, window: Any, document: Document) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        #: Others' entries announced while offline, shown once connected again.
        self.missed: list[Any] = []
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.try_now)
        self._connector = _Connector(self)
        self._connector.done.connect(self._connected)
        self._trying = False
        document.refusedLost.connect(self.lost)

    @property
    def offline(self) -> bool:
        return bool(self.document.offline)

    def lost(self, reason: str) -> None:
        """The server went away: banner, read-only, and retry until it is back."""
        if not self.document.shared:
            return
        self.document.offline = away_words(reason)
        conn = self.document.store.db.conn
        if isinstance(conn.raw, _Away):
            conn.raw.message = self.document.offline
        else:
            conn.raw = _Away(self.document.offline, conn.raw)
        self.window.show_away(self.document.offline)
        if not self._timer.isActive():
            self._timer.start()

    def try_now(self) -> None:
        """Try to connect again now (the follower says the server is back, or the timer)."""
        if not self.offline or self._trying:
            return
        url = getattr(self.document.store, "connect_url", "")
        if not url:
            return
        self._trying = True
        self._connector.start(url)

    def _connected(self, fresh: Any, error: object) -> None:
        self._trying = False
        if error is not None or fresh is None:
            return  # still away: the timer tries again
        store = self.document.store
        if not getattr(store, "shared", False) or store.connect_url != fresh.connect_url:
            fresh.close()  # another project was opened meanwhile
            return
        # The project's connection is replaced; every view keeps the store it reads.
        old = store.db.conn.raw
        store.db.conn.raw = fresh.db.conn.raw
        # What the store keeps (the timeline's copy) catches up before its next answer:
        # entries, and a rebuild of the summaries, committed while the server was away.
        store.others_committed()
        with contextlib.suppress(Exception):
            old.close()
        self._timer.stop()
        self.document.offline = ""
        missed, self.missed = self.missed, []
        self.window.show_back(missed)

    def stop(self) -> None:
        self._timer.stop()


__all__ = ["ServerLink", "away_words"]
