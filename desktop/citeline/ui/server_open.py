"""File › Open Server Project…: a server project by its libpq address, and a password
when the server asks for one.

The address is a libpq URL (``postgresql://user@host:port/db``, or the Unix-socket form
``postgresql://user@/db?host=/run/postgresql``). libpq's own ways of giving a password
(``~/.pgpass``, a service file, ``PGPASSWORD``) keep working: the password field appears
only when the server asks and none of those answered. A password typed there is used for
this connection only (kept in memory with the open project, for its second connection)
and never written to the settings or the recent list, which name the address without it.

Connecting runs on a thread of its own, so a server that does not answer never freezes
the window; what went wrong is said in one line under the fields and the dialog stays.

A project an older Citeline made is offered for upgrading in place to an admin (the
message suggests a ``pg_dump`` backup first, and the button becomes Upgrade and Open);
anyone else is told that an admin must run ``citeline server upgrade URL``.
"""

from __future__ import annotations

import threading
from urllib.parse import quote

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from citeline.core.server.address import display_address, is_server_address

EXAMPLE = "postgresql://you@db.example.org/chronology"


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` in its user part (percent-encoded), for libpq."""
    if not password:
        return url
    scheme, rest = url.split("://", 1)
    userinfo, at, tail = rest.partition("@")
    if not at:  # no user named: libpq takes the password with an empty user
        userinfo, tail = "", rest
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:{quote(password, safe='')}@{tail}"


def explain(exc: BaseException, address: str) -> tuple[str, bool]:
    """One line for a failed connection, and whether it is the password that is wanted."""
    cause = exc.__cause__
    if cause is None:  # a refusal of Citeline's own (not a project, a newer one …)
        return str(exc).strip().splitlines()[0] if str(exc).strip() else address, False
    raw = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    low = raw.lower()
    if "no password supplied" in low or "password is required" in low:
        return "The server asks for a password: type it below.", True
    if "password authentication failed" in low:
        return "Wrong password (or user name) for this server: try again.", True
    if "database" in low and "does not exist" in low:
        return f"There is no such database on that server ({raw}).", False
    if "role" in low and "does not exist" in low:
        return f"The server knows no such user ({raw}).", False
    if any(
        s in low
        for s in ("could not translate host name", "connection refused", "no such file", "timeout")
    ):
        return f"The server cannot be reached ({raw}): check the address, or that it runs.", False
    return raw, False


def upgrade_offer(exc: BaseException) -> str:
    """What an admin is told before a project an older Citeline made is upgraded ("" when
    ``exc`` is no such refusal, or the role may not upgrade)."""
    from citeline.core.schema import SCHEMA_VERSION
    from citeline.core.server.upgrade import OlderServerProjectError, backup_command

    if not isinstance(exc, OlderServerProjectError) or not exc.may_upgrade:
        return ""
    return (
        f"This project was made by an older Citeline (schema {exc.version}; this one uses "
        f"{SCHEMA_VERSION}). Opening it upgrades it in place for everyone, in one "
        "transaction (nobody can open it meanwhile; a failed upgrade changes nothing). "
        "Back it up first:\n"
        f"    {backup_command(exc.address)}"
    )


class _Connector(QObject):
    """Opens a ServerStore off the GUI thread; ``done(store, error)`` on the GUI thread."""

    done = Signal(object, object)

    def start(self, url: str, *, upgrade: bool = False) -> None:
        def run() -> None:
            from citeline.core.server.store import ServerStore

            try:
                store = ServerStore.connect(url, upgrade=upgrade)
            except BaseException as exc:  # reported in the dialog, never raised
                self.done.emit(None, exc)
                return
            self.done.emit(store, None)

        threading.Thread(target=run, name="citeline-connect", daemon=True).start()


class ServerProjectDialog(QDialog):
    """Asks for a server project's address (and a password if the server wants one) and
    connects; ``store`` is the open project once it is accepted."""

    def __init__(self, parent: QWidget | None, address: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Server Project")
        self.store = None
        self.address = QLineEdit(display_address(address.strip()))
        self.address.setPlaceholderText(EXAMPLE)
        self.address.setMinimumWidth(460)
        self.address.setAccessibleName("Server project address")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password_label = QLabel("&Password:")
        self.password_label.setBuddy(self.password)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setAccessibleName("Problem")
        # the backup command an upgrade offer suggests can be selected and copied
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            "The project's PostgreSQL address, e.g.\n"
            f"  {EXAMPLE}\n"
            "  postgresql://you@/chronology?host=/run/postgresql   (a local socket)\n"
            "A password is asked only when the server wants one and ~/.pgpass has none; "
            "it is never saved."
        )
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        label = QLabel("&Address:")
        label.setBuddy(self.address)
        form.addRow(label, self.address)
        form.addRow(self.password_label, self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button.setText("&Open")
        self.buttons.accepted.connect(self.connect_now)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._connector = _Connector(self)
        self._connector.done.connect(self._connected)
        self.address.textChanged.connect(self._typed)
        #: the project answered that it was made by an older Citeline: Open upgrades it
        self.upgrade = False
        self.ask_password(False)
        self._typed()

    def ask_password(self, ask: bool) -> None:
        self.password_label.setVisible(ask)
        self.password.setVisible(ask)
        if ask:
            self.password.setFocus()
            self.password.selectAll()
        self.adjustSize()  # room for the rows shown, never text drawn over text

    def say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        self.adjustSize()

    def _typed(self) -> None:
        text = self.address.text().strip()
        bad = bool(text) and not is_server_address(text)
        self.say("An address starts with postgresql://" if bad else "")
        self.open_button.setEnabled(bool(text) and not bad)
        self.upgrade = False  # another address: not the one offered for upgrading
        self.open_button.setText("&Open")

    def url(self) -> str:
        """The address to connect with (the password in it, if one was typed)."""
        text = self.address.text().strip()
        return with_password(text, self.password.text() if self.password.isVisible() else "")

    def connect_now(self) -> None:
        """Connect in the background; the dialog waits, and stays open on a failure."""
        if not self.open_button.isEnabled():
            return
        self.say("Upgrading and connecting\u2026" if self.upgrade else "Connecting\u2026")
        self.problem.setStyleSheet("")
        self.open_button.setEnabled(False)
        self.address.setEnabled(False)
        self._connector.start(self.url(), upgrade=self.upgrade)

    def _connected(self, store: object, error: object) -> None:
        if not self.isVisible():  # cancelled while connecting: open nothing
            if store is not None:
                store.close()  # type: ignore[attr-defined]
            return
        self.address.setEnabled(True)
        self.open_button.setEnabled(True)
        self.problem.setStyleSheet("color: #b3261e;")
        if error is not None:
            assert isinstance(error, BaseException)
            offer = upgrade_offer(error)
            if offer:  # an admin, on a project an older Citeline made: offer the upgrade
                self.problem.setStyleSheet("")
                self.say(offer)
                self.upgrade = True
                self.open_button.setText("&Upgrade and Open")
                return
            message, password = explain(error, display_address(self.address.text().strip()))
            self.say(message)
            if password:
                self.ask_password(True)
            return
        self.say("")
        self.store = store
        self.accept()


def open_server_store(window: QWidget, document: object, store: object) -> None:
    """Put the connected ``store`` in the window (the file project before it backed up
    and closed) and list its address, without any password, among the recent projects."""
    from citeline.ui import settings

    files = getattr(window, "files", None)
    if files is not None:
        files.backup()
    document.replace_store(store)  # type: ignore[attr-defined]
    settings.add_recent(store.address)  # type: ignore[attr-defined]


def ask_server_project(window: QWidget, document: object, address: str = "") -> ServerProjectDialog:
    """File › Open Server Project… (and a recent server project whose connection needs a
    password): the dialog, opening the project in ``window`` once it connects."""
    dialog = ServerProjectDialog(window, address)
    dialog.accepted.connect(
        lambda: open_server_store(window, document, dialog.store) if dialog.store else None
    )
    window.server_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    if address:
        dialog.connect_now()  # a recent address: try it (libpq may know the password)
    return dialog


def open_at_start(url: str) -> object:
    """The server project ``citeline open URL`` names; one an older Citeline made is
    upgraded once an admin agrees (else the refusal is raised, to be printed)."""
    from PySide6.QtWidgets import QMessageBox

    from citeline.core.server.store import ServerStore

    try:
        return ServerStore.connect(url)
    except Exception as exc:
        offer = upgrade_offer(exc)
        if not offer:
            raise
        box = QMessageBox(QMessageBox.Icon.Question, "Upgrade Server Project", offer)
        box.setTextFormat(Qt.TextFormat.PlainText)
        chosen = box.addButton("&Upgrade and Open", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not chosen:
            raise
        return ServerStore.connect(url, upgrade=True)
