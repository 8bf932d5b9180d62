"""Fewer round trips on a server: the translated cell reads, and edits in pipeline mode."""

from __future__ import annotations

import pytest

from citeline.core import errors
from citeline.core import items as core_items
from citeline.core.server.sql import translate
from citeline.core.server.store import ServerStore
from citeline.core.store import Store
from citeline.core.windows import WindowIndex


def test_an_or_of_column_tests_becomes_a_list_of_tuples() -> None:
    sql = (
        "SELECT a FROM t WHERE k = 1 AND ((a = ? AND b = ?) OR (a = ? AND b = ?) "
        "OR (a = ? AND b = ?))"
    )
    assert translate(sql) == (
        "SELECT a FROM t WHERE k = 1 AND ((a, b) IN (VALUES (%s, %s), (%s, %s), (%s, %s)))"
    )
    # One term, or terms testing other columns, stay as they are.
    assert translate("SELECT a FROM t WHERE ((a = ? AND b = ?))") == (
        "SELECT a FROM t WHERE ((a = %s AND b = %s))"
    )
    assert "IN (VALUES" not in translate(
        "SELECT a FROM t WHERE ((a = ? AND b = ?) OR (a = ? AND c = ?))"
    )


def _events(store: Store, n: int) -> list[int]:
    ids = []
    for k in range(n):
        edit, event_id = core_items.add_event(
            store, title=f"event {k}", date=f"2020-0{1 + k % 9}-1{k % 9}"
        )
        store.apply(edit)
        ids.append(event_id)
    return ids


def test_server_counts_match_a_file(pg_url: str, tmp_path) -> None:
    """The timeline's counts read through the translated statements are a file's."""
    server = ServerStore.init(pg_url)
    file = Store.create(tmp_path / "p.citeline")
    for store in (server, file):
        _events(store, 12)
    a, b = WindowIndex(server), WindowIndex(file)
    lo, hi = b.extent()
    for t0, t1 in [(lo, hi), (lo + 86400 * 40, hi - 86400 * 30), (lo - 1e9, lo + 86400 * 60)]:
        assert a.count(t0, t1) == b.count(t0, t1)
        assert a.histogram(t0, t1, 16) == b.histogram(t0, t1, 16)
    server.close()
    file.close()


def test_a_pipelined_edit_is_saved_and_a_conflict_writes_nothing(pg_url: str) -> None:
    store = ServerStore.init(pg_url)
    store.author = "maria"
    (item,) = _events(store, 1)
    base = store.version("event", item)
    assert base is not None
    store.apply(core_items.update_event(store, item, title="first"), expect={("event", item): base})
    entries = store.count("history_entries")
    stale = core_items.update_event(store, item, title="second")
    with pytest.raises(errors.ConflictError, match=rf"event {item} is at version {base + 1}"):
        store.apply(stale, expect={("event", item): base})
    assert store.row("events", item)["title"] == "first"
    assert store.count("history_entries") == entries
    assert store.verify_history() == "ok"
    # The connection is usable after the refusal (out of pipeline mode, no transaction).
    assert not store.db.conn.in_transaction
    store.apply(
        core_items.update_event(store, item, title="third"), expect={("event", item): base + 1}
    )
    assert store.row("events", item)["title"] == "third"
    store.close()


def test_the_server_chains_each_entry_as_the_history_would(pg_url: str) -> None:
    """Entries chained by the server verify, give the edit its entry id, and an entry
    whose text holds the server's stand-ins is chained the ordinary way."""
    store = ServerStore.init(pg_url)
    (item,) = _events(store, 1)
    assert store.last_entry == store.last_entry_id()
    for title in ("plain", "odd \ue000citeline-id\ue000 \ue000citeline-prev\ue000", "after"):
        store.apply(core_items.update_event(store, item, title=title))
        assert store.last_entry == store.last_entry_id()
        assert store.last_entry in store.own_entries
    assert store.verify_history() == "ok"
    store.db.execute("UPDATE history_entries SET author = 'someone' WHERE id = ?", [2])
    assert store.verify_history() != "ok"
    store.close()


def test_a_version_check_outside_an_edit_answers_at_once(pg_url: str) -> None:
    store = ServerStore.init(pg_url)
    (item,) = _events(store, 1)
    version = store.version("event", item)
    assert version is not None
    store.check_versions({("event", item): version})  # no conflict: nothing raised
    with pytest.raises(errors.ConflictError, match=f"is at version {version}"):
        store.check_versions({("event", item): version - 1})
    store.close()
