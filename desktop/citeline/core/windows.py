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
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from itertools import accumulate

from citeline.core import summaries
from citeline.core.layout.index import ItemIndex, TimeIndex
from citeline.core.prefix import CountPrefix
from citeline.core.store import Store
from citeline.core.summaries import ITEM_TABLES, MAX_LEVEL, MIN_LEVEL, NO_LANE

_TAGS = {"event": 0, "quote": 1}
#: Buckets of the count pyramid are read and kept in aligned runs of this many.
CHUNK = 256
#: A request for more chunks than this reads its buckets alone, without keeping them.
MAX_CHUNKS_READ = 64
#: Past this many kept rows the chunks are forgotten (a long session at fine levels).
MAX_CHUNK_ROWS = 200_000
#: A narrow window's items, read for its histogram, are read this many window widths
#: beyond it on each side and kept (at most NEAR_ITEMS a lane): the next pan and zoom
#: steps' counts and histograms are then bisections of them, not statements.
NEAR_MARGIN = 0.5
NEAR_ITEMS = 2048
_COLUMNS = ("date_earliest", "date_latest")


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
        self._sql: dict[tuple[object, ...], str] = {}
        self._kinds_sql = ", ".join(f"'{k}'" for k in kinds)
        self._cells: dict[int, dict[tuple[int, int], tuple[int, int]]] = {}
        self._counted: dict[tuple[int, int, int], int] = {}
        self._top: dict[int, list[tuple[int, tuple[int, int]]]] = {}
        #: (lane, level) -> chunk number -> the chunk's buckets, starts and ends
        self._chunks: dict[tuple[int, int], dict[int, tuple[array[int], ...]]] = {}
        self._chunk_rows = 0
        #: lane -> (c0, c1, every item of the lane overlapping c0..c1): what windows
        #: inside c0..c1 count and bin exactly, without a statement
        self._near: dict[int, tuple[float, float, TimeIndex]] = {}
        #: the running totals of the pyramid's finest level, once read into memory
        #: (see citeline.core.kept): prefixes are then bisections, not cells read
        self.prefix: CountPrefix | None = None

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
        return self.count(-(1 << 61), 1 << 61)

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

    def _lane_keys(self, lane: int | None) -> list[int]:
        return self.lanes if lane is None else [lane]

    def _buckets(self, lane: int, level: int, first: int, n: int) -> dict[int, tuple[int, int]]:
        """The pyramid's (starts, ends) by bucket for n buckets of a level, kinds summed."""
        rows = self.conn.execute(
            "SELECT bucket, SUM(starts), SUM(ends) FROM timeline_counts "
            f"WHERE kind IN ({self._kinds_sql}) AND lane_key = ? AND level = ? "
            "AND bucket >= ? AND bucket < ? GROUP BY bucket",
            [lane, level, first, first + n],
        )
        return {b: (s, e) for b, s, e in rows}

    def _bucket_rows(self, lane: int, level: int, first: int, n: int) -> list[tuple[int, int, int]]:
        """The pyramid's (bucket, starts, ends) rows for n buckets of a level from
        bucket ``first``, kinds summed, in bucket order.

        Rows are read in aligned chunks of CHUNK buckets and kept (as three arrays of
        8-byte integers, a quarter of the memory of tuples) until the next edit (a new
        index): the overview strip and the clusters ask for nearly the same buckets
        frame after frame, and a chunk read once answers every later frame.
        """
        end = first + n
        if n > CHUNK * MAX_CHUNKS_READ:
            return self._read_buckets(lane, level, first, end)
        cache = self._chunks.setdefault((lane, level), {})
        c0, c1 = first // CHUNK, (end - 1) // CHUNK
        missing = [c for c in range(c0, c1 + 1) if c not in cache]
        if missing:
            if self._chunk_rows > MAX_CHUNK_ROWS:
                self._chunks.clear()
                self._chunk_rows = 0
                cache = self._chunks.setdefault((lane, level), {})
                missing = list(range(c0, c1 + 1))
            read = self._read_buckets(lane, level, missing[0] * CHUNK, (missing[-1] + 1) * CHUNK)
            keys = [r[0] for r in read]
            for c in missing:
                got = read[bisect_left(keys, c * CHUNK) : bisect_left(keys, (c + 1) * CHUNK)]
                columns = zip(*got, strict=True)
                cache[c] = tuple(array("q", column) for column in columns) if got else ()
                self._chunk_rows += len(got)
        out: list[tuple[int, int, int]] = []
        for c in range(c0, c1 + 1):
            chunk = cache[c]
            if not chunk:
                continue
            buckets, starts, ends = chunk
            # Only the first and last chunks reach outside the buckets asked for.
            i, j = bisect_left(buckets, first), bisect_left(buckets, end)
            out += zip(buckets[i:j], starts[i:j], ends[i:j], strict=True)
        return out

    def _read_buckets(self, lane: int, level: int, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """(bucket, starts, ends) of buckets lo..hi-1 of a level, kinds summed, in order."""
        return sorted((b, s, e) for b, (s, e) in self._buckets(lane, level, lo, hi - lo).items())

    def _whole(self, lane: int, which: int, x: int) -> int:
        """Items of a lane starting (``which`` 0) or ending (1) before bucket ``x >> MIN_LEVEL``.

        A prefix of the pyramid: at most one bucket per level, plus the top level's run.
        Buckets read are kept until the next edit (a new index), and those missing are
        read in one statement, so the frames of a pan or zoom read little.
        """
        if self.prefix is not None:
            return self.prefix.before(lane, which, x >> MIN_LEVEL)
        p = x >> MAX_LEVEL  # the bucket of the top level the point falls in
        wanted = _cells_before(x)
        self._read_cells({lane: wanted})
        cache = self._cells[lane]
        total = sum(cache[w][which] for w in wanted)
        top = self._top.get(lane)
        if top is None:
            top = self._top[lane] = sorted(
                self._buckets(lane, MAX_LEVEL, -(1 << 40), 1 << 41).items()
            )
        return total + sum(v[which] for b, v in top if b < p)

    def _read_cells(self, wanted: dict[int, list[tuple[int, int]]]) -> None:
        """Read the pyramid cells (level, bucket) wanted per lane that are not kept yet,
        for every lane at once in one statement, and keep them."""
        terms: list[str] = []
        params: list[int] = []
        for lane, cells in wanted.items():
            cache = self._cells.setdefault(lane, {})
            for w in dict.fromkeys(cells):
                if w not in cache:
                    cache[w] = (0, 0)
                    terms.append("(lane_key = ? AND level = ? AND bucket = ?)")
                    params += (lane, *w)
        if not terms:
            return
        rows = self.conn.execute(
            "SELECT lane_key, level, bucket, SUM(starts), SUM(ends) FROM timeline_counts "
            f"WHERE kind IN ({self._kinds_sql}) AND ({' OR '.join(terms)}) "
            "GROUP BY lane_key, level, bucket",
            params,
        )
        for lane, level, bucket, st, en in rows:
            self._cells[lane][(level, bucket)] = (st, en)

    def _partials(self, lanes: list[int], x1: int, x0: int) -> list[tuple[int, int]]:
        """Per lane, the items starting from x1's finest bucket to before x1, and those
        ending from x0's finest bucket to before x0: one statement for all the lanes."""
        key = ("lanes", tuple(lanes))
        sql = self._sql.get(key)
        if sql is None:
            parts = []
            for lane in lanes:
                where = "lane_id IS NULL" if lane == NO_LANE else f"lane_id = {int(lane)}"
                for n, column in enumerate(_COLUMNS):
                    parts.append(
                        " + ".join(
                            f"(SELECT COUNT(*) FROM {ITEM_TABLES[kind]} WHERE {where} "
                            f"AND {column} >= :lo{n} AND {column} < :x{n})"
                            for kind in self.kinds
                        )
                    )
            sql = self._sql[key] = "SELECT " + ", ".join(parts)
        params = {
            "lo0": (x1 >> MIN_LEVEL) << MIN_LEVEL,
            "x0": x1,
            "lo1": (x0 >> MIN_LEVEL) << MIN_LEVEL,
            "x1": x0,
        }
        row = self.conn.execute(sql, params).fetchone()
        return [(int(row[2 * i]), int(row[2 * i + 1])) for i in range(len(lanes))]

    def _partial_sql(self, lane: int, columns: tuple[str, ...]) -> str:
        """SQL counting, per date column, the items of a lane from ``:loN`` to before ``:xN``.

        That is the part of the finest bucket a point falls in, counted exactly from the
        item tables' (lane, date) indexes; the text is compiled once per shape.
        """
        key = (lane == NO_LANE, columns)
        sql = self._sql.get(key)
        if sql is None:
            where = "lane_id IS NULL" if lane == NO_LANE else "lane_id = :lane"
            sums = [
                " + ".join(
                    f"(SELECT COUNT(*) FROM {ITEM_TABLES[kind]} WHERE {where} "
                    + (
                        f"AND date_earliest = :x{n})"
                        if column == "at"
                        else f"AND {column} >= :lo{n} AND {column} < :x{n})"
                    )
                    for kind in self.kinds
                )
                for n, column in enumerate(columns)
            ]
            sql = self._sql[key] = "SELECT " + ", ".join(sums)
        return sql

    def _prefixes(
        self, lane: int, points: list[tuple[int, int]], at: int | None = None
    ) -> list[int]:
        """Items of a lane starting (which 0) or ending (1) before each (which, x) point;
        with ``at``, also how many start exactly at instant ``at``."""
        columns = tuple(_COLUMNS[w] for w, _ in points) + (("at",) if at is not None else ())
        params: dict[str, int] = {"lane": lane}
        for n, (_, x) in enumerate(points):
            params[f"lo{n}"] = (x >> MIN_LEVEL) << MIN_LEVEL
            params[f"x{n}"] = x
        if at is not None:
            params[f"x{len(points)}"] = at
        parts = self.conn.execute(self._partial_sql(lane, columns), params).fetchone()
        out = [
            self._whole(lane, w, x) + int(part)
            for (w, x), part in zip(points, parts[: len(points)], strict=True)
        ]
        return out + ([int(parts[-1])] if at is not None else [])

    def count(self, t0: float, t1: float, lane: int | None = None) -> int:
        """How many items (of ``lane``, or of all lanes) overlap the closed window t0..t1."""
        if t1 < t0:
            return 0
        x1, x0 = math.floor(t1) + 1, math.ceil(t0)
        total = 0
        memo = self._counted
        keys: list[int] = []
        for key in self._lane_keys(lane):
            near = self._near_of(key, t0, t1)
            if near is None:
                keys.append(key)
            else:
                total += near.count(t0, t1, key)
        todo = [k for k in keys if (k, x1, x0) not in memo]
        if len(todo) > 1:
            # Every lane's count of one window (as each frame asks): their cells and the
            # partial buckets at the window's ends in two statements, not two per lane.
            if len(memo) > 100_000:
                memo.clear()
            if self.prefix is None:
                self._read_cells({k: _cells_before(x1) + _cells_before(x0) for k in todo})
            for k, (started, ended) in zip(todo, self._partials(todo, x1, x0), strict=True):
                memo[(k, x1, x0)] = (self._whole(k, 0, x1) + started) - (
                    self._whole(k, 1, x0) + ended
                )
        for key in keys:
            # Clusters and strips sit on grids fixed in time: the same counts come back
            # frame after frame while the user pans, and are kept until the next edit.
            n = memo.get((key, x1, x0))
            if n is None:
                if len(memo) > 100_000:
                    memo.clear()
                started, ended = self._prefixes(key, [(0, x1), (1, x0)])
                n = memo[(key, x1, x0)] = started - ended
            total += n
        return total

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
        aligned, fine = _shape(t0, t1, buckets)
        level = math.frexp(width)[1] - 1
        if lane is not None and (aligned or fine < MIN_LEVEL):
            # Exact either way: from the items kept around the window when there are.
            near = self._near_of(lane, t0, t1)
            if near is None and not aligned and fine < MIN_LEVEL:
                near = self._read_near(lane, t0, t1)
            if near is not None:
                return near.histogram(t0, t1, buckets, lane)
        if aligned:
            return self._grid(int(t0) >> level, level, buckets, list(range(buckets + 1)), lane)
        if fine < MIN_LEVEL:
            return self._from_items(t0, t1, buckets, lane)
        step = float(1 << fine)
        first = math.floor(t0 / step)
        cells = math.ceil((t0 + buckets * width) / step) - first + 1
        # Each bucket edge as a grid index, rounded to the nearest grid point.
        at = [
            min(cells, max(0, round((t0 + i * width) / step) - first)) for i in range(buckets + 1)
        ]
        return self._grid(first, fine, cells, at, lane)

    def _grid(
        self, first: int, level: int, cells: int, at: list[int], lane: int | None
    ) -> list[int]:
        """Overlap counts between grid edges ``at`` (indexes into ``cells`` buckets of a
        level from bucket ``first``); the last bucket also holds items starting at its end."""
        x0, end = first << level, (first + at[-1]) << level
        n = len(at) - 1
        total = [0] * n
        if self.prefix is not None:
            # Every edge lies on the finest level's grid: its running totals answer.
            before = self.prefix.before
            shift = level - MIN_LEVEL
            for key in self._lane_keys(lane):
                edges = [(first + a) << shift for a in at]
                started = [before(key, 0, b) for b in edges[1:]]
                ended = [before(key, 1, b) for b in edges[:-1]]
                for i in range(n):
                    total[i] += started[i] - ended[i]
                total[-1] += self._starting_at(key, end)
            return total
        for key in self._lane_keys(lane):
            # Started before x0 minus ended before x0: what overlaps x0 from before.
            s0, e0, closing = self._prefixes(key, [(0, x0), (1, x0)], at=end)
            starts, ends = [0] * cells, [0] * cells
            for bucket, s, e in self._bucket_rows(key, level, first, cells):
                starts[bucket - first] = s
                ends[bucket - first] = e
            started = list(accumulate(starts, initial=s0))
            ended = list(accumulate(ends, initial=e0))
            for i in range(n):
                total[i] += started[at[i + 1]] - ended[at[i]]
            total[-1] += closing
        return total

    def _starting_at(self, lane: int, at: int) -> int:
        """How many items of a lane start exactly at instant ``at``."""
        row = self.conn.execute(self._partial_sql(lane, ("at",)), {"lane": lane, "x0": at})
        return int(row.fetchone()[0])

    def exact(self, t0: float, t1: float, buckets: int) -> bool:
        """Whether :meth:`histogram` answers these buckets exactly (their edges are a
        level of the pyramid, or finer than its finest) rather than rounded."""
        if buckets <= 0 or t1 <= t0:
            return True
        aligned, fine = _shape(t0, t1, buckets)
        return aligned or fine < MIN_LEVEL

    def _near_of(self, lane: int, t0: float, t1: float) -> TimeIndex | None:
        """The items kept around ``lane``'s window t0..t1, if they cover it."""
        got = self._near.get(lane)
        if got is None or t0 < got[0] or t1 > got[1]:
            return None
        return got[2]

    def _read_near(self, lane: int, t0: float, t1: float) -> TimeIndex | None:
        """Read and keep the items of ``lane`` overlapping t0..t1 widened by NEAR_MARGIN
        windows each side (None, keeping nothing, when there are over NEAR_ITEMS)."""
        span = t1 - t0
        c0, c1 = t0 - span * NEAR_MARGIN, t1 + span * NEAR_MARGIN
        if self.count(c0, c1, lane) > NEAR_ITEMS:
            return None
        # Only their times: counts and histograms are all that is asked of them, so
        # their keys in the index kept are their places in start order.
        rows: list[tuple[int, ...]] = []
        for kind, key in self._pairs(lane):
            rows += self._overlapping(kind, key, c0, c1, columns="earliest, latest")
        rows.sort()
        starts = array("d", [float(r[0]) for r in rows])
        ends = array("d", [float(r[1]) for r in rows])
        near = TimeIndex.from_sorted(
            {lane: (starts, ends, array("q", range(len(rows))), array("d", sorted(ends)))}
        )
        self._near[lane] = (c0, c1, near)
        return near

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
        self, kind: str, lane: int, t0: float, t1: float, columns: str = "earliest, id, latest"
    ) -> list[tuple[int, ...]]:
        """(earliest, id, latest), or other ``columns``, of a lane's items of one kind
        overlapping t0..t1."""
        classes = self._classes.get((kind, lane))
        if classes is None:
            classes = self._classes[(kind, lane)] = summaries.span_classes(self.conn, kind, lane)
        return summaries.overlapping(
            self.conn, kind, lane, math.ceil(t0), math.floor(t1), classes, columns=columns
        )

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


def _shape(t0: float, t1: float, buckets: int) -> tuple[bool, int]:
    """Whether buckets of t0..t1 are a level of the pyramid, aligned; and the level of
    the grid four times finer than them that a rounded histogram is read from."""
    width = (t1 - t0) / buckets
    mantissa, exp = math.frexp(width)
    level = exp - 1
    aligned = mantissa == 0.5 and MIN_LEVEL <= level <= MAX_LEVEL and t0 % width == 0
    return aligned, min(MAX_LEVEL, math.floor(math.log2(width)) - 2)


def _cells_before(x: int) -> list[tuple[int, int]]:
    """The pyramid cells (level, bucket) whose sum counts what lies before instant
    ``x``'s finest bucket: at most one per level (the binary digits of its number)."""
    p = x >> MIN_LEVEL
    wanted: list[tuple[int, int]] = []
    for level in range(MIN_LEVEL, MAX_LEVEL):
        if p & 1:
            wanted.append((level, p - 1))
        p >>= 1
    return wanted


class Restricted:
    """The items of an index in some lanes that overlap a date range: what a filter by
    lanes and dates leaves, counted from the index itself rather than from a list of
    every item that passes.

    Intervals that pairwise overlap share a point, so an item overlapping both a window
    and the range overlaps their intersection: inside the range, a count is the index's
    count over the intersection. Outside it, only items that cross one of the range's
    edges can count; ``edges`` indexes those (few: the items spanning two instants).
    """

    def __init__(
        self,
        index: ItemIndex,
        lanes: frozenset[int] | None,
        start: float | None,
        end: float | None,
        edges: ItemIndex | None = None,
    ) -> None:
        self.index = index
        self.only = lanes
        self.start = -math.inf if start is None else start
        self.end = math.inf if end is None else end
        self.edges = edges if edges is not None else TimeIndex()

    def _lanes(self, lane: int | None) -> list[int | None]:
        if self.only is None:
            return [lane]
        return [k for k in sorted(self.only) if lane is None or k == lane]

    def count(self, t0: float, t1: float, lane: int | None = None) -> int:
        """How many items of the restriction overlap the closed window t0..t1."""
        lo, hi = max(t0, self.start), min(t1, self.end)
        if hi < lo:
            return self.edges.count(t0, t1, lane)
        return sum(self.index.count(lo, hi, k) for k in self._lanes(lane))

    def histogram(self, t0: float, t1: float, buckets: int, lane: int | None = None) -> list[int]:
        """Per bucket of t0..t1 cut in ``buckets`` equal parts, how many items of the
        restriction overlap it (as :meth:`WindowIndex.histogram`)."""
        total = [0] * max(0, buckets)
        for k in self._lanes(lane):
            for i, n in enumerate(self.index.histogram(t0, t1, buckets, k)):
                total[i] += n
        if buckets <= 0 or (self.start == -math.inf and self.end == math.inf):
            return total
        outside = self.edges.histogram(t0, t1, buckets, lane)
        width = (t1 - t0) / buckets
        for i in range(buckets):
            b0, b1 = t0 + i * width, t0 + (i + 1) * width
            if b1 <= self.start or b0 >= self.end:
                total[i] = outside[i]
            elif b0 < self.start or b1 > self.end:
                # A bucket the range cuts: what overlaps the part of it inside the range.
                total[i] = self.count(b0, b1, lane)
        return total
