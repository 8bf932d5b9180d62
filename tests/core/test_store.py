"""The project file: creation, refusals that leave bytes unchanged, edits and their inverse."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from citeline.core import catalog, errors, items
from citeline.core.edits import Edit, insert
from citeline.core.schema import APPLICATION_ID, SCHEMA_VERSION
from citeline.core.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.citeline"
    Store.create(path).close()
    return path


def test_create_sets_ids_and_pragmas(project: Path) -> None:
    conn = sqlite3.connect(project)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    with Store.open(project) as store:
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.project_info()["created_by"].startswith("Citeline ")


def test_create_refuses_existing_file(project: Path) -> None:
    before = digest(project)
    with pytest.raises(errors.ProjectError, match="already exists"):
        Store.create(project)
    assert digest(project) == before


def test_open_missing_without_create(tmp_path: Path) -> None:
    with pytest.raises(errors.ProjectError, match="does not exist"):
        Store.open(tmp_path / "nope.citeline")
    assert not (tmp_path / "nope.citeline").exists()


def _refused(path: Path, error: type[Exception], match: str) -> None:
    before, names = digest(path), siblings(path)
    with pytest.raises(error, match=match):
        Store.open(path)
    assert digest(path) == before
    assert siblings(path) == names


def test_refuses_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.citeline"
    path.write_bytes(b"")
    _refused(path, errors.NotAProjectError, "is empty")


def test_refuses_non_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.citeline"
    path.write_text("Just some notes, not a database.\n" * 20)
    _refused(path, errors.NotAProjectError, "not an SQLite file")


def test_refuses_other_applications_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO things VALUES (1, 'x')")
    conn.commit()
    conn.close()
    _refused(path, errors.NotAProjectError, "another application")


def test_refuses_newer_schema(project: Path) -> None:
    conn = sqlite3.connect(project)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    _refused(project, errors.NewerProjectError, "newer Citeline")


def test_refuses_damaged_file(project: Path) -> None:
    with Store.open(project) as store:
        edits = [
            catalog.add_lane(store, f"Lane {i}")[0] for i in range(1)
        ]  # a little content so there are several pages
        store.apply(edits[0])
        for i in range(200):
            edit, _ = items.add_event(store, title=f"Event {i} " + "x" * 200, date="2020")
            store.apply(edit)
    data = bytearray(project.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    for offset in range(2 * page, 2 * page + 600):  # scribble over an interior page
        data[offset] = 0xA5
    project.write_bytes(bytes(data))
    _refused(project, errors.DamagedProjectError, "damaged")


def test_refuses_truncated_header(tmp_path: Path) -> None:
    path = tmp_path / "cut.citeline"
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")
    _refused(path, errors.DamagedProjectError, "damaged")


def test_refuses_folder(tmp_path: Path) -> None:
    with pytest.raises(errors.NotAProjectError, match="folder"):
        Store.open(tmp_path)


def test_second_writer_is_refused_but_readers_are_not(project: Path) -> None:
    with Store.open(project):
        with pytest.raises(errors.ProjectLockedError, match="another Citeline"):
            Store.open(project)
        with Store.open(project, read_only=True) as reader:
            assert reader.read_only
    with Store.open(project):  # the lock went with the first store
        pass


def test_read_only_store_refuses_edits(project: Path) -> None:
    before = digest(project)
    with Store.open(project, read_only=True) as store:
        edit, _ = catalog.add_lane(store, "US politics")
        with pytest.raises(errors.ReadOnlyProjectError):
            store.apply(edit)
    assert digest(project) == before


def _unversioned(rows: list[dict]) -> list[dict]:
    """Rows without their version: undo restores every value, and the version goes on."""
    return [{k: v for k, v in r.items() if k != "version"} for r in rows]


def test_edit_and_inverse_restore_rows_exactly() -> None:
    store = Store.memory()
    edit, lane = catalog.add_lane(store, "Negotiations")
    store.apply(edit)
    edit, event_id = items.add_event(
        store, title="Deal signed", date="2021-03", lane_id=lane, tags=["SMA", "deal"]
    )
    store.apply(edit)
    snapshot = {t: _unversioned(store.rows(t)) for t in ("events", "event_tags", "tags")}
    change = items.update_event(store, event_id, title="Deal signed in Seoul", date="2021-03-08")
    store.apply(change)
    assert store.row("events", event_id)["date_precision"] == "day"
    assert store.row("events", event_id)["version"] == 2
    store.apply(change.inverse())
    assert {t: _unversioned(store.rows(t)) for t in snapshot} == snapshot
    assert store.row("events", event_id)["version"] == 3
    deletion = items.delete_event(store, event_id)
    store.apply(deletion)
    assert store.row("events", event_id) is None
    assert store.rows("event_tags") == []
    store.apply(deletion.inverse())
    assert {t: _unversioned(store.rows(t)) for t in snapshot} == snapshot
    assert store.row("events", event_id)["version"] == 3  # back as it was deleted


def test_a_failing_edit_writes_nothing() -> None:
    store = Store.memory()
    edit, _lane = catalog.add_lane(store, "Negotiations")
    store.apply(edit)
    good = insert("lanes", {"id": 50, "name": "Other", "color": None, "position": 1})
    clash = insert("lanes", {"id": 51, "name": "Negotiations", "color": None, "position": 2})
    with pytest.raises(errors.CitelineError, match="conflicts"):
        store.apply(Edit("two lanes", (good, clash)))
    assert [r["name"] for r in store.rows("lanes")] == ["Negotiations"]


def test_stale_edit_is_refused() -> None:
    store = Store.memory()
    edit, event_id = items.add_event(store, title="A", date="2020")
    store.apply(edit)
    deletion = items.delete_event(store, event_id)
    store.apply(deletion)
    with pytest.raises(errors.CitelineError):
        store.apply(deletion)  # the row is gone: nothing to delete twice


def test_search_follows_edits() -> None:
    store = Store.memory()
    edit, event_id = items.add_event(
        store, title="Cost-sharing deal signed", date="2021-03", description="About $1.2 billion"
    )
    store.apply(edit)
    assert [(r["kind"], r["item_id"]) for r in store.search("billion")] == [("event", event_id)]
    assert store.search("cost-sha")  # the last word is a prefix
    store.apply(items.update_event(store, event_id, description="Figure unconfirmed"))
    assert store.search("billion") == []
    store.apply(items.delete_event(store, event_id))
    assert store.search("cost") == []
    assert store.search('"unbalanced') == []  # user text never breaks the query syntax


def test_disk_full_is_reported_and_loses_nothing(project: Path) -> None:
    with Store.open(project) as store:
        edit, _ = items.add_event(store, title="Kept", date="2020")
        store.apply(edit)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 1}")
        big, _ = items.add_event(store, title="Too big", date="2021", description="x" * 200_000)
        with pytest.raises(errors.DiskFullError, match="disk is full"):
            store.apply(big)
        assert [r["title"] for r in store.rows("events")] == ["Kept"]
    with Store.open(project) as store:
        assert store.integrity() == "ok"
        assert [r["title"] for r in store.rows("events")] == ["Kept"]


def test_deleting_people_lanes_and_eras_keeps_items_and_undoes() -> None:
    from citeline.core.sample import build_sample

    store = Store.memory()
    build_sample(store)
    before = {
        t: store.rows(t) for t in ("people", "quotes", "event_people", "events", "lanes", "eras")
    }
    pinkston = next(r["id"] for r in store.rows("people") if r["name"] == "Dan Pinkston")
    edit = catalog.delete_person(store, pinkston)
    store.apply(edit)
    assert store.count("quotes") == len(before["quotes"])
    assert all(q["speaker_id"] != pinkston for q in store.rows("quotes"))
    store.apply(edit.inverse())
    lane = store.rows("lanes")[0]["id"]
    edit = catalog.delete_lane(store, lane)
    store.apply(edit)
    assert store.count("events") == len(before["events"])
    assert not store.rows("events", "lane_id = ?", [lane])
    store.apply(edit.inverse())
    era = store.rows("eras")[0]["id"]
    store.apply(catalog.update_era(store, era, name="First term", date="2017-01-20/2021-01-20"))
    assert store.row("eras", era)["name"] == "First term"
    with pytest.raises(errors.CitelineError, match="already a lane"):
        catalog.rename_lane(store, lane, store.rows("lanes")[1]["name"])
    assert {t: _unversioned(store.rows(t)) for t in before if t != "eras"} == {
        t: _unversioned(v) for t, v in before.items() if t != "eras"
    }
