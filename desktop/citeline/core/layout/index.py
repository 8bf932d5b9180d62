"""A time index over every item of a project, for counting and fetching what is visible.

An item is a closed interval earliest..latest (seconds; equal for an instant) in one
lane. It overlaps a window t0..t1 when ``earliest <= t1 and latest >= t0``. Counting
uses two sorted arrays per lane, one of starts and one of ends:

    overlapping = #(earliest <= t1) - #(latest < t0)

which holds because an item ending before t0 also starts before t1. That is two
bisections whatever the durations, so a density histogram costs two bisections per
bucket edge and never looks at the items themselves.

Listing the items needs more: those starting inside the window are one slice of the
starts, but those starting earlier and still running at t0 are not contiguous. Items
are therefore also filed by duration class (durations below 2**k seconds in class k);
in class k a straddler starts within 2**k seconds before t0, so each class is scanned
over a short stretch, and one century-long item no longer forces a scan of a century
of short ones. A lane's classes are filed the first time it is listed, which keeps a
rebuild cheap and costs nothing for lanes only ever drawn as density strips.
"""

from __future__ import annotations

import heapq
import math
import operator
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import compress, islice, repeat
from typing import Protocol


class ItemIndex(Protocol):
    """What the timeline asks of an index of items by time and lane.

    :class:`TimeIndex` answers it from arrays in memory (a filter's matches, tests);
    ``citeline.core.windows.WindowIndex`` from the summaries kept in a project file.
    """

    @property
    def lanes(self) -> list[int]: ...

    def __len__(self) -> int: ...

    def __contains__(self, item_id: object) -> bool: ...

    def get(self, item_id: int) -> tuple[float, float, int]: ...

    def extent(self, lane: int | None = None) -> tuple[float, float] | None: ...

    def count(self, t0: float, t1: float, lane: int | None = None) -> int: ...

    def histogram(
        self, t0: float, t1: float, buckets: int, lane: int | None = None
    ) -> list[int]: ...

    def ids_in(
        self, t0: float, t1: float, lane: int | None = None, limit: int | None = None
    ) -> list[int]: ...


class _Sorted:
    """Items sorted by (earliest, id): their starts, ends and ids as parallel arrays."""

    __slots__ = ("ends", "ids", "starts")

    def __init__(self) -> None:
        self.starts = array("d")
        self.ends = array("d")
        self.ids = array("q")

    def position(self, earliest: float, item_id: int) -> int:
        """Where an item with these keys is, or would go."""
        lo = bisect_left(self.starts, earliest)
        hi = bisect_right(self.starts, earliest, lo)
        return bisect_left(self.ids, item_id, lo, hi)

    def insert(self, earliest: float, latest: float, item_id: int) -> None:
        i = self.position(earliest, item_id)
        self.starts.insert(i, earliest)
        self.ends.insert(i, latest)
        self.ids.insert(i, item_id)

    def remove(self, earliest: float, item_id: int) -> None:
        i = self.position(earliest, item_id)
        del self.starts[i]
        del self.ends[i]
        del self.ids[i]


class _Lane:
    """One lane: every item sorted by start, ends sorted alone, and duration classes."""

    __slots__ = ("all", "classes", "sorted_ends")

    def __init__(self) -> None:
        self.all = _Sorted()
        self.sorted_ends = array("d")
        # Filed on the first listing: counts and histograms never need the classes,
        # and a crowded lane drawn as a density strip is never listed.
        self.classes: dict[int, _Sorted] | None = None


def _duration_class(earliest: float, latest: float) -> int | None:
    """The k with duration < 2**k (None for an instant, which cannot straddle t0)."""
    duration = latest - earliest
    if duration <= 0:
        return None
    return math.frexp(duration)[1]


class TimeIndex:
    """Items by time and lane, answering counts, id lists and histograms for a window."""

    def __init__(
        self,
        ids: Sequence[int] = (),
        earliest: Sequence[float] = (),
        latest: Sequence[float] = (),
        lanes: Sequence[int] = (),
    ) -> None:
        # Built from whole columns with sorts and C-level maps rather than a Python loop
        # per item: a 100,000-item project is re-indexed after a bulk edit or import.
        n = len(ids)
        if not len(earliest) == len(latest) == len(lanes) == n:
            raise ValueError("ids, earliest, latest and lanes must have the same length")
        # Lists, not arrays, for sorting and gathering: indexing a list hands back the
        # stored float, while an array makes a new one on every access.
        starts_in = list(earliest)
        ends_in = list(latest)
        if not (all(map(math.isfinite, starts_in)) and all(map(math.isfinite, ends_in))):
            raise ValueError("item times must be finite")
        if any(map(operator.gt, starts_in, ends_in)):
            raise ValueError("an item cannot end before it starts")
        if len(set(ids)) != n:
            raise ValueError("item ids must be unique")
        self._lanes: dict[int, _Lane] = {}
        self._count = n
        # Built on the first edit or lookup by id; drawing never needs it.
        self._items: dict[int, tuple[float, float, int]] | None = None
        # Stable sorts by id, then start, then lane give (lane, start, id) order without
        # tuple keys; ids usually arrive sorted, which makes the first sort one pass.
        order = list(range(n))
        if any(map(operator.gt, ids, islice(ids, 1, None))):
            order.sort(key=ids.__getitem__)
        order.sort(key=starts_in.__getitem__)
        order.sort(key=lanes.__getitem__)
        first = 0
        for lane, size in sorted(Counter(lanes).items()):
            part = order[first : first + size]
            first += size
            starts = list(map(starts_in.__getitem__, part))
            ends = list(map(ends_in.__getitem__, part))
            entry = self._lanes[lane] = _Lane()
            entry.all.starts = array("d", starts)
            entry.all.ends = array("d", ends)
            entry.all.ids = array("q", list(map(ids.__getitem__, part)))
            entry.sorted_ends = array("d", sorted(ends))

    @classmethod
    def from_sorted(
        cls, lanes: dict[int, tuple[array[float], array[float], array[int], array[float]]]
    ) -> TimeIndex:
        """An index of lanes given as arrays already in the index's order: per lane its
        items' starts, ends and ids by (start, id), and its ends sorted alone."""
        index = cls()
        for lane, (starts, ends, ids, sorted_ends) in lanes.items():
            if not len(starts) == len(ends) == len(ids) == len(sorted_ends):
                raise ValueError("a lane's arrays must have the same length")
            if not ids:
                continue
            entry = index._lanes[lane] = _Lane()
            entry.all.starts, entry.all.ends, entry.all.ids = starts, ends, ids
            entry.sorted_ends = sorted_ends
            index._count += len(ids)
        return index

    def _item_map(self) -> dict[int, tuple[float, float, int]]:
        if self._items is None:
            items: dict[int, tuple[float, float, int]] = {}
            for lane, entry in self._lanes.items():
                times = zip(entry.all.starts, entry.all.ends, repeat(lane), strict=False)
                items.update(zip(entry.all.ids, times, strict=False))
            self._items = items
        return self._items

    def __len__(self) -> int:
        return self._count

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._item_map()

    @property
    def lanes(self) -> list[int]:
        """The lanes holding at least one item, in ascending order."""
        return sorted(self._lanes)

    def extent(self, lane: int | None = None) -> tuple[float, float] | None:
        """The earliest start and latest end (of one lane), or None when empty."""
        entries = self._entries(lane)
        if not entries:
            return None
        return (
            min(entry.all.starts[0] for entry in entries),
            max(entry.sorted_ends[-1] for entry in entries),
        )

    def _entries(self, lane: int | None) -> list[_Lane]:
        if lane is None:
            return list(self._lanes.values())
        entry = self._lanes.get(lane)
        return [] if entry is None else [entry]

    def insert(self, item_id: int, earliest: float, latest: float, lane: int) -> None:
        """Add one item (O(n) array shifts: fine for edits made by hand)."""
        items = self._item_map()
        if item_id in items:
            raise ValueError(f"item {item_id} is already indexed")
        _check(earliest, latest)
        e, late = float(earliest), float(latest)
        items[item_id] = (e, late, lane)
        self._count += 1
        entry = self._lanes.get(lane)
        if entry is None:
            entry = self._lanes[lane] = _Lane()
        entry.all.insert(e, late, item_id)
        insort(entry.sorted_ends, late)
        k = _duration_class(e, late)
        if k is not None and entry.classes is not None:
            sub = entry.classes.get(k)
            if sub is None:
                sub = entry.classes[k] = _Sorted()
            sub.insert(e, late, item_id)

    def remove(self, item_id: int) -> None:
        """Drop one item; KeyError if it is not indexed."""
        e, late, lane = self._item_map().pop(item_id)
        self._count -= 1
        entry = self._lanes[lane]
        entry.all.remove(e, item_id)
        del entry.sorted_ends[bisect_left(entry.sorted_ends, late)]
        k = _duration_class(e, late)
        if k is not None and entry.classes is not None:
            entry.classes[k].remove(e, item_id)
            if not entry.classes[k].ids:
                del entry.classes[k]
        if not entry.all.ids:
            del self._lanes[lane]

    def update(self, item_id: int, earliest: float, latest: float, lane: int) -> None:
        """Move an item to new times or another lane (adding it if it is new)."""
        if item_id in self._item_map():
            self.remove(item_id)
        self.insert(item_id, earliest, latest, lane)

    def count(self, t0: float, t1: float, lane: int | None = None) -> int:
        """How many items (of ``lane``, or of all lanes) overlap the closed window t0..t1."""
        if t1 < t0:
            return 0
        return sum(
            bisect_right(entry.all.starts, t1) - bisect_left(entry.sorted_ends, t0)
            for entry in self._entries(lane)
        )

    def histogram(self, t0: float, t1: float, buckets: int, lane: int | None = None) -> list[int]:
        """Per bucket of t0..t1 cut in ``buckets`` equal parts, how many items overlap it.

        Buckets are half-open [b, b') except the last, which includes t1, so an instant
        is counted in exactly one bucket and a long item in every bucket it touches.
        """
        if buckets <= 0:
            return []
        if t1 < t0:
            return [0] * buckets
        if t1 == t0:
            # Every bucket but the last is empty; the last is the closed point t0..t0.
            return [0] * (buckets - 1) + [self.count(t0, t1, lane)]
        width = (t1 - t0) / buckets
        edges = [t0 + i * width for i in range(buckets)]
        total = [0] * buckets
        for entry in self._entries(lane):
            starts, ends = entry.all.starts, entry.sorted_ends
            # Items starting before each bucket's end, minus those ending before its
            # start; edges ascend, so each bisection starts where the last one ended.
            started: list[int] = []
            s = 0
            for edge in edges[1:]:
                s = bisect_left(starts, edge, s)
                started.append(s)
            started.append(bisect_right(starts, t1, s))
            ended: list[int] = []
            e = 0
            for edge in edges:
                e = bisect_left(ends, edge, e)
                ended.append(e)
            total = list(map(operator.add, total, map(operator.sub, started, ended)))
        return total

    def ids_in(
        self, t0: float, t1: float, lane: int | None = None, limit: int | None = None
    ) -> list[int]:
        """The ids of items overlapping t0..t1, by earliest then id, at most ``limit``."""
        if t1 < t0 or (limit is not None and limit <= 0):
            return []
        if lane is not None:
            entry = self._lanes.get(lane)
            if entry is None:
                return []
            return [item_id for _, item_id in _lane_entries(entry, t0, t1, limit)]
        # Each lane's own list is sorted, so merging them keeps the global order.
        per_lane = [_lane_entries(entry, t0, t1, limit) for entry in self._lanes.values()]
        merged = heapq.merge(*per_lane)
        return [item_id for _, item_id in islice(merged, limit)]

    def items(self) -> Iterable[tuple[int, float, float, int]]:
        """Every item as (id, earliest, latest, lane), in no particular order."""
        return ((i, e, late, lane) for i, (e, late, lane) in self._item_map().items())

    def get(self, item_id: int) -> tuple[float, float, int]:
        """The (earliest, latest, lane) of an item; KeyError if it is not indexed."""
        return self._item_map()[item_id]


def _classes(entry: _Lane) -> dict[int, _Sorted]:
    """The lane's duration classes, filed from its start-sorted items on first use."""
    if entry.classes is not None:
        return entry.classes
    entry.classes = {}
    starts, ends = entry.all.starts.tolist(), entry.all.ends.tolist()
    durations = list(map(operator.sub, ends, starts))
    # Instants (duration 0) never start before a window and reach into it: no class.
    positions = list(compress(range(len(durations)), durations))
    classes = [math.frexp(d)[1] for d in compress(durations, durations)]
    # A stable sort by class keeps each class in start order; bisection finds its run.
    ranked = sorted(range(len(positions)), key=classes.__getitem__)
    ranked_classes = list(map(classes.__getitem__, ranked))
    ids = entry.all.ids
    for k in sorted(set(classes)):
        lo = bisect_left(ranked_classes, k)
        hi = bisect_right(ranked_classes, k, lo)
        members = [positions[i] for i in ranked[lo:hi]]
        sub = entry.classes[k] = _Sorted()
        sub.starts = array("d", map(starts.__getitem__, members))
        sub.ends = array("d", map(ends.__getitem__, members))
        sub.ids = array("q", map(ids.__getitem__, members))
    return entry.classes


def _lane_entries(entry: _Lane, t0: float, t1: float, limit: int | None) -> list[tuple[float, int]]:
    """(earliest, id) of the lane's items overlapping t0..t1, in order, at most ``limit``."""
    # Items that started before t0 and are still running, from each duration class.
    straddling: list[tuple[float, int]] = []
    for k, sub in _classes(entry).items():
        lo = bisect_left(sub.starts, t0 - math.ldexp(1.0, k))
        hi = bisect_left(sub.starts, t0, lo)
        ends, starts, ids = sub.ends, sub.starts, sub.ids
        straddling.extend((starts[i], ids[i]) for i in range(lo, hi) if ends[i] >= t0)
    straddling.sort()
    if limit is not None and len(straddling) >= limit:
        return straddling[:limit]
    starts, ids = entry.all.starts, entry.all.ids
    lo = bisect_left(starts, t0)
    hi = bisect_right(starts, t1, lo)
    if limit is not None:
        hi = min(hi, lo + limit - len(straddling))
    straddling.extend(zip(starts[lo:hi], ids[lo:hi], strict=True))
    return straddling


def _check(earliest: float, latest: float) -> None:
    if not (math.isfinite(earliest) and math.isfinite(latest)):
        raise ValueError("item times must be finite")
    if latest < earliest:
        raise ValueError("an item cannot end before it starts")
