"""Long work off the GUI thread, with a progress dialog and Cancel."""

from __future__ import annotations

import contextlib
import ctypes
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """The user pressed Cancel."""


class Progress:
    """What a job gets to report progress: ``report(done, total, label)`` raises
    :class:`Cancelled` once the user cancelled; ``with report.interruptible(conn):`` lets
    Cancel stop the job *inside* the block, even in the middle of a long computation or
    SQL statement (the block must sit inside a transaction that the exception rolls
    back)."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if self.worker.cancelled:
            raise Cancelled()
        self.worker.progress.emit(done, total, label)

    @contextlib.contextmanager
    def interruptible(self, conn: sqlite3.Connection | None = None) -> Iterator[None]:
        worker = self.worker
        with worker.lock:
            if worker.cancelled:
                raise Cancelled()
            worker.target = (threading.get_ident(), conn)
        interrupted = False
        try:
            yield
        except sqlite3.OperationalError as exc:
            if not (worker.cancelled and "interrupt" in str(exc)):
                raise
            interrupted = True
        finally:
            with worker.lock:
                worker.target = None
                if worker.cancelled:  # drop a pending cancel: it is raised right here
                    _async_raise(threading.get_ident(), None)
        if interrupted or worker.cancelled:
            raise Cancelled()


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in another Python thread at its next instruction (None: withdraw)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class _Worker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, object)  # result, error

    def __init__(self, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.job = job
        self.cancelled = False
        self.lock = threading.Lock()
        self.target: tuple[int, sqlite3.Connection | None] | None = None

    def cancel(self) -> None:
        with self.lock:
            if self.cancelled:
                return
            self.cancelled = True
            if self.target is not None:
                thread_id, conn = self.target
                if conn is not None:
                    conn.interrupt()
                _async_raise(thread_id, Cancelled)

    def run(self) -> None:
        try:
            result = self.job(Progress(self))
        except Exception as exc:  # handed to the GUI thread, shown as a message
            self.finished.emit(None, exc)
        else:
            self.finished.emit(result, None)


class Task(QObject):
    """Runs ``job(report)`` in a thread; ``report(done, total, label)`` raises on Cancel
    (``report`` is a :class:`Progress`).

    ``done(result, error)`` is emitted on the GUI thread when the job ends; ``error`` is a
    :class:`Cancelled` when the user cancelled.
    """

    done = Signal(object, object)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        job: Callable[[Progress], Any],
        *,
        show_after_ms: int = 300,
        result_wins: bool = False,
    ) -> None:
        super().__init__(parent)
        self.result_wins = result_wins  # a job that finished counts even if Cancel came late
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

    def cancel(self) -> None:
        """What the dialog's Cancel does: stop the job as soon as it can."""
        self.worker.cancel()

    def _cancel(self) -> None:
        self.worker.cancel()

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
        if self.worker.cancelled and (error is not None or not self.result_wins):
            error = Cancelled()
        self.done.emit(result, error)
        self.deleteLater()
