"""Counts, density and item ids of time windows, answered from the project file.

:class:`WindowIndex` answers what the timeline asks of a frame (how many items of a
lane overlap the window, a density strip, the ids of the few items to draw) with a few
indexed reads of the summaries the Store keeps (:mod:`citeline.core.summaries`), so
nothing is loaded per item when a project opens and a frame costs the same at ten
thousand or a million items. It answers like :class:`~citeline.core.layout.TimeIndex`:
items are closed intervals earliest..latest, keyed ``id * 2`` for an event and
``id * 2 + 1`` for a quote.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from itertools import accumulate

from citeline.core import summaries
from citeline.core.layout.index import TimeIndex
from citeline.core.store import Store
from citeline.core.summaries import ITEM_TABLES, MAX_LEVEL, MIN_LEVEL, NO_LANE

_TAGS = {"event": 0, "quote": 1}
_COLUMNS = {"starts": "date_earliest", "ends": "date_latest"}


def item_key(kind: str, item_id: int) -> int:
    """The index key of an event or quote."""
    return item_id * 2 + _TAGS[kind]


def _lane_where(lane: int) -> str:
    return "lane_id IS NULL" if lane == NO_LANE else f"lane_id = {int(lane)}"


class WindowIndex:
    """Items of some kinds by time and lane, read from the summaries of one project."""

    def __init__(self, store: Store, kinds: tuple[str, ...] = ("event", "quote")) -> None:
        self.conn: sqlite3.Connection = store.db.conn
        self.kinds = kinds
        # Lane keys and span classes per kind, found by index seeks (a handful each).
        self._lanes = {kind: summaries.lane_keys(self.conn, kind) for kind in kinds}
        self._classes: dict[tuple[str, int], list[int]] = {}

    # ------------------------------------------------------------ structure

    def _pairs(self, lane: int | None) -> Iterator[tuple[str, int]]:
        for kind in self.kinds:
            for key in self._lanes[kind]:
                if lane is None or key == lane:
                    yield kind, key

    @property
    def lanes(self) -> list[int]:
        """The lanes holding at least one item, in ascending order."""
        return sorted({key for keys in self._lanes.values() for key in keys})

    def __len__(self) -> int:
        return self._total(lambda kind, lane: self._prefix(kind, lane, "starts", 1 << 62))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self._row(key) is not None

    def _row(self, key: int) -> tuple[float, float, int] | None:
        kind = "quote" if key & 1 else "event"
        if kind not in self.kinds:
            return None
        row = self.conn.execute(
            f"SELECT date_earliest, date_latest, COALESCE(lane_id, {NO_LANE}) "
            f"FROM {ITEM_TABLES[kind]} WHERE id = ?",
            [key >> 1],
        ).fetchone()
        return None if row is None else (float(row[0]), float(row[1]), int(row[2]))

    def get(self, key: int) -> tuple[float, float, int]:
        """The (earliest, latest, lane) of an item; KeyError if there is none."""
        found = self._row(key)
        if found is None:
            raise KeyError(key)
        return found

    def extent(self, lane: int | None = None) -> tuple[float, float] | None:
        """The earliest start and latest end (of one lane), or None when empty."""
        lo: float | None = None
        hi: float | None = None
        for kind, key in self._pairs(lane):
            table, where = ITEM_TABLES[kind], _lane_where(key)
            a = self.conn.execute(f"SELECT MIN(date_earliest) FROM {table} WHERE {where}")
            b = self.conn.execute(f"SELECT MAX(date_latest) FROM {table} WHERE {where}")
            first, last = a.fetchone()[0], b.fetchone()[0]
            if first is None:
                continue
            lo = first if lo is None else min(lo, first)
            hi = last if hi is None else max(hi, last)
        return None if lo is None or hi is None else (float(lo), float(hi))

    # ------------------------------------------------------------ counting

    def _total(self, part: object) -> int:
        return sum(part(kind, lane) for kind, lane in self._pairs(None))  # type: ignore[operator]

    def _prefix(self, kind: str, lane: int, which: str, x: int) -> int:
        """How many items of a kind and lane start (``starts``) or end (``ends``) before x.

        Whole buckets come from the pyramid, one per level at most plus the top level's
        run; the part of the last ``2**MIN_LEVEL`` bucket before x is counted exactly
        from the item table's (lane, date) index.
        """
        b = x >> MIN_LEVEL
        pieces: list[tuple[int, int]] = []
        p, level = b, MIN_LEVEL
        while level < MAX_LEVEL:
            if p & 1:
                pieces.append((level, p - 1))
            p >>= 1
            level += 1
        sql = [
            f"SELECT COALESCE(SUM({which}), 0) AS c FROM timeline_counts "
            "WHERE kind = ?1 AND lane_key = ?2 AND level = ?3 AND bucket < ?4"
        ]
        params: list[object] = [kind, lane, MAX_LEVEL, p]
        for i, (lv, bucket) in enumerate(pieces):
            n = 5 + 2 * i
            sql.append(
                f"SELECT {which} AS c FROM timeline_counts "
                f"WHERE kind = ?1 AND lane_key = ?2 AND level = ?{n} AND bucket = ?{n + 1}"
            )
            params += [lv, bucket]
        whole = self.conn.execute(
            "SELECT SUM(c) FROM (" + " UNION ALL ".join(sql) + ")", params
        ).fetchone()[0]
        column = _COLUMNS[which]
        part = self.conn.execute(
            f"SELECT COUNT(*) FROM {ITEM_TABLES[kind]} WHERE {_lane_where(lane)} "
            f"AND {column} >= ? AND {column} < ?",
            [b << MIN_LEVEL, x],
        ).fetchone()[0]
        return int(whole or 0) + int(part)

    def count(self, t0: float, t1: float, lane: int | None = None) -> int:
        """How many items (of ``lane``, or of all lanes) overlap the closed window t0..t1."""
        if t1 < t0:
            return 0
        x1, x0 = math.floor(t1) + 1, math.ceil(t0)
        return sum(
            self._prefix(kind, key, "starts", x1) - self._prefix(kind, key, "ends", x0)
            for kind, key in self._pairs(lane)
        )

    def histogram(self, t0: float, t1: float, buckets: int, lane: int | None = None) -> list[int]:
        """Per bucket of t0..t1 cut in ``buckets`` equal parts, how many items overlap it.

        Buckets are half-open except the last, which includes t1, as in
        :meth:`TimeIndex.histogram`. Exact when the buckets are a level of the pyramid
        (a power of two of seconds, aligned: the timeline's density strips) or narrower
        than its finest level; otherwise (the overview strip) each bucket edge is
        rounded to the nearest point of a grid four times finer than the buckets.
        """
        if buckets <= 0:
            return []
        if t1 <= t0:
            return [0] * (buckets - 1) + [self.count(t0, t1, lane)] if t1 == t0 else [0] * buckets
        width = (t1 - t0) / buckets
        mantissa, exp = math.frexp(width)
        level = exp - 1
        if mantissa == 0.5 and MIN_LEVEL <= level <= MAX_LEVEL and t0 % width == 0:
            return self._aligned(int(t0), level, buckets, lane)
        fine = min(MAX_LEVEL, math.floor(math.log2(width)) - 2)
        if fine < MIN_LEVEL:
            return self._from_items(t0, t1, buckets, lane)
        return self._snapped(t0, width, buckets, fine, lane)

    def _bucket_rows(
        self, kind: str, lane: int, level: int, first: int, n: int
    ) -> tuple[list[int], list[int]]:
        """Starts and ends of ``n`` buckets of a level from bucket ``first`` on."""
        starts, ends = [0] * n, [0] * n
        rows = self.conn.execute(
            "SELECT bucket, starts, ends FROM timeline_counts WHERE kind = ? AND lane_key = ? "
            "AND level = ? AND bucket >= ? AND bucket < ?",
            [kind, lane, level, first, first + n],
        )
        for bucket, s, e in rows:
            starts[bucket - first] = s
            ends[bucket - first] = e
        return starts, ends

    def _edges(
        self, kind: str, lane: int, level: int, first: int, n: int
    ) -> tuple[list[int], list[int]]:
        """Items starting and ending before each of the n + 1 grid edges from ``first``."""
        starts, ends = self._bucket_rows(kind, lane, level, first, n)
        x0 = first << level
        s0 = self._prefix(kind, lane, "starts", x0)
        e0 = self._prefix(kind, lane, "ends", x0)
        return list(accumulate(starts, initial=s0)), list(accumulate(ends, initial=e0))

    def _aligned(self, t0: int, level: int, n: int, lane: int | None) -> list[int]:
        first = t0 >> level
        end = (first + n) << level
        total = [0] * n
        for kind, key in self._pairs(lane):
            started, ended = self._edges(kind, key, level, first, n)
            # The last bucket is closed: items starting exactly at its end count too.
            at_end = self.conn.execute(
                f"SELECT COUNT(*) FROM {ITEM_TABLES[kind]} WHERE {_lane_where(key)} "
                "AND date_earliest = ?",
                [end],
            ).fetchone()[0]
            for i in range(n):
                total[i] += started[i + 1] - ended[i]
            total[-1] += at_end
        return total

    def _snapped(self, t0: float, width: float, n: int, level: int, lane: int | None) -> list[int]:
        step = float(1 << level)
        first = math.floor(t0 / step)
        cells = math.ceil((t0 + n * width) / step) - first + 1
        # Each bucket edge as a grid index, rounded to the nearest grid point.
        at = [min(cells, max(0, round((t0 + i * width) / step) - first)) for i in range(n + 1)]
        total = [0] * n
        for kind, key in self._pairs(lane):
            started, ended = self._edges(kind, key, level, first, cells)
            for i in range(n):
                total[i] += started[at[i + 1]] - ended[at[i]]
        return total

    def _from_items(self, t0: float, t1: float, n: int, lane: int | None) -> list[int]:
        """A narrow window's histogram, binned from its items."""
        ids, starts, ends, lanes = [], [], [], []
        for kind, key in self._pairs(lane):
            for e, item_id, late in self._overlapping(kind, key, t0, t1):
                ids.append(item_key(kind, item_id))
                starts.append(float(e))
                ends.append(float(late))
                lanes.append(key)
        return TimeIndex(ids, starts, ends, lanes).histogram(t0, t1, n)

    # ------------------------------------------------------------ listing

    def _overlapping(
        self, kind: str, lane: int, t0: float, t1: float
    ) -> list[tuple[int, int, int]]:
        """(earliest, id, latest) of a lane's items of one kind overlapping t0..t1."""
        classes = self._classes.get((kind, lane))
        if classes is None:
            classes = self._classes[(kind, lane)] = summaries.span_classes(self.conn, kind, lane)
        return summaries.overlapping(self.conn, kind, lane, math.ceil(t0), math.floor(t1), classes)

    def ids_in(
        self, t0: float, t1: float, lane: int | None = None, limit: int | None = None
    ) -> list[int]:
        """The keys of items overlapping t0..t1, by earliest then key, at most ``limit``."""
        if t1 < t0 or (limit is not None and limit <= 0):
            return []
        found = [
            (e, item_key(kind, item_id))
            for kind, key in self._pairs(lane)
            for e, item_id, _ in self._overlapping(kind, key, t0, t1)
        ]
        found.sort()
        return [k for _, k in found[:limit]]
