"""The main window end to end: the flows a user lives in, driven through the widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from tests.ui.conftest import event_id

from citeline.core import queries
from citeline.core.store import Store
from citeline.ui.app import build_window

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


def test_the_main_flow_survives_a_restart(qtbot, window, sample_path: Path) -> None:
    doc = window.document
    # click the 2021 deal (in the table) and read its passage highlighted in the article
    window.tabs.setCurrentWidget(window.table)
    row = window.table.model_.row_of("event", event_id(doc.store, DEAL))
    rect = window.table.visualRect(window.table.model_.index(row, 2))
    window.table.scrollTo(window.table.model_.index(row, 2))
    rect = window.table.visualRect(window.table.model_.index(row, 2))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert doc.selected.kind == "event" and doc.selected.id == event_id(doc.store, DEAL)
    window.tabs.setCurrentWidget(window.reader)
    passage = queries.evidence(doc.store, doc.selected.id)[0].passage
    cursor = window.reader.text.textCursor()
    assert passage.start <= cursor.position() <= passage.end
    assert window.inspector.pages["event"].title.text() == DEAL

    # select a sentence of the article and make it an event (Ctrl+E)
    text = window.reader.text.toPlainText()
    sentence = (
        "Ahn Yinhay, a professor of international relations at Korea University in Seoul, "
        "said Biden had his own political reasons for moving forward with negotiations"
    )
    start = text.index(sentence)
    window.reader.select_span(start, start + len(sentence))
    window.reader.text.setFocus()
    qtbot.waitUntil(window.reader.text.hasFocus)
    before = doc.store.count("events")
    qtbot.keyClick(window.reader.text, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert doc.store.count("events") == before + 1
    new_id = doc.selected.id
    date_edit = window.inspector.pages["event"].date.edit
    qtbot.waitUntil(date_edit.hasFocus)  # the date is ready to be retyped at once

    # fix its date by typing "March 2021"
    qtbot.keyClicks(date_edit, "March 2021")
    qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    assert queries.event(doc.store, new_id).date_edtf == "2021-03"

    # undo and redo, from the keyboard
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert queries.event(doc.store, new_id).date_edtf == "2024-03-14"
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert queries.event(doc.store, new_id).date_edtf == "2021-03"

    # find it again after restarting
    window.close()
    again = build_window(sample_path)
    qtbot.addWidget(again)
    try:
        ev = queries.event(again.document.store, new_id)
        assert ev.title.startswith("Ahn Yinhay, a professor")
        assert ev.date_edtf == "2021-03"
        assert queries.evidence(again.document.store, new_id)[0].passage.exact == sentence
    finally:
        again.close()


def test_title_bar_names_the_file(window, sample_path: Path) -> None:
    assert sample_path.name in window.windowTitle()


def test_every_menu_action_has_a_shortcut_or_mnemonic(window) -> None:
    important = {"Undo", "Redo", "Import…", "Open…", "Find…", "Fit All"}
    seen = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            seen[action.text().replace("&", "")] = action.shortcut().toString()
    for name in important:
        assert seen.get(name), f"{name} has no shortcut"
    assert seen["New Event from Selection"] == "Ctrl+E"


def test_search_and_filters_reach_the_table(qtbot, window) -> None:
    doc = window.document
    window.tabs.setCurrentWidget(window.table)
    window.filters.search.setText("billion")
    window.filters.search.returnPressed.emit()
    assert window.results.list.count() >= 1
    assert window.table.model_.rowCount() < doc.store.count("events") + doc.store.count("quotes")
    window.filters.clear()
    assert window.table.model_.rowCount() == doc.store.count("events") + doc.store.count("quotes")
    lanes = window.filters.menus["lanes"].actions()
    next(a for a in lanes if a.text() == "Analysis").setChecked(True)
    kinds = {window.table.model_.key(r)[0] for r in range(window.table.model_.rowCount())}
    assert kinds == {"quote"}


def test_delete_and_undo(qtbot, window) -> None:
    doc = window.document
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    window.delete_action.trigger()
    assert doc.store.row("events", deal) is None
    doc.undo_stack.undo()
    assert doc.store.row("events", deal) is not None
    assert len(queries.evidence(doc.store, deal)) == 2


def test_drop_imports_files_as_one_undo_step(qtbot, window, tmp_path: Path) -> None:
    doc = window.document
    files = []
    for i in range(3):
        f = tmp_path / f"article{i}.txt"
        f.write_text(
            f"Title: Story {i}\nDate: 2024-0{i + 1}-10\n\nTalks number {i} took place in Seoul.\n"
        )
        files.append(f)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    drop = QDropEvent(
        QPoint(300, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    steps = doc.undo_stack.count()
    window.dropEvent(drop)
    task = window.files.last_task
    assert task is not None
    qtbot.waitUntil(lambda: not doc.busy and doc.store.count("sources") == 4, timeout=5000)
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    assert doc.store.count("sources") == 1


def test_export_from_the_window_runs_in_the_background(qtbot, window, tmp_path: Path) -> None:
    out = tmp_path / "chronology.md"
    task = window.files.export_to("markdown", out)
    assert task is not None
    qtbot.waitUntil(out.exists, timeout=10000)
    assert DEAL in out.read_text(encoding="utf-8")


def test_read_only_project_says_so(qtbot, sample_path: Path) -> None:
    from citeline.ui.document import Document
    from citeline.ui.mainwindow import MainWindow

    doc = Document(Store.open(sample_path, read_only=True))
    win = MainWindow(doc)
    qtbot.addWidget(win)
    assert "[read-only]" in win.windowTitle()
    assert not win.banner.isHidden()
    assert "read-only" in win.banner.text()
    win.close()


@pytest.mark.parametrize(
    ("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("svg", b"<?xml")]
)
def test_image_exports_from_the_window(
    qtbot, window, tmp_path: Path, fmt: str, magic: bytes
) -> None:
    out = tmp_path / f"timeline.{fmt}"
    window.files.export_to(fmt, out)
    qtbot.waitUntil(out.exists, timeout=20000)
    assert out.read_bytes().startswith(magic)
    assert not list(tmp_path.glob(".*.part"))


def test_new_event_without_a_passage(qtbot, window) -> None:
    doc = window.document
    before = doc.store.count("events")
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert doc.store.count("events") == before + 1
    title = window.inspector.pages["event"].title
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClicks(title, "Talks resume")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert queries.event(doc.store, doc.selected.id).title == "Talks resume"
    assert queries.evidence(doc.store, doc.selected.id) == []


def test_the_window_fits_a_small_screen(window) -> None:
    """On a 1366×768 laptop screen the whole window, title bar included, is on the screen."""
    from PySide6.QtCore import QRect

    laptop = QRect(0, 0, 1366, 768 - 32)  # less a panel
    window.fit_to_screen(laptop)
    assert window.width() <= laptop.width() and window.height() <= laptop.height() - 30
    assert laptop.contains(window.frameGeometry().topLeft())
    big = QRect(0, 0, 2560, 1440)
    before = window.size()
    window.fit_to_screen(big)
    assert window.size() == before


def test_a_hidden_table_reads_its_rows_when_it_is_shown(qtbot, window) -> None:
    """Filters and edits do not wait for a table nobody sees (a million rows take a while)."""
    doc = window.document
    window.tabs.setCurrentWidget(window.reader)
    model = window.table.model_
    reloads = []
    original = model.reload
    model.reload = lambda: (reloads.append(1), original())[1]
    window.filters.search.setText("billion")
    window.filters.search.returnPressed.emit()
    assert reloads == []
    window.tabs.setCurrentWidget(window.table)
    assert reloads == [1]
    assert model.rowCount() < doc.store.count("events") + doc.store.count("quotes")
    for r in range(model.rowCount()):
        assert model.key(r)[0] in ("event", "quote")
