"""The timeline's filtered index (the overview's matched counts) equals an index of the
items that pass, for filters by lanes and dates read from the summaries."""

from __future__ import annotations

import random

from tests.core.test_filters import _project
from tests.core.test_summaries import DAY, T_HI, T_LO

from citeline.core import filters, queries
from citeline.core.layout import TimeIndex
from citeline.core.windows import Restricted, item_key
from citeline.ui.timeline.data import TimelineData


def test_filtered_counts_equal_an_index_of_the_passing_items() -> None:
    rng = random.Random(11)
    store, lanes = _project(rng)
    # An index in memory, whose histograms are exact (the summaries' round the overview's
    # bucket edges to a grid), so that what is compared is the restriction alone.
    every = [
        (item_key(kind, r[0]), r[1], r[2], -1 if r[3] is None else r[3])
        for kind, table in (("event", "events"), ("quote", "quotes"))
        for r in store.db.execute(
            f"SELECT id, date_earliest, date_latest, lane_id FROM {table}"
        ).fetchall()
    ]
    data = TimelineData(store, index=TimeIndex(*[list(c) for c in zip(*every, strict=True)]))
    every_item = [
        (kind, queries.timeline_item(store, kind, i))
        for kind, table in (("event", "events"), ("quote", "quotes"))
        for (i,) in store.db.execute(f"SELECT id FROM {table}").fetchall()
    ]
    used_restriction = False
    for _ in range(10):
        start = rng.randrange(T_LO, T_HI)
        f = filters.ItemFilter(
            lane_ids=frozenset(rng.sample(lanes, 2)),
            start=start,
            end=start + rng.choice([365 * DAY, 300 * 365 * DAY]),
        )
        data.apply_filter(f)
        used_restriction |= isinstance(data.filtered_index, Restricted)
        found = filters.matching_rows(store, f)
        assert found is not None
        rows = [
            (item_key(k, r[0]), r[1], r[2], r[3])
            for k, rs in zip(("event", "quote"), found, strict=True)
            for r in rs
        ]
        expected = TimeIndex(*[list(c) for c in zip(*rows, strict=True)] or [[]] * 4)
        # Each item passes by its own lane and dates exactly when the filter finds it.
        passing = {("event", r[0]) for r in found[0]} | {("quote", r[0]) for r in found[1]}
        for kind, it in every_item:
            assert data.passes_item(it) == ((kind, it.id) in passing)
            assert data.passes(kind, it.id) == ((kind, it.id) in passing)
        filtered = data.filtered_index
        assert filtered is not None
        for _ in range(5):
            t0 = rng.randrange(T_LO, T_HI) + 0.25
            t1 = t0 + rng.choice([100 * 365 * DAY, 3000 * 365 * DAY])
            # Buckets of a fifth of a second off the items' whole seconds.
            assert filtered.histogram(t0, t1, 30) == expected.histogram(t0, t1, 30)
    assert used_restriction
    # At the edges: an item ending just after the start, or starting just before the
    # end, passes; one ending at the start, or starting at the end, does not.
    for kind, it in rng.sample(every_item, 20):
        for f, passes in (
            (filters.ItemFilter(start=it.latest - 1), True),
            (filters.ItemFilter(start=it.latest), False),
            (filters.ItemFilter(end=it.earliest + 1), True),
            (filters.ItemFilter(end=it.earliest), False),
        ):
            data.apply_filter(f)
            assert data.passes_item(it) is passes and data.passes(kind, it.id) is passes
            found = filters.matching_rows(store, f)
            assert found is not None
            assert (it.id in {r[0] for r in found[0 if kind == "event" else 1]}) is passes
    data.apply_filter(None)
    assert data.filtered_index is None
    assert all(data.passes_item(it) and data.passes(kind, it.id) for kind, it in every_item)


def test_the_table_lists_what_a_lane_and_date_filter_passes(qtbot) -> None:
    from citeline.ui.document import Document
    from citeline.ui.table import ItemsModel

    rng = random.Random(5)
    store, lanes = _project(rng)
    model = ItemsModel(Document(store))
    assert model.rowCount() == 480
    start = rng.randrange(T_LO, T_HI)
    for f in (
        filters.ItemFilter(lane_ids=frozenset({lanes[1]})),
        filters.ItemFilter(lane_ids=frozenset(lanes[:2]), start=start, end=start + 900 * DAY),
        filters.ItemFilter(start=start),
    ):
        model.filter = f
        events, quotes = filters.matching(store, f) or (set(), set())
        wanted = sorted([("event", i) for i in events] + [("quote", i) for i in quotes])
        # Sorted by a column of the items' own (through the span table) and by the lane
        # name (a condition of the full rows' query).
        model.sort_column = 8
        model.reload()
        assert sorted(model.key(row) for row in range(model.rowCount())) == wanted
        model.sort_column = 0
        model.reload()
        keys = [model.key(row) for row in range(model.rowCount())]
        assert sorted(keys) == wanted
        assert keys, f
        # Still in date order, and each row shows its item.
        dates = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
        assert all(d is not None for d in dates)
        title = model.data(model.index(0, 2))
        kind, item_id = keys[0]
        table = "events" if kind == "event" else "quotes"
        column = "title" if kind == "event" else "text"
        assert title == store.row(table, item_id)[column]
