"""Axis ticks: calendar alignment, BC years, non-overlapping labels at every zoom level."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeline.core.calendar import civil_from_instant, instant
from citeline.core.layout.scale import MAX_SPAN, MIN_SPAN, T_MAX, T_MIN, TimeScale
from citeline.core.layout.ticks import MONTH_NAMES, Tick, choose_ticks, year_label

DAY = 86_400
YEAR = 365.2425 * DAY


def seven(text: str) -> float:
    return len(text) * 7.0


def assert_no_overlap(
    ticks: list[Tick], scale: TimeScale, measure: Callable[[str], float], spacing: float
) -> None:
    right = -math.inf
    for tick in ticks:
        x, w = scale.x(tick.t), measure(tick.label)
        assert x - w / 2 >= right + spacing - 1e-6, f"{tick.label!r} overlaps its neighbour"
        right = x + w / 2


_YEAR = re.compile(r"^(?:AD )?(\d+)( BC)?$")
_CLOCK = re.compile(r"^(\d\d):(\d\d)$")
_MONTH_YEAR = re.compile(r"^([A-Z][a-z]{2}) (.+)$")
_DAY_MONTH_YEAR = re.compile(r"^(\d+) ([A-Z][a-z]{2}) (.+)$")


def parse_year(text: str) -> int:
    """The astronomical year of a year label, written independently of the code."""
    match = _YEAR.match(text)
    assert match, text
    number = int(match.group(1))
    return 1 - number if match.group(2) else number


def unit_of(tick: Tick) -> str:
    """The unit a tick's label names, checking it against the tick's calendar instant."""
    y, m, d, hh, mi, ss = civil_from_instant(tick.t)
    assert ss == 0
    label = tick.label
    if clock := _CLOCK.match(label):
        assert (hh, mi) == (int(clock[1]), int(clock[2]))
        return "minute" if mi else "hour"
    assert (hh, mi) == (0, 0), label
    if dmy := _DAY_MONTH_YEAR.match(label):
        assert (d, MONTH_NAMES[m - 1], y) == (int(dmy[1]), dmy[2], parse_year(dmy[3]))
        return "day"
    if label in MONTH_NAMES:
        assert (d, MONTH_NAMES[m - 1]) == (1, label)
        return "month"
    if (my := _MONTH_YEAR.match(label)) and my[1] in MONTH_NAMES:
        assert (d, MONTH_NAMES[m - 1], y) == (1, my[1], parse_year(my[2]))
        return "month"
    if label.isdigit() and (m, d) != (1, 1):
        assert int(label) == d  # a day of the month
        return "day"
    assert (m, d) == (1, 1) and parse_year(label) == y, label
    return "year"


def value_in(unit: str, t: int) -> int:
    """The tick's count in ``unit`` within the next unit up (years: the number read)."""
    y, m, d, hh, mi, _ = civil_from_instant(t)
    return {
        "minute": hh * 60 + mi,
        "hour": hh,
        "day": d - 1,
        "month": m - 1,
        "year": 1 - y if y <= 0 else y,
    }[unit]


def assert_aligned(ticks: list[Tick]) -> None:
    """Every tick sits on the boundary its label names, on a multiple of the step."""
    units = [unit_of(tick) for tick in ticks]
    minor_units = {u for u, tick in zip(units, ticks, strict=True) if not tick.major}
    assert len(minor_units) <= 1, minor_units
    if not minor_units:
        return
    unit = minor_units.pop()
    # Majors start the next unit up, so they are aligned in the minor unit as well.
    values = [value_in(unit, tick.t) for tick in ticks]
    if unit == "year":
        values = [v for v, tick in zip(values, ticks, strict=True) if tick.label != "AD 1"]
    # Steps are read off neighbours within one run (BC numbers count down, so use |gap|).
    gaps = [abs(b - a) for a, b in itertools.pairwise(values) if a != b]
    if unit != "year":
        gaps = [b - a for a, b in itertools.pairwise(values) if b > a]
    if gaps:
        step = min(gaps)
        assert all(v % step == 0 for v in values), (unit, step, values)
    # A major tick starts the next unit up; for years, a decade or a larger power of ten.
    up = {"minute": "hour", "hour": "day", "day": "month", "month": "year", "year": "year"}
    for tick, tick_unit in zip(ticks, units, strict=True):
        if tick.major:
            assert tick_unit == up[unit], (tick, unit)
            if unit == "year" and tick.label != "AD 1":
                assert value_in("year", tick.t) % 10 == 0, tick


def check(scale: TimeScale, measure: Callable[[str], float] = seven, spacing: float = 12.0):
    ticks = choose_ticks(scale, measure, spacing)
    times = [tick.t for tick in ticks]
    assert times == sorted(set(times))
    assert all(scale.start <= t <= scale.end for t in times)
    assert all(isinstance(t, int) for t in times)
    assert_no_overlap(ticks, scale, measure, spacing)
    assert_aligned(ticks)
    return ticks


def window(a: tuple[int, ...], b: tuple[int, ...], width: float = 1000.0) -> TimeScale:
    return TimeScale(instant(*a), instant(*b), width)


def test_year_labels_use_bc_for_year_zero_and_before() -> None:
    assert year_label(2021) == "2021"
    assert year_label(0) == "1 BC"
    assert year_label(-43) == "44 BC"
    assert year_label(1) == "AD 1"
    assert year_label(-99_999) == "100000 BC"


def test_months_with_the_year_as_major() -> None:
    ticks = check(window((2020, 12, 20), (2022, 1, 10), 1000.0))
    labels = [tick.label for tick in ticks]
    assert labels == ["2021", *MONTH_NAMES[1:], "2022"]
    assert [tick.major for tick in ticks] == [True] + [False] * 11 + [True]
    assert ticks[1].t == instant(2021, 2, 1)


def test_days_with_the_month_as_major() -> None:
    ticks = check(window((2021, 2, 27), (2021, 3, 5), 500.0))
    assert [tick.label for tick in ticks] == ["27", "28", "Mar 2021", "2", "3", "4", "5"]
    assert ticks[2].major and ticks[2].t == instant(2021, 3, 1)


def test_the_finest_step_that_fits_is_chosen() -> None:
    # "Mar 2021" (56 px) after "28" (14 px) needs 28 + 7 + 12 = 47 px between ticks.
    start = instant(2021, 2, 20)
    daily = check(TimeScale(start, start + 20 * DAY, 20 * 47.5))
    assert len(daily) == 21  # every day
    every_other = check(TimeScale(start, start + 20 * DAY, 20 * 46.5))
    days = [tick.label for tick in every_other]
    assert days == ["21", "23", "25", "27", "Mar 2021", "3", "5", "7", "9", "11"]


def test_hours_with_midnight_as_major() -> None:
    ticks = check(window((2021, 3, 14, 20), (2021, 3, 15, 4), 600.0))
    assert [tick.label for tick in ticks] == [
        "20:00", "21:00", "22:00", "23:00", "15 Mar 2021", "01:00", "02:00", "03:00", "04:00"
    ]  # fmt: skip


def test_minutes_when_zoomed_to_the_limit() -> None:
    start = instant(2021, 3, 14, 9, 58)
    ticks = check(TimeScale(start, start + 5 * 60, 1000.0))
    assert [tick.label for tick in ticks][:4] == ["09:58", "09:59", "10:00", "10:01"]
    assert [tick.major for tick in ticks][:4] == [False, False, True, False]


def test_decades_across_the_era_boundary() -> None:
    ticks = check(window((-60, 1, 1), (40, 1, 1), 1000.0))
    labels = [tick.label for tick in ticks]
    assert labels[:9] == ["60 BC", "50 BC", "40 BC", "30 BC", "20 BC", "10 BC", "AD 1", "10", "20"]
    assert ticks[5].t == instant(-9, 1, 1)  # 10 BC is astronomical year -9
    assert ticks[6].major and ticks[6].t == instant(1, 1, 1)
    assert [tick.label for tick in ticks if tick.major] == ["AD 1"]


def test_centuries_with_millennia_as_major_in_bc_numbering() -> None:
    ticks = check(window((-1500, 1, 1), (1500, 1, 1), 1000.0))
    majors = [tick.label for tick in ticks if tick.major]
    assert majors == ["1000 BC", "AD 1", "1000"]
    assert next(tick.t for tick in ticks if tick.major) == instant(-999, 1, 1)


def test_every_year_around_year_zero() -> None:
    ticks = check(window((-3, 1, 1), (3, 1, 1), 400.0))
    assert [tick.label for tick in ticks] == ["4 BC", "3 BC", "2 BC", "1 BC", "AD 1", "2", "3"]


def test_month_ticks_in_a_bc_year() -> None:
    # Astronomical year -44 is 45 BC; -43 is 44 BC.
    ticks = check(window((-44, 12, 1), (-43, 4, 1), 300.0))
    assert [tick.label for tick in ticks] == ["Dec", "44 BC", "Feb", "Mar", "Apr"]
    assert ticks[1].t == instant(-43, 1, 1) and ticks[1].major


def test_millennia_over_the_widest_window() -> None:
    start = instant(-10_000)
    ticks = check(TimeScale(start, start + MAX_SPAN, 1000.0))
    years = [parse_year(tick.label) for tick in ticks]
    assert len(ticks) >= 4
    assert all((1 - y) % 1000 == 0 if y <= 0 else y % 1000 == 0 or y == 1 for y in years)


def test_wider_labels_give_coarser_ticks() -> None:
    scale = window((1900, 1, 1), (2000, 1, 1), 1000.0)
    narrow = check(scale, lambda s: len(s) * 4.0)
    wide = check(scale, lambda s: len(s) * 16.0)
    assert len(wide) < len(narrow)


def test_a_sliver_of_a_window_still_never_overlaps() -> None:
    check(window((1000, 1, 1), (3000, 1, 1), 3.0))
    check(TimeScale(instant(2021), instant(2021) + MIN_SPAN, 2.0))


@st.composite
def scales(draw: st.DrawFn) -> TimeScale:
    span = math.exp(draw(st.floats(math.log(MIN_SPAN), math.log(MAX_SPAN))))
    start = draw(st.floats(T_MIN, T_MAX - span))
    return TimeScale(start, start + span, draw(st.floats(40.0, 3000.0)))


@settings(max_examples=150, deadline=None)
@given(scales(), st.floats(3.0, 12.0), st.floats(1.0, 30.0))
def test_any_zoom_level_gives_aligned_ticks_that_never_overlap(
    scale: TimeScale, char: float, spacing: float
) -> None:
    # Digits a little wider than letters, as in most proportional fonts.
    def measure(text: str) -> float:
        return sum(char * (1.2 if c.isdigit() else 1.0) for c in text)

    ticks = check(scale, measure, spacing)
    if scale.width >= 400 and scale.span >= 120:
        assert ticks, "a wide axis should have at least one tick"


@pytest.mark.parametrize(
    "span",
    [10_000 * YEAR, 1000 * YEAR, 100 * YEAR, 10 * YEAR, YEAR, 60 * DAY, 7 * DAY, DAY, 3600.0],
)
def test_tick_density_follows_the_zoom(span: float) -> None:
    start = instant(1850)
    ticks = check(TimeScale(start, start + span, 1200.0))
    # Neither crowded nor empty: a readable axis has a handful to a few dozen ticks.
    assert 3 <= len(ticks) <= 40, [tick.label for tick in ticks]
