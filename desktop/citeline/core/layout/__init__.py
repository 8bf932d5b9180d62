"""Timeline layout in plain Python: the time scale, axis ticks, lanes, labels and level of detail.

The timeline view and every export (SVG, PNG, PDF) paint what these modules compute;
text width comes in as a ``measure(text) -> float`` callable, so a layout depends only
on its inputs and comes out the same on screen and on paper.
"""

from citeline.core.layout.density import FramePlan, LanePlan, bucket_seconds, plan_frame
from citeline.core.layout.index import TimeIndex
from citeline.core.layout.labels import LabelItem, PlacedLabel, place_labels
from citeline.core.layout.lanes import LaneBox, lane_layout, pack_rows, row_count, row_top
from citeline.core.layout.overview import Overview
from citeline.core.layout.scale import TimeScale
from citeline.core.layout.ticks import Tick, choose_ticks, year_label

__all__ = [
    "FramePlan",
    "LabelItem",
    "LaneBox",
    "LanePlan",
    "Overview",
    "PlacedLabel",
    "Tick",
    "TimeIndex",
    "TimeScale",
    "bucket_seconds",
    "choose_ticks",
    "lane_layout",
    "pack_rows",
    "place_labels",
    "plan_frame",
    "row_count",
    "row_top",
    "year_label",
]
