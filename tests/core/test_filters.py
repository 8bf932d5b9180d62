"""Filters by lane and date range answered from the span table equal a scan of the items."""

from __future__ import annotations

import random

from tests.core.test_summaries import DAY, T_HI, T_LO, _event, _lanes, _quote, _times

from citeline.core import filters
from citeline.core.edits import Edit, insert
from citeline.core.layout import TimeIndex
from citeline.core.store import Store
from citeline.core.windows import Restricted


def _project(rng: random.Random) -> tuple[Store, list[int]]:
    store = Store.memory()
    lanes = _lanes(store, 3)
    choices: list[int | None] = [*lanes, None]
    changes = [insert("events", _event(i, rng, choices)) for i in range(1, 401)]
    changes += [insert("quotes", _quote(i, rng, choices)) for i in range(1, 81)]
    store.apply(Edit("items", tuple(changes)))
    return store, lanes


def _scanned(store: Store, f: filters.ItemFilter, table: str) -> set[tuple[int, ...]]:
    out = set()
    for r in store.query(f"SELECT id, date_earliest, date_latest, lane_id FROM {table}"):
        if f.lane_ids and r["lane_id"] not in f.lane_ids:
            continue
        if f.start is not None and not r["date_latest"] > f.start:
            continue
        if f.end is not None and not r["date_earliest"] < f.end:
            continue
        lane = -1 if r["lane_id"] is None else r["lane_id"]
        out.add((r["id"], r["date_earliest"], r["date_latest"], lane))
    return out


def test_lane_and_date_filters_equal_a_scan() -> None:
    rng = random.Random(15)
    store, lanes = _project(rng)
    cases = [filters.ItemFilter(lane_ids=frozenset({lanes[0]}))]
    cases.append(filters.ItemFilter(lane_ids=frozenset(lanes[1:])))
    for _ in range(12):
        start = rng.randrange(T_LO, T_HI)
        end = start + rng.choice([DAY, 365 * DAY, 100 * 365 * DAY])
        some = frozenset(rng.sample(lanes, rng.randrange(0, 3)))
        cases.append(filters.ItemFilter(lane_ids=some, start=start, end=end))
        cases.append(filters.ItemFilter(start=start))
        cases.append(filters.ItemFilter(end=end))
    # Bounds exactly at items' ends and starts: an item ending at the start or starting
    # at the end of the range is out.
    for r in store.query("SELECT date_earliest, date_latest FROM events LIMIT 20"):
        cases.append(filters.ItemFilter(start=r["date_latest"]))
        cases.append(filters.ItemFilter(end=r["date_earliest"]))
        cases.append(filters.ItemFilter(start=r["date_latest"] - 1, end=r["date_earliest"] + 1))
    for f in cases:
        found = filters.matching_rows(store, f)
        assert found is not None
        events, quotes = found
        assert len(events) == len(set(events))
        assert set(events) == _scanned(store, f, "events"), f
        assert set(quotes) == _scanned(store, f, "quotes"), f
        ids = filters.matching(store, f)
        assert ids == ({r[0] for r in events}, {r[0] for r in quotes})
    assert any(filters.matching_rows(store, f) != ([], []) for f in cases)


def test_other_filters_give_the_same_rows_by_their_statement() -> None:
    rng = random.Random(7)
    store, lanes = _project(rng)
    f = filters.ItemFilter(lane_ids=frozenset({lanes[0]}), statuses=frozenset({"unverified"}))
    found = filters.matching_rows(store, f)
    assert found is not None
    assert set(found[0]) == _scanned(store, f, "events")
    assert set(found[1]) == _scanned(store, f, "quotes")
    assert filters.matching_rows(store, filters.ItemFilter()) is None
    only_events = filters.matching_rows(store, f, ("event",))
    assert only_events is not None and only_events[1] == [] and only_events[0]


def test_a_restricted_index_counts_what_the_filter_passes() -> None:
    rng = random.Random(3)
    items = []
    for i in range(1, 600):
        e, late = _times(rng)
        items.append((i, float(e), float(late), rng.choice([1, 2, 3, -1])))
    index = TimeIndex(*[list(col) for col in zip(*items, strict=True)])
    for _ in range(20):
        start = rng.randrange(T_LO, T_HI) + 0.5  # never equal to an item's instant
        end = start + rng.choice([DAY, 365 * DAY, 300 * 365 * DAY])
        lanes = frozenset(rng.sample([1, 2, 3], rng.randrange(1, 3)))
        for limits in ((lanes, start, end), (None, start, None), (lanes, None, None)):
            only, lo, hi = limits
            passing = [
                it
                for it in items
                if (only is None or it[3] in only)
                and (lo is None or it[2] > lo)
                and (hi is None or it[1] < hi)
            ]
            expected = TimeIndex(*[list(c) for c in zip(*passing, strict=True)] or [[]] * 4)
            crossing = [
                it for it in passing for at in (lo, hi) if at is not None and it[1] < at < it[2]
            ]
            unique = list({it[0]: it for it in crossing}.values())
            edges = TimeIndex(*[list(c) for c in zip(*unique, strict=True)] or [[]] * 4)
            restricted = Restricted(index, *limits, edges)
            t0 = rng.randrange(T_LO, T_HI)
            t1 = t0 + rng.choice([30 * DAY, 50 * 365 * DAY, 3000 * 365 * DAY])
            assert restricted.histogram(t0, t1, 40) == expected.histogram(t0, t1, 40)
            assert restricted.count(t0, t1, 2) == expected.count(t0, t1, 2)
