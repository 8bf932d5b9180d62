"""Edits in the app name the version they were made from: a change to an item someone
else changed since is refused as a conflict (never merged silently), and so is undoing a
step someone has built on; the conflict is shown as theirs and yours, per field, and the
choice is saved as a new edit made from their version. Two windows on one project."""

from __future__ import annotations

import time

import pytest

from citeline.cli import main
from citeline.core import items
from citeline.core.store import Store
from citeline.ui.conflict import ConflictDialog
from citeline.ui.document import Document
from tests.server.windows import server_window


@pytest.fixture
def project(tmp_path, pg_url, capsys) -> str:
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    capsys.readouterr()
    return pg_url


@pytest.fixture
def two(qapp, project):
    mine, theirs = Document(Store.open(project)), Document(Store.open(project))
    mine.set_author("Maria")
    theirs.set_author("Bob")
    yield mine, theirs
    mine.close()
    theirs.close()


def _window(qtbot, url: str, author: str):
    return server_window(qtbot, url, author)


def test_an_edit_made_from_an_older_version_is_refused_and_nothing_is_written(two):
    mine, theirs = two
    seen = mine.store.version("event", 7)
    stale = items.update_event(mine.store, 7, title="Mine")  # read before theirs
    assert theirs.push(items.update_event(theirs.store, 7, importance=4))
    conflicts, failures = [], []
    mine.conflicted.connect(conflicts.append)
    mine.failed.connect(failures.append)
    assert not mine.push(stale)  # another field changed: the version says so
    assert "conflict: event 7" in failures[-1].lower() and "changed by Bob" in failures[-1]
    assert conflicts and conflicts[-1].expect[("event", 7)] == seen
    # made from what the user was looking at (the inspector's version), built afresh
    fresh = items.update_event(mine.store, 7, title="Mine")
    assert not mine.push(fresh, base={("event", 7): seen})
    assert mine.undo_stack.count() == 0
    with Store.open(theirs.store.connect_url, read_only=True) as check:
        row = check.row("events", 7)
        assert row["title"] != "Mine" and row["importance"] == 4
    # from their version it goes through
    now = mine.store.version("event", 7)
    assert mine.push(items.update_event(mine.store, 7, title="Mine"), base={("event", 7): now})


def test_undoing_a_step_someone_built_on_is_a_conflict(two):
    mine, theirs = two
    assert mine.push(items.update_event(mine.store, 5, title="Mine"))
    assert theirs.push(items.update_event(theirs.store, 5, importance=5))  # built on mine
    failures: list[str] = []
    mine.failed.connect(failures.append)
    mine.undo()
    assert mine.undo_stack.index() == 1  # the step stays
    assert "Could not undo" in failures[-1] and "conflict" in failures[-1]
    assert mine.store.row("events", 5)["title"] == "Mine"
    # a step nobody built on undoes and redoes as usual
    assert mine.push(items.update_event(mine.store, 6, title="Alone"))
    mine.undo()
    assert mine.store.row("events", 6)["title"] != "Alone"
    mine.redo()
    assert mine.store.row("events", 6)["title"] == "Alone"
    mine.undo()
    assert theirs.push(items.update_event(theirs.store, 6, importance=1))
    mine.redo()  # redo of a step undone before someone changed the item: refused too
    assert mine.store.row("events", 6)["title"] != "Alone"
    assert "Could not redo" in failures[-1]


def test_two_windows_the_conflict_is_shown_side_by_side_and_resolved(qtbot, project):
    mine = _window(qtbot, project, "Maria")
    theirs = _window(qtbot, project, "Bob")
    mine.document.select("event", 7)
    page = mine.inspector.pages["event"]
    mine.activateWindow()
    page.title.setFocus()
    qtbot.waitUntil(page.title.hasFocus)
    page.title.setPlainText("Deal signed (mine)")  # typing, not saved yet
    qtbot.wait(200)
    view = mine.timeline.view
    window_before = (view.scale.start, view.scale.end, view.scrollbar.value())
    edit = items.update_event(theirs.document.store, 7, title="Deal signed (theirs)")
    assert theirs.document.push(edit)
    assert theirs.document.push(items.set_note(theirs.document.store, "event", 7, "Bob's note"))
    assert theirs.document.push(items.set_status(theirs.document.store, "event", 7, "disputed"))
    qtbot.waitUntil(lambda: "Bob's note" in page.notes.edit.toPlainText(), timeout=3000)
    qtbot.waitUntil(lambda: "Disputed" in mine.receipts.heading.text(), timeout=3000)
    # their version is shown; the text being typed, the selection and the focus stay
    assert page.title.text() == "Deal signed (mine)" and page.title.hasFocus()
    assert mine.document.selected.kind == "event" and mine.document.selected.id == 7
    assert (view.scale.start, view.scale.end, view.scrollbar.value()) == window_before
    notice = mine.inspector.notice
    assert not notice.isHidden() and notice.text().startswith("Changed by Bob at ")
    assert "showing their version" in notice.text()
    # another item changed: the mark on this one stays
    assert theirs.document.push(items.update_event(theirs.document.store, 5, importance=2))
    qtbot.waitUntil(lambda: mine.document.store.row("events", 5)["importance"] == 2)
    qtbot.wait(600)
    assert not notice.isHidden() and page.title.text() == "Deal signed (mine)"
    page.title.commit()  # Enter: made from the version the typing began on
    qtbot.waitUntil(lambda: mine.conflict_dialog is not None, timeout=2000)
    dialog: ConflictDialog = mine.conflict_dialog
    assert dialog.isVisible()
    assert dialog.theirs["title"] == "Deal signed (theirs)"
    assert dialog.yours["title"] == "Deal signed (mine)"
    assert dialog.chosen() == {"title": "yours", "note": "theirs", "status": "theirs"}
    dialog.apply()
    assert notice.isHidden()  # the item shown is now as this window saved it
    with Store.open(project, read_only=True) as check:
        row = check.row("events", 7)
        assert row["title"] == "Deal signed (mine)"  # the choice …
        note = check.query("SELECT body FROM notes WHERE item_type='event' AND item_id=7")
        assert note[0]["body"] == "Bob's note"  # … on top of theirs
        last = check.query("SELECT author, action FROM history_entries ORDER BY id DESC LIMIT 1")
        assert last[0]["author"] == "Maria" and last[0]["action"].startswith("Resolve conflict")
        assert check.verify_history() == "ok"
    for win in (mine, theirs):
        win.close()


def test_keeping_yours_for_a_field_they_changed_takes_their_change_back(qtbot, project):
    mine = _window(qtbot, project, "Maria")
    doc = mine.document
    doc.select("event", 8)
    seen = dict(mine.inspector.base)
    with Store.open(project) as other:
        other.author = "Bob"
        other.apply(items.update_event(other, 8, importance=5))
    assert not doc.push(items.update_event(doc.store, 8, title="Mine"), base=seen)
    qtbot.waitUntil(lambda: mine.conflict_dialog is not None, timeout=2000)
    dialog = mine.conflict_dialog
    assert set(dialog.chosen()) == {"title", "importance"}
    dialog.choose("importance", "yours")
    # a person takes more than a second to choose: two fields' changes made from one
    # row state would each expect its first updated_at (the second was then refused)
    time.sleep(1.1)
    dialog.apply()
    with Store.open(project, read_only=True) as check:
        row = check.row("events", 8)
        assert row["title"] == "Mine" and row["importance"] == dialog.yours.get("importance", 0)
        assert row["importance"] != 5
    mine.close()
