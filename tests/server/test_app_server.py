"""The app on a server project (``citeline open URL``): the window names the address and
says it is shared and who you are; edits, undo and redo go to the server; a read-only
role gets the read-only banner; the address is never shown with a password."""

from __future__ import annotations

import pytest

from citeline.cli import main
from citeline.core import items
from citeline.core.store import Store
from tests.server.windows import server_window


@pytest.fixture
def project(tmp_path, pg_url, capsys) -> str:
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    capsys.readouterr()
    return pg_url


def _window(qtbot, url: str):
    return server_window(qtbot, url)


def test_the_window_on_a_server_project_edits_undoes_and_says_shared(qtbot, project):
    win = _window(qtbot, project)
    doc = win.document
    doc.set_author("Maria")
    win.update_title()
    assert project in win.windowTitle() and "shared \u00b7 you are Maria" in win.windowTitle()
    assert win._shared_label.text() == "Shared project \u00b7 you are Maria"
    assert not win._shared_label.isHidden()
    assert doc.push(items.update_event(doc.store, 7, title="Edited in the window"))
    with Store.open(project, read_only=True) as other:
        assert other.row("events", 7)["title"] == "Edited in the window"
        entry = other.query("SELECT author FROM history_entries ORDER BY id DESC LIMIT 1")
        assert entry[0]["author"] == "Maria"
    doc.undo()
    qtbot.waitUntil(lambda: doc.store.row("events", 7)["title"] != "Edited in the window")
    with Store.open(project, read_only=True) as other:
        assert other.row("events", 7)["title"] != "Edited in the window"
        assert other.verify_history() == "ok"
    win.close()


def test_a_read_only_role_opens_with_the_banner(qtbot, project, capsys):
    assert main(["server", "grant", project, "viewer", "--read"]) == 0
    capsys.readouterr()
    win = _window(qtbot, project.replace("postgres@", "viewer@"))
    assert win.document.read_only
    assert "[read-only]" in win.windowTitle()
    assert not win.banner.isHidden() and "read-only" in win.banner.text()
    win.close()


def test_an_edit_in_one_window_appears_in_the_other(qtbot, project):
    # How soon it arrives is a figure of `bench --server`, not of this test: the wait
    # is long so that a loaded machine does not fail it.
    mine, theirs = _window(qtbot, project), _window(qtbot, project)
    theirs.document.set_author("Bob")
    seen: list = []
    mine.document.changed.connect(seen.append)
    assert theirs.document.push(items.update_event(theirs.document.store, 7, title="By Bob"))
    qtbot.waitUntil(lambda: any(c.touches("events") for c in seen), timeout=5000)
    change = next(c for c in seen if c.touches("events"))
    assert change.ids("events") == {7} and not change.reset
    assert "Changed by Bob" in mine.statusBar().currentMessage()
    # the window's own edits are not announced back to it as someone else's
    seen.clear()
    mine.statusBar().clearMessage()
    assert mine.document.push(items.update_event(mine.document.store, 5, title="Mine"))
    qtbot.wait(800)
    assert all(c.ids("events") == {5} for c in seen)  # only its own edit's change
    assert "Changed by" not in mine.statusBar().currentMessage()
    for win in (mine, theirs):
        win.close()
