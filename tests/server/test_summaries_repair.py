"""A repair of the timeline summaries reaches the copies open windows keep.

``citeline server repair URL`` rebuilds the summaries from the items without a history
entry (nothing an edit could be undone to). Windows keeping a copy of the spans and
drawn rows (``core.server.mirror``) learn of it from its announcement, or, when they
missed that, from the count they read with the history at their next catch-up.
Against a real server: items are changed in SQL behind Citeline's back (the summaries
then lag), the repair runs, and the copy must equal the server again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citeline.core import items as core_items
from citeline.core import queries
from citeline.core.edtf import parse_edtf
from citeline.core.errors import ReadOnlyProjectError
from citeline.core.server.connection import connect
from citeline.core.server.mirror import KeptIndex
from citeline.core.server.notify import Listener
from citeline.core.server.repair import rebuild_summaries
from citeline.core.server.store import ServerStore
from citeline.core.summaries import NO_LANE
from tests.clirun import run
from tests.server.test_timeline_mirror import KINDS, assert_true_to_server
from tests.server.windows import filled, server_window

NEW_DATE = "1977-07-07"


@pytest.fixture
def url(pg_url: str, tmp_path: Path) -> str:
    return filled(pg_url, tmp_path, 300, 4)


def _behind_its_back(url: str) -> int:
    """Move the first event to :data:`NEW_DATE` and retitle it in SQL, as a database's
    keeper might: the summaries are not told (they lag until repaired). Its id."""
    day = parse_edtf(NEW_DATE)
    with connect(url) as raw:
        event = raw.execute("SELECT id FROM events ORDER BY id LIMIT 1").fetchone()[0]
        raw.execute(
            "UPDATE events SET date_edtf = %s, date_earliest = %s, date_latest = %s, "
            "title = 'moved in SQL' WHERE id = %s",
            [NEW_DATE, day.earliest, day.latest, event],
        )
    return int(event)


def _shown_at(store: ServerStore, event: int) -> bool:
    day = parse_edtf(NEW_DATE)
    found = queries.items_in(store, day.earliest - 1, day.latest + 1)
    return any(i.kind == "event" and i.id == event and i.title == "moved in SQL" for i in found)


def test_an_announced_repair_reloads_the_copy(url: str) -> None:
    with ServerStore.connect(url) as mine, ServerStore.connect(url) as admin:
        assert_true_to_server(mine, url)
        listener = Listener(url, after=mine.last_entry_id() or 0)
        listener.wait(timeout=0.1)  # listening from here on
        event = _behind_its_back(url)
        assert not _shown_at(mine, event)  # the copy, as the summaries, lag
        before = mine.last_entry_id()
        assert rebuild_summaries(admin) == 1
        assert mine.last_entry_id() == before  # no history entry
        for _ in range(20):
            listener.wait(timeout=0.2)
            if listener.take_rebuilt():
                break
        else:
            pytest.fail("the repair was not announced")
        mine.summaries_rebuilt()  # what the window does on the announcement
        assert_true_to_server(mine, url)
        assert _shown_at(mine, event)
        listener.close()


def test_a_repair_missed_is_found_at_the_next_catch_up(url: str) -> None:
    """No announcement heard (the window was away): the count read with the history
    when the copy next catches up says the summaries were rebuilt."""
    with ServerStore.connect(url) as mine, ServerStore.connect(url) as admin:
        mine.author = "maria"
        assert_true_to_server(mine, url)
        event = _behind_its_back(url)
        rebuild_summaries(admin)
        rebuild_summaries(admin)
        # an edit of one's own: the copy catches up, sees the count moved, reads anew
        edit, added = core_items.add_event(mine, title="after the repair", date="2002-02-02")
        mine.apply(edit)
        kept = mine.timeline_index(KINDS)
        assert isinstance(kept, KeptIndex)
        assert_true_to_server(mine, url)
        assert _shown_at(mine, event)
        assert mine.db.conn.mirror is not None and mine.db.conn.mirror.generation == 2
        assert ("event", added) in {(i.kind, i.id) for i in queries.items_in(mine, 0, 1 << 40)}


def test_a_repair_reaches_an_open_window(qtbot, capsys, url: str) -> None:
    """End to end: the repair command run while a window is open; the window's
    follower hears it and its timeline shows the repaired project."""
    win = server_window(qtbot, url)
    store = win.document.store
    assert isinstance(store, ServerStore)
    mirror = store.db.conn.mirror
    assert mirror is not None
    mirror.settle(store.db.conn)
    event = _behind_its_back(url)
    day = parse_edtf(NEW_DATE)
    view = win.timeline.view

    lane_id = store.query("SELECT lane_id FROM events WHERE id = ?", [event])[0]["lane_id"]
    lane = NO_LANE if lane_id is None else lane_id

    def shown() -> bool:
        found = view.data.items(lane, day.earliest - 1, day.latest + 1)
        return any(i.kind == "event" and i.id == event for i in found)

    assert not shown()
    code, out, err = run(capsys, "server", "repair", url)
    assert code == 0, err
    assert "rebuilt the timeline summaries" in out and "300 events" in out
    # heard within a second: the copy is read again (at the repair's count)
    qtbot.waitUntil(lambda: mirror.ready() and mirror.generation == 1, timeout=3000)
    assert shown()
    assert "summaries were rebuilt" in win.statusBar().currentMessage()
    assert_true_to_server(store, url)
    win.close()


def test_repair_refuses_a_read_only_role(url: str) -> None:
    with (
        ServerStore.connect(url, read_only=True) as reader,
        pytest.raises(ReadOnlyProjectError, match="read-only"),
    ):
        rebuild_summaries(reader)
