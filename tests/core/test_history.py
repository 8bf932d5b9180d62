"""History: every edit leaves one entry with exactly its changes, versions go up, the hash
chain shows tampering, and replaying the entries gives back the project's items."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from citeline.core import catalog, errors, items, schema
from citeline.core.edits import Edit
from citeline.core.history import chain, read
from citeline.core.history.record import FULL_UP_TO, Note
from citeline.core.store import Store

KINDS = ("event", "quote", "source", "person", "lane", "era", "passage")


def _entries(store: Store) -> list[chain.Entry]:
    return list(chain.entries(store.db.conn))


def _changes(store: Store) -> list[tuple]:
    return [(k, i, f, b, a) for k, i, f, b, a in _entries(store)[-1].changes]


def test_a_new_project_starts_its_history() -> None:
    store = Store.memory()
    [first] = _entries(store)
    assert (first.kind, first.action, first.prev) == ("start", "Create project", chain.GENESIS)
    assert store.verify_history() == "ok"


def test_each_kind_of_edit_records_exactly_its_changes() -> None:
    store = Store.memory()
    store.author = "A. Reporter"
    edit, lane = catalog.add_lane(store, "Talks")
    store.apply(edit)
    assert _changes(store) == [
        ("lane", lane, "name", None, "Talks"),
        ("lane", lane, "position", None, 0),
    ]
    edit, pid = catalog.add_person(store, "Moon Jae-in", role="President")
    store.apply(edit)
    assert ("person", pid, "name", None, "Moon Jae-in") in _changes(store)
    edit, eid = items.add_event(store, title="Deal", date="2021-03", lane_id=lane)
    store.apply(edit)
    assert _entries(store)[-1].action == "Add event \u201cDeal\u201d"
    assert ("event", eid, "date", None, "2021-03") in _changes(store)
    assert store.version("event", eid) == 1

    store.apply(items.update_event(store, eid, date="2021-04-08"))
    entry = _entries(store)[-1]
    assert entry.action == "Change date" and entry.author == "A. Reporter"
    assert [c[2] for c in entry.changes] == ["date", "date_provenance"]
    assert entry.changes[0][3:] == ("2021-03", "2021-04-08")
    assert entry.changes[1][4]["set_by"] == "hand"
    assert store.version("event", eid) == 2

    store.apply(items.update_event(store, eid, tags=["SMA", "deal"], people=[pid]))
    assert _changes(store) == [
        ("event", eid, "people", None, [pid]),
        ("event", eid, "tags", None, ["SMA", "deal"]),
    ]
    assert store.version("event", eid) == 3  # a link change is a change of the event
    store.apply(items.set_status(store, "event", eid, "confirmed"))
    assert _changes(store) == [("event", eid, "status", "unverified", "confirmed")]
    store.apply(items.set_note(store, "event", eid, "Check the embassy's statement"))
    assert _changes(store) == [("event", eid, "note", None, "Check the embassy's statement")]
    assert store.version("event", eid) == 5
    store.apply(catalog.update_person(store, pid, role="Former president"))
    assert _changes(store) == [("person", pid, "role", "President", "Former president")]
    assert store.version("person", pid) == 2
    store.apply(items.delete_event(store, eid))
    gone = _changes(store)
    assert {c[2] for c in gone} >= {"title", "date", "tags", "people", "note"}
    assert all(c[4] is None for c in gone)
    assert len(_entries(store)) == 10  # the start and nine edits
    assert store.verify_history() == "ok"


def test_an_empty_edit_records_nothing_and_every_apply_records_one_entry() -> None:
    store = Store.memory()
    n = len(_entries(store))
    edit, _ = catalog.add_lane(store, "One")
    store.apply(edit)
    store.apply(Edit("Nothing"))
    assert len(_entries(store)) == n + 2  # an empty edit is still one action the user took


def test_undo_and_redo_are_recorded_as_what_they_are() -> None:
    store = Store.memory()
    edit, eid = items.add_event(store, title="Deal", date="2021")
    store.apply(edit)
    change = items.update_event(store, eid, title="Deal signed")
    store.apply(change)
    done = store.last_entry
    store.apply(change.inverse(), note=Note("undo", done, "Undo Edit event"))
    undo = _entries(store)[-1]
    assert (undo.kind, undo.undoes, undo.action) == ("undo", done, "Undo Edit event")
    assert undo.changes == [("event", eid, "title", "Deal signed", "Deal")]
    store.apply(change, note=Note("redo", undo.id, "Redo Edit event"))
    redo = _entries(store)[-1]
    assert (redo.kind, redo.undoes) == ("redo", undo.id)
    assert store.version("event", eid) == 4


def test_versions_never_stop_an_undo_made_from_older_row_images() -> None:
    """An undo's row images carry the version they were read at; later edits (a tag added,
    which touches no event row) raise it. The Store keeps versions itself, so the undo
    still applies and goes one version further; a real change of the same field made
    since is still refused."""
    store = Store.memory()
    edit, eid = items.add_event(store, title="Deal", date="2021")
    store.apply(edit)
    rename = items.update_event(store, eid, title="Deal signed")
    store.apply(rename)
    tag = items.update_event(store, eid, tags=["SMA"])
    store.apply(tag)
    assert store.version("event", eid) == 3
    store.apply(tag.inverse())
    store.apply(rename.inverse())
    assert store.row("events", eid)["title"] == "Deal"
    assert store.version("event", eid) == 5
    store.apply(rename)  # redo
    other = items.update_event(store, eid, title="Deal signed in Seoul")
    store.apply(other)
    with pytest.raises(errors.ConflictError):
        store.apply(rename.inverse())  # the title is no longer what the undo expects


def test_a_stale_expected_version_is_refused_and_not_recorded() -> None:
    store = Store.memory()
    edit, eid = items.add_event(store, title="Deal", date="2021")
    store.apply(edit)
    store.author = "B. Editor"
    store.apply(items.update_event(store, eid, title="Deal signed"))
    n = len(_entries(store))
    store.author = "A. Reporter"
    with pytest.raises(
        errors.ConflictError,
        match=r"^conflict: event 1 is at version 2, "
        r"changed by B\. Editor at ",
    ):
        store.apply(items.update_event(store, eid, importance=3), expect={("event", eid): 1})
    assert len(_entries(store)) == n and store.row("events", eid)["importance"] == 0
    store.apply(items.update_event(store, eid, importance=3), expect={("event", eid): 2})
    assert store.version("event", eid) == 3


def test_an_entry_rewritten_behind_citelines_back_breaks_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        edit, eid = items.add_event(store, title="Deal", date="2021")
        store.apply(edit)
        store.apply(items.update_event(store, eid, date="2021-04"))
        store.apply(items.update_event(store, eid, title="Deal signed"))
        assert store.verify_history() == "ok"
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE history_changes SET after_value = '\"2021-05\"' WHERE field = 'date' "
        "AND before_value IS NOT NULL"
    )
    conn.commit()
    with Store.open(path, read_only=True) as store:
        problem = store.verify_history()
    assert problem.startswith("history entry 3 (") and "does not match its hash" in problem
    conn.execute(
        "UPDATE history_changes SET after_value = '\"2021-04\"' WHERE field = 'date' "
        "AND before_value IS NOT NULL"
    )
    conn.execute("DELETE FROM history_changes WHERE entry_id = 2")
    conn.execute("DELETE FROM history_entries WHERE id = 2")
    conn.commit()
    conn.close()
    with Store.open(path, read_only=True) as store:
        assert "history entry 3" in store.verify_history()
        assert "does not follow entry 1" in store.verify_history()


def test_a_large_edit_is_recorded_as_a_summary() -> None:
    store = Store.memory()
    changes = []
    first = store.next_id("events")
    for n in range(FULL_UP_TO + 10):
        edit, _ = items.add_event(store, title=f"Event {n}", date="2021", ids=None)
        changes.extend(
            c if c.table != "events" else type(c)(c.table, None, {**c.after, "id": first + n})
            for c in edit.changes
        )
    store.apply(Edit("Import \u201cmany.csv\u201d", tuple(changes), origin="many.csv"))
    entry = _entries(store)[-1]
    assert entry.changes == []
    assert entry.summary == {
        "origin": "many.csv",
        "tables": {
            "events": {"added": {"rows": FULL_UP_TO + 10, "ids": [[first, first + FULL_UP_TO + 9]]}}
        },
    }
    assert store.verify_history() == "ok"


def test_the_item_as_it_was_at_an_entry() -> None:
    store = Store.memory()
    edit, eid = items.add_event(store, title="Deal", date="2021-03")
    store.apply(edit)
    store.apply(items.update_event(store, eid, date="2021-04-08"))
    middle = store.last_entry
    assert middle is not None
    store.apply(items.update_event(store, eid, title="Deal signed", tags=["SMA"]))
    then = read.as_of(store.db.conn, ("event", eid), middle)
    assert then is not None
    assert (then["title"], then["date"], then.get("tags")) == ("Deal", "2021-04-08", None)
    entries = read.page(store.db.conn, read.Filter(item=("event", eid)))
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)
    assert len(entries) == 3


def _version_5_project(path: Path) -> None:
    db = Database(path)
    schema.migrations.apply(db, stop_before="0006_history")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 5
    db.execute("INSERT INTO project VALUES ('title', 'Old')")
    db.execute(
        "INSERT INTO events (id, title, date_edtf, date_precision, date_earliest, date_latest, "
        "created_at, updated_at) VALUES (1, 'Old event', '2021', 'year', 1609459200, "
        "1640995200, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z')"
    )
    db.conn.commit()
    db.close()


def test_a_version_5_project_upgrades_and_says_its_history_starts_there(tmp_path: Path) -> None:
    path = tmp_path / "old.citeline"
    _version_5_project(path)
    with Store.open(path) as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
        [first] = _entries(store)
        assert first.kind == "upgrade" and first.action.startswith("History starts here")
        assert store.version("event", 1) == 1
        store.apply(items.update_event(store, 1, title="Old event, renamed"))
        assert store.version("event", 1) == 2
        assert store.verify_history() == "ok"
    with Store.open(path) as store:  # the upgraded file is taken for a project
        assert len(_entries(store)) == 2


# ---------------------------------------------------------------- replay property

TITLES = st.sampled_from(["Deal", "Talks", "Vote", "Summit"])
DATES = st.sampled_from(["2021", "2021-03", "2021-04-08", "1850~", "2017/2021"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), TITLES, DATES),
        st.tuples(st.just("title"), st.integers(0, 9), TITLES),
        st.tuples(st.just("date"), st.integers(0, 9), DATES),
        st.tuples(st.just("tags"), st.integers(0, 9), st.lists(TITLES, max_size=2)),
        st.tuples(st.just("people"), st.integers(0, 9), st.booleans()),
        st.tuples(st.just("status"), st.integers(0, 9), st.sampled_from(schema.STATUSES)),
        st.tuples(st.just("note"), st.integers(0, 9), st.sampled_from(["", "check", "call"])),
        st.tuples(st.just("person"), st.integers(0, 9), TITLES),
        st.tuples(st.just("delete"), st.integers(0, 9)),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
    ),
    max_size=25,
)


def _step(store: Store, step: tuple, people: list[int]) -> Edit | None:
    events = [r["id"] for r in store.query("SELECT id FROM events ORDER BY id")]
    op = step[0]
    if op == "add":
        return items.add_event(store, title=step[1], date=step[2])[0]
    if op == "person":
        if people and store.row("people", people[step[1] % len(people)]):
            return catalog.update_person(store, people[step[1] % len(people)], name=step[2])
        edit, pid = catalog.add_person(store, f"{step[2]} {len(people)}")
        people.append(pid)
        return edit
    if not events:
        return None
    eid = events[step[1] % len(events)]
    if op == "title":
        return items.update_event(store, eid, title=step[2])
    if op == "date":
        return items.update_event(store, eid, date=step[2])
    if op == "tags":
        return items.update_event(store, eid, tags=step[2])
    if op == "people":
        alive = [p for p in people if store.row("people", p)]
        return items.update_event(store, eid, people=alive[:1] if step[2] else [])
    if op == "status":
        return items.set_status(store, "event", eid, step[2])
    if op == "note":
        return items.set_note(store, "event", eid, step[2])
    return items.delete_event(store, eid)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_replaying_the_history_gives_the_projects_items(steps: list[tuple]) -> None:
    store = Store.memory()
    done: list[tuple[Edit, int]] = []
    undone: list[tuple[Edit, int]] = []
    people: list[int] = []
    versions: dict[int, int] = {}
    for step in steps:
        if step[0] == "undo" and done:
            edit, entry = done.pop()
            store.apply(edit.inverse(), note=Note("undo", entry, f"Undo {edit.label}"))
            undone.append((edit, store.last_entry or 0))
        elif step[0] == "redo" and undone:
            edit, entry = undone.pop()
            store.apply(edit, note=Note("redo", entry, f"Redo {edit.label}"))
            done.append((edit, store.last_entry or 0))
        elif step[0] not in ("undo", "redo"):
            edit = _step(store, step, people)
            if edit is None:
                continue
            store.apply(edit)
            done.append((edit, store.last_entry or 0))
            undone.clear()
        now = {r["id"]: r["version"] for r in store.query("SELECT id, version FROM events")}
        for eid, version in now.items():  # a deleted id may be taken again, from 1
            assert version >= versions.get(eid, 1)
        versions = now
    assert read.replay(chain.entries(store.db.conn)) == read.current(store.db.conn, KINDS)
    assert store.verify_history() == "ok"


def test_the_look_alike_check_knows_the_history_tables(tmp_path: Path) -> None:
    path = tmp_path / "p.citeline"
    Store.create(path).close()
    with Store.open(path) as store:  # a new file is taken for a project
        assert store.verify_history() == "ok"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TRIGGER quiet AFTER INSERT ON history_entries BEGIN "
        "UPDATE history_entries SET author = 'x' WHERE id = new.id; END"
    )
    conn.commit()
    with pytest.raises(errors.NotAProjectError, match="trigger \u201cquiet\u201d"):
        Store.open(path)
    conn.execute("DROP TRIGGER quiet")
    conn.execute("DROP INDEX history_changes_item")
    conn.commit()
    conn.close()
    with pytest.raises(errors.NotAProjectError, match="history_changes_item"):
        Store.open(path)


def test_the_damage_check_reads_the_history_tables(tmp_path: Path) -> None:
    from citeline.core import damage

    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        edit, _ = items.add_event(store, title="Deal", date="2021")
        store.apply(edit)
    conn = sqlite3.connect(path)
    checked: list[str] = []
    conn.set_trace_callback(checked.append)
    assert damage.check_sampled(conn, path) == "ok"
    conn.close()
    assert any("history_entries" in sql for sql in checked)
    assert any("history_changes" in sql for sql in checked)


def test_evidence_quotes_sources_and_people_edits_record_their_fields() -> None:
    from citeline.core.sample import build_sample

    store = Store.memory()
    build_sample(store)
    assert {e.author for e in _entries(store)[1:]} == {"Citeline sample"}
    store.author = "A. Reporter"
    deal = 7
    version = store.version("event", deal)
    store.apply(items.add_evidence(store, deal, items.PassageRef(1, 0, 20, "contradicts")))
    changes = _changes(store)
    [evidence] = [c for c in changes if c[:3] == ("event", deal, "evidence")]
    p = store.next_id("passages") - 1  # the passage the edit made
    assert [p, "contradicts"] in evidence[4] and [p, "contradicts"] not in evidence[3]
    assert {c[0] for c in changes} == {"event", "passage"}  # the new passage is an item too
    assert store.version("event", deal) == version + 1
    store.apply(items.set_stance(store, deal, p, "mentions"))
    assert _changes(store)[0][3][-1] == [p, "contradicts"]
    assert _changes(store)[0][4][-1] == [p, "mentions"]
    store.apply(items.remove_evidence(store, deal, p))
    assert [p, "mentions"] not in (_changes(store)[0][4] or [])
    store.apply(items.update_quote(store, 1, status="disputed", tags=["x"]))
    assert [c[2] for c in _changes(store)] == ["status", "tags"]
    store.apply(items.update_source(store, 1, outlet="Deutsche Welle"))
    assert _changes(store) == [("source", 1, "outlet", "DW", "Deutsche Welle")]
    assert store.version("source", 1) == 2
    replayed = read.replay(chain.entries(store.db.conn))
    assert {k: v for k, v in replayed.items() if k[0] != "project"} == read.current(
        store.db.conn, KINDS
    )
