"""Reading sources with the date finder while the app is idle, so the timeline's flags
appear without a frame ever waiting for it."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from citeline.core import conflicts
from citeline.ui.timeline.view import TimelineView

#: How long one idle step may read sources, in seconds.
STEP_BUDGET = 0.03


class FlagReader(QObject):
    """Reads the sources and finds the flags a timeline frame is waiting on, then redraws it."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.timer = QTimer(self)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.step)
        self.timer.start()

    def step(self) -> bool:
        """Read some waiting sources; True when it read any."""
        data = self.view.data
        pending = data.pending_sources
        if data.store is not self.view.document.store or self.view.document.offline:
            return False  # another project, or its server is away: read later
        started = time.monotonic()
        if pending:
            while pending and time.monotonic() - started < STEP_BUDGET:
                conflicts.source_dates(data.store, pending.pop())
            if not pending:
                data.refresh_flags()
                self.view.refresh()
            return True
        if not data.pending_flags:
            return False
        # The flags frames asked for (they never wait for them): a few events at a time.
        while data.pending_flags and not pending and time.monotonic() - started < STEP_BUDGET:
            data.learn_pending_flags(100)
        if not data.pending_flags:
            self.view.refresh()
        return True

    def stop(self) -> None:
        """Read nothing more (the project is closing)."""
        self.timer.stop()
        self.view.data.pending_sources.clear()

    def finish(self) -> None:
        """Read every waiting source now (tests, pictures)."""
        while self.step():
            pass
