"""The time index a server project's timeline counts with (see :mod:`.mirror`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citeline.core.server.mirror import SpanMirror


class KeptIndex:
    """The time index a server store gives its timeline: the copy's once it is in, the
    server's own summaries (:class:`~citeline.core.windows.WindowIndex`) until then.

    Each answer first brings the copy up to date when it is behind (a flag: nothing is
    asked of the server unless an edit was made or announced)."""

    def __init__(self, store: Any, mirror: SpanMirror) -> None:
        self._store = store
        self._mirror = mirror
        self._window: Any = None

    def current(self) -> Any:
        """The index answering now."""
        mirror = self._mirror
        if mirror.up_to_date(self._store.db.conn) and mirror.index_in:
            self._window = None
            return mirror.index
        if self._window is None:
            from citeline.core.windows import WindowIndex

            self._window = WindowIndex(self._store)
        return self._window

    @property
    def lanes(self) -> list[int]:
        return list(self.current().lanes)

    def __len__(self) -> int:
        return len(self.current())

    def __contains__(self, key: object) -> bool:
        return key in self.current()

    def get(self, key: int) -> tuple[float, float, int]:
        return tuple(self.current().get(key))  # type: ignore[return-value]

    def extent(self, lane: int | None = None) -> tuple[float, float] | None:
        return self.current().extent(lane)  # type: ignore[no-any-return]

    def count(self, t0: float, t1: float, lane: int | None = None) -> int:
        return int(self.current().count(t0, t1, lane))

    def histogram(self, t0: float, t1: float, buckets: int, lane: int | None = None) -> list[int]:
        return list(self.current().histogram(t0, t1, buckets, lane))

    def ids_in(
        self, t0: float, t1: float, lane: int | None = None, limit: int | None = None
    ) -> list[int]:
        return list(self.current().ids_in(t0, t1, lane, limit))
