"""How many items of each lane start and end before each finest bucket, in memory.

:class:`~citeline.core.windows.WindowIndex` counts what starts before an instant from
the file's count pyramid: one cell per level, read by a statement in every frame whose
window ends moved. :class:`CountPrefix` holds the running totals of the pyramid's finest
level instead (about 24 bytes a non-empty bucket of a lane: a few MB for a million
items), so the same numbers are one bisection. What lies inside the finest bucket
itself is still counted from the item tables, as before.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left


class CountPrefix:
    """Per lane: its non-empty finest buckets in order, and how many items start and
    end before each (running totals, one longer than the buckets)."""

    def __init__(self, lanes: dict[int, tuple[array[int], array[int], array[int]]]) -> None:
        for buckets, starts, ends in lanes.values():
            if not len(starts) == len(ends) == len(buckets) + 1:
                raise ValueError("a lane's running totals must be one longer than its buckets")
        self._lanes = lanes

    def before(self, lane: int, which: int, bucket: int) -> int:
        """Items of ``lane`` starting (``which`` 0) or ending (1) in buckets before
        ``bucket`` of the finest level."""
        got = self._lanes.get(lane)
        if got is None:
            return 0
        buckets, starts, ends = got
        i = bisect_left(buckets, bucket)
        return starts[i] if which == 0 else ends[i]
