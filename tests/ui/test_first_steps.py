"""The first launch, search that never goes stale, and redo that shows what it redid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from tests.ui.conftest import event_id

from citeline.core import items, queries
from citeline.core.store import Store
from citeline.ui.app import build_window

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


def test_the_first_launch_opens_the_sample_article_and_says_how_to_start(qtbot) -> None:
    win = build_window(None)  # a fresh home: nothing opened before
    qtbot.addWidget(win)
    try:
        assert win.document.path is not None and "Sample" in win.document.path.name
        # the article is in the reader, not a blank box
        assert win.reader.source_id is not None
        assert "Seoul and Washington" in win.reader.text.toPlainText()
        assert win.tabs.currentWidget() is win.reader
        # the inspector says what to click, select and press
        empty = win.inspector.empty
        assert win.inspector.stack.currentWidget() is empty
        for words in ("Getting started", "Ctrl+E", "Ctrl+Shift+E", "Select"):
            assert words in empty.text()
        # Help has Getting Started and Keyboard Shortcuts
        help_menu = next(
            a.menu() for a in win.menuBar().actions() if a.text().replace("&", "") == "Help"
        )
        entries = {a.text().replace("&", ""): a for a in help_menu.actions()}
        assert {"Getting Started", "Keyboard Shortcuts", "About Citeline"} <= set(entries)
        entries["Keyboard Shortcuts"].trigger()
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
        shown = [d for d in dialogs if d.windowTitle() == "Keyboard Shortcuts" and d.isVisible()]
        assert shown
        text = shown[0].findChild(type(empty)).text()
        assert "Ctrl+Shift+E" in text and "Add Selection as Evidence" in text
        shown[0].close()
    finally:
        win.close()


def test_a_new_project_shows_no_stale_article(qtbot, window, tmp_path: Path) -> None:
    empty = tmp_path / "empty.citeline"
    Store.create(empty).close()
    assert window.files.open_path(empty)
    assert window.reader.source_id is None
    assert window.reader.title.text() == "No source"


def search(window, text: str) -> list[tuple[str, int]]:
    window.filters.search.setText(text)
    window.filters.search.returnPressed.emit()
    results = window.results.list
    return [results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(results.count())]


def test_search_refreshes_on_every_change(qtbot, window) -> None:
    doc = window.document
    deal = event_id(doc.store, DEAL)
    assert ("event", deal) in search(window, "replacement deal")
    doc.push(items.delete_event(doc.store, deal))
    assert ("event", deal) not in search_results(window)
    doc.undo_stack.undo()
    assert ("event", deal) in search_results(window)
    # the Clear button empties the panel too
    window.filters.clear()
    assert search_results(window) == []


def search_results(window) -> list[tuple[str, int]]:
    results = window.results.list
    return [results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(results.count())]


def test_search_clears_on_another_project_and_never_selects_a_stale_id(
    qtbot, window, tmp_path: Path
) -> None:
    found = search(window, "SMA talks")
    assert found
    stale = window.results.list.item(0).clone()  # a result held on to (a queued click)
    other = tmp_path / "other.citeline"
    with Store.create(other) as store:
        edit, _ = items.add_event(store, title="Unrelated event", date="2020")
        store.apply(edit)
        edit, _ = items.add_event(store, title="Another unrelated event", date="2021")
        store.apply(edit)
    assert window.files.open_path(other)
    assert search_results(window) == []
    # even a result still held somewhere selects nothing in the new project
    window.results._open(stale)
    assert window.document.selected is None


def test_search_covers_tags_and_people(window) -> None:
    doc = window.document
    tagged = {
        r["event_id"]
        for r in doc.store.query(
            "SELECT x.event_id FROM event_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE t.name = 'negotiators'"
        )
    }
    assert tagged and tagged <= {i for k, i in search(window, "negotiators") if k == "event"}
    spoken = {
        q["id"]
        for q in doc.store.rows("quotes")
        if queries.speaker_name(doc.store, q["speaker_id"]) == "Dan Pinkston"
    }
    assert spoken and spoken <= {i for k, i in search(window, "Pinkston") if k == "quote"}
    # and follows a new tag at once
    deal = event_id(doc.store, DEAL)
    doc.push(items.update_event(doc.store, deal, tags=["burden-sharing"]))
    assert ("event", deal) in search(window, "burden-sharing")


def test_redo_shows_the_redone_item_in_the_inspector(qtbot, window) -> None:
    doc = window.document
    text = window.reader.text.toPlainText()
    words = "Seoul named Lee Taw-woo, a career diplomat"
    start = text.index(words)
    window.reader.select_span(start, start + len(words))
    new_id = window.reader.event_from_selection()
    assert new_id is not None
    doc.undo_stack.undo()
    assert doc.selected is None
    assert window.inspector.stack.currentWidget() is window.inspector.empty
    doc.undo_stack.redo()
    assert doc.selected is not None and (doc.selected.kind, doc.selected.id) == ("event", new_id)
    page = window.inspector.pages["event"]
    assert window.inspector.stack.currentWidget() is page
    assert page.title.text() == queries.event(doc.store, new_id).title
    # undoing a deletion shows what came back
    doc.select(None)
    doc.push(items.delete_event(doc.store, new_id))
    doc.undo_stack.undo()
    assert (doc.selected.kind, doc.selected.id) == ("event", new_id)


def test_search_finds_a_status(window) -> None:
    doc = window.document
    deal = event_id(doc.store, DEAL)
    assert ("event", deal) not in search(window, "disputed")
    doc.push(items.set_status(doc.store, "event", deal, "disputed"))
    assert ("event", deal) in search_results(window)  # the open search follows the change


def test_selecting_an_event_again_keeps_the_source_being_read(qtbot, window) -> None:
    from tests.ui.test_many_sources import FIXTURE, SIGNED

    doc = window.document
    edit, source_id = items.add_source(doc.store, items_read(FIXTURE))
    doc.push(edit)
    deal = event_id(doc.store, DEAL)
    text = queries.source_text(doc.store, source_id)
    start = text.index(SIGNED)
    doc.push(items.add_evidence(doc.store, deal, items.PassageRef(source_id, start, start + 20)))
    window.read_source(source_id)
    doc.select(None)
    doc.select("event", deal)
    # the deal cites this source too: the reader stays on it, at the deal's passage here
    assert window.reader.source_id == source_id
    assert window.reader.text.textCursor().position() == start


def items_read(path):
    from citeline.core.sources import read_source

    return read_source(path)
