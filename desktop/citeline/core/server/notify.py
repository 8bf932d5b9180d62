"""Others' edits as they are committed: a listener on a server project's channel.

Every history entry the server commits is announced on :data:`schema.CHANNEL` by a
trigger, inside the edit's own transaction, so the announcement is sent exactly when
the edit is committed and never for one rolled back. A window keeps one
:class:`Listener` (a connection of its own) and asks it, from a timer or a thread,
which entries arrived; it then re-reads what they touched. After a lost connection
the listener reconnects and reports the entries committed meanwhile, read from the
history, so nothing announced while it was away is missed. While connected it asks the
server nothing: an announcement that skips entries has the history read for the ones
in between.

It also listens for rebuilds of the timeline summaries made outside the history (see
:mod:`.repair`): :meth:`Listener.take_rebuilt` says whether one was announced.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from citeline.core.server import repair, schema
from citeline.core.server.connection import connect


@dataclass(frozen=True)
class Announcement:
    """A committed history entry: its id and author."""

    entry_id: int
    author: str


class Listener:
    """Announcements of committed entries on the project at ``url``, newest last."""

    def __init__(self, url: str, after: int = 0) -> None:
        self._url = url
        #: The newest entry reported so far.
        self.last = after
        self._raw: psycopg.Connection | None = None
        self._rebuilt = False

    def _connect(self) -> psycopg.Connection:
        if self._raw is None or self._raw.closed:
            raw = connect(self._url, connect_timeout=10, application_name="citeline-listen")
            raw.execute(f"LISTEN {schema.CHANNEL}")
            raw.execute(f"LISTEN {repair.CHANNEL}")
            self._raw = raw
        return self._raw

    def wait(self, timeout: float = 1.0) -> list[Announcement]:
        """The entries committed since the last call (waiting up to ``timeout`` seconds
        for the first); raises ``psycopg.OperationalError`` while the server is away."""
        if self._raw is None or self._raw.closed:
            # Listening (again) from now on: what was committed before is read from the
            # history at once rather than after waiting for announcements sent earlier.
            try:
                self._connect()
                missed = self._since()
            except psycopg.OperationalError:
                self.close()
                raise
            if missed:
                return self._newer(missed)
        raw = self._connect()
        try:
            heard = list(raw.notifies(timeout=timeout, stop_after=1))
            heard += raw.notifies(timeout=0.01)
        except psycopg.OperationalError:
            raw.close()
            self._raw = None
            raise
        if any(n.channel == repair.CHANNEL for n in heard):
            self._rebuilt = True
        found = [
            Announcement(int(n.payload.split(" ", 1)[0]), n.payload.split(" ", 1)[1])
            for n in heard
            if n.channel == schema.CHANNEL
        ]
        if found and min(a.entry_id for a in found) > self.last + 1:
            found = self._since()  # entries in between not announced: read the history
        return self._newer(found)

    def take_rebuilt(self) -> bool:
        """Whether a rebuild of the summaries was announced since the last call (one made
        while the listener was away is found by the copy's next catch-up instead)."""
        rebuilt, self._rebuilt = self._rebuilt, False
        return rebuilt

    def _newer(self, found: list[Announcement]) -> list[Announcement]:
        """Those of ``found`` not reported yet, oldest first; remembers the newest."""
        new = sorted((a for a in found if a.entry_id > self.last), key=lambda a: a.entry_id)
        if new:
            self.last = new[-1].entry_id
        return new

    def _since(self) -> list[Announcement]:
        raw = self._connect()
        rows = raw.execute(
            "SELECT id, author FROM history_entries WHERE id > %s ORDER BY id", [self.last]
        ).fetchall()
        return [Announcement(int(r[0]), r[1]) for r in rows]

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
