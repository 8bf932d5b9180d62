"""Indexes held in memory (ranks, times, the items kept around a narrow window) answer
exactly as the project file's summaries do, after any kind of edit and its undo."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from tests.core.test_summaries import _event, _lanes, _passages, _quote, _random_edit, _scan

from citeline.core import catalog, queries, summaries
from citeline.core.edits import Edit, insert
from citeline.core.kept import IndexReader, KeptIndex
from citeline.core.layout.ranks import RankIndex
from citeline.core.prefix import CountPrefix
from citeline.core.store import Store
from citeline.core.windows import WindowIndex

KINDS = ("event", "quote")
DAY = 86_400


def _project(path: Path, seed: int) -> tuple[Store, list[int | None]]:
    rng = random.Random(seed)
    store = Store.create(path)
    lanes: list[int | None] = [*_lanes(store, 3), None]
    changes = [insert("events", _event(i, rng, lanes)) for i in range(1, 401)]
    changes += [insert("quotes", _quote(i, rng, lanes)) for i in range(1, 81)]
    store.apply(Edit("fill", tuple(changes)))
    _passages(store, 5)
    return store, lanes


def _windows(rng: random.Random, n: int) -> list[tuple[float, float]]:
    out = []
    for _ in range(n):
        t0 = rng.randrange(-62_000_000_000, 4_100_000_000) + rng.choice([0, 0.5, -0.25])
        span = rng.choice([3600, DAY, 40 * DAY, 3 * 365 * DAY, 300 * 365 * DAY, 3000 * 365 * DAY])
        out.append((t0, t0 + span))
    return out


def _assert_ranks_agree(store: Store, ranks: RankIndex, rng: random.Random) -> None:
    keys = [summaries.NO_LANE, *(r["id"] for r in store.rows("lanes"))]
    for t0, t1 in _windows(rng, 40):
        lane = rng.choice(keys)
        lane_id = None if lane == summaries.NO_LANE else lane
        for limit in (1, 4, 30):
            want = queries.ranked_keys(store, t0, t1, limit=limit, lane_id=lane_id)
            assert ranks.keys(lane, t0, t1, limit, KINDS) == want
        listed = queries.items_in(store, t0, t1, lane_id=lane_id)
        got = ranks.overlapping(lane, t0, t1, KINDS)
        assert [(k, i) for _, k, i, _ in got] == [(it.kind, it.id) for it in listed]


def _assert_times_agree(store: Store, kept: KeptIndex | WindowIndex, rng: random.Random) -> None:
    window = WindowIndex(store)
    assert len(kept) == len(window)
    assert kept.extent() == window.extent()
    for t0, t1 in _windows(rng, 40):
        lane = rng.choice([None, *window.lanes])
        assert kept.count(t0, t1, lane) == window.count(t0, t1, lane)
        assert kept.ids_in(t0, t1, lane, 25) == window.ids_in(t0, t1, lane, 25)
        width = 2.0 ** math.ceil(math.log2((t1 - t0) / 40))
        g0 = math.floor(t0 / width) * width
        n = math.ceil((t1 - g0) / width)
        assert kept.histogram(g0, g0 + n * width, n, lane) == window.histogram(
            g0, g0 + n * width, n, lane
        )
        # The overview's rounded buckets: as the file rounds them.
        assert kept.histogram(t0, t1, 300, lane) == window.histogram(t0, t1, 300, lane)


@pytest.mark.parametrize("seed", [1, 2])
def test_indexes_read_into_memory_answer_as_the_file_after_every_kind_of_edit(
    tmp_path: Path, seed: int
) -> None:
    # Adding, deleting, moving, re-laning and re-ranking items (importance, citations),
    # undoing some, deleting a lane: after each round, the indexes read anew answer
    # every question as the file's summaries do.
    store, lanes = _project(tmp_path / "p.citeline", seed)
    rng = random.Random(seed)
    done: list[Edit] = []
    try:
        for step in range(24):
            if done and rng.random() < 0.3:
                store.apply(done.pop().inverse())
            else:
                done.append(store.apply(_random_edit(store, rng, lanes)))
            if step % 6 == 5:
                _assert_ranks_agree(store, RankIndex(queries.span_rows(store, KINDS)), rng)
                reader = IndexReader(Path(store.path), KINDS)  # type: ignore[arg-type]
                got = reader.wait()
                assert got is not None
                times, ranks = got
                _assert_ranks_agree(store, ranks, rng)
                _assert_times_agree(store, KeptIndex(WindowIndex(store), times), rng)
                # Too large to hold: only the running totals of the counts are read.
                totals = IndexReader(Path(store.path), KINDS, what="counts").wait()  # type: ignore[arg-type]
                assert isinstance(totals, CountPrefix)
                with_totals = WindowIndex(store)
                with_totals.prefix = totals
                _assert_times_agree(store, with_totals, rng)
        done.append(store.apply(catalog.delete_lane(store, lanes[0])))  # type: ignore[arg-type]
        _assert_ranks_agree(store, RankIndex(queries.span_rows(store, KINDS)), rng)
        assert any(c.table == "evidence" for e in done for c in e.changes)
    finally:
        store.close()


def test_what_is_read_out_of_order_is_not_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = _project(tmp_path / "p.citeline", 3)
    try:
        real = queries.span_times_packed

        def shuffled(s: Store, kinds: tuple[str, ...]):  # type: ignore[no-untyped-def]
            for lane, starts, ends, keys in real(s, kinds):
                yield lane, ",".join(reversed(starts.split(","))), ends, keys

        monkeypatch.setattr(queries, "span_times_packed", shuffled)
        assert IndexReader(Path(store.path), KINDS).wait() is None  # type: ignore[arg-type]
        # A reading cancelled midway (the project changed) hands nothing over either.
        readers: list[IndexReader] = []

        def cancelled(s: Store, kinds: tuple[str, ...]):  # type: ignore[no-untyped-def]
            for row in real(s, kinds):
                while not readers:
                    pass
                readers[0].cancel()
                yield row

        monkeypatch.setattr(queries, "span_times_packed", cancelled)
        readers.append(IndexReader(Path(store.path), KINDS))  # type: ignore[arg-type]
        assert readers[0].wait() is None
        monkeypatch.setattr(queries, "span_times_packed", real)
        assert IndexReader(Path(store.path), KINDS).wait() is not None  # type: ignore[arg-type]
    finally:
        store.close()


def test_items_kept_around_a_narrow_window_count_and_bin_as_the_file(tmp_path: Path) -> None:
    # At a zoom finer than the count pyramid, a lane's histogram reads the items around
    # the window and keeps them: the next steps' counts and histograms come from them,
    # and equal a fresh index's (and a full scan's) inside and outside what is kept.
    rng = random.Random(5)
    store = Store.create(tmp_path / "dense.citeline")
    try:
        lanes: list[int | None] = [*_lanes(store, 2), None]
        rows = []
        for i in range(1, 601):
            row = _event(i, rng, lanes)
            start = 1_600_000_000 + rng.randrange(0, 90 * DAY)
            row["date_earliest"], row["date_latest"] = start, start + rng.choice([1, 3600, DAY])
            rows.append(insert("events", row))
        store.apply(Edit("fill", tuple(rows)))
        kept, scan = WindowIndex(store), _scan(store)
        t0, span = 1_600_000_000 + 30 * DAY + 0.5, 2.0 * DAY
        for step in range(30):
            t0 += span * (0.08 if step < 15 else -0.05)
            span *= 1.0 if step < 15 else 1.3
            for lane in kept.lanes:
                got = kept.histogram(t0, t0 + span, 40, lane)
                assert got == WindowIndex(store).histogram(t0, t0 + span, 40, lane)
                if kept.exact(t0, t0 + span, 40):  # not rounded to a finer grid
                    assert got == scan.histogram(t0, t0 + span, 40, lane)
                assert kept.count(t0, t0 + span, lane) == scan.count(t0, t0 + span, lane)
            assert kept.count(t0, t0 + span) == scan.count(t0, t0 + span)
        assert kept._near, "no window was narrow enough to keep its items"
    finally:
        store.close()
