"""The overview strip: the whole project, the window marker, and dragging it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeline.core.calendar import instant
from citeline.core.layout.index import TimeIndex
from citeline.core.layout.overview import MIN_MARKER_PX, Overview
from citeline.core.layout.scale import MIN_SPAN, TimeScale

PROJECT = (float(instant(1900)), float(instant(2000)))


def strip() -> Overview:
    return Overview.for_extent(*PROJECT, width=1000.0, margin=0.0)


def test_the_whole_project_fills_the_strip_with_a_margin() -> None:
    overview = Overview.for_extent(*PROJECT, width=1000.0, margin=0.05)
    assert overview.x(PROJECT[0]) == pytest.approx(1000.0 * 0.05 / 1.1)
    assert overview.x(PROJECT[1]) == pytest.approx(1000.0 - 1000.0 * 0.05 / 1.1)
    single = Overview.for_extent(5.0, 5.0, 200.0)
    assert single.end - single.start >= MIN_SPAN
    assert single.x(5.0) == pytest.approx(100.0)


def test_the_visible_window_is_its_marker() -> None:
    overview = strip()
    scale = TimeScale(instant(1950), instant(1960), 800.0)
    x0, x1 = overview.window(scale)
    assert x0 == pytest.approx(overview.x(instant(1950)))
    assert x1 == pytest.approx(overview.x(instant(1960)))


def test_a_deep_zoom_still_leaves_a_grabbable_marker_on_the_strip() -> None:
    overview = strip()
    minute = TimeScale(instant(1950, 6, 1), instant(1950, 6, 1) + 60, 800.0)
    x0, x1 = overview.window(minute)
    assert x1 - x0 == pytest.approx(MIN_MARKER_PX)
    assert x0 < overview.x(minute.start) < x1
    at_the_end = TimeScale(instant(1999, 12, 31), instant(1999, 12, 31) + 60, 800.0)
    x0, x1 = overview.window(at_the_end)
    assert x1 == 1000.0 and x1 - x0 == pytest.approx(MIN_MARKER_PX)


def test_dragging_the_marker_pans_the_main_view() -> None:
    overview = strip()
    scale = TimeScale(instant(1950), instant(1960), 800.0)
    moved = overview.dragged(scale, 100.0)  # a tenth of the strip: ten years
    assert moved.span == pytest.approx(scale.span)
    assert moved.width == scale.width
    assert moved.start == pytest.approx(scale.start + overview.seconds_per_px * 100)
    x0, _ = overview.window(moved)
    assert x0 == pytest.approx(overview.window(scale)[0] + 100)


def test_dragging_stops_at_the_ends_of_the_strip() -> None:
    overview = strip()
    scale = TimeScale(instant(1950), instant(1960), 800.0)
    assert overview.dragged(scale, -5000.0).start == pytest.approx(overview.start)
    assert overview.dragged(scale, 5000.0).end == pytest.approx(overview.end)


def test_clicking_centres_and_resizing_the_marker_zooms() -> None:
    overview = strip()
    scale = TimeScale(instant(1950), instant(1960), 800.0)
    centred = overview.centred(scale, 250.0)
    assert (centred.start + centred.end) / 2 == pytest.approx(overview.t(250.0))
    zoomed = overview.spanning(300.0, 100.0, 640.0)
    assert zoomed.start == pytest.approx(overview.t(100.0))
    assert zoomed.end == pytest.approx(overview.t(300.0))
    assert zoomed.width == 640.0


@given(st.floats(0.0, 1000.0), st.floats(0.0, 1000.0))
def test_strip_x_and_t_round_trip(x: float, dx: float) -> None:
    overview = strip()
    assert math.isclose(overview.x(overview.t(x)), x, abs_tol=1e-6)
    scale = TimeScale(instant(1950), instant(1951), 800.0)
    moved = overview.dragged(scale, dx - 500.0)
    assert overview.start - 1e-3 <= moved.start and moved.end <= overview.end + 1e-3


def test_the_strip_histogram_spans_its_width() -> None:
    times = [float(instant(1900 + i)) for i in range(100)]
    index = TimeIndex(list(range(100)), times, times, [0] * 100)
    overview = Overview.for_extent(times[0], times[-1], 400.0, margin=0.01)
    counts = overview.histogram(index, bucket_px=4.0)
    assert len(counts) == 100
    assert sum(counts) == 100
