"""Imports in the app run off the GUI thread from reading to writing, with progress and a
Cancel that leaves nothing; undoing or redoing a large import does not freeze the window."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from citeline.core.store import Store
from citeline.ui import document as document_module
from citeline.ui.document import Document
from citeline.ui.tasks import Cancelled


def write_csv(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("title,date,description\n")
        for i in range(rows):
            fh.write(f"Event {i},{1900 + i % 120}-0{1 + i % 9},Something happened, number {i}\n")
    return path


LARGE = 400


@pytest.fixture
def window(qtbot, qapp, tmp_path: Path, monkeypatch):
    from citeline.ui.mainwindow import MainWindow

    # what counts as a large step, lowered so the tests stay quick
    monkeypatch.setattr(document_module, "LARGE", LARGE)
    path = tmp_path / "p.citeline"
    Store.create(path).close()
    document = Document(Store.open(path))
    win = MainWindow(document)
    qtbot.addWidget(win)
    yield win
    win.close()
    document.close()


class Ticks:
    """Counts how often the GUI thread runs a 10 ms timer while work goes on."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def events_in_file(window) -> int:
    with Store.open(window.document.path, read_only=True) as reader:
        return reader.count("events")


def test_cancel_stops_a_large_import_and_leaves_nothing(qtbot, window, tmp_path: Path) -> None:
    doc = window.document
    csv = write_csv(tmp_path / "big.csv", 60000)
    labels: list[str] = []
    ticks = Ticks()
    task = window.files.import_paths([csv])
    assert task is not None
    task.worker.progress.connect(lambda _d, _t, label: labels.append(label))
    outcome: list[object] = []
    task.done.connect(lambda _r, error: outcome.append(error))
    qtbot.waitUntil(lambda: ticks.count >= 20, timeout=10000)  # the window stays live
    assert not outcome, "the import should still be running"
    pressed = time.monotonic()
    task.dialog.canceled.emit()  # what the progress dialog's Cancel button sends
    qtbot.waitUntil(lambda: bool(outcome), timeout=10000)
    print(f"cancel took {time.monotonic() - pressed:.3f} s")
    assert isinstance(outcome[0], Cancelled)
    assert labels and labels[0].startswith("Reading big.csv")
    assert doc.undo_stack.count() == 0
    assert events_in_file(window) == 0
    assert doc.store.count("events") == 0
    assert "cancelled" in window.statusBar().currentMessage()
    assert not doc.busy


def test_large_import_then_undo_and_redo_off_the_gui_thread(qtbot, window, tmp_path: Path) -> None:
    doc = window.document
    rows = LARGE + 300
    csv = write_csv(tmp_path / "big.csv", rows)
    ticks = Ticks()
    task = window.files.import_paths([csv])
    assert task is not None
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=20000)
    assert doc.store.count("events") == rows
    assert ticks.count > 0, "the GUI thread ran while the import was written"

    before = ticks.count
    doc.undo()
    undo_task = window.files.last_task
    assert undo_task is not task, "a large undo runs as a background task"
    assert doc.undo_stack.index() == 1, "the stack moves only once the file has the change"
    qtbot.waitUntil(lambda: doc.undo_stack.index() == 0, timeout=20000)
    assert events_in_file(window) == 0
    assert ticks.count > before

    doc.redo()
    qtbot.waitUntil(lambda: doc.undo_stack.index() == 1, timeout=20000)
    assert events_in_file(window) == rows
    assert doc.store.search("Event 342")


def test_cancelling_a_large_undo_keeps_the_step(qtbot, window, tmp_path: Path) -> None:
    doc = window.document
    csv = write_csv(tmp_path / "big.csv", LARGE + 10)
    window.files.import_paths([csv])
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=20000)
    doc.undo()
    task = window.files.last_task
    outcome: list[object] = []
    task.done.connect(lambda _r, error: outcome.append(error))
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=10000)
    if isinstance(outcome[0], Cancelled):
        assert doc.undo_stack.index() == 1
        assert events_in_file(window) == LARGE + 10
    else:  # the undo finished before Cancel was seen: then it is done whole
        assert doc.undo_stack.index() == 0
        assert events_in_file(window) == 0


def test_export_from_a_project_opened_through_a_link_has_every_edit(
    qtbot, qapp, tmp_path: Path
) -> None:
    """The window's export reads with its own connection: through the link it must still
    find the log beside the real file and see the edits just made."""
    from citeline.core import items
    from citeline.ui.mainwindow import MainWindow

    real = tmp_path / "real" / "p.citeline"
    real.parent.mkdir()
    Store.create(real).close()
    link = tmp_path / "link.citeline"
    link.symlink_to(real)
    document = Document(Store.open(link))
    win = MainWindow(document)
    qtbot.addWidget(win)
    for i in range(34):
        edit, _ = items.add_event(document.store, title=f"Linked {i}", date="2020")
        assert document.push(edit)
    assert (real.parent / "p.citeline-wal").exists()
    out = tmp_path / "out.csv"
    task = win.files.export_to("csv", out)
    assert task is not None
    qtbot.waitUntil(out.exists, timeout=10000)
    assert out.read_text(encoding="utf-8").count("Linked ") == 34
    win.close()
    document.close()
