"""File operations of the window: new, open, import, export, save a copy, backups.

Reading files to import and writing exports run off the GUI thread with a progress bar
and Cancel; the project changes only on the GUI thread, as one undo step.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from citeline.core import errors
from citeline.core.backup import backup_connection
from citeline.core.edits import Edit
from citeline.core.files import os_error
from citeline.core.history.record import Note
from citeline.core.importing import SOURCE_SUFFIXES, kinds, named, read_file
from citeline.core.store import Store, translate_error
from citeline.core.versions import made_from, versions_after
from citeline.ui import settings
from citeline.ui.document import Document
from citeline.ui.recovery import RESTORE, RecoveryDialog, describe_failure, restore_beside
from citeline.ui.tasks import Cancelled, Progress, Task

_T = TypeVar("_T")

if TYPE_CHECKING:
    from citeline.core.sources import SourceDraft

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


@dataclass
class _Outcome:
    """What an import wrote: its edits, a line per file, new sources, and what it skipped."""

    applied: list[Edit] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    new_sources: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    added_targets: list[Path | str] = field(default_factory=list)
    problem_targets: list[Path | str] = field(default_factory=list)
    #: on a server project, the versions the import left its items at (undo is made from)
    versions: dict[tuple[str, int], int] = field(default_factory=dict)


#: A file to import, or a web address already fetched: (address, draft or the refusal).
_Target = Path | tuple[str, "SourceDraft | errors.CitelineError"]


def _fetch(paths: Sequence[Path | str], report: Callable[[int, int, str], None]) -> list[_Target]:
    """``paths`` with each web address (given as text) fetched and read, before any
    transaction is opened: a slow server must not hold the project's write lock."""
    from citeline.core.sources import read_address

    out: list[_Target] = []
    for n, path in enumerate(paths):
        if isinstance(path, Path):
            out.append(path)
            continue
        report(n, len(paths), f"Fetching {path}\u2026")
        try:
            out.append((path, read_address(path)))
        except errors.CitelineError as exc:
            out.append((path, exc))
    return out


def _import_into(
    store: Store, targets: Sequence[_Target], report: Callable[[int, int, str], None]
) -> _Outcome:
    """Read and write each file, or fetched page, against ``store`` (inside the caller's
    transaction)."""
    from citeline.core import items
    from citeline.core.sources import read_source

    out = _Outcome()
    for n, target in enumerate(targets):
        name = target[0] if isinstance(target, tuple) else target.name
        report(n, len(targets), f"Reading {name}\u2026")
        try:
            if isinstance(target, tuple) or target.suffix.lower() in SOURCE_SUFFIXES:
                if isinstance(target, tuple):
                    if isinstance(target[1], errors.CitelineError):
                        raise target[1]
                    draft = target[1]
                else:
                    draft = read_source(target)
                out.warnings.extend(items.source_warnings(store, draft))
                edit, source_id = items.add_source(store, draft)
                line = f"\u201c{draft.title}\u201d"
            else:
                edit, summary = read_file(store, target)
                source_id, line = None, f"{name}: {summary}"
            label = f"Adding {name}\u2026"
            expect = made_from(store, edit) if getattr(store, "shared", False) else None
            store.apply(
                edit, progress=lambda d, t, lb=label: report(d, max(t, 1), lb), expect=expect
            )
            if expect is not None:
                out.versions.update(versions_after(edit, expect))
        except errors.CitelineError as exc:
            out.problems.append(named(str(name), str(exc)))
            out.problem_targets.append(target[0] if isinstance(target, tuple) else target)
            continue
        out.added_targets.append(target[0] if isinstance(target, tuple) else target)
        out.applied.append(edit)
        out.added.append(line)
        if source_id is not None:
            out.new_sources.append(source_id)
    report(len(targets), len(targets), "Saving\u2026")
    return out


def in_worker_transaction(store: Store, report: Progress, work: Callable[[Store], _T]) -> _T:
    """Run ``work`` on a twin connection of ``store`` in one transaction that Cancel (or
    any failure) rolls back whole; it commits only once the work is done."""
    twin = store.twin()
    if getattr(twin, "shared", False):
        return _in_server_transaction(store, twin, report, work)
    conn = twin.db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            with report.interruptible(conn):
                result = work(twin)
        except BaseException:
            conn.rollback()
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.rollback()
            raise translate_error(exc, store.path) from exc
        return result
    finally:
        twin.db.close()


def _in_server_transaction(
    store: Store, twin: Store, report: Progress, work: Callable[[Store], _T]
) -> _T:
    """:func:`in_worker_transaction` on a server project: one server transaction (Cancel
    stops the worker's thread, which rolls it back); the entries it writes are this
    window's own (not announced as someone else's)."""
    import psycopg

    try:
        with report.interruptible(None), twin.db.atomic():
            result = work(twin)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise errors.ProjectError(
            f"nothing was saved: the server refused or could not be reached ({reason}); try again"
        ) from exc
    finally:
        twin.close()
    store.own_entries.update(twin.own_entries)  # type: ignore[attr-defined]
    return result


def ask(parent: QWidget | None, message: str, action: str) -> bool:
    """Whether the user chose ``action`` (a button label) over Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, "Citeline", message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    chosen = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is chosen


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
        document.background = self.apply_in_background
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self.backup)
        self.backup_timer.start()

    # ----------------------------------------------------------- open and new

    def open_path(self, path: Path) -> bool:
        """Open ``path`` in this window; False (after telling the user) when refused.

        A damaged project is not opened: its newest verified backups are offered, to
        restore to a new file beside it.
        """
        try:
            store = Store.open(path)
        except errors.DamagedProjectError as exc:
            return self.recover(path, describe_failure(path, exc))
        except errors.ProjectLockedError as exc:
            if not ask(self.window, f"{exc}.", "Open &Read-Only"):
                return False
            try:
                store = Store.open(path, read_only=True)
            except errors.CitelineError as again:
                show_error(self.window, str(again), "Cannot open project")
                return False
        except errors.CitelineError as exc:
            show_error(self.window, str(exc), "Cannot open project")
            return False
        self.backup()
        self.document.replace_store(store)
        settings.add_recent(path)
        return True

    def recover(self, project: Path, reason: str = "") -> bool:
        """Offer ``project``'s backups; restore the chosen one to a new file and open it."""
        dialog = RecoveryDialog(self.window, project, reason)
        dialog.exec()
        info = dialog.selected()
        if dialog.choice != RESTORE or info is None:
            return False
        try:
            dest = restore_beside(project, info)
        except errors.CitelineError as exc:
            show_error(self.window, str(exc), "Cannot restore")
            return False
        if not self.open_path(dest):
            return False
        self.window.statusBar().showMessage(  # type: ignore[attr-defined]
            f"Restored the backup of {info.describe().split('  ')[0]} to {dest.name}; "
            f"{project.name} was left as it was",
            20000,
        )
        return True

    def restore_dialog(self) -> None:
        """File › Restore from Backup…: the open project's backups (or another's)."""
        project = self.document.path
        if project is None or self.document.store.path is None:
            name, _ = QFileDialog.getOpenFileName(
                self.window, "Restore Backups of\u2026", "", PROJECT_FILTER
            )
            if not name:
                return
            project = Path(name)
        self.recover(project)

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
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            show_error(self.window, str(os_error(exc, f"no copy was saved to {dest.name}")))
            return False
        except sqlite3.Error as exc:
            tmp.unlink(missing_ok=True)
            show_error(self.window, str(translate_error(exc, dest)))
            return False
        return True

    # ----------------------------------------------------------- import

    def import_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import Sources or Timelines", "", IMPORT_FILTER
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: Sequence[Path | str], *, wait: bool = False) -> Task | None:
        """Import files (and web addresses, given as text) as one undo step, off the GUI
        thread from fetching and reading to writing.

        A worker fetches the addresses, then reads every file and writes it through its own
        connection inside one transaction, with progress; Cancel stops it within a moment
        and rolls the whole import back. Once committed, the edit goes on the undo stack as
        one step.
        """
        if self.document.read_only:
            show_error(self.window, "This project is open read-only: nothing can be imported.")
            return None
        if self.document.offline:  # the server is away: nothing can be saved now
            show_error(self.window, self.document.offline)
            return None
        if self.document.busy:
            show_error(self.window, "Wait until the change in progress is written.")
            return None
        store = self.document.store
        if store.path is None and not getattr(store, "shared", False):
            # an in-memory project lives on this thread (a server project has a twin)
            outcome = _import_into(store, _fetch(paths, lambda *_a: None), lambda *_a: None)
            self._imported(outcome, None)
            return None

        def job(report: Progress) -> _Outcome:
            targets = _fetch(paths, report)
            return in_worker_transaction(
                store, report, lambda twin: _import_into(twin, targets, report)
            )

        task = Task(self.window, "Importing", job, result_wins=True)
        task.done.connect(self._imported)
        self.document.busy = True
        self.last_task = task
        task.start()
        return task

    def _imported(self, result: object, error: object) -> None:
        from citeline.core.edits import combine

        self.document.busy = False
        if isinstance(error, Cancelled):
            self.window.statusBar().showMessage("Import cancelled: nothing was added", 10000)
            return
        if error is not None:
            show_error(self.window, f"Import failed: {error}")
            return
        assert isinstance(result, _Outcome)
        if result.applied:
            n = len(result.applied)
            label = f"Import {n} {kinds(result.added_targets)}"
            self.document.push_applied(combine(label, result.applied), result.versions or None)
            note = "".join(f" \u2014 note: {w}" for w in result.warnings)
            self.imported.emit("Imported " + "; ".join(result.added) + note, result.new_sources)
        if result.problems:
            show_error(
                self.window,
                f"Some {kinds(result.problem_targets, plural=True)} were not imported:\n\n"
                + "\n\n".join(result.problems),
            )

    def apply_in_background(
        self,
        make: Callable[[], Edit],
        title: str,
        finished: Callable[[Exception | None], None],
        note: Note | None = None,
        expect: dict[tuple[str, int], int] | None = None,
    ) -> Task:
        """Make and write a large edit (an undo or redo) in a worker with progress; the
        window stays live. ``note`` says how its history records it, ``expect`` the
        versions it is made from (a server project: checked as for any edit).
        ``finished(error, entry)`` gets the history entry it wrote (None: failed)."""
        store = self.document.store

        def job(report: Progress) -> int | None:
            report(0, 1, title + "\u2026")

            def work(twin: Store) -> int | None:
                edit = make()
                twin.apply(
                    edit,
                    progress=lambda d, t: report(d, t, title + "\u2026"),
                    note=note,
                    expect=expect,
                )
                return twin.last_entry

            return in_worker_transaction(store, report, work)

        task = Task(self.window, title, job, result_wins=True)
        task.done.connect(
            lambda result, error: finished(error, result if isinstance(result, int) else None)
        )
        self.last_task = task
        task.start()
        return task

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
