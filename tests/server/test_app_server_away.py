"""The server goes away under an open window: within seconds a banner says so and the
project is read-only (an edit is refused with the banner's words and never called
saved); the window reconnects by itself, is editable again and shows what others
committed meanwhile. The session's cluster is stopped and started again (pg_ctl)."""

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
    try:
        pg_cluster.stop()
        start = time.monotonic()
        qtbot.waitUntil(lambda: bool(doc.offline), timeout=8000)
        assert time.monotonic() - start < 5
        assert not win.banner.isHidden()
        assert "cannot be reached" in win.banner.text() and "read-only" in win.banner.text()
        assert "[server away]" in win.windowTitle()
        failures: list[str] = []
        doc.failed.connect(failures.append)
        assert not doc.push(edit)
        assert failures[-1] == win.banner.text()  # refused with the banner's words
        assert doc.undo_stack.count() == 0  # nothing called saved
        # reading the project while away is refused in the same words, never a crash
        with pytest.raises(ServerGoneError, match="cannot be reached"):
            items.update_event(doc.store, 7, title="While away")
        page = win.inspector.pages["event"]
        page.title.setPlainText("Typed while away")
        page.title.commit()  # an edit from the inspector: refused, the text stays
        assert failures[-1] == win.banner.text()
        assert page.title.text() == "Typed while away"
    finally:
        pg_cluster.ctl("start", "-w", "-t", "60", "-l", str(pg_cluster.log))
    with Store.open(project) as other:  # someone else, the moment it is back
        other.author = "Bob"
        other.apply(items.update_event(other, 9, title="Bob, meanwhile"))
    qtbot.waitUntil(lambda: not doc.offline, timeout=15000)
    assert win.banner.isHidden() and "[server away]" not in win.windowTitle()
    assert page.title.text() == before  # the refused text is not left looking saved
    qtbot.waitUntil(lambda: any(9 in c.ids("events") for c in changed), timeout=5000)
    assert doc.store.row("events", 9)["title"] == "Bob, meanwhile"
    # editable again, on the new connection
    assert doc.push(items.update_event(doc.store, 7, title="After"))
    with Store.open(project, read_only=True) as check:
        assert check.row("events", 7)["title"] == "After"
        titles = [r["title"] for r in check.query("SELECT title FROM events")]
        assert "While away" not in titles and before != "After"
    win.close()
