"""Level of detail: which lanes are drawn item by item and which as a density strip."""

from __future__ import annotations

import math
import random

import pytest

from citeline.core.calendar import instant
from citeline.core.layout.density import bucket_seconds, plan_frame
from citeline.core.layout.index import TimeIndex
from citeline.core.layout.scale import TimeScale

DAY = 86_400.0


def crowded_and_sparse() -> TimeIndex:
    """Lane 0: one event an hour through 2021; lane 1: one event a month."""
    start = instant(2021)
    hourly = [start + h * 3600.0 for h in range(365 * 24)]
    monthly = [float(instant(2021, m, 15)) for m in range(1, 13)]
    times = hourly + monthly
    return TimeIndex(list(range(len(times))), times, times, [0] * len(hourly) + [1] * len(monthly))


def test_a_crowded_lane_becomes_a_density_strip_and_a_sparse_one_stays_items() -> None:
    index = crowded_and_sparse()
    scale = TimeScale(instant(2021, 3), instant(2021, 6), 900.0)
    plan = plan_frame(index, scale, [0, 1, 7], max_items_per_lane=300)
    crowded, sparse, empty = plan.lanes[0], plan.lanes[1], plan.lanes[7]
    assert list(plan.lanes) == [0, 1, 7]
    assert crowded.mode == "density" and crowded.ids == ()
    assert crowded.count == index.count(scale.start, scale.end, 0)
    assert sparse.mode == "items" and sparse.count == 3 and len(sparse.ids) == 3
    assert sparse.ids == tuple(index.ids_in(scale.start, scale.end, 1))
    assert empty.mode == "items" and empty.count == 0 and empty.ids == ()


def test_density_buckets_cover_the_window_on_a_fixed_grid() -> None:
    index = crowded_and_sparse()
    scale = TimeScale(instant(2021, 3), instant(2021, 6), 900.0)
    strip = plan_frame(index, scale, [0], max_items_per_lane=300).lanes[0]
    first_start, _ = strip.bucket_span(0)
    _, last_end = strip.bucket_span(len(strip.buckets) - 1)
    assert first_start <= scale.start and last_end >= scale.end
    assert first_start % strip.bucket_seconds == 0  # aligned to absolute time
    px = strip.bucket_seconds / scale.seconds_per_px
    assert 4.0 <= px < 8.0
    # One event an hour: every bucket holds about its number of hours.
    hours = strip.bucket_seconds / 3600
    assert all(abs(count - hours) <= 2 for count in strip.buckets[1:-1])
    assert strip.max_bucket == max(strip.buckets)
    # Panning by a few pixels keeps the same grid, so the strip slides, not shimmers.
    nudged = plan_frame(index, scale.panned(3.0), [0], max_items_per_lane=300).lanes[0]
    assert nudged.bucket_seconds == strip.bucket_seconds
    assert (nudged.bucket_start - strip.bucket_start) % strip.bucket_seconds == 0


def test_zooming_in_turns_the_strip_back_into_items() -> None:
    index = crowded_and_sparse()
    wide = TimeScale(instant(2021, 1), instant(2022, 1), 1000.0)
    assert plan_frame(index, wide, [0]).lanes[0].mode == "density"
    day = TimeScale(instant(2021, 5, 1), instant(2021, 5, 2), 1000.0)
    detail = plan_frame(index, day, [0]).lanes[0]
    assert detail.mode == "items" and len(detail.ids) == 25  # both midnights included


def test_items_denser_than_the_pixels_become_density() -> None:
    # 200 events in a 100 px window: under the per-lane cap, but two to a pixel.
    times = [float(i) * 60 for i in range(200)]
    index = TimeIndex(list(range(200)), times, times, [0] * 200)
    narrow = TimeScale(0.0, 200 * 60.0, 100.0)
    assert plan_frame(index, narrow, [0], max_items_per_lane=1000).lanes[0].mode == "density"
    roomy = TimeScale(0.0, 200 * 60.0, 1000.0)
    assert plan_frame(index, roomy, [0], max_items_per_lane=1000).lanes[0].mode == "items"


def test_a_margin_fetches_items_just_off_screen() -> None:
    index = TimeIndex([1, 2], [-50.0, 1050.0], [-50.0, 1050.0], [0, 0])
    scale = TimeScale(0.0, 1000.0, 1000.0)
    assert plan_frame(index, scale, [0]).lanes[0].ids == ()
    plan = plan_frame(index, scale, [0], margin_px=100.0)
    assert plan.lanes[0].ids == (1, 2)
    assert (plan.t0, plan.t1) == (-100.0, 1100.0)


def test_bucket_width_is_a_power_of_two_seconds_near_the_asked_pixels() -> None:
    rng = random.Random(7)
    for _ in range(200):
        span = 10 ** rng.uniform(2, 11)
        scale = TimeScale(0.0, span, rng.uniform(100, 3000))
        bs = bucket_seconds(scale, 4.0)
        assert bs == 2.0 ** round(math.log2(bs))
        assert 4.0 <= bs / scale.seconds_per_px < 8.0 + 1e-9


@pytest.mark.parametrize("lanes", [[0], [0, 1, 2, 3, 4, 5]])
def test_density_counts_agree_with_the_index(lanes: list[int]) -> None:
    rng = random.Random(11)
    n = 5000
    e = [rng.uniform(0, 1e9) for _ in range(n)]
    late = [t + rng.choice([0.0, rng.uniform(0, 1e7)]) for t in e]
    index = TimeIndex(list(range(n)), e, late, [rng.randrange(6) for _ in range(n)])
    scale = TimeScale(2e8, 6e8, 800.0)
    plan = plan_frame(index, scale, lanes, max_items_per_lane=50)
    for lane in lanes:
        strip = plan.lanes[lane]
        assert strip.mode == "density"
        start, _ = strip.bucket_span(0)
        end = start + len(strip.buckets) * strip.bucket_seconds
        assert list(strip.buckets) == index.histogram(start, end, len(strip.buckets), lane)
        assert sum(strip.buckets) >= strip.count
