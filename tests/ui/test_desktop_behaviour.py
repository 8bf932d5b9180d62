"""Behaving like a desktop app: palette, layout memory, accessibility, long work, copies."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QPalette
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit
from tests.ui.conftest import event_id

from citeline.core import queries
from citeline.core.store import Store
from citeline.ui import theme
from citeline.ui.app import build_window
from citeline.ui.tasks import Cancelled, Task


def test_dark_and_light_palettes(qapp) -> None:
    assert theme.apply_theme(qapp, "dark") == "dark"
    assert theme.is_dark(qapp.palette())
    assert qapp.palette().color(QPalette.ColorRole.Text).lightness() > 160
    assert theme.apply_theme(qapp, "light") == "light"
    assert not theme.is_dark(qapp.palette())
    # offscreen has no system scheme: "system" means light here
    assert theme.apply_theme(qapp, "system") == "light"


def test_window_layout_is_remembered(qtbot, sample_path: Path) -> None:
    win = build_window(sample_path)
    qtbot.addWidget(win)
    win.show()
    win.inspector_dock.hide()
    win.split.setSizes([200, 700])
    sizes = win.split.sizes()
    win.close()
    again = build_window(sample_path)
    qtbot.addWidget(again)
    again.show()
    assert again.inspector_dock.isHidden()
    assert abs(again.split.sizes()[0] - sizes[0]) <= 2
    again.close()


def test_input_widgets_have_accessible_names(qtbot, sample_path: Path) -> None:
    win = build_window(sample_path)
    qtbot.addWidget(win)
    win.document.select("event", win.document.store.rows("events")[0]["id"])
    unnamed = [
        w
        for kind in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton)
        for w in win.findChildren(kind)
        if w.isVisibleTo(win)
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text())
        and not isinstance(w.parent(), QComboBox)
        and w.objectName() not in ("qt_spinbox_lineedit",)
        and "qt_" not in w.objectName()
    ]
    assert unnamed == [], [type(w).__name__ for w in unnamed]
    win.close()


def test_korean_text_through_an_input_method(qtbot, sample_path: Path) -> None:
    win = build_window(sample_path)
    qtbot.addWidget(win)
    win.show()
    doc = win.document
    eid = event_id(doc.store, "Trump loses the US presidential election")
    doc.select("event", eid)
    title = win.inspector.pages["event"].title
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    title.selectAll()
    event = QInputMethodEvent()
    event.setCommitString("윤석열 대통령")
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(title, event)
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert queries.event(doc.store, eid).title == "윤석열 대통령"
    win.close()


def test_long_work_runs_off_the_gui_thread_and_cancels(qtbot, sample_path: Path) -> None:
    win = build_window(sample_path)
    qtbot.addWidget(win)
    results: list[tuple[object, object]] = []

    def job(report):
        for n in range(200):
            report(n, 200, f"step {n}")
            time.sleep(0.01)
        return "finished"

    task = Task(win, "Working", job, show_after_ms=0)
    task.done.connect(lambda r, e: results.append((r, e)))
    task.start()
    qtbot.waitUntil(lambda: task.dialog.value() > 3, timeout=3000)  # the GUI keeps updating
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(task.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    assert isinstance(results[0][1], Cancelled)
    win.close()


def test_save_a_copy_writes_a_valid_project(qtbot, sample_path: Path, tmp_path: Path) -> None:
    win = build_window(sample_path)
    qtbot.addWidget(win)
    dest = tmp_path / "copy.citeline"
    assert win.files.save_copy(dest)
    win.close()
    with Store.open(dest) as copy:
        assert copy.integrity() == "ok"
        assert copy.count("events") == 14


def test_a_refused_file_is_reported_not_crashed(
    qtbot, sample_path: Path, tmp_path: Path, monkeypatch
) -> None:
    win = build_window(sample_path)
    qtbot.addWidget(win)
    shown = []
    monkeypatch.setattr(
        "citeline.ui.fileops.show_error", lambda parent, msg, title="": shown.append(msg)
    )
    bad = tmp_path / "bad.citeline"
    bad.write_bytes(b"not a database at all")
    assert not win.files.open_path(bad)
    assert shown and "not an SQLite file" in shown[0]
    assert win.document.path == sample_path  # still on the project it had
    win.close()


def test_a_project_handed_over_by_the_desktop_opens(
    qtbot, sample_path: Path, tmp_path: Path
) -> None:
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from citeline.ui.app import FileOpenFilter

    win = build_window(sample_path)
    qtbot.addWidget(win)
    other = tmp_path / "other.citeline"
    Store.create(other).close()
    handler = FileOpenFilter(win)
    QApplication.instance().installEventFilter(handler)
    try:
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(other)))
        assert win.document.path == other
    finally:
        QApplication.instance().removeEventFilter(handler)
    win.close()
