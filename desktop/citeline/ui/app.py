"""The composition root: builds the application, the document and the window, in order."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from citeline import __version__
from citeline.core.errors import CitelineError, ProjectError
from citeline.core.files import sweep_unfinished
from citeline.core.paths import user_data_dir
from citeline.core.store import Store
from citeline.ui import settings, theme
from citeline.ui.document import Document
from citeline.ui.mainwindow import MainWindow

SAMPLE_NAME = "Sample project.citeline"


def sample_copy(*, fresh: bool = False) -> Path:
    """The user's working copy of the sample project, written on first use."""
    from citeline.core.sample import write_sample

    path = user_data_dir() / SAMPLE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    if fresh and path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    if not path.exists():
        write_sample(path)
    return path


def application() -> QApplication:
    """The QApplication, created once with Citeline's names, icon and palette."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Citeline")
    app.setApplicationDisplayName("Citeline")
    app.setOrganizationName("Citeline")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.citeline.Citeline")
    icon = _icon()
    if icon is not None:
        app.setWindowIcon(icon)
    theme.apply_theme(app, str(settings.settings().value("theme", "system")))
    return app


def _icon() -> QIcon | None:
    from citeline.resources import resources_dir

    try:
        folder = resources_dir() / "icons"
    except FileNotFoundError:
        return None
    if not folder.is_dir():
        return None
    icon = QIcon()
    for png in sorted(folder.glob("citeline-*.png")):
        icon.addFile(str(png))
    svg = folder / "citeline.svg"
    if svg.exists():
        icon.addFile(str(svg))
    return icon if not icon.isNull() else None


def open_store(project: Path | str | None) -> Store:
    """The store to start with: the given project (created if new; a server project by
    its address), the last one, or the sample the first time. Raises when the project
    chosen cannot be opened."""
    if isinstance(project, str):
        from citeline.ui.server_open import open_at_start

        return open_at_start(project)
    if project is not None:
        if not project.exists() and project.suffix == ".citeline":
            return Store.create(project)
        return Store.open(project)
    last = settings.last_opened()
    if last is not None:  # gone or broken: the caller says so and offers choices
        if not last.exists():
            raise ProjectError(f"{last} no longer exists: it was moved, renamed or deleted")
        return Store.open(last)
    return Store.open(sample_copy())


def start_after_failure(path: Path, exc: CitelineError) -> Store | None:
    """A project failed to open at start: say why and let the user choose what to open
    instead (never the sample behind their back). None: the user chose to quit."""
    from PySide6.QtWidgets import QFileDialog

    from citeline.core import errors
    from citeline.ui.fileops import PROJECT_FILTER
    from citeline.ui.recovery import (
        OTHER,
        RESTORE,
        SAMPLE,
        RecoveryDialog,
        describe_failure,
        restore_beside,
    )

    while True:
        dialog = RecoveryDialog(
            None,
            path,
            describe_failure(path, exc),
            startup=True,
            offer_backups=isinstance(exc, errors.DamagedProjectError),
        )
        dialog.exec()
        try:
            info = dialog.selected()
            if dialog.choice == RESTORE and info is not None:
                return Store.open(restore_beside(path, info))
            if dialog.choice == OTHER:
                name, _ = QFileDialog.getOpenFileName(None, "Open Project", "", PROJECT_FILTER)
                if name:
                    path = Path(name)
                    return Store.open(path)
                continue
            if dialog.choice == SAMPLE:
                return Store.open(sample_copy())
            return None
        except CitelineError as again:
            exc = again


def _failed_path(project: Path | None) -> Path:
    if project is not None:
        return project
    return settings.last_opened() or sample_copy()


def build_window(project: Path | str | None) -> MainWindow | None:
    """The main window on ``project`` (for the app and for tests); None if the project
    could not be opened and the user chose to quit."""
    application()
    try:
        store = open_store(project)
    except CitelineError as exc:
        if isinstance(project, str):
            raise  # a server project: the message says why; there is no backup to offer
        failed = _failed_path(project)
        print(f"citeline: {exc}", file=sys.stderr)
        chosen = start_after_failure(failed, exc)
        if chosen is None:
            return None
        store = chosen
    if store.path is not None:
        settings.add_recent(store.path)
    elif getattr(store, "address", None):
        settings.add_recent(store.address)  # type: ignore[attr-defined]
    document = Document(store)
    from citeline.ui.authors import current_author

    document.set_author(current_author())
    window = MainWindow(document)
    return window


class FileOpenFilter(QObject):
    """Opens a project the desktop hands over (macOS sends a file-open event, not argv)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file())
            if path.suffix == ".citeline":
                self.window.files.open_path(path)
            else:
                self.window.files.import_paths([path])
            return True
        return super().eventFilter(watched, event)


def _install_crash_handler() -> None:
    from citeline.crash import write_crash_log

    def handler(kind, exc, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        from citeline.core.errors import ServerGoneError

        if issubclass(kind, ServerGoneError):
            # a view read a server project while its server is away: the banner says so,
            # and every view reads again once it is back (nothing of the work is at stake)
            print(f"citeline: {exc}", file=sys.stderr)
            return
        log = write_crash_log(exc)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Citeline",
            "Something went wrong inside Citeline. Your work up to the last action is saved.\n\n"
            f"A report was written to:\n{log}",
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    sys.excepthook = handler


def run(project: Path | str | None = None) -> int:
    """Start the app on ``project``; return its exit code."""
    app = application()
    _install_crash_handler()
    # what a killed restore or create left beside a project
    sweep_unfinished(path.parent for path in settings.recent_files())
    try:
        window = build_window(project)
    except CitelineError as exc:  # the sample itself could not be written
        print(f"citeline: {exc}", file=sys.stderr)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Citeline", f"Cannot open the project:\n\n{exc}"
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return 1
    if window is None:
        return 1
    app.installEventFilter(FileOpenFilter(window))
    window.fit_to_screen()
    window.show()
    from citeline.ui.authors import ask_once

    window.document.set_author(ask_once(window))  # the first time only
    window.update_title()
    return app.exec()
