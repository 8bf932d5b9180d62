"""The timeline: one painter for screen and exports, the interactive view, its overview."""

from citeline.ui.timeline.overview import OverviewStrip
from citeline.ui.timeline.panel import TimelinePanel
from citeline.ui.timeline.view import TimelineView

__all__ = ["OverviewStrip", "TimelinePanel", "TimelineView"]
