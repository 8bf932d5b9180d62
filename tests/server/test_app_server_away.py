"""The server goes away under an open window: within seconds a banner says so and the
project is read-only (an edit is refused with the banner's words and never called
saved), and every editing control shows it (fields read-only, choices and buttons that
edit disabled) while text being typed stays; the window reconnects by itself, is
editable again, the kept text can be finished and saved, and what others committed
meanwhile is shown. The session's cluster is stopped and started again (pg_ctl)."""

from __future__ import annotations

import time

import pytest

from citeline.cli import main
from citeline.core import items
from citeline.core.errors import ServerGoneError
from citeline.core.store import Store


@pytest.fixture
def project(tmp_path, pg_url, capsys) -> str:
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    capsys.readouterr()
    return pg_url


def test_the_window_goes_read_only_while_the_server_is_away_and_comes_back(
    qtbot, project, pg_cluster
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton

    from citeline.ui.app import build_window

    win = build_window(project)
    assert win is not None
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    doc = win.document
    doc.set_author("Maria")
    before = doc.store.row("events", 7)["title"]
    changed: list = []
    doc.changed.connect(changed.append)
    edit = items.update_event(doc.store, 7, title="While away")  # made before it went
    doc.select("event", 7)
    page = win.inspector.pages["event"]
    win.activateWindow()
    page.title.setFocus()
    qtbot.waitUntil(page.title.hasFocus)
    page.title.moveCursor(page.title.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.title, " typed")  # typing, not finished, when it goes
    typed = before + " typed"
    try:
        pg_cluster.stop()
        start = time.monotonic()
        qtbot.waitUntil(lambda: bool(doc.offline), timeout=8000)
        assert time.monotonic() - start < 5
        assert not win.banner.isHidden()
        assert "cannot be reached" in win.banner.text() and "read-only" in win.banner.text()
        assert "[server away]" in win.windowTitle()
        # every editing control says so: fields read-only and grey, choices disabled
        assert not doc.editable and not win.inspector.away.isHidden()
        assert page.title.isReadOnly() and page.description.isReadOnly()
        assert page.date.edit.isReadOnly() and page.tags.isReadOnly()
        assert not page.status.isEnabled() and not page.lane.isEnabled()
        assert not page.importance.isEnabled()
        buttons = page.findChildren(QToolButton)
        removes = [b for b in buttons if b.accessibleName() == "Remove evidence"]
        shows = [b for b in buttons if b.accessibleName() == "Show passage"]
        assert removes and not any(b.isEnabled() for b in removes)
        assert shows and all(b.isEnabled() for b in shows)  # showing still works
        assert page.title.text() == typed and page.title.hasFocus()  # kept, as typed
        assert not win.delete_action.isEnabled()
        assert not win.reader.new_event_action.isEnabled()
        win.reader.select_span(0, 20)
        assert not win.reader.new_event_action.isEnabled()
        failures: list[str] = []
        doc.failed.connect(failures.append)
        assert not doc.push(edit)
        assert failures[-1] == win.banner.text()  # refused with the banner's words
        assert doc.undo_stack.count() == 0  # nothing called saved
        # reading the project while away is refused in the same words, never a crash
        with pytest.raises(ServerGoneError, match="cannot be reached"):
            items.update_event(doc.store, 7, title="While away")
        qtbot.keyClick(page.title, Qt.Key.Key_Return)  # finishing it saves nothing yet
        assert page.title.text() == typed and doc.undo_stack.count() == 0
        win.reader.text.setFocus()  # leaving the field saves nothing either; it is kept
        qtbot.waitUntil(win.reader.text.hasFocus)
        assert page.title.text() == typed and doc.undo_stack.count() == 0
    finally:
        pg_cluster.ctl("start", "-w", "-t", "60", "-l", str(pg_cluster.log))
    with Store.open(project) as other:  # someone else, the moment it is back
        other.author = "Bob"
        other.apply(items.update_event(other, 9, title="Bob, meanwhile"))
    qtbot.waitUntil(lambda: not doc.offline, timeout=15000)
    assert win.banner.isHidden() and "[server away]" not in win.windowTitle()
    assert doc.editable and win.inspector.away.isHidden()
    assert not page.title.isReadOnly() and page.status.isEnabled()
    buttons = page.findChildren(QToolButton)
    assert all(b.isEnabled() for b in buttons if b.accessibleName() == "Remove evidence")
    assert win.delete_action.isEnabled()
    assert page.title.text() == typed  # still there, unsaved, to finish and save
    qtbot.waitUntil(lambda: any(9 in c.ids("events") for c in changed), timeout=5000)
    assert doc.store.row("events", 9)["title"] == "Bob, meanwhile"
    assert page.title.text() == typed
    page.title.setFocus()
    qtbot.keyClick(page.title, Qt.Key.Key_Return)  # finished now: saved
    assert doc.undo_stack.count() == 1
    # editable again, on the new connection
    assert doc.push(items.update_event(doc.store, 7, importance=3))
    with Store.open(project, read_only=True) as check:
        assert check.row("events", 7)["title"] == typed
        titles = [r["title"] for r in check.query("SELECT title FROM events")]
        assert "While away" not in titles
    win.close()
