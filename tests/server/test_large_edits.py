"""Large edits name the versions they were made from, like small ones: a bulk change of
hundreds of items, an undo run in the background, and an import (written by a worker)
are refused as a conflict when someone else changed one of their items since."""

from __future__ import annotations

import pytest

from citeline.cli import main
from citeline.core import items
from citeline.core.edits import combine
from citeline.core.store import Store
from citeline.ui import document as document_module
from citeline.ui.document import Document

#: More items than the old cut (500) under which edits named their versions.
MANY = 520


@pytest.fixture
def project(tmp_path, pg_url, capsys) -> tuple[str, list[int]]:
    """The sample on the server, with MANY more events."""
    path = tmp_path / "s.citeline"
    assert main(["sample", str(path)]) == 0
    assert main(["copy", str(path), pg_url]) == 0
    capsys.readouterr()
    with Store.open(pg_url) as store:
        ids = items.Ids(store)
        made = [
            items.add_event(store, title=f"Filler {n}", date="2019", ids=ids) for n in range(MANY)
        ]
        store.apply(combine("Add fillers", [e for e, _ in made]))
        return pg_url, [i for _, i in made]


def _bulk(store: Store, ids: list[int], status: str):
    return combine("Set status", [items.update_event(store, i, status=status) for i in ids])


def _statuses(url: str, ids: list[int]) -> set[str]:
    with Store.open(url, read_only=True) as check:
        return {check.row("events", i)["status"] for i in ids}


def test_a_bulk_change_of_an_item_someone_changed_since_is_refused(qapp, project):
    url, ids = project
    mine = Document(Store.open(url))
    mine.set_author("Maria")
    try:
        bulk = _bulk(mine.store, ids, "confirmed")  # read before Bob's change
        with Store.open(url) as other:
            other.author = "Bob"
            other.apply(items.update_event(other, ids[300], title="Bob's title"))
        conflicts, failures = [], []
        mine.conflicted.connect(conflicts.append)
        mine.failed.connect(failures.append)
        assert not mine.push(bulk)
        assert f"conflict: event {ids[300]}" in failures[-1].lower()
        assert "changed by Bob" in failures[-1]
        assert len(conflicts[-1].expect) == MANY  # every item named, not only a few
        assert mine.undo_stack.count() == 0
        assert _statuses(url, ids) == {"unverified"}  # nothing of it was written
        # made afresh, it goes through, and names the versions it left
        assert mine.push(_bulk(mine.store, ids, "confirmed"))
        assert _statuses(url, ids) == {"confirmed"}
    finally:
        mine.close()


def _window(qtbot, url: str):
    from citeline.ui.app import build_window

    win = build_window(url)
    assert win is not None
    qtbot.addWidget(win)
    win.document.set_author("Maria")
    return win


def test_an_undo_run_in_the_background_is_checked_like_a_small_one(qtbot, project, monkeypatch):
    url, ids = project
    monkeypatch.setattr(document_module, "LARGE", 100)  # this step undoes in a worker
    win = _window(qtbot, url)
    doc = win.document
    failures: list[str] = []
    doc.failed.connect(failures.append)
    assert doc.push(_bulk(doc.store, ids, "disputed"))
    # nobody built on it: undone in the background, then redone, both checked
    doc.undo()
    qtbot.waitUntil(lambda: not doc.busy, timeout=20000)
    assert doc.undo_stack.index() == 0 and _statuses(url, ids) == {"unverified"}
    with Store.open(url, read_only=True) as check:
        last = check.query("SELECT id, kind FROM history_entries ORDER BY id DESC LIMIT 1")[0]
    assert doc.undo_stack.command(0).undo_entry == last["id"] and last["kind"] == "undo"
    assert last["id"] in doc.store.own_entries  # not announced as someone else's
    doc.redo()
    qtbot.waitUntil(lambda: not doc.busy, timeout=20000)
    assert doc.undo_stack.index() == 1 and _statuses(url, ids) == {"disputed"}
    assert not failures
    stale = _bulk(doc.store, ids, "confirmed")  # read before Bob's change
    with Store.open(url) as other:  # Bob builds on the step
        other.author = "Bob"
        other.apply(items.update_event(other, ids[7], title="Bob's title"))
    doc.undo()
    qtbot.waitUntil(lambda: not doc.busy, timeout=20000)
    assert failures and failures[-1].startswith("Could not undo \u201cSet status\u201d")
    assert f"conflict: event {ids[7]}" in failures[-1] and "changed by Bob" in failures[-1]
    assert doc.undo_stack.index() == 1  # the step stays, the project keeps it
    assert _statuses(url, ids) == {"disputed"}
    # a bulk change is not resolved field by field (that would save one item of it):
    # the banner names the item and who changed it
    assert not doc.push(stale)
    assert win.conflict_dialog is None
    assert f"event {ids[7]}" in win.banner.text() and "changed by Bob" in win.banner.text()
    assert _statuses(url, ids) == {"disputed"}
    win.close()


def test_an_import_on_a_server_project_names_its_versions_and_its_undo_is_checked(
    qtbot, project, tmp_path
):
    url, _ids = project
    win = _window(qtbot, url)
    doc = win.document
    article = tmp_path / "memo.txt"
    article.write_text("Memo\n\nThe board met on 4 May 2021 and agreed the plan.\n")
    task = win.files.import_paths([article])
    assert task is not None
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=20000)
    with Store.open(url, read_only=True) as check:
        source = check.query("SELECT id, version FROM sources WHERE title = 'Memo'")[0]
    command = doc.undo_stack.command(0)
    assert command.versions[("source", source["id"])] == source["version"]
    # the import's entry is this window's own, not announced as someone else's
    assert doc.store.last_entry_id() in doc.store.own_entries
    with Store.open(url) as other:
        other.author = "Bob"
        other.apply(items.update_source(other, source["id"], title="Bob's memo"))
    failures: list[str] = []
    doc.failed.connect(failures.append)
    doc.undo()
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert f"conflict: source {source['id']}" in failures[-1]
    assert doc.undo_stack.index() == 1
    with Store.open(url, read_only=True) as check:
        assert check.row("sources", source["id"])["title"] == "Bob's memo"
    win.close()
