"""Others' edits are announced when committed (LISTEN/NOTIFY), and a listener that lost
the server reports on its return what was committed meanwhile."""

from __future__ import annotations

import contextlib
import time

import psycopg

from citeline.cli import main
from citeline.core import items
from citeline.core.server.notify import Listener
from citeline.core.store import Store


def test_an_edit_is_announced_to_a_listener_within_a_second(tmp_path, pg_url, pg_cluster):
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    with Store.open(pg_url) as store:
        listener = Listener(pg_url, after=store.last_entry_id() or 0)
        assert listener.wait(timeout=0.05) == []
        store.author = "Alice"
        store.apply(items.update_event(store, 7, title="Announced"))
        start = time.monotonic()
        got = listener.wait(timeout=1.0)
        assert time.monotonic() - start < 1.0
        assert [(a.entry_id, a.author) for a in got] == [(store.last_entry, "Alice")]
        with store.rehearsal():
            store.apply(items.update_event(store, 7, title="Rolled back"))
        assert listener.wait(timeout=0.3) == []
        pg_cluster.restart()
        # the server went away: the listener says so (or not yet), then reconnects
        with contextlib.suppress(psycopg.OperationalError):
            listener.wait(timeout=0.1)
    with Store.open(pg_url) as store:
        store.author = "Bob"
        store.apply(items.update_event(store, 7, title="While away"))
        missed = store.last_entry
    got = listener.wait(timeout=1.0)
    assert [(a.entry_id, a.author) for a in got] == [(missed, "Bob")]
    listener.close()


def test_a_listener_asks_the_server_nothing_while_no_one_edits(pg_url):
    """Waiting sends no statement (each open window listens: a poll of the history
    twice a second would cost the server and the window's thread for nothing); an
    announcement that skips entries has the ones in between read from the history."""
    assert main(["server", "init", pg_url]) == 0
    with Store.open(pg_url) as store, psycopg.connect(pg_url, autocommit=True) as watch:
        listener = Listener(pg_url, after=store.last_entry_id() or 0)
        assert listener.wait(timeout=0.05) == []
        pid = listener._connect().info.backend_pid

        def last_statement() -> str:
            row = watch.execute(
                "SELECT query_start, query FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            return str(row.fetchone())

        before = last_statement()
        for _ in range(3):
            assert listener.wait(timeout=0.2) == []
        assert last_statement() == before
        store.author = "Alice"
        store.apply(items.add_event(store, title="one", date="2001")[0])
        first = store.last_entry
        store.apply(items.add_event(store, title="two", date="2002")[0])
        listener.last = first - 2  # as if the entry before had gone unheard
        got = listener.wait(timeout=1.0)
        got += listener.wait(timeout=0.2)
        assert [a.entry_id for a in got] == [first - 1, first, first + 1]
        listener.close()
