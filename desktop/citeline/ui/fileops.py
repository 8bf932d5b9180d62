"""File operations of the window: new, open, import, export, save a copy, backups.

Reading files to import and writing exports run off the GUI thread with a progress bar
and Cancel; the project changes only on the GUI thread, as one undo step.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from citeline.core import errors
from citeline.core.backup import backup_connection
from citeline.core.importing import SOURCE_SUFFIXES, name_of, read_file
from citeline.core.store import Store
from citeline.ui import settings
from citeline.ui.document import Document
from citeline.ui.tasks import Cancelled, Task

PROJECT_FILTER = "Citeline projects (*.citeline);;All files (*)"
IMPORT_FILTER = (
    "Sources and timelines (*.txt *.md *.markdown *.html *.htm *.pdf *.docx *.csv *.json)"
    ";;All files (*)"
)
BACKUP_EVERY_MS = 10 * 60 * 1000


def show_error(parent: QWidget | None, message: str, title: str = "Citeline") -> None:
    """Tell the user what went wrong, as plain text."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


class FileOps(QObject):
    """Opens, imports, exports and backs up the window's project."""

    #: After an import: what was added, in words, and the ids of the new sources.
    imported = Signal(str, list)

    def __init__(self, window: QWidget, document: Document) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.last_task: Task | None = None
        self._edits_since_backup = 0
        document.changed.connect(self._count_edit)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self.backup)
        self.backup_timer.start()

    # ----------------------------------------------------------- open and new

    def open_path(self, path: Path) -> bool:
        """Open ``path`` in this window; False (after telling the user) when refused."""
        try:
            store = Store.open(path)
        except errors.CitelineError as exc:
            show_error(self.window, str(exc), "Cannot open project")
            return False
        self.backup()
        self.document.replace_store(store)
        settings.add_recent(path)
        return True

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open Project", "", PROJECT_FILTER)
        if name:
            self.open_path(Path(name))

    def new_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "New Project", "Untitled.citeline", PROJECT_FILTER
        )
        if not name:
            return
        path = Path(name)
        if path.suffix == "":
            path = path.with_suffix(".citeline")
        try:
            if path.exists():
                raise errors.ProjectError(
                    f"{path.name} already exists: choose another name, or open it"
                )
            Store.create(path).close()
        except errors.CitelineError as exc:
            show_error(self.window, str(exc), "Cannot create project")
            return
        self.open_path(path)

    def save_copy_dialog(self) -> None:
        """Write a consistent copy of the project (the backup API, never a torn file copy)."""
        if self.document.path is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save a Copy", f"{self.document.path.stem} copy.citeline", PROJECT_FILTER
        )
        if name:
            self.save_copy(Path(name))

    def save_copy(self, dest: Path) -> bool:
        import sqlite3

        if dest.exists() and dest.resolve() == (self.document.path or dest).resolve():
            show_error(self.window, "Choose another file than the open project.")
            return False
        tmp = dest.with_name(f".{dest.name}.saving")
        try:
            target = sqlite3.connect(tmp)
            try:
                self.document.store.db.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            shutil.move(str(tmp), str(dest))
        except (OSError, sqlite3.Error) as exc:
            tmp.unlink(missing_ok=True)
            show_error(self.window, f"Could not save a copy to {dest.name}: {exc}")
            return False
        return True

    # ----------------------------------------------------------- import

    def import_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import Sources or Timelines", "", IMPORT_FILTER
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path | str], *, wait: bool = False) -> Task | None:
        """Import files (and web addresses, given as text) as one undo step; sources are
        read, or fetched, in a worker thread."""
        if self.document.read_only:
            show_error(self.window, "This project is open read-only: nothing can be imported.")
            return None
        from citeline.core.sources import read_address, read_source

        def job(report) -> list[tuple[Path | str, object]]:
            out: list[tuple[Path | str, object]] = []
            for n, path in enumerate(paths):
                if isinstance(path, str):
                    report(n, len(paths), f"Fetching {path}\u2026")
                    try:
                        out.append((path, read_address(path)))
                    except errors.CitelineError as exc:
                        out.append((path, exc))
                    continue
                report(n, len(paths), f"Reading {path.name}\u2026")
                if path.suffix.lower() in SOURCE_SUFFIXES:
                    try:
                        out.append((path, read_source(path)))
                    except errors.CitelineError as exc:
                        out.append((path, exc))
                else:
                    out.append((path, None))  # item files are read against the project below
            report(len(paths), len(paths), "")
            return out

        task = Task(self.window, "Importing", job)
        task.done.connect(self._imported)
        self.last_task = task
        task.start()
        return task

    def _imported(self, result: object, error: object) -> None:
        from citeline.core import items
        from citeline.core.edits import combine

        if isinstance(error, Cancelled):
            return
        if error is not None:
            show_error(self.window, f"Import failed: {error}")
            return
        store = self.document.store
        applied, problems = [], []
        added: list[str] = []
        warnings: list[str] = []
        new_sources: list[int] = []
        # Each edit is built against the project as the previous ones left it, inside a
        # rehearsal that is rolled back; then all of them are pushed as one undo step.
        with store.rehearsal():
            for path, draft in result:  # type: ignore[union-attr]
                try:
                    if isinstance(draft, Exception):
                        raise draft
                    if draft is None:
                        edit, summary = read_file(store, path)
                        added.append(f"{path.name}: {summary}")
                    else:
                        warnings.extend(items.source_warnings(store, draft))  # type: ignore[arg-type]
                        edit, source_id = items.add_source(store, draft)
                        new_sources.append(source_id)
                        added.append(f"\u201c{draft.title}\u201d")  # type: ignore[union-attr]
                    store.apply(edit)
                except errors.CitelineError as exc:
                    problems.append(f"{name_of(path)}: {exc}")
                    continue
                applied.append(edit)
        if applied:
            label = f"Import {len(applied)} file{'s' if len(applied) > 1 else ''}"
            if self.document.push(combine(label, applied)):
                note = "".join(f" \u2014 note: {w}" for w in warnings)
                self.imported.emit("Imported " + "; ".join(added) + note, new_sources)
        if problems:
            show_error(self.window, "Some files were not imported:\n\n" + "\n".join(problems))

    # ----------------------------------------------------------- export

    def export_dialog(self, fmt: str) -> None:
        from citeline.core.io import EXPORTERS

        spec = EXPORTERS[fmt]
        stem = self.document.path.stem if self.document.path else "timeline"
        name, _ = QFileDialog.getSaveFileName(
            self.window, f"Export {fmt.upper()}", f"{stem}{spec.suffix}", f"*{spec.suffix}"
        )
        if name:
            self.export_to(fmt, Path(name))

    def export_to(self, fmt: str, dest: Path) -> Task | None:
        """Export in a worker thread with its own read-only connection to the project."""
        from citeline.core.io import export

        path = self.document.path
        if path is None:  # an unsaved in-memory project: export on this thread
            try:
                export(self.document.store, fmt, dest)
            except errors.CitelineError as exc:
                show_error(self.window, str(exc), "Export failed")
            return None

        def job(report) -> Path:
            report(0, 1, f"Exporting {dest.name}\u2026")
            # Written beside the target and moved into place only if not cancelled.
            part = dest.with_name(f".{dest.name}.part")
            try:
                with Store.open(path, read_only=True) as reader:
                    export(reader, fmt, part)
                report(1, 1, "")
                os.replace(part, dest)
            finally:
                part.unlink(missing_ok=True)
            return dest

        task = Task(self.window, "Exporting", job)
        task.done.connect(self._exported)
        self.last_task = task
        task.start()
        return task

    def _exported(self, result: object, error: object) -> None:
        if error is not None and not isinstance(error, Cancelled):
            show_error(self.window, str(error), "Export failed")

    # ----------------------------------------------------------- backups

    def _count_edit(self, _changes: object) -> None:
        self._edits_since_backup += 1

    def backup(self) -> None:
        """Take a verified backup of the open project if it changed since the last one."""
        path = self.document.path
        if path is None or self.document.read_only or self._edits_since_backup == 0:
            return
        try:
            backup_connection(self.document.store.db.conn, path)
            self._edits_since_backup = 0
        except errors.CitelineError as exc:
            self.document.failed.emit(f"Backup failed: {exc}")
