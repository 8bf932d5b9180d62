"""The time index against brute force: counts, id lists, histograms, edits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeline.core.layout.index import TimeIndex

Item = tuple[int, int, int, int]  # id, earliest, latest, lane


def item_sets(max_size: int = 60) -> st.SearchStrategy[list[Item]]:
    """Items on small integer times, so ties, shared edges and instants are common."""
    durations = st.one_of(st.just(0), st.integers(0, 10), st.integers(0, 400))
    raw = st.tuples(st.integers(-50, 10_000), st.integers(-200, 200), durations, st.integers(0, 3))
    # Sizes drawn evenly up to max_size: left to itself a list strategy stays short.
    rows = st.integers(0, max_size).flatmap(
        lambda n: st.lists(raw, min_size=n, max_size=n, unique_by=lambda r: r[0])
    )
    return rows.map(lambda rs: [(i, e, e + d, lane) for i, e, d, lane in rs])


def build(items: list[Item]) -> TimeIndex:
    return TimeIndex(
        [i for i, _, _, _ in items],
        [float(e) for _, e, _, _ in items],
        [float(late) for _, _, late, _ in items],
        [lane for _, _, _, lane in items],
    )


def brute(items: list[Item], t0: float, t1: float, lane: int | None) -> list[int]:
    hits = [(e, i) for i, e, late, ln in items if e <= t1 and late >= t0 and lane in (None, ln)]
    return [i for _, i in sorted(hits)]


windows = st.tuples(st.integers(-700, 700), st.integers(0, 500)).map(lambda w: (w[0], w[0] + w[1]))
lanes = st.one_of(st.none(), st.integers(0, 4))


@settings(max_examples=60)
@given(item_sets(), windows, lanes)
def test_count_and_ids_match_brute_force(
    items: list[Item], window: tuple[int, int], lane: int | None
) -> None:
    index = build(items)
    t0, t1 = window
    expected = brute(items, t0, t1, lane)
    assert index.count(t0, t1, lane) == len(expected)
    assert index.ids_in(t0, t1, lane) == expected


@settings(max_examples=40)
@given(item_sets(), windows, lanes, st.integers(0, 10))
def test_a_limit_keeps_the_earliest(
    items: list[Item], window: tuple[int, int], lane: int | None, limit: int
) -> None:
    index = build(items)
    assert index.ids_in(*window, lane, limit) == brute(items, *window, lane)[:limit]


@settings(max_examples=60)
@given(item_sets(), st.integers(-700, 700), st.integers(1, 40), st.integers(1, 30), lanes)
def test_histogram_matches_brute_force(
    items: list[Item], t0: int, step: int, buckets: int, lane: int | None
) -> None:
    index = build(items)
    t1 = t0 + step * buckets
    got = index.histogram(t0, t1, buckets, lane)
    assert len(got) == buckets
    for b, count in enumerate(got):
        lo, hi = t0 + b * step, t0 + (b + 1) * step
        last = b == buckets - 1
        expected = sum(
            1
            for _, e, late, ln in items
            if lane in (None, ln) and (e <= hi if last else e < hi) and late >= lo
        )
        assert count == expected, b
    # Every overlapping item is in some bucket; instants are in exactly one.
    overlapping = brute(items, t0, t1, lane)
    assert sum(got) >= len(overlapping)
    assert max(got, default=0) <= len(overlapping)
    if all(e == late for _, e, late, _ in items):
        assert sum(got) == len(overlapping)


def test_one_long_item_is_found_from_anywhere_inside_it() -> None:
    # A century-long era next to many short items: the long one must not be missed
    # (or force a scan of everything before the window).
    ids = [*list(range(1000)), 5000]
    earliest = [float(i * 10) for i in range(1000)] + [-1e6]
    latest = [float(i * 10 + 1) for i in range(1000)] + [1e6]
    index = TimeIndex(ids, earliest, latest, [0] * 1001)
    assert index.ids_in(5000.5, 5001.5, 0) == [5000, 500]
    assert index.count(5002, 5009, 0) == 1
    # The last bucket is closed, so it also holds the item starting at 100.
    assert index.histogram(0, 100, 10, 0) == [2] * 9 + [3]


def test_insert_remove_and_update_match_a_rebuild() -> None:
    items = [(1, 0, 10, 0), (2, 5, 5, 1), (3, 20, 40, 0)]
    index = build(items)
    index.insert(4, 8.0, 30.0, 1)
    index.remove(1)
    index.update(3, 100.0, 100.0, 2)
    expected = build([(2, 5, 5, 1), (4, 8, 30, 1), (3, 100, 100, 2)])
    for t0, t1 in [(0, 7), (9, 50), (99, 101), (-5, 200)]:
        for lane in (None, 0, 1, 2):
            assert index.ids_in(t0, t1, lane) == expected.ids_in(t0, t1, lane)
            assert index.count(t0, t1, lane) == expected.count(t0, t1, lane)
    assert index.lanes == [1, 2]
    assert len(index) == 3 and 1 not in index and 4 in index
    assert index.extent() == (5.0, 100.0)
    assert index.extent(1) == (5.0, 30.0)
    assert index.get(4) == (8.0, 30.0, 1)


@pytest.mark.parametrize("duration", [0.25, 1.0, 3.0, 1e9])
def test_an_inserted_item_is_found_while_it_runs(duration: float) -> None:
    index = build([(1, 0, 0, 0), (2, 50, 60, 0)])
    index.insert(7, 100.0, 100.0 + duration, 0)
    end = 100.0 + duration
    assert index.ids_in(end, end + 1, 0) == [7]
    assert index.count(end, end, 0) == 1
    index.remove(7)
    assert 7 not in index.ids_in(end, end + 1, 0)


@settings(max_examples=20, deadline=None)
@given(item_sets(max_size=30), st.data())
def test_random_edits_keep_the_index_exact(items: list[Item], data: st.DataObject) -> None:
    index = build(items)
    live = {i: (i, e, late, lane) for i, e, late, lane in items}
    for _ in range(data.draw(st.integers(0, 25))):
        if live and data.draw(st.booleans()):
            victim = data.draw(st.sampled_from(sorted(live)))
            index.remove(victim)
            del live[victim]
        else:
            item_id = data.draw(st.integers(-50, 10_000).filter(lambda i: i not in live))
            e = data.draw(st.integers(-200, 200))
            item = (item_id, e, e + data.draw(st.integers(0, 300)), data.draw(st.integers(0, 3)))
            index.insert(item[0], float(item[1]), float(item[2]), item[3])
            live[item_id] = item
        t0, t1 = data.draw(windows)
        lane = data.draw(lanes)
        expected = brute(list(live.values()), t0, t1, lane)
        assert index.ids_in(t0, t1, lane) == expected
        assert index.count(t0, t1, lane) == len(expected)
    assert len(index) == len(live)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        TimeIndex([1], [10.0], [5.0], [0])  # ends before it starts
    with pytest.raises(ValueError):
        TimeIndex([1, 1], [0.0, 1.0], [0.0, 1.0], [0, 0])
    with pytest.raises(ValueError):
        TimeIndex([1], [0.0], [float("nan")], [0])
    with pytest.raises(ValueError):
        TimeIndex([1, 2], [0.0], [0.0], [0])
    index = TimeIndex()
    assert index.count(0, 1) == 0 and index.extent() is None and index.ids_in(0, 1) == []
    assert index.histogram(0, 10, 5) == [0] * 5
    with pytest.raises(ValueError):
        index.insert(1, 3.0, 2.0, 0)
    index.insert(1, 2.0, 3.0, 0)
    with pytest.raises(ValueError):
        index.insert(1, 2.0, 3.0, 0)
    with pytest.raises(KeyError):
        index.remove(99)


def test_an_empty_or_reversed_window_counts_nothing() -> None:
    index = build([(1, 0, 10, 0), (2, 5, 5, 0)])
    assert index.count(6, 4) == 0 and index.ids_in(6, 4) == []
    assert index.histogram(6, 4, 3) == [0, 0, 0]
    assert index.histogram(5, 5, 3) == [0, 0, 2]
    assert index.histogram(0, 10, 0) == []
