"""The most important items of a time window, answered from arrays in memory.

A crowded lane's frame asks, slice by slice of a grid, for the few most important items
overlapping each slice (see ``TimelineData.ranked``). The project file answers that
with a few index seeks per rank of the lane (``citeline.core.queries.ranked_keys``),
which is quick once but adds up to dozens of statements in the first frame at a new
zoom level. :class:`RankIndex` holds the same rank index as the file, as compact
arrays (about 32 bytes an item), and answers the same question with bisections:
exactly the items, in exactly the order, the file gives.

The order is the rank index's: by kind and lane, then rank (importance, then the
number of evidence passages, highest first), then duration class, then start and id.
Within one rank the earliest overlapping items are taken first; an item of duration
class ``c`` (a duration below ``2**c`` seconds) overlapping a window that starts at
``lo`` starts after ``lo - 2**c``, so each class is looked at over a short stretch.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from heapq import merge
from itertools import groupby, islice
from operator import itemgetter
from typing import TypeVar

#: (kind, lane key, importance, evidence, span class, earliest, id, latest): a row of
#: the file's span summary, in the rank index's order.
SpanRow = tuple[str, int, int, int, int, int, int, int]

#: One duration class's items of a tier: (class, starts, ids, ends) by (start, id).
Run = tuple[int, "array[int]", "array[int]", "array[int]"]
#: A run with its kind, lane and rank: (kind, lane, importance, evidence, *Run).
TierRun = tuple[str, int, int, int, int, "array[int]", "array[int]", "array[int]"]

_TIER = itemgetter(0, 1, 2, 3)
_RUN = itemgetter(0, 1, 2, 3, 4)
_START = itemgetter(5)
_ID = itemgetter(6)
_END = itemgetter(7)


class _Tier:
    """The items of one rank of one kind in one lane: duration class by class, each
    class's items by (start, id), as three parallel arrays with the classes' bounds."""

    __slots__ = ("bounds", "ends", "evidence", "ids", "importance", "reach", "sorted", "starts")

    def __init__(self, importance: int, evidence: int, runs: Sequence[Run]) -> None:
        self.importance = importance
        self.evidence = evidence
        self.starts, self.ids, self.ends = array("q"), array("q"), array("q")
        #: (span class, first, end) of each class's run in the arrays
        self.bounds: list[tuple[int, int, int]] = []
        for c, starts, ids, ends in runs:
            i = len(self.starts)
            self.starts += starts
            self.ids += ids
            self.ends += ends
            if self.bounds and self.bounds[-1][0] == c:  # a class read in parts
                self.bounds[-1] = (c, self.bounds[-1][1], len(self.starts))
            else:
                self.bounds.append((c, i, len(self.starts)))
        #: every start, sorted, and how far before a window an item may start and reach
        #: into it: a window with no start in (lo - reach, hi] holds none of this rank
        self.sorted = array("q", sorted(self.starts))
        self.reach = 1 << max(c for c, _, _ in self.bounds)

    def _stretches(self, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """For each duration class with an item that may overlap [lo, hi]: (i, m, j),
        its items starting in (lo - 2**class, lo) at i..m (they overlap only if they end
        by lo) and in [lo, hi] at m..j."""
        s = self.sorted
        if bisect_right(s, hi) == bisect_right(s, lo - self.reach):
            return []
        starts = self.starts
        out = []
        for c, a, b in self.bounds:
            i = bisect_right(starts, lo - (1 << c), a, b)
            j = bisect_right(starts, hi, i, b)
            if i != j:
                out.append((i, bisect_left(starts, lo, i, j), j))
        return out

    def every(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """(start, id) of every item with start <= hi and end >= lo, unordered."""
        starts, ends, ids = self.starts, self.ends, self.ids
        out: list[tuple[int, int]] = []
        for i, m, j in self._stretches(lo, hi):
            out += [(starts[k], ids[k]) for k in range(i, m) if ends[k] >= lo]
            out += zip(starts[m:j], ids[m:j], strict=True)
        return out

    def first(self, lo: int, hi: int, n: int) -> list[tuple[int, int]]:
        """(start, id) of the first ``n`` items by (start, id) with start <= hi and
        end >= lo (as ``summaries.first_of_tier``)."""
        starts, ends, ids = self.starts, self.ends, self.ids
        runs: list[list[tuple[int, int]]] = []
        for i, m, j in self._stretches(lo, hi):
            # Those starting before lo reach into the window only if they end in it.
            run = [(starts[k], ids[k]) for k in range(i, m) if ends[k] >= lo][:n]
            if len(run) < n:
                stop = min(j, m + n - len(run))
                run += zip(starts[m:stop], ids[m:stop], strict=True)
            runs.append(run)
        if not runs:
            return []
        if len(runs) == 1:
            return runs[0][:n]
        return list(islice(merge(*runs), n))


#: An item found for a rank question: its rank key (-importance, -evidence, start,
#: kind, id), its kind and its evidence count.
Found = tuple[tuple[int, int, int, str, int], str, int]
T = TypeVar("T")


def take_ranked(
    found: list[Found],
    kind: str,
    tiers: Iterable[tuple[int, int, T]],
    first: Callable[[T, int], list[tuple[int, int]]],
    limit: int,
) -> None:
    """Add to ``found`` the most important items of one kind (in one lane), rank by
    rank: ``tiers`` gives each rank's (importance, evidence, tier), highest first, and
    ``first(tier, n)`` its first ``n`` (start, id) in the window. Ranks compare across
    kinds and lanes, so once ``limit`` items rank above a tier, neither it nor the lower
    ones can enter. The file's answer (``queries.ranked_keys``) and the one from memory
    (:class:`RankIndex`) are both made so."""
    taken = 0
    for imp, n, tier in tiers:
        if len(found) >= limit:
            found.sort()
            del found[limit:]
            if found[-1][0][:2] < (-imp, -n):
                break
        rows = first(tier, limit - taken)
        found.extend(((-imp, -n, e, kind, i), kind, n) for e, i in rows)
        taken += len(rows)
        if taken >= limit:
            break


def best_of(found: list[Found], limit: int) -> list[tuple[str, int, int]]:
    """(kind, id, evidence count) of the ``limit`` most important of ``found``."""
    found.sort()
    return [(kind, rank[4], n) for rank, kind, n in found[:limit]]


class RankIndex:
    """The rank index of a project's items (of some kinds), for ``ranked`` answers."""

    def __init__(self, rows: Iterable[SpanRow] = ()) -> None:
        #: (kind, lane key) -> its ranks, highest first
        self._tiers: dict[tuple[str, int], list[_Tier]] = {}
        self._size = 0
        runs = (
            (
                *key,
                array("q", map(_START, part)),
                array("q", map(_ID, part)),
                array("q", map(_END, part)),
            )
            for key, part in ((k, list(g)) for k, g in groupby(rows, key=_RUN))
        )
        self._add(runs)

    @classmethod
    def from_runs(cls, runs: Iterable[TierRun]) -> RankIndex:
        """An index of runs of items of one kind, lane, rank and duration class, each
        run's (start, id, end) by (start, id), in the rank index's order."""
        index = cls()
        index._add(runs)
        return index

    def _add(self, runs: Iterable[TierRun]) -> None:
        for (kind, lane, importance, evidence), tier in groupby(runs, key=_TIER):
            parts = [(c, starts, ids, ends) for *_, c, starts, ids, ends in tier]
            self._size += sum(len(p[1]) for p in parts)
            self._tiers.setdefault((kind, lane), []).append(_Tier(importance, evidence, parts))
        for tiers in self._tiers.values():
            # Rows come in the rank index's order; a caller's other order is fixed here.
            tiers.sort(key=lambda t: (-t.importance, -t.evidence))

    def __len__(self) -> int:
        return self._size

    def keys(
        self, lane: int, t0: float, t1: float, limit: int, kinds: Sequence[str]
    ) -> list[tuple[str, int, int]]:
        """(kind, id, evidence count) of the ``limit`` most important items of ``lane``
        overlapping [t0, t1), most important first: what
        ``citeline.core.queries.ranked_keys`` reads from the file for one lane."""
        if limit <= 0:
            return []
        # latest > t0 is latest >= floor(t0) + 1: whole seconds (as in the file).
        lo, hi = math.floor(t0) + 1, math.floor(t1)
        found: list[Found] = []
        for kind in kinds:
            take_ranked(
                found,
                kind,
                ((t.importance, t.evidence, t) for t in self._tiers.get((kind, lane), ())),
                lambda tier, n: tier.first(lo, hi, n),
                limit,
            )
        return best_of(found, limit)

    def overlapping(
        self, lane: int, t0: float, t1: float, kinds: Sequence[str]
    ) -> list[tuple[int, str, int, int]]:
        """(earliest, kind, id, evidence count) of every item of ``lane`` overlapping
        [t0, t1), in date order (earliest, kind, id): the items
        ``citeline.core.queries.items_in`` reads from the file for one lane."""
        lo, hi = math.floor(t0) + 1, math.floor(t1)
        out: list[tuple[int, str, int, int]] = []
        for kind in kinds:
            for tier in self._tiers.get((kind, lane), ()):
                n = tier.evidence
                out += [(e, kind, i, n) for e, i in tier.every(lo, hi)]
        out.sort()
        return out
