"""Keep Python's cyclic garbage collector out of the timeline's frames.

A full collection walks every object the program holds: with the app, Qt's wrappers
and a large project's caches that is 20 ms, and Python starts one whenever enough new
objects have piled up, in the middle of whichever frame happens to be drawing. So
what lives long is frozen (``gc.freeze``: no collection walks it again), and the rest
is collected when the app is idle: a moment after the last frame, everything is
unfrozen, collected once and frozen again, so nothing that became garbage while frozen
is kept. Collections during frames then walk only the objects made since.

Python's thresholds are kept: collecting young objects less often would also leave
cyclic garbage longer, such as a transaction's context abandoned by a cancelled task,
whose clean-up must not wait.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How long after the last frame the app counts as idle.
IDLE_MS = 1000


def settle() -> None:
    """Collect all garbage now and freeze what survives (when nothing waits on the app)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class _IdleCollector(QObject):
    """A single-shot timer restarted by each frame; it settles the heap when it fires."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(IDLE_MS)
        self.timer.timeout.connect(settle)


_collector: _IdleCollector | None = None


def frame_drawn() -> None:
    """Note that a frame was drawn: the heap is settled once the frames stop."""
    global _collector
    if _collector is None:
        app = QCoreApplication.instance()
        if app is None:
            return
        _collector = _IdleCollector(app)
    _collector.timer.start()
