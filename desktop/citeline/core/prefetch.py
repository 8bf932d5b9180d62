"""Rank answers read ahead of the timeline's next frames, on a thread of their own.

A crowded lane's frame asks for the most important items of each slice of a grid
fixed to absolute time (see ``TimelineData.ranked_many``). Zooming in halves the
slices and panning or zooming out needs the slices beside the window, so the first
frame at a new zoom level used to run a few dozen index seeks on the GUI thread. A
:class:`RankPrefetcher` reads those answers while the user looks at the current frame:
on a worker thread with its own read-only connection to the project file (SQLite
reads run without Python's lock, so they overlap the painting), newest request first.

The answers are exactly what the GUI thread would read itself, taken by it only when a
frame asks for that very slice; :meth:`RankPrefetcher.forget` (after an edit, or when
evidence counts change) drops every answer read before it, including one in flight.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from sqlite_utils import Database

from citeline.core import queries
from citeline.core.files import real_path
from citeline.core.layout.ranks import RankIndex
from citeline.core.queries import RankPlan, TimelineItem
from citeline.core.store import Store
from citeline.core.summaries import NO_LANE

#: (lane key, t0, t1, limit): one slice's rank question, as TimelineData keeps it.
SliceKey = tuple[int, float, float, int]
#: The most answers kept waiting to be taken (the oldest go first).
MAX_KEPT = 128
#: Slices read per statement of rows (as ``ranked_many`` does on the GUI thread).
BATCH = 8
#: The worker connection's page cache, in KiB (SQLite's default is 2,000).
CACHE_KIB = 256
#: Seconds the worker waits for a request before it closes its connection and ends.
IDLE_EXIT_S = 5.0


class RankPrefetcher:
    """Reads rank answers ahead for one project file; thread-safe, one worker."""

    def __init__(self, path: Path, kinds: tuple[str, ...]) -> None:
        self.path = path
        self.kinds = kinds
        self._lock = threading.Condition()
        self._pending: list[SliceKey] = []
        self._done: dict[SliceKey, list[tuple[TimelineItem, int]]] = {}
        self._epoch = 0
        self._closed = False
        self._worker: threading.Thread | None = None
        self._busy = False
        #: the file could not be opened for reading: nothing is read ahead
        self._failed = False
        #: answers read, and answers taken by frames (for the bench and tests)
        self.read = 0
        self.taken = 0
        #: the project's rank index once in memory: slices are then ranked from it, and
        #: only their items' rows are read from the file
        self._ranks: RankIndex | None = None

    def use_ranks(self, ranks: RankIndex | None) -> None:
        """Rank slices from ``ranks`` from now on (None: from the file), dropping every
        answer read so far (the ranks changed, or were read anew)."""
        with self._lock:
            self._ranks = ranks
        self.forget()

    @classmethod
    def for_store(cls, store: Store, kinds: tuple[str, ...]) -> RankPrefetcher | None:
        """A prefetcher for ``store``'s file (None for a project without one)."""
        path = getattr(store, "path", None)
        if not isinstance(store, Store) or path is None:
            return None
        return cls(Path(path), kinds)

    def ask(self, keys: Sequence[SliceKey]) -> None:
        """Read these slices next (most wanted first), instead of what was still waiting."""
        with self._lock:
            if self._closed or self._failed:
                return
            self._pending = [k for k in keys if k not in self._done]
            # The worker clears ``_worker`` (holding the lock) as it ends.
            if self._pending and self._worker is None:
                self._worker = threading.Thread(
                    target=self._run, name="citeline-rank-prefetch", daemon=True
                )
                self._worker.start()
            self._lock.notify()

    def take(self, key: SliceKey) -> list[tuple[TimelineItem, int]] | None:
        """The answer read ahead for ``key`` (items with evidence counts), once."""
        with self._lock:
            got = self._done.pop(key, None)
        if got is not None:
            self.taken += 1
        return got

    def forget(self) -> None:
        """Drop every answer read so far and every request (the project changed)."""
        with self._lock:
            self._epoch += 1
            self._pending = []
            self._done.clear()

    def close(self) -> None:
        """Stop the worker (it ends after its current slice)."""
        with self._lock:
            self._closed = True
            self._pending = []
            self._done.clear()
            self._lock.notify()
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=2.0)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until nothing is waiting to be read (tests); False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._pending and not self._busy, timeout)

    # ------------------------------------------------------------------ worker

    def _run(self) -> None:
        try:
            store = open_read_only(self.path)
        except (sqlite3.Error, OSError):
            with self._lock:
                self._failed = True
                self._pending = []
                self._worker = None
                self._lock.notify_all()
            return
        plans: dict[tuple[str, int], RankPlan] = {}
        try:
            while True:
                with self._lock:
                    if not self._pending and not self._closed:
                        self._busy = False
                        self._lock.notify_all()
                        self._lock.wait_for(
                            lambda: bool(self._pending) or self._closed, IDLE_EXIT_S
                        )
                    if self._closed or not self._pending:
                        self._busy = False
                        self._worker = None
                        self._lock.notify_all()
                        return
                    batch = self._pending[:BATCH]
                    del self._pending[:BATCH]
                    epoch = self._epoch
                    ranks = self._ranks
                    self._busy = True
                answers = self._read(store, batch, plans, ranks)
                with self._lock:
                    if epoch != self._epoch:
                        plans.clear()  # an edit may have changed the lanes' ranks
                        continue
                    if len(self._done) + len(answers) > MAX_KEPT:
                        for old in list(self._done)[: len(answers)]:
                            del self._done[old]
                    self._done.update(answers)
                    self.read += len(answers)
        except sqlite3.Error:
            with self._lock:
                self._pending = []
                self._busy = False
                self._worker = None
                self._lock.notify_all()
        finally:
            store.close()

    def _read(
        self,
        store: Store,
        batch: list[SliceKey],
        plans: dict[tuple[str, int], RankPlan],
        ranks: RankIndex | None = None,
    ) -> dict[SliceKey, list[tuple[TimelineItem, int]]]:
        """The answers of ``batch``, read as ``TimelineData.ranked_many`` reads them."""
        found = {
            key: ranks.keys(key[0], key[1], key[2], key[3], self.kinds)
            if ranks is not None
            else queries.ranked_keys(
                store,
                key[1],
                key[2],
                limit=key[3],
                kinds=self.kinds,
                lane_id=None if key[0] == NO_LANE else key[0],
                plans=plans,
            )
            for key in batch
        }
        every = {(k, i): (k, i, n) for keys in found.values() for k, i, n in keys}
        rows = {
            (it.kind, it.id): (it, n) for it, n in queries.with_rows(store, list(every.values()))
        }
        return {
            key: sorted(
                (rows[(k, i)] for k, i, _ in keys if (k, i) in rows),
                key=lambda pair: queries.rank_key(*pair),
            )
            for key, keys in found.items()
        }


def slices_around(
    lane: int, windows: list[tuple[float, float]], limit: int
) -> tuple[list[SliceKey], list[SliceKey]]:
    """The slices a step away from a grid of ``windows``: its halves (zooming in), and
    the same slices beyond either side (panning, and zooming out, whose double slices
    are made of them), half the grid's width each way, aligned to double slices."""
    size = windows[0][1] - windows[0][0]
    g0, g1 = windows[0][0], windows[-1][1]
    half = size / 2
    finer: list[SliceKey] = [
        (lane, g0 + i * half, g0 + (i + 1) * half, limit) for i in range(2 * len(windows))
    ]
    out: list[SliceKey] = []
    side = max(1, math.ceil(len(windows) / 2)) * size
    start = math.floor((g0 - side) / (2 * size)) * (2 * size)
    end = math.ceil((g1 + side) / (2 * size)) * (2 * size)
    s = g0 - size
    while s >= start:
        out.append((lane, s, s + size, limit))
        s -= size
    s = g1
    while s < end:
        out.append((lane, s, s + size, limit))
        s += size
    return finer, out


def open_read_only(path: Path) -> Store:
    """A read-only store on its own connection, for the worker thread that opens it
    (it sees every edit committed before each of its reads)."""
    conn = sqlite3.connect(f"{real_path(path).as_uri()}?mode=ro", uri=True)
    db = Database(conn)
    db.execute("PRAGMA query_only = ON")
    # A small page cache of its own: the pages it reads are the OS's cached file too.
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return Store(db, path, read_only=True, lock=None)
