"""A write that fails in the app: a banner with the cause and a next step, the app stays
up, and the undo stack stays true to the file. Every failure class goes through the
Document: disk full, read-only, locked, damaged and conflict."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from citeline.core import items
from citeline.core.edits import Edit, RowChange
from citeline.core.store import Store
from citeline.ui.document import Document


def titles(path: Path) -> list[str]:
    """The event titles in the file, read by another connection."""
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT title FROM events"))
    finally:
        conn.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        edit, _ = items.add_event(store, title="First", date="2020")
        store.apply(edit)
    return path


@pytest.fixture
def doc(qapp, project: Path):
    document = Document(Store.open(project))
    messages: list[str] = []
    document.failed.connect(messages.append)
    document.messages = messages  # type: ignore[attr-defined]
    yield document
    document.close()


def big_event(doc: Document, title: str) -> Edit:
    edit, _ = items.add_event(doc.store, title=title, date="2021", description="x" * 20000)
    return edit


def fill_disk(doc: Document) -> None:
    """Let the file grow by no page at all: SQLite's own "database or disk is full"."""
    doc.store.db.execute("VACUUM")
    pages = doc.store.db.execute("PRAGMA page_count").fetchone()[0]
    doc.store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_push_on_a_full_disk_reports_and_keeps_the_stack(doc: Document, project: Path) -> None:
    fill_disk(doc)
    assert doc.push(big_event(doc, "Lost")) is False
    assert doc.undo_stack.count() == 0
    assert "disk is full" in doc.messages[-1] and "free some space" in doc.messages[-1]
    assert titles(project) == ["First"]


def test_undo_on_a_full_disk_keeps_the_step(doc: Document, project: Path) -> None:
    first = doc.store.rows("events")[0]["id"]
    doc.push(items.update_event(doc.store, first, description="y" * 30000))
    doc.push(items.delete_event(doc.store, first))
    assert titles(project) == []
    fill_disk(doc)
    doc.undo()  # would put the 30,000-character event back: no room
    assert doc.undo_stack.index() == 2, "a failed undo must not move the stack"
    assert "Could not undo" in doc.messages[-1] and "disk is full" in doc.messages[-1]
    assert titles(project) == []
    doc.store.db.execute("PRAGMA max_page_count = 1073741823")
    doc.undo()  # with room again the same step undoes
    assert doc.undo_stack.index() == 1
    assert titles(project) == ["First"]


def test_read_only_connection(doc: Document, project: Path) -> None:
    doc.store.db.execute("PRAGMA query_only = ON")
    assert doc.push(big_event(doc, "Lost")) is False
    assert "cannot be written" in doc.messages[-1]
    assert "Save a Copy" in doc.messages[-1]
    assert doc.undo_stack.count() == 0
    assert titles(project) == ["First"]


def test_locked_by_another_program(doc: Document, project: Path) -> None:
    edit, _ = items.add_event(doc.store, title="Second", date="2022")
    assert doc.push(edit)
    doc.store.db.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(project)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert doc.push(big_event(doc, "Lost")) is False
        assert "busy in another program" in doc.messages[-1]
        assert "try again" in doc.messages[-1]
        doc.undo()
        assert doc.undo_stack.index() == 1
        assert "Could not undo" in doc.messages[-1]
    finally:
        other.rollback()
        other.close()
    assert titles(project) == ["First", "Second"]
    doc.undo()  # the lock is gone: the step undoes
    assert doc.undo_stack.index() == 0
    assert titles(project) == ["First"]
    doc.redo()
    assert doc.undo_stack.index() == 1
    assert titles(project) == ["First", "Second"]


def test_damaged_file(qapp, project: Path) -> None:
    conn = sqlite3.connect(project)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(project, "r+b") as fh:  # scribble over the events table's first page
        fh.seek((root - 1) * page_size)
        fh.write(b"\xa5" * page_size)
    # Store.open refuses such a file; here the damage appears under an open project.
    db = Database(project)
    doc = Document(Store(db, project, read_only=False, lock=None))
    messages: list[str] = []
    doc.failed.connect(messages.append)
    edit = Edit("Add", (RowChange("events", None, dict(_event_row(4242))),))
    assert doc.push(edit) is False
    assert "is damaged" in messages[-1] and "Restore from Backup" in messages[-1]
    assert len(messages[-1].splitlines()) == 1
    assert doc.undo_stack.count() == 0
    doc.close()


def _event_row(event_id: int) -> dict[str, object]:
    return {
        "id": event_id,
        "title": "T",
        "description": "",
        "date_edtf": "2020",
        "date_precision": "year",
        "date_earliest": 0,
        "date_latest": 1,
        "date_provenance": None,
        "lane_id": None,
        "importance": 0,
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2020-01-01T00:00:00Z",
    }


def test_conflict_with_a_change_made_elsewhere(doc: Document, project: Path) -> None:
    first = doc.store.rows("events")[0]["id"]
    assert doc.push(items.update_event(doc.store, first, title="Renamed"))
    other = sqlite3.connect(project)
    other.execute("UPDATE events SET title = 'Changed elsewhere' WHERE id = ?", [first])
    other.commit()
    other.close()
    doc.undo()
    assert doc.undo_stack.index() == 1, "the step stays: the file does not match its undo"
    assert "conflicts with the project" in doc.messages[-1]
    assert titles(project) == ["Changed elsewhere"]
    # a stale edit pushed on top is refused too, and adds no step
    stale = Edit(
        "Rename",
        (
            RowChange(
                "events",
                dict(doc.store.row("events", first) or {}, title="Renamed"),
                dict(doc.store.row("events", first) or {}, title="Again"),
            ),
        ),
    )
    assert doc.push(stale) is False
    assert doc.undo_stack.count() == 1
    assert titles(project) == ["Changed elsewhere"]


def test_window_survives_a_full_disk(qtbot, qapp, project: Path) -> None:
    from citeline.ui.mainwindow import MainWindow

    document = Document(Store.open(project))
    window = MainWindow(document)
    qtbot.addWidget(window)
    fill_disk(document)
    from citeline.core.errors import DiskFullError

    with pytest.raises(DiskFullError):  # use up the last free bytes with tiny events
        for _ in range(10000):
            edit, _id = items.add_event(document.store, title="x", date="2020")
            document.store.apply(edit)
    before = titles(project)
    steps = document.undo_stack.count()
    window.new_blank_event()  # Edit › New Event without a Passage
    qapp.processEvents()
    assert "disk is full" in window.banner.text()
    assert not window.banner.isHidden()
    assert document.undo_stack.count() == steps
    assert titles(project) == before
    document.store.db.execute("PRAGMA max_page_count = 1073741823")
    window.close()
    document.close()
