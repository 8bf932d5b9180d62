"""Calendar-aligned ticks for the time axis, from tens of millennia down to minutes.

Labels are meant to be drawn centred on their tick. ``choose_ticks`` picks the finest
step whose centred labels keep ``min_spacing`` pixels apart, measured with the caller's
``measure`` so the same choice is made on screen and in every export.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from citeline.core.calendar import (
    SECONDS_PER_DAY,
    civil_from_instant,
    days_in_month,
    instant,
)
from citeline.core.layout.scale import TimeScale

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Measure = Callable[[str], float]
# (instant, year, month, day, hour, minute) of one candidate tick.
_Civil = tuple[int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Tick:
    """One axis tick: its instant, its label, and whether it starts a larger unit."""

    t: int
    label: str
    major: bool


@dataclass(frozen=True, slots=True)
class _Step:
    unit: str  # "minute", "hour", "day", "month" or "year"
    count: int
    # The widest gap between neighbouring ticks, in seconds; it bounds from below how
    # many ticks a window must hold, which rules out hopeless steps without making them.
    max_gap: float


_YEAR = 366 * SECONDS_PER_DAY


def _steps() -> tuple[_Step, ...]:
    steps = [_Step("minute", n, n * 60.0) for n in (1, 5, 10, 15, 30)]
    steps += [_Step("hour", n, n * 3600.0) for n in (1, 3, 6, 12)]
    # Day steps restart on the 1st of each month, so a tick's gap to the next is at
    # least ``n`` days and less than ``2n`` days (see _days).
    steps += [_Step("day", n, 2.0 * n * SECONDS_PER_DAY) for n in (1, 2, 7, 14)]
    steps += [_Step("month", n, n * 31.0 * SECONDS_PER_DAY) for n in (1, 3, 6)]
    years = [m * 10**e for e in range(6) for m in (1, 2, 5)]
    steps += [_Step("year", n, n * float(_YEAR)) for n in years if n <= 100_000]
    return tuple(steps)


STEPS = _steps()


def year_label(year: int) -> str:
    """The user-facing name of astronomical ``year``: 2021 → "2021", 0 → "1 BC", 1 → "AD 1"."""
    if year <= 0:
        return f"{1 - year} BC"
    if year == 1:
        # The era boundary: a bare "1" beside "1 BC" reads like a typo.
        return "AD 1"
    return str(year)


def choose_ticks(scale: TimeScale, measure: Measure, min_spacing: float = 12.0) -> list[Tick]:
    """The ticks inside the window at the finest step whose labels do not overlap."""
    # At least a pixel between labels, which also bounds how many ticks a step can have.
    min_spacing = max(min_spacing, 1.0)
    # Judge each step on a window three times as wide, so the choice does not flip as
    # a wide label (a month start, a midnight) scrolls into view.
    lo = scale.start - scale.span
    hi = scale.end + scale.span
    px_per_s = scale.width / scale.span
    widths: dict[str, float] = {}

    def width(label: str) -> float:
        w = widths.get(label)
        if w is None:
            w = widths[label] = float(measure(label))
        return w

    for step in STEPS:
        # Too many ticks to fit even with zero-width labels: skip without generating.
        at_least = math.floor(3.0 * scale.span / step.max_gap) - 1
        if at_least * min_spacing > 3.0 * scale.width:
            continue
        wide: list[Tick] = []
        if _fits(_ticks(step, lo, hi), scale.start, px_per_s, width, min_spacing, wide):
            # The window's ticks are among the wide window's: taken, not made again.
            start, end = scale.start, scale.end
            return [t for t in wide if start <= t.t <= end]
    # Even the coarsest step overlaps (a window only a few pixels wide): keep what fits.
    kept: list[Tick] = []
    right = -math.inf
    for tick in _ticks(STEPS[-1], scale.start, scale.end):
        x = (tick.t - scale.start) * px_per_s
        w = width(tick.label)
        if x - w / 2.0 >= right + min_spacing:
            kept.append(tick)
            right = x + w / 2.0
    return kept


def _fits(
    ticks: Iterator[Tick],
    origin: float,
    px_per_s: float,
    width: Callable[[str], float],
    min_spacing: float,
    kept: list[Tick],
) -> bool:
    """Whether no two labels of ``ticks`` come closer than ``min_spacing``; the ticks
    looked at are appended to ``kept`` (all of them when they fit)."""
    right = -math.inf
    for tick in ticks:
        kept.append(tick)
        x = (tick.t - origin) * px_per_s
        w = width(tick.label)
        if x - w / 2.0 < right + min_spacing:
            return False
        right = x + w / 2.0
    return True


def _ticks(step: _Step, t0: float, t1: float) -> Iterator[Tick]:
    """The ticks of ``step`` with t0 <= t <= t1, labelled, in time order."""
    if step.unit == "year":
        # A tick at AD 1 closes the gap the missing year 0 leaves between "10 BC" and
        # "10"; with steps of 1 or 2 that gap is small enough to leave alone.
        epoch = step.count >= 5
        major = 10 ** (len(str(step.count)))
        for t, y, *_ in _years(step.count, t0, t1, epoch):
            yield Tick(t, year_label(y), _year_aligned(y, major, epoch))
        return
    if step.unit == "month":
        civils: Iterator[_Civil] = _months(step.count, t0, t1)
    elif step.unit == "day":
        civils = _days(step.count, t0, t1)
    else:
        civils = _clock(60 * step.count if step.unit == "minute" else 3600 * step.count, t0, t1)
    for t, y, m, d, hh, mi in civils:
        yield _labelled(step.unit, t, y, m, d, hh, mi)


def _labelled(unit: str, t: int, y: int, m: int, d: int, hh: int, mi: int) -> Tick:
    # Each unit's major ticks are the starts of the next unit up, labelled with it.
    if unit == "month":
        if m == 1:
            return Tick(t, year_label(y), True)
        return Tick(t, MONTH_NAMES[m - 1], False)
    if unit == "day":
        if d == 1:
            return Tick(t, f"{MONTH_NAMES[m - 1]} {year_label(y)}", True)
        return Tick(t, str(d), False)
    if unit == "hour":
        if hh == 0:
            return Tick(t, f"{d} {MONTH_NAMES[m - 1]} {year_label(y)}", True)
        return Tick(t, f"{hh:02d}:00", False)
    return Tick(t, f"{hh:02d}:{mi:02d}", mi == 0)


def _year_aligned(year: int, n: int, epoch: bool) -> bool:
    # Align on the number the user reads: "10 BC" is astronomical year -9.
    if year <= 0:
        return (1 - year) % n == 0
    return year % n == 0 or (epoch and year == 1)


def _first_year_at_or_after(t: float) -> int:
    y = civil_from_instant(math.ceil(t))[0]
    return y if instant(y, 1, 1) >= t else y + 1


def _years(n: int, t0: float, t1: float, epoch: bool) -> Iterator[_Civil]:
    lo = _first_year_at_or_after(t0)
    hi = civil_from_instant(math.floor(t1))[0]
    if lo > hi:
        return
    # BC years whose BC number (1 - y) is a multiple of n, from the earliest.
    if lo <= 0:
        last_bc = min(hi, 0)
        first_number = -(-(1 - last_bc) // n) * n  # smallest multiple >= 1 - last_bc
        top_number = 1 - lo
        top = top_number - top_number % n
        for number in range(top, first_number - 1, -n):
            yield _year(1 - number)
    if epoch and lo <= 1 <= hi and n != 1:
        yield _year(1)
    first = max(lo, 1)
    for y in range(-(-first // n) * n, hi + 1, n):
        yield _year(y)


def _year(y: int) -> _Civil:
    return (instant(y, 1, 1), y, 1, 1, 0, 0)


def _months(n: int, t0: float, t1: float) -> Iterator[_Civil]:
    y, m, d, hh, mi, ss = civil_from_instant(math.ceil(t0))
    index = y * 12 + m - 1
    if (d, hh, mi, ss) != (1, 0, 0, 0) or instant(y, m, 1) < t0:
        index += 1
    # 12 is a multiple of every month step, so aligning the index aligns the month.
    index = -(-index // n) * n
    while True:
        y, m0 = divmod(index, 12)
        t = instant(y, m0 + 1, 1)
        if t > t1:
            return
        yield (t, y, m0 + 1, 1, 0, 0)
        index += n


def _days(n: int, t0: float, t1: float) -> Iterator[_Civil]:
    y, m, *_ = civil_from_instant(math.floor(t0))
    while True:
        month_end = days_in_month(y, m)
        # Days 1, 1+n, 1+2n, ... while the next tick (or the next 1st) is >= n days on,
        # so the 29th-to-1st squeeze never happens.
        for d in range(1, month_end + 2 - n, n):
            t = instant(y, m, d)
            if t > t1:
                return
            if t >= t0:
                yield (t, y, m, d, 0, 0)
        if instant(y, m, month_end) + SECONDS_PER_DAY > t1:
            return
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _clock(seconds: int, t0: float, t1: float) -> Iterator[_Civil]:
    # Hour and minute steps divide a day, and days start at multiples of 86400 s, so
    # multiples of the step from the epoch are aligned to the clock.
    t = math.ceil(t0 / seconds) * seconds
    if t < t0:  # the division rounded down
        t += seconds
    while t <= t1:
        y, m, d, hh, mi, _ = civil_from_instant(t)
        yield (t, y, m, d, hh, mi)
        t += seconds
