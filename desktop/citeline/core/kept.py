"""A project's indexes, read into memory on a thread of their own after it opens.

Above 25,000 items the timeline answers from the summaries in the project file
(:class:`~citeline.core.windows.WindowIndex`), so that opening does not grow with the
project, and a small project's rank slices come from the file's rank index: each
frame then runs a few statements, and dozens in the first frame at a new zoom level.
An :class:`IndexReader` reads, on a worker thread with its own read-only connection
while the user looks at the project: a small project's rank index; up to
:data:`KEEP_ITEMS` items, the time index too (about 70 bytes an item for both), which
the timeline then answers from (:class:`KeptIndex`); beyond, only the running totals of
the counts (:mod:`citeline.core.prefix`, a few MB at a million items). Every answer
from memory is exactly the file's.

SQLite packs the rows by the thousand, so the worker takes Python's lock a few hundred
times in all (SQLite reads and sorts without it): the frames drawn meanwhile hardly
wait for it.
"""

from __future__ import annotations

import sqlite3
import threading
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate
from operator import le, lt
from pathlib import Path
from typing import TypeVar

from citeline.core import queries
from citeline.core.layout.index import TimeIndex
from citeline.core.layout.ranks import RankIndex
from citeline.core.prefetch import open_read_only
from citeline.core.prefix import CountPrefix
from citeline.core.store import Store
from citeline.core.summaries import MIN_LEVEL
from citeline.core.windows import WindowIndex

#: Up to this many items a project's indexes are read into memory after it opens.
KEEP_ITEMS = 200_000
#: Seconds the worker waits before it reads: the project's first frame (drawn as it
#: opens) is not to share the processor with it.
START_AFTER_S = 0.25


class KeptIndex:
    """An index whose counts, histograms and id lists come from memory (a
    :class:`TimeIndex`), and whose lookups by id and rounded histograms (the overview
    strip's, over buckets that are not a level of the file's count pyramid) come from
    the file, so that every answer is the one the file's index gives."""

    def __init__(self, window: WindowIndex, kept: TimeIndex) -> None:
        self.window = window
        self.kept = kept

    @property
    def lanes(self) -> list[int]:
        return self.window.lanes

    def __len__(self) -> int:
        return len(self.kept)

    def __contains__(self, key: object) -> bool:
        return key in self.window

    def get(self, key: int) -> tuple[float, float, int]:
        return self.window.get(key)

    def extent(self, lane: int | None = None) -> tuple[float, float] | None:
        return self.kept.extent(lane)

    def count(self, t0: float, t1: float, lane: int | None = None) -> int:
        return self.kept.count(t0, t1, lane)

    def histogram(self, t0: float, t1: float, buckets: int, lane: int | None = None) -> list[int]:
        if self.window.exact(t0, t1, buckets):
            return self.kept.histogram(t0, t1, buckets, lane)
        return self.window.histogram(t0, t1, buckets, lane)

    def ids_in(
        self, t0: float, t1: float, lane: int | None = None, limit: int | None = None
    ) -> list[int]:
        return self.kept.ids_in(t0, t1, lane, limit)


#: What an :class:`IndexReader` reads: a project's time and rank indexes
#: ("indexes"), its rank index alone ("ranks": a small project reads its time index as
#: it opens), or for a project too large to hold them, the running totals of its count
#: pyramid's finest level ("counts").
Indexes = tuple[TimeIndex, RankIndex] | RankIndex | CountPrefix


class IndexReader:
    """Reads some of a project file's indexes on a worker thread, once."""

    def __init__(self, path: Path, kinds: tuple[str, ...], *, what: str = "indexes") -> None:
        if what not in ("indexes", "ranks", "counts"):
            raise ValueError(f"nothing to read as {what!r}")
        self.path = path
        self.kinds = kinds
        self.what = what
        self._result: Indexes | None = None
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._run, name="citeline-index", daemon=True)
        self._thread.start()

    @classmethod
    def for_store(
        cls, store: Store, kinds: tuple[str, ...], *, what: str = "indexes"
    ) -> IndexReader | None:
        """A reader for ``store``'s file (None for a project without one)."""
        path = getattr(store, "path", None)
        if not isinstance(store, Store) or path is None:
            return None
        return cls(Path(path), kinds, what=what)

    def result(self) -> Indexes | None:
        """The indexes once read (None until then, or when they could not be)."""
        return self._result

    def wait(self, timeout: float = 10.0) -> Indexes | None:
        """Wait for the indexes (tests and the bench's settling)."""
        self._thread.join(timeout)
        return self._result

    def cancel(self) -> None:
        """Stop reading (the project changed or closed): nothing will be handed over."""
        self._cancelled.set()

    def _run(self) -> None:
        if self._cancelled.wait(START_AFTER_S):
            return
        try:
            store = open_read_only(self.path)
        except (sqlite3.Error, OSError):
            return
        try:
            # One read transaction: both indexes see the same state of the file.
            store.db.conn.execute("BEGIN")
            got: Indexes
            if self.what == "counts":
                got = self._prefix(store)
            elif self.what == "ranks":
                got = self._ranks(store)
            else:
                got = (self._times(store), self._ranks(store))
            if not self._cancelled.is_set():
                self._result = got
        except (sqlite3.Error, _Cancelled):
            return
        finally:
            store.close()

    def _paced(self, rows: Iterator[_Row]) -> Iterator[_Row]:
        """``rows``, until the reading is cancelled. (SQLite lets go of Python's lock
        while it reads each row, so the GUI thread goes on meanwhile.)"""
        for row in rows:
            if self._cancelled.is_set():
                raise _Cancelled
            yield row

    def _times(self, store: Store) -> TimeIndex:
        """Every item's (key, earliest, latest) per lane, by start and by end."""
        lanes: dict[int, tuple[array[float], array[float], array[int], array[float]]] = {}
        for lane, starts, ends, keys in self._paced(queries.span_times_packed(store, self.kinds)):
            got = lanes.get(lane)
            if got is None:
                got = lanes[lane] = (array("d"), array("d"), array("q"), array("d"))
            got[0].extend(map(float, starts.split(",")))
            got[1].extend(map(float, ends.split(",")))
            got[2].extend(map(int, keys.split(",")))
        for lane, ends in self._paced(queries.span_ends_packed(store, self.kinds)):
            lanes[lane][3].extend(map(float, ends.split(",")))
        for by_start, _, by_key, by_end in lanes.values():
            # SQLite concatenates in the order it reads; that order is checked, not assumed.
            if not _ordered(by_start, by_key) or not _ordered(by_end):
                raise _Cancelled
        return TimeIndex.from_sorted(lanes)

    def _prefix(self, store: Store) -> CountPrefix:
        """Per lane, the finest level's buckets and the running totals before each."""
        lanes: dict[int, tuple[array[int], array[int], array[int]]] = {}
        for lane, buckets, starts, ends in self._paced(
            queries.finest_counts_packed(store, MIN_LEVEL, self.kinds)
        ):
            got = lanes.get(lane)
            if got is None:
                got = lanes[lane] = (array("q"), array("q", [0]), array("q", [0]))
            got[0].extend(map(int, buckets.split(",")))
            # Running totals go on from the last part's (each total is one bucket late).
            got[1].extend(accumulate(map(int, starts.split(",")), initial=got[1].pop()))
            got[2].extend(accumulate(map(int, ends.split(",")), initial=got[2].pop()))
        for by_bucket, _, _ in lanes.values():
            if not all(map(lt, by_bucket, by_bucket[1:])):
                raise _Cancelled
        return CountPrefix(lanes)

    def _ranks(self, store: Store) -> RankIndex:
        runs = []
        for kind, lane, importance, evidence, c, starts, ids, ends in self._paced(
            queries.span_runs_packed(store, self.kinds)
        ):
            run = (array("q", map(int, starts.split(","))), array("q", map(int, ids.split(","))))
            if not _ordered(*run):
                raise _Cancelled
            runs.append(
                (kind, lane, importance, evidence, c, *run, array("q", map(int, ends.split(","))))
            )
        return RankIndex.from_runs(runs)


def _ordered(values: Sequence[float], ties: Sequence[int] | None = None) -> bool:
    """Whether ``values`` ascend (and, given ``ties``, pairs (value, tie) strictly)."""
    if ties is None:
        return all(map(le, values, values[1:]))
    return all(
        a < b or (a == b and i < j)
        for a, b, i, j in zip(values, values[1:], ties, ties[1:], strict=False)
    )


class _Cancelled(Exception):
    """The reading was cancelled (or what was read is not in the expected order)."""


_Row = TypeVar("_Row", bound=tuple)  # type: ignore[type-arg]
