"""The timeline summaries: always equal to a recount, and windowed queries equal to a scan."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from sqlite_utils import Database

from citeline.core import catalog, errors, queries, summaries
from citeline.core.edits import Edit, delete, insert, update
from citeline.core.layout import TimeIndex
from citeline.core.schema import migrations
from citeline.core.store import Store, now_iso
from citeline.core.windows import WindowIndex, item_key

DAY = 86_400
# Times around 1 CE to 2100 so that negative instants (BC) and long spans occur.
T_LO, T_HI = -62_000_000_000, 4_100_000_000


def _times(rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(T_LO, T_HI)
    duration = rng.choice([1, 3600, DAY, 30 * DAY, 365 * DAY, 40 * 365 * DAY, 2000 * 365 * DAY])
    return start, start + duration + rng.randrange(0, 3)


def _event(item_id: int, rng: random.Random, lanes: list[int | None]) -> dict:
    e, late = _times(rng)
    stamp = now_iso()
    return {
        "id": item_id,
        "title": f"Event {item_id}",
        "description": "",
        "date_edtf": "2000",
        "date_precision": "year",
        "date_earliest": e,
        "date_latest": late,
        "date_provenance": None,
        "lane_id": rng.choice(lanes),
        "importance": rng.randrange(3),
        "created_at": stamp,
        "updated_at": stamp,
    }


def _quote(item_id: int, rng: random.Random, lanes: list[int | None]) -> dict:
    e, late = _times(rng)
    stamp = now_iso()
    return {
        "id": item_id,
        "text": f"Quote {item_id}",
        "speaker_id": None,
        "date_edtf": "2000",
        "date_precision": "year",
        "date_earliest": e,
        "date_latest": late,
        "passage_id": None,
        "lane_id": rng.choice(lanes),
        "verbatim": 1,
        "created_at": stamp,
        "updated_at": stamp,
    }


def _lanes(store: Store, n: int) -> list[int]:
    out = []
    for i in range(n):
        edit, lane_id = catalog.add_lane(store, f"Lane {i}")
        store.apply(edit)
        out.append(lane_id)
    return out


def _assert_in_step(store: Store) -> None:
    assert summaries.stored(store.db.conn) == summaries.recount(store.db.conn)


def _random_edit(store: Store, rng: random.Random, lanes: list[int | None]) -> Edit:
    """One edit of a few inserts, moves, lane changes and deletions of events and quotes."""
    changes = []
    for _ in range(rng.randrange(1, 6)):
        table = rng.choice(["events", "quotes", "evidence"])
        if table == "evidence":
            changes.extend(_evidence_change(store, rng, changes))
            continue
        rows = store.rows(table, "id % 7 = ?", [rng.randrange(7)])
        roll = rng.random()
        if roll < 0.4 or not rows:
            make = _event if table == "events" else _quote
            row = make(store.next_id(table) + len(changes) + 1000, rng, lanes)
            changes.append(insert(table, row))
            continue
        row = rng.choice(rows)
        if any(c.table == table and c.key == (row["id"],) for c in changes):
            continue
        if roll < 0.55:
            e, late = _times(rng)
            changes.append(update(table, row, date_earliest=e, date_latest=late))
        elif roll < 0.7 and table == "events":
            changes.append(update(table, row, importance=rng.randrange(4)))
        elif roll < 0.85:
            changes.append(update(table, row, lane_id=rng.choice(lanes)))
        else:
            changes.append(delete(table, row))
    return Edit("random", tuple(changes))


def _passages(store: Store, n: int) -> None:
    stamp = now_iso()
    text = "word " * 200
    source = {"id": 1, "title": "Source", "text": text, "sha256": "0" * 64, "imported_at": stamp}
    rows = [insert("sources", source)]
    rows += [
        insert("passages", {"id": i, "source_id": 1, "start": i, "end": i + 4,
                            "exact": text[i : i + 4], "prefix": "", "suffix": "",
                            "created_at": stamp})
        for i in range(1, n + 1)
    ]  # fmt: skip
    store.apply(Edit("passages", tuple(rows)))


def _evidence_change(store: Store, rng: random.Random, pending: list) -> list:
    """Cite a passage from an event, or drop a citation (an event's rank changes)."""
    if pending:
        return []  # keep it simple: evidence changes alone in their edit step
    cited = store.rows("evidence")
    if cited and rng.random() < 0.4:
        return [delete("evidence", rng.choice(cited))]
    events = store.rows("events", "id % 5 = ?", [rng.randrange(5)])
    if not events:
        return []
    event_id, passage_id = rng.choice(events)["id"], rng.randrange(1, 6)
    if store.rows("evidence", "event_id = ? AND passage_id = ?", [event_id, passage_id]):
        return []
    return [
        insert("evidence", {"event_id": event_id, "passage_id": passage_id, "stance": "supports"})
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_summaries_equal_a_recount_after_random_edits_and_undo(seed: int) -> None:
    rng = random.Random(seed)
    store = Store.memory()
    lanes: list[int | None] = [*_lanes(store, 3), None]
    _passages(store, 5)
    done: list[Edit] = []
    cited = 0
    for step in range(60):
        if done and rng.random() < 0.3:
            store.apply(done.pop().inverse())  # undo
        else:
            done.append(store.apply(_random_edit(store, rng, lanes)))
            cited += any(c.table == "evidence" for c in done[-1].changes)
        if step % 10 == 9:
            _assert_in_step(store)
    # Deleting a lane moves its items to "no lane"; undoing it moves them back.
    edit = store.apply(catalog.delete_lane(store, lanes[0]))  # type: ignore[arg-type]
    _assert_in_step(store)
    store.apply(edit.inverse())
    _assert_in_step(store)
    assert cited, "no edit changed a citation: ranks were not exercised"
    while done:
        store.apply(done.pop().inverse())
    _assert_in_step(store)
    assert store.count("timeline_spans") == store.count("events") + store.count("quotes")


def test_a_large_edit_rebuilds_the_summaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summaries, "REBUILD_OVER", 10)
    rng = random.Random(5)
    store = Store.memory()
    lanes: list[int | None] = [*_lanes(store, 2), None]
    rows = [insert("events", _event(i, rng, lanes)) for i in range(1, 41)]
    big = store.apply(Edit("import", tuple(rows)))
    _assert_in_step(store)
    assert store.count("timeline_spans") == 40
    store.apply(big.inverse())
    _assert_in_step(store)
    assert store.count("timeline_counts") == 0


def _analyzed(store: Store) -> set[str]:
    """The tables SQLite holds planner statistics for."""
    try:
        rows = store.db.execute("SELECT DISTINCT tbl FROM sqlite_stat1").fetchall()
    except Exception:  # no statistics table at all yet
        return set()
    return {r[0] for r in rows}


@pytest.mark.parametrize("rebuild", [True, False])
def test_a_large_edit_leaves_statistics_for_the_query_planner(
    monkeypatch: pytest.MonkeyPatch, rebuild: bool
) -> None:
    # Without statistics a freshly filled project drew frames ten times slower.
    monkeypatch.setattr(summaries, "REBUILD_OVER", 10 if rebuild else 10_000)
    monkeypatch.setattr(summaries, "ANALYZE_AFTER", 20)
    rng = random.Random(7)
    store = Store.memory()
    lanes: list[int | None] = [*_lanes(store, 2), None]
    store.apply(Edit("few", tuple(insert("events", _event(i, rng, lanes)) for i in range(1, 6))))
    assert "timeline_spans" not in _analyzed(store)
    rows = [insert("events", _event(i, rng, lanes)) for i in range(6, 46)]
    store.apply(Edit("import", tuple(rows)))
    assert {"timeline_spans", "timeline_counts", "events"} <= _analyzed(store)


def test_a_failed_edit_leaves_the_summaries_as_they_were() -> None:
    rng = random.Random(9)
    store = Store.memory()
    lanes: list[int | None] = [None]
    store.apply(Edit("one", (insert("events", _event(1, rng, lanes)),)))
    before = summaries.stored(store.db.conn)
    clash = Edit(
        "clash", (insert("events", _event(2, rng, lanes)), insert("events", _event(1, rng, lanes)))
    )
    with pytest.raises(errors.CitelineError):
        store.apply(clash)
    assert summaries.stored(store.db.conn) == before


@pytest.fixture(scope="module")
def filled() -> Store:
    rng = random.Random(3)
    store = Store.memory()
    lanes: list[int | None] = [*_lanes(store, 3), None]
    changes = [insert("events", _event(i, rng, lanes)) for i in range(1, 1501)]
    changes += [insert("quotes", _quote(i, rng, lanes)) for i in range(1, 301)]
    store.apply(Edit("fill", tuple(changes)))
    # Some events cite one to three passages, which ranks them above their equals.
    _passages(store, 3)
    cites = [
        insert("evidence", {"event_id": e, "passage_id": p, "stance": "supports"})
        for e in rng.sample(range(1, 1501), 400)
        for p in range(1, rng.randrange(2, 5))
    ]
    store.apply(Edit("cite", tuple(cites)))
    return store


def _scan(store: Store) -> TimeIndex:
    """A full scan of the items, as the timeline indexed them before the summaries."""
    ids, starts, ends, lanes = [], [], [], []
    for kind, table in (("event", "events"), ("quote", "quotes")):
        for r in store.rows(table):
            ids.append(item_key(kind, r["id"]))
            starts.append(float(r["date_earliest"]))
            ends.append(float(r["date_latest"]))
            lanes.append(summaries.NO_LANE if r["lane_id"] is None else r["lane_id"])
    return TimeIndex(ids, starts, ends, lanes)


def test_windowed_counts_ids_and_density_equal_a_full_scan(filled: Store) -> None:
    window, scan = WindowIndex(filled), _scan(filled)
    assert len(window) == len(scan) == 1800
    assert window.lanes == scan.lanes
    assert window.extent() == scan.extent()
    rng = random.Random(11)
    for _ in range(150):
        span = rng.choice([3600, DAY, 40 * DAY, 3 * 365 * DAY, 300 * 365 * DAY, 3000 * 365 * DAY])
        t0 = rng.randrange(T_LO, T_HI)
        t1 = t0 + span
        lane = rng.choice([None, *scan.lanes])
        assert window.count(t0, t1, lane) == scan.count(t0, t1, lane)
        assert window.ids_in(t0, t1, lane) == scan.ids_in(t0, t1, lane)
        # Density strips: power-of-two buckets on a grid fixed to absolute time.
        width = 2.0 ** math.ceil(math.log2(span / 300))
        g0 = math.floor(t0 / width) * width
        n = math.ceil((t1 - g0) / width)
        assert window.histogram(g0, g0 + n * width, n, lane) == scan.histogram(
            g0, g0 + n * width, n, lane
        )


@pytest.mark.parametrize("max_rows", [200_000, 50])
def test_kept_buckets_answer_pans_and_zooms_as_a_fresh_index_does(
    filled: Store, monkeypatch: pytest.MonkeyPatch, max_rows: int
) -> None:
    # One index answers a pan and a zoom over neighbouring windows from the buckets it
    # kept (and, with few rows allowed, after forgetting them): always as a fresh one.
    from citeline.core import windows

    monkeypatch.setattr(windows, "MAX_CHUNK_ROWS", max_rows)
    kept, scan = WindowIndex(filled), _scan(filled)
    lo, hi = scan.extent()  # type: ignore[misc]
    t0, span = lo + (hi - lo) * 0.4, (hi - lo) / 3
    for step in range(40):
        if step < 20:
            t0 += span * 0.07  # pan
        else:
            span /= 1.5  # zoom in around the start
        for lane in (None, *scan.lanes):
            width = 2.0 ** math.ceil(math.log2(span / 40))
            g0 = math.floor(t0 / width) * width
            n = math.ceil((t0 + span - g0) / width)
            got = kept.histogram(g0, g0 + n * width, n, lane)
            assert got == scan.histogram(g0, g0 + n * width, n, lane)
            # The overview's rounded grid: as a fresh index rounds it.
            assert kept.histogram(t0, t0 + span, 700, lane) == WindowIndex(filled).histogram(
                t0, t0 + span, 700, lane
            )


def test_the_overview_histogram_is_close_to_a_full_scan(filled: Store) -> None:
    window, scan = WindowIndex(filled), _scan(filled)
    lo, hi = scan.extent()  # type: ignore[misc]
    got, want = window.histogram(lo, hi, 700), scan.histogram(lo, hi, 700)
    assert sum(abs(a - b) for a, b in zip(got, want, strict=True)) <= 0.05 * sum(want)


def test_items_in_returns_what_a_scan_finds(filled: Store) -> None:
    rng = random.Random(4)
    every = queries.items_in(filled, T_LO - 1, T_HI * 2)
    assert len(every) == 1800
    for _ in range(60):
        t0 = rng.randrange(T_LO, T_HI)
        t1 = t0 + rng.choice([DAY, 365 * DAY, 500 * 365 * DAY])
        lane = rng.choice(["all", None, 1, 2])
        want = [
            i
            for i in every
            if i.latest > t0
            and i.earliest < math.floor(t1) + 1
            and (lane == "all" or i.lane_id == lane)
        ]
        assert queries.items_in(filled, t0, t1, lane_id=lane) == want


def test_an_older_file_gets_its_summaries_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.citeline"
    # A file as the Citeline before the summaries wrote it: every migration before them.
    db = Database(path)
    migrations.apply(db, stop_before="0004_timeline_summaries")
    assert not db["timeline_spans"].exists()
    rng = random.Random(8)
    for i in range(1, 30):
        db["events"].insert(_event(i, rng, [None]))
    db.conn.commit()
    db.close()
    store = Store.open(path)
    try:
        assert store.count("timeline_spans") == 29
        _assert_in_step(store)
    finally:
        store.close()


def test_ranked_items_are_the_most_important_a_scan_finds(filled: Store) -> None:
    every = queries.items_in(filled, T_LO - 1, T_HI * 2)
    evidence = queries.evidence_counts(filled, list(range(1, 1501)))
    assert max(evidence.values()) == 3
    rng = random.Random(6)
    plans: dict[tuple[str, int], queries.RankPlan] = {}
    for _ in range(120):
        t0 = rng.randrange(T_LO, T_HI)
        t1 = t0 + rng.choice([DAY, 365 * DAY, 500 * 365 * DAY, 5000 * 365 * DAY])
        lane = rng.choice(["all", None, 1, 2])
        limit = rng.choice([1, 3, 10, 50, 2000])
        inside = [
            i
            for i in every
            if i.latest > t0
            and i.earliest < math.floor(t1) + 1
            and (lane == "all" or i.lane_id == lane)
        ]
        cited = {i: evidence.get(i.id, 0) if i.kind == "event" else 0 for i in inside}
        want = sorted(inside, key=lambda i: queries.rank_key(i, cited[i]))
        got = queries.ranked_items(filled, t0, t1, limit=limit, lane_id=lane)
        assert [item for item, _ in got] == want[:limit]
        assert [n for _, n in got] == [cited[i] for i in want[:limit]]
        # the same with each lane's ranks and duration classes kept between calls
        kept = queries.ranked_items(filled, t0, t1, limit=limit, lane_id=lane, plans=plans)
        assert kept == got
        windowed = queries.items_in(filled, t0, t1, lane_id=lane, plans=plans)
        assert windowed == queries.items_in(filled, t0, t1, lane_id=lane)


def test_every_date_has_a_duration_class_the_queries_look_in() -> None:
    from citeline.core.edtf import parse_edtf

    widest = parse_edtf("-9999/9999")
    assert summaries.span_class(widest.earliest, widest.latest) in summaries.ALL_CLASSES
