"""The time scale: pixel mapping, zoom about the cursor, pan, fit and the zoom limits."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeline.core.calendar import instant
from citeline.core.layout.scale import MAX_SPAN, MIN_SPAN, T_MAX, T_MIN, TimeScale

YEAR = 365.2425 * 86_400

starts = st.floats(min_value=T_MIN, max_value=T_MAX - MAX_SPAN)
spans = st.floats(min_value=MIN_SPAN, max_value=MAX_SPAN)
widths = st.floats(min_value=50.0, max_value=8000.0)


@st.composite
def scales(draw: st.DrawFn) -> TimeScale:
    start, span, width = draw(starts), draw(spans), draw(widths)
    return TimeScale(start, start + span, width)


def ulps(scale: TimeScale) -> float:
    """A few units of rounding of the window's instants, in seconds."""
    return 4 * math.ulp(max(abs(scale.start), abs(scale.end)))


def close(a: float, b: float, scale: TimeScale) -> bool:
    # Instants are float seconds: near year 100000 they round to about 1e-3 s.
    return math.isclose(a, b, rel_tol=0.0, abs_tol=ulps(scale) + scale.seconds_per_px * 1e-9)


def test_maps_the_window_onto_the_width() -> None:
    scale = TimeScale(instant(2020), instant(2022), 731.0)  # a pixel a day
    assert scale.x(instant(2020)) == 0.0
    assert scale.x(instant(2022)) == pytest.approx(731.0)
    assert scale.x(instant(2021)) == pytest.approx(366.0)  # 2020 is a leap year
    assert scale.seconds_per_px == pytest.approx(86_400.0)


@given(scales(), st.floats(min_value=-2000.0, max_value=10_000.0))
def test_x_and_t_round_trip(scale: TimeScale, x: float) -> None:
    # t(x) rounds to a float instant; x() can only be as exact as that instant.
    tolerance = ulps(scale) / scale.seconds_per_px + 1e-9 * abs(x) + 1e-9
    assert math.isclose(scale.x(scale.t(x)), x, rel_tol=0.0, abs_tol=tolerance)


@given(scales(), st.floats(min_value=0.0, max_value=1.0))
def test_t_and_x_round_trip(scale: TimeScale, fraction: float) -> None:
    t = scale.start + fraction * scale.span
    assert close(scale.t(scale.x(t)), t, scale)


@given(scales(), st.floats(min_value=0.05, max_value=20.0), st.floats(0.0, 1.0))
def test_zoom_keeps_the_time_under_the_cursor(
    scale: TimeScale, factor: float, where: float
) -> None:
    around = where * scale.width
    before = scale.t(around)
    zoomed = scale.zoomed(factor, around)
    assert MIN_SPAN * (1 - 1e-9) <= zoomed.span <= MAX_SPAN * (1 + 1e-9)
    assert zoomed.width == scale.width
    if zoomed.start > T_MIN and zoomed.end < T_MAX:  # not pushed back from the edge of time
        assert close(zoomed.t(around), before, zoomed)


def test_zoom_in_and_out_by_a_factor() -> None:
    scale = TimeScale(instant(2000), instant(2010), 1000.0)
    assert scale.zoomed(2.0, 500.0).span == pytest.approx(scale.span / 2)
    assert scale.zoomed(0.5, 0.0).span == pytest.approx(scale.span * 2)
    assert scale.zoomed(0.5, 0.0).start == pytest.approx(scale.start)


def test_zoom_stops_at_a_minute_and_at_twenty_thousand_years() -> None:
    scale = TimeScale(instant(2021, 3, 14), instant(2021, 3, 15), 800.0)
    deep = scale
    for _ in range(40):
        deep = deep.zoomed(4.0, 400.0)
    assert deep.span == pytest.approx(MIN_SPAN)
    wide = scale
    for _ in range(40):
        wide = wide.zoomed(0.25, 400.0)
    assert wide.span == pytest.approx(MAX_SPAN)
    assert 19_000 * YEAR < wide.span < 21_000 * YEAR
    assert wide.start >= T_MIN and wide.end <= T_MAX


def test_the_window_stays_within_years_minus_and_plus_100000() -> None:
    scale = TimeScale(instant(-99_990), instant(-99_980), 1000.0)
    far = scale.panned(-10_000.0)
    assert far.start == T_MIN
    assert far.span == pytest.approx(scale.span)
    late = TimeScale(instant(99_000), instant(99_010), 1000.0).panned(1e9)
    assert late.end == T_MAX


@given(scales(), st.floats(min_value=-5000.0, max_value=5000.0))
def test_pan_moves_by_whole_pixels_of_time(scale: TimeScale, dx: float) -> None:
    panned = scale.panned(dx)
    assert math.isclose(panned.span, scale.span, rel_tol=1e-9)
    if panned.start > T_MIN and panned.end < T_MAX:
        assert close(panned.start, scale.start + dx * scale.seconds_per_px, scale)


def test_fit_shows_the_range_with_a_margin() -> None:
    t0, t1 = instant(1914, 7, 28), instant(1918, 11, 11)
    scale = TimeScale.fit(t0, t1, 1200.0)
    assert scale.width == 1200.0
    assert scale.start < t0 and scale.end > t1
    assert scale.x(t0) == pytest.approx(1200.0 * 0.05 / 1.1)
    assert scale.x(t1) == pytest.approx(1200.0 - 1200.0 * 0.05 / 1.1)
    assert TimeScale.fit(t1, t0, 1200.0) == scale


def test_fit_of_a_single_instant_centres_a_minimal_window() -> None:
    t = instant(2021, 3, 14, 12)
    scale = TimeScale.fit(t, t, 500.0)
    assert scale.span == pytest.approx(MIN_SPAN)
    assert scale.x(t) == pytest.approx(250.0)


def test_resizing_keeps_the_start_and_the_zoom() -> None:
    scale = TimeScale(instant(2000), instant(2001), 500.0)
    wider = scale.resized(1000.0)
    assert wider.start == scale.start
    assert wider.seconds_per_px == pytest.approx(scale.seconds_per_px)
    assert wider.x(instant(2000, 7, 1)) == pytest.approx(scale.x(instant(2000, 7, 1)))


@pytest.mark.parametrize(
    ("start", "end", "width"),
    [(0.0, 0.0, 100.0), (10.0, 0.0, 100.0), (0.0, 10.0, 0.0), (0.0, math.inf, 100.0)],
)
def test_rejects_impossible_windows(start: float, end: float, width: float) -> None:
    with pytest.raises(ValueError):
        TimeScale(start, end, width)
