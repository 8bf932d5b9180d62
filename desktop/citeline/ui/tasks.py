"""Long work off the GUI thread, with a progress dialog and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """The user pressed Cancel."""


class _Worker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, object)  # result, error

    def __init__(self, job: Callable[[Callable[[int, int, str], None]], Any]) -> None:
        super().__init__()
        self.job = job
        self.cancelled = False

    def run(self) -> None:
        def report(done: int, total: int, label: str) -> None:
            if self.cancelled:
                raise Cancelled()
            self.progress.emit(done, total, label)

        try:
            result = self.job(report)
        except Exception as exc:  # handed to the GUI thread, shown as a message
            self.finished.emit(None, exc)
        else:
            self.finished.emit(result, None)


class Task(QObject):
    """Runs ``job(report)`` in a thread; ``report(done, total, label)`` raises on Cancel.

    ``done(result, error)`` is emitted on the GUI thread when the job ends; ``error`` is a
    :class:`Cancelled` when the user cancelled.
    """

    done = Signal(object, object)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        job: Callable[[Callable[[int, int, str], None]], Any],
        *,
        show_after_ms: int = 300,
    ) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = _Worker(job)
        self.worker.moveToThread(self.thread)
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(show_after_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)

    def start(self) -> None:
        self.thread.start()

    def _cancel(self) -> None:
        self.worker.cancelled = True

    def _progress(self, done: int, total: int, label: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        if label:
            self.dialog.setLabelText(label)

    def _finished(self, result: object, error: object) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.reset()
        self.dialog.hide()
        if error is None and self.worker.cancelled:
            error = Cancelled()
        self.done.emit(result, error)
        self.deleteLater()
