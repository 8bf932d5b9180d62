"""The timeline's spans kept on this computer stay true to the server.

A server project's timeline answers its counts and rank reads from a copy of the spans
(``core.server.mirror``). After edits made here, and after others' edits once their
announcement has arrived, every windowed answer must equal a fresh read of the server:
never an item someone deleted, never one missing that they added.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from citeline.core import items as core_items
from citeline.core import queries, summaries
from citeline.core.edits import combine
from citeline.core.layout.index import TimeIndex
from citeline.core.server import cards
from citeline.core.server.connection import connect
from citeline.core.server.mirror import KeptIndex, SpanMirror
from citeline.core.server.notify import Listener
from citeline.core.server.store import ServerStore
from citeline.core.summaries import NO_LANE
from citeline.core.windows import WindowIndex, item_key
from tests.server.windows import filled, server_window

KINDS = ("event", "quote")
DAY = 86400


@pytest.fixture
def url(pg_url: str, tmp_path: Path) -> str:
    """A server project of 400 events and 20 quotes over four decades, in six lanes."""
    return filled(pg_url, tmp_path, 400, 3)


def _truth(url: str) -> tuple[set[tuple], set[tuple]]:
    """The server's spans and every item's (key, earliest, latest, lane), read afresh."""
    with ServerStore.connect(url) as fresh:
        spans = summaries.stored(fresh.db.conn)[1]
        items = {
            (item_key(kind, i), float(e), float(late), NO_LANE if lane is None else lane)
            for kind in KINDS
            for i, e, late, lane in queries.timeline_rows(fresh, kind)
        }
    return spans, items


def _held(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every row the copy of the drawn rows holds, per table."""
    return {
        table: db.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2").fetchall()
        for table, (cols, _kind) in cards.CARDS.items()
    }


def _held_on_server(url: str) -> dict[str, list[tuple]]:
    """The same columns as the server has them now (read afresh)."""
    with connect(url) as raw:
        return {
            table: [
                tuple(r)
                for r in raw.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2")
            ]
            for table, (cols, _kind) in cards.CARDS.items()
        }


def _windows(index: TimeIndex, n: int = 4, seed: int = 0) -> list[tuple[float, float]]:
    lo, hi = index.extent() or (0.0, 1.0)
    rng = random.Random(seed)
    out = [(lo, hi), (lo - 10 * DAY, lo + 400 * DAY), (hi - 30 * DAY, hi + DAY)]
    for _ in range(n):
        t0 = lo + rng.random() * (hi - lo)
        out.append((t0, t0 + rng.choice((1, 30, 365, 3650)) * DAY))
    return out


def assert_true_to_server(store: ServerStore, url: str) -> TimeIndex:
    """The copy ``store`` keeps, and what the timeline reads through it, equal the
    server's own answers."""
    kept = store.timeline_index(KINDS)
    assert isinstance(kept, KeptIndex)
    mirror = store.db.conn.mirror
    assert mirror is not None
    mirror.settle(store.db.conn)  # the copy filled on a thread: wait for it
    assert mirror.failed is None
    index = kept.current()
    assert isinstance(index, TimeIndex) and index is mirror.index
    spans, items = _truth(url)
    assert mirror.spans() == spans
    assert set(index.items()) == items
    assert mirror.cards is not None, "the drawn rows are read with the spans"
    assert _held(mirror.cards) == _held_on_server(url)
    with ServerStore.connect(url) as fresh:  # no copy: every read is the server's
        window = WindowIndex(fresh)
        lanes = sorted({r[3] for r in items})
        for t0, t1 in _windows(index, n=2):
            assert index.count(t0, t1) == window.count(t0, t1)
            for lane in lanes:
                lane_id = None if lane == NO_LANE else lane
                assert index.count(t0, t1, lane) == window.count(t0, t1, lane)
                limit = 3 if lane_id is None else 40  # a short and a long rank list
                assert queries.ranked_keys(
                    store, t0, t1, limit=limit, lane_id=lane_id
                ) == queries.ranked_keys(fresh, t0, t1, limit=limit, lane_id=lane_id)
                assert queries.items_in(store, t0, t1, lane_id=lane_id) == queries.items_in(
                    fresh, t0, t1, lane_id=lane_id
                )
    return index


def _everything(store: ServerStore, lane: int | None) -> set[tuple[str, int]]:
    """Every item the timeline would list in ``lane`` (all of time)."""
    found = queries.items_in(store, -(1 << 40), 1 << 40, lane_id=lane)
    return {(i.kind, i.id) for i in found}


def _edits(store: ServerStore, rng: random.Random) -> None:
    """One random edit of the kinds that move spans: add, move, re-lane, rank, delete,
    cite, quote."""
    events = [r["id"] for r in store.query("SELECT id FROM events ORDER BY id")]
    lanes = [r["id"] for r in store.query("SELECT id FROM lanes ORDER BY id")] + [None]
    pick = rng.choice(events)
    roll = rng.randrange(7)
    if roll == 0:
        edit, _ = core_items.add_event(
            store, title="added", date=f"{rng.randrange(1986, 2024)}-0{rng.randrange(1, 9)}",
            lane_id=rng.choice(lanes), importance=rng.randrange(3),
        )  # fmt: skip
    elif roll == 1:
        span = rng.choice(("2001-02-03", "1999", "1990-01/2010-12", "2020-05~"))
        edit = core_items.update_event(store, pick, date=span)
    elif roll == 2:
        edit = core_items.update_event(store, pick, lane_id=rng.choice(lanes))
    elif roll == 3:
        edit = core_items.update_event(store, pick, importance=rng.randrange(4))
    elif roll == 4:
        edit = core_items.delete_event(store, pick)
    elif roll == 5:
        start = rng.randrange(0, 300)
        ref = core_items.PassageRef(1, start, start + 25)
        try:
            edit = core_items.add_evidence(store, pick, ref)
        except Exception:  # already cited: move it instead
            edit = core_items.update_event(store, pick, date="2010-10-10")
    else:
        start = rng.randrange(0, 300)
        edit, _ = core_items.add_quote(
            store, passage=core_items.PassageRef(2, start, start + 30), date="2015-06-07",
            lane_id=rng.choice(lanes),
        )  # fmt: skip
    store.apply(edit)


def test_the_kept_spans_follow_edits_made_here_at_once(url: str) -> None:
    with ServerStore.connect(url) as mine:
        mine.author = "maria"
        index = assert_true_to_server(mine, url)
        rng = random.Random(5)
        for _ in range(7):
            _edits(mine, rng)
        # No announcement for one's own edits: the copy knows it is behind.
        assert mine.timeline_index(KINDS).current() is index  # moved in place, not read again
        assert_true_to_server(mine, url)


def test_others_edits_are_read_once_announced(url: str) -> None:
    with ServerStore.connect(url) as mine, ServerStore.connect(url) as theirs:
        theirs.author = "bob"
        assert_true_to_server(mine, url)
        victim = mine.query("SELECT id, lane_id FROM events ORDER BY id LIMIT 1")[0]
        assert ("event", victim["id"]) in _everything(mine, victim["lane_id"])
        listener = Listener(url, after=mine.last_entry_id() or 0)
        theirs.apply(core_items.delete_event(theirs, victim["id"]))
        edit, added = core_items.add_event(
            theirs, title="theirs", date="2003-04-05", lane_id=victim["lane_id"], importance=3
        )
        theirs.apply(edit)
        rng = random.Random(11)
        for _ in range(6):
            _edits(theirs, rng)
        # Their announcements arrive; the window tells the store (ui.shared.changes_of).
        got = listener.wait(timeout=2.0)
        assert {a.author for a in got} == {"bob"} and len(got) == 8
        mine.others_committed()
        listed = _everything(mine, victim["lane_id"])
        assert ("event", victim["id"]) not in listed
        assert ("event", added) in listed
        top = queries.ranked_keys(mine, 0, 1 << 40, limit=400, lane_id=victim["lane_id"])
        assert ("event", added) in {(k, i) for k, i, _ in top}
        assert victim["id"] not in {i for k, i, _ in top if k == "event"}
        assert_true_to_server(mine, url)
        listener.close()


def test_the_windows_changes_of_tells_the_store(qapp, url: str) -> None:
    """The app's path: an announcement handed to ``changes_of`` brings the copy along
    before any view re-reads."""
    from citeline.ui.document import Document
    from citeline.ui.shared import changes_of
    from citeline.ui.timeline.data import TimelineData

    document = Document(ServerStore.connect(url))
    try:
        store = document.store
        assert isinstance(store, ServerStore)
        data = TimelineData(store)
        assert data.index is store.timeline_index(KINDS)
        assert store.db.conn.mirror is not None
        store.db.conn.mirror.settle(store.db.conn)
        listener = Listener(url, after=store.last_entry_id() or 0)
        with ServerStore.connect(url) as theirs:
            theirs.author = "bob"
            edit, added = core_items.add_event(theirs, title="news", date="1995-05-05")
            theirs.apply(edit)
        changes = changes_of(document, listener.wait(timeout=2.0))
        assert changes.ids("events") == {added}
        data.reload()  # as the timeline does on ``changed``
        assert item_key("event", added) in data.index
        assert data.index.count(*_day("1995-05-05"), NO_LANE) >= 1
        assert_true_to_server(store, url)
        listener.close()
    finally:
        document.close()


def _day(iso: str) -> tuple[float, float]:
    from citeline.core.edtf import parse_edtf

    d = parse_edtf(iso)
    return float(d.earliest), float(d.latest)


def test_a_large_edit_of_others_reloads_the_copy(url: str) -> None:
    with ServerStore.connect(url) as mine, ServerStore.connect(url) as theirs:
        theirs.author = "bob"
        before = len(assert_true_to_server(mine, url))
        ids = core_items.Ids(theirs)
        many = [
            core_items.add_event(theirs, title=f"bulk {n}", date=f"20{n % 20:02d}", ids=ids)[0]
            for n in range(510)
        ]
        theirs.apply(combine("Import", many))  # recorded as a summary, not item by item
        assert theirs.query("SELECT summary FROM history_entries ORDER BY id DESC LIMIT 1")[0][
            "summary"
        ]
        mine.others_committed()
        assert len(assert_true_to_server(mine, url)) == before + 510


def test_reads_inside_an_edit_see_the_edit_not_the_copy(url: str) -> None:
    with ServerStore.connect(url) as mine:
        mine.author = "maria"
        assert_true_to_server(mine, url)
        with mine.rehearsal():
            edit, added = core_items.add_event(mine, title="tried", date="2001-01-01")
            mine.apply(edit)
            # inside the transaction: the server, which sees the edit under way
            assert ("event", added) in _everything(mine, None)
        assert ("event", added) not in _everything(mine, None)
        assert_true_to_server(mine, url)


def test_a_frame_sends_nothing_to_the_server_for_counts_and_ranks(url: str) -> None:
    with ServerStore.connect(url) as mine:
        index = assert_true_to_server(mine, url)
        sent: list[str] = []
        mine.db.conn.set_trace_callback(sent.append)
        lo, hi = index.extent() or (0.0, 1.0)
        for lane in index.lanes:
            index.histogram(lo, hi, 300, lane)
            queries.ranked_keys(mine, lo, hi, limit=20, lane_id=None if lane < 0 else lane)
        mine.db.conn.set_trace_callback(None)
        assert sent == []
        # Nor for the rows of the items it draws (titles, evidence counts, speakers):
        # the same answers as the server's.
        lane = index.lanes[0]
        lane_id = None if lane < 0 else lane
        mine.db.conn.set_trace_callback(sent.append)
        ranked = queries.ranked_items(mine, lo, hi, limit=20, lane_id=lane_id)
        ids = [i.id for i, _ in ranked if i.kind == "event"]
        counts = queries.evidence_counts(mine, ids)
        mine.db.conn.set_trace_callback(None)
        assert sent == [] and ranked
        with ServerStore.connect(url) as fresh:
            assert ranked == queries.ranked_items(fresh, lo, hi, limit=20, lane_id=lane_id)
            assert counts == queries.evidence_counts(fresh, ids)
        # A read of a column the copy does not hold, or of every column, goes to the
        # server (and gives the server's answer).
        mine.db.conn.set_trace_callback(sent.append)
        versions = mine.query("SELECT id, version FROM events ORDER BY id LIMIT 3")
        whole = mine.query("SELECT * FROM events ORDER BY id LIMIT 1")
        mine.db.conn.set_trace_callback(None)
        assert len(sent) == 2 and len(versions) == 3 and "description" in whole[0]


def _interleaved(url: str, steps: int, seed: int) -> None:
    with ServerStore.connect(url) as mine, ServerStore.connect(url) as theirs:
        mine.author, theirs.author = "maria", "bob"
        assert_true_to_server(mine, url)
        rng = random.Random(seed)
        for step in range(steps):
            _edits(rng.choice((mine, theirs)), rng)
            if step % 5 == 4:
                mine.others_committed()
                assert_true_to_server(mine, url)
        mine.others_committed()
        assert_true_to_server(mine, url)


def test_edits_here_and_there_interleaved(url: str) -> None:
    _interleaved(url, 9, 1)


@pytest.mark.slow
def test_edits_here_and_there_interleaved_long(url: str) -> None:
    _interleaved(url, 200, 2)


def test_a_window_shows_others_additions_and_deletions_on_its_timeline(qtbot, url: str) -> None:
    """End to end: another person's edits reach the window's timeline through the real
    announcement (the window's follower), and its own undo too."""
    win = server_window(qtbot, url)
    view = win.timeline.view
    assert isinstance(view.data.index, KeptIndex)
    victim = win.document.store.query("SELECT id, lane_id FROM events ORDER BY id LIMIT 1")[0]
    lane = NO_LANE if victim["lane_id"] is None else victim["lane_id"]
    with ServerStore.connect(url) as theirs:
        theirs.author = "bob"
        edit, added = core_items.add_event(
            theirs, title="theirs", date="1999-09-09", lane_id=victim["lane_id"]
        )
        theirs.apply(edit)
        theirs.apply(core_items.delete_event(theirs, victim["id"]))

    def shown() -> set[tuple[str, int]]:
        return {(i.kind, i.id) for i in view.data.items(lane, -(1 << 40), 1 << 40)}

    qtbot.waitUntil(lambda: ("event", added) in shown(), timeout=3000)
    qtbot.waitUntil(lambda: ("event", victim["id"]) not in shown(), timeout=3000)
    store = win.document.store
    assert isinstance(store, ServerStore)
    assert_true_to_server(store, url)
    # One's own edit and its undo, without any announcement.
    win.document.set_author("maria")
    assert win.document.push(core_items.delete_event(store, added))
    assert ("event", added) not in shown()
    win.document.undo()
    qtbot.waitUntil(lambda: ("event", added) in shown(), timeout=3000)
    assert_true_to_server(store, url)
    win.close()


def test_the_copy_filled_on_a_thread_equals_one_filled_at_once(url: str) -> None:
    """Opening fills the copy on a thread; without a second connection it is filled at
    once: the same spans. Until the thread is done the timeline counts from the server."""
    with ServerStore.connect(url) as mine:
        threaded = SpanMirror.load(mine.db.conn, mine._second_connection)
        early = KeptIndex(mine, threaded).current()
        assert isinstance(early, (TimeIndex, WindowIndex))
        at_once = SpanMirror.load(mine.db.conn)
        assert at_once.ready() and at_once.failed is None
        lo, hi = at_once.index.extent() or (0.0, 1.0)
        assert early.count(lo, hi) == at_once.index.count(lo, hi)
        threaded.settle(mine.db.conn)
        assert threaded.failed is None and threaded.entry == at_once.entry
        assert threaded.spans() == at_once.spans() == _truth(url)[0]
        assert set(threaded.index.items()) == set(at_once.index.items())
        threaded.close()
        at_once.close()


def test_the_drawn_rows_read_a_chunk_at_a_time_equal_the_server(url: str, monkeypatch) -> None:
    """The whole copy is read in chunks of rows (less memory at once); chunks smaller
    than a table, and an event's evidence split across two chunks, lose and repeat
    nothing."""
    with ServerStore.connect(url) as setup:
        setup.author = "maria"
        first = setup.query("SELECT id FROM events ORDER BY id LIMIT 1")[0]["id"]
        for start in (0, 40, 80):
            setup.apply(
                core_items.add_evidence(setup, first, core_items.PassageRef(1, start, start + 20))
            )
        cited = setup.query("SELECT COUNT(*) AS n FROM evidence WHERE event_id = ?", [first])
        assert cited[0]["n"] >= 3
    monkeypatch.setattr(cards, "CHUNK", 2)
    with ServerStore.connect(url) as mine:
        assert_true_to_server(mine, url)


def test_catching_up_after_an_edit_is_one_round_trip(url: str) -> None:
    """The frame after an edit asks the server once: the entries since, with the spans
    and drawn rows of what they touched (three statements sent together)."""
    with ServerStore.connect(url) as mine:
        mine.author = "maria"
        index = assert_true_to_server(mine, url)
        event = mine.query("SELECT id FROM events ORDER BY id LIMIT 1")[0]["id"]
        mine.apply(core_items.update_event(mine, event, title="retitled", date="1988-08-08"))
        sent: list[str] = []
        mine.db.conn.set_trace_callback(sent.append)
        kept = mine.timeline_index(KINDS)
        assert kept is not None and kept.count(*_day("1988-08-08")) >= 1
        mine.db.conn.set_trace_callback(None)
        assert len(sent) == 3 and "history_entries" in sent[0]
        rows = queries.items_in(mine, *_day("1988-08-08"))
        assert ("event", event, "retitled") in {(i.kind, i.id, i.title) for i in rows}
        assert kept.current() is index
        assert_true_to_server(mine, url)


def test_each_part_answers_once_in_and_an_edit_meanwhile_waits_for_the_rest(
    url: str, monkeypatch
) -> None:
    """While the copy is being read, the time index answers as soon as it is in (the
    spans' statements still going to the server); an edit made meanwhile puts every
    answer back on the server until the whole copy is in and has caught up."""
    import threading

    from citeline.core.server import snapshot

    hold = threading.Event()
    real_spans_db = snapshot.spans_db

    def held_spans_db(text: str):
        assert hold.wait(10)
        return real_spans_db(text)

    monkeypatch.setattr(snapshot, "spans_db", held_spans_db)
    with ServerStore.connect(url) as mine:
        mine.author = "maria"
        kept = mine.timeline_index(KINDS)
        assert isinstance(kept, KeptIndex)
        mirror = mine.db.conn.mirror
        assert mirror is not None
        for _ in range(200):
            if mirror.index_in or mirror.loading is False:
                break
            threading.Event().wait(0.02)
        assert mirror.index_in and not mirror.ready()
        assert kept.current() is mirror.index
        lo, hi = mirror.index.extent() or (0.0, 1.0)
        sent: list[str] = []
        mine.db.conn.set_trace_callback(sent.append)
        ranked = queries.ranked_keys(mine, lo, hi, limit=10)
        mine.db.conn.set_trace_callback(None)
        assert any("timeline_spans" in s for s in sent)  # the server answers the spans
        with ServerStore.connect(url) as fresh:
            assert ranked == queries.ranked_keys(fresh, lo, hi, limit=10)
        edit, added = core_items.add_event(mine, title="meanwhile", date="1999-01-02")
        mine.apply(edit)
        assert not isinstance(kept.current(), TimeIndex)  # behind and still read: server
        assert item_key("event", added) in kept.current()
        hold.set()
        mirror.settle(mine.db.conn)
        assert kept.current() is mirror.index and item_key("event", added) in mirror.index
        assert_true_to_server(mine, url)
