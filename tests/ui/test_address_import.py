"""File › Import from Address, a pasted address and a dropped link, against 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from tests.localserver import serve

from citeline.ui.address import AddressDialog

PAGE = (
    b"<html><head><title>Ferry service resumes</title></head><body><article>"
    + b"".join(
        b"<p>The ferry between the two islands resumed on Monday after a month of "
        b"repairs to the landing stage, the operator said.</p>"
        for _ in range(4)
    )
    + b"</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = PAGE if self.path.startswith("/ferry") else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as address:
        yield address


def test_the_dialog_accepts_only_web_addresses(qtbot) -> None:
    dialog = AddressDialog(None)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.field.setText("file:///etc/passwd")
    assert not ok.isEnabled() and "only http:// and https://" in dialog.problem.text()
    dialog.field.setText("https://example.com/story")
    assert ok.isEnabled() and dialog.address() == "https://example.com/story"


def test_import_from_address_adds_the_page_as_one_undo_step(qtbot, window, server) -> None:
    doc = window.document
    steps = doc.undo_stack.count()
    menu = next(a for a in window.menuBar().actions() if a.text() == "&File").menu()
    action = next(a for a in menu.actions() if a.text().startswith("Import from &Address"))
    action.trigger()
    dialog = window.address.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.field.setText(f"{server}/ferry")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    # done once it is on the undo stack (the worker commits a moment before)
    qtbot.waitUntil(
        lambda: doc.store.count("sources") == 2 and doc.undo_stack.count() == steps + 1,
        timeout=10000,
    )
    row = doc.store.rows("sources", order="id")[-1]
    assert row["url"] == f"{server}/ferry" and row["fetched_at"]
    assert doc.store.row("originals", row["id"])["content"] == PAGE
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    assert doc.store.count("sources") == 1


def test_pasting_an_address_onto_the_window_offers_it(qtbot, window, server) -> None:
    QGuiApplication.clipboard().setText(f"  {server}/ferry?from=paste \n")
    window.timeline.view.setFocus()
    qtbot.waitUntil(window.timeline.view.hasFocus)
    qtbot.keyClick(window.timeline.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = window.address.dialog
    assert dialog is not None and dialog.field.text() == f"{server}/ferry?from=paste"
    dialog.reject()
    QGuiApplication.clipboard().setText("just some words")
    window.address.dialog = None
    qtbot.keyClick(window.timeline.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.address.dialog is None


def test_a_dropped_link_is_imported_by_address(qtbot, window, server) -> None:
    doc = window.document
    mime = QMimeData()
    mime.setUrls([QUrl(f"{server}/ferry?from=drop")])
    args = (
        QPoint(300, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # as a drag from a browser arrives: entering (accepted for a web link), then the drop
    enter = QDragEnterEvent(*args)
    QGuiApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QGuiApplication.sendEvent(window, QDropEvent(*args))
    qtbot.waitUntil(lambda: doc.store.count("sources") == 2, timeout=10000)


def test_save_original_writes_the_bytes_as_fetched(
    qtbot, window, server, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    doc = window.document
    window.files.import_paths([f"{server}/ferry"])
    qtbot.waitUntil(lambda: doc.store.count("sources") == 2, timeout=10000)
    sid = doc.store.rows("sources", order="id")[-1]["id"]
    window.read_source(sid)
    dest = tmp_path / "ferry-as-fetched.html"
    asked: list[str] = []

    def fake_dialog(parent, title, name, *args):
        asked.append(name)
        return str(dest), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    menu = next(a for a in window.menuBar().actions() if a.text() == "&File").menu()
    next(a for a in menu.actions() if a.text().startswith("Save &Original")).trigger()
    assert asked == ["Ferry-service-resumes.html"]  # the address named no file type
    assert dest.read_bytes() == PAGE
    assert "fetched" in window.statusBar().currentMessage()
