"""The app on a server project (``citeline open URL``): the window names the address and
says it is shared and who you are; edits, undo and redo go to the server; a read-only
role gets the read-only banner; the address is never shown with a password."""

from __future__ import annotations

import pytest

from citeline.cli import main
from citeline.core import items
from citeline.core.store import Store


@pytest.fixture
def project(tmp_path, pg_url, capsys) -> str:
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    capsys.readouterr()
    return pg_url


def _window(qtbot, url: str):
    from citeline.ui.app import build_window

    win = build_window(url)
    assert win is not None
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


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
