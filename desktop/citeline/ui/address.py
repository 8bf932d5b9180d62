"""Importing a source by its web address: File › Import from Address, pasting an address
onto the window, and dropping a link from a browser.

The address is checked here (http or https only, said at once under the field); the page
is fetched and read in a worker thread by :meth:`FileOps.import_paths`, which adds it as
one undo step like any imported file.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from citeline.core.errors import FetchError
from citeline.core.fetching import check_address, looks_like_address
from citeline.ui.fileops import FileOps


class AddressDialog(QDialog):
    """Asks for a web address; OK only once it is one Citeline will fetch."""

    def __init__(self, parent: QWidget | None, address: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from Address")
        self.field = QLineEdit(address.strip())
        self.field.setPlaceholderText("https://\u2026")
        self.field.setMinimumWidth(420)
        explain = QLabel(
            "Citeline fetches the page (or PDF, or text), keeps the original as it was "
            "received, with the address and the time, and adds its article as a source."
        )
        explain.setTextFormat(Qt.TextFormat.PlainText)
        explain.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(link-visited);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Address of the page:"))
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(explain)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check()

    def address(self) -> str | None:
        """The address typed, if Citeline will fetch it."""
        try:
            return check_address(self.field.text())
        except FetchError:
            return None

    def _check(self) -> None:
        text = self.field.text().strip()
        message = ""
        if text:
            try:
                check_address(text)
            except FetchError as exc:
                message = str(exc)
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text) and not message)


class AddressImport(QObject):
    """Wires address imports into a window: the dialog, paste, and dropped links."""

    def __init__(self, window: QWidget, files: FileOps) -> None:
        super().__init__(window)
        self.window = window
        self.files = files
        self.dialog: AddressDialog | None = None
        # Paste onto the window (not into a text field, which takes its own paste first).
        paste = QShortcut(QKeySequence.StandardKey.Paste, window)
        paste.setContext(Qt.ShortcutContext.WindowShortcut)
        paste.activated.connect(self.paste)
        window.installEventFilter(self)

    def ask(self, address: str = "") -> None:
        """Show the dialog (with ``address`` filled in) and import what is confirmed."""
        dialog = AddressDialog(self.window, address)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._accepted(dialog))
        dialog.open()

    def _accepted(self, dialog: AddressDialog) -> None:
        address = dialog.address()
        if address:
            self.files.import_paths([address])

    def paste(self) -> None:
        """An address on the clipboard is offered for import; other text is ignored."""
        text = QGuiApplication.clipboard().text().strip()
        if text and looks_like_address(text) and "\n" not in text:
            self.ask(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Dropped web links (not files) are imported by address."""
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            urls = event.mimeData().urls()  # type: ignore[attr-defined]
            web = [u.toString() for u in urls if u.scheme() in ("http", "https")]
            if web and len(web) == len(urls):
                event.acceptProposedAction()  # type: ignore[attr-defined]
                if event.type() == QEvent.Type.Drop:
                    self.files.import_paths(list(web))
                return True
        return super().eventFilter(watched, event)
