"""The timeline's frames and painter: honest extents, fuzzy dates, labels, level of detail."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from citeline.core import catalog
from citeline.core.calendar import instant
from citeline.core.layout import TimeIndex, TimeScale
from citeline.core.queries import TimelineItem
from citeline.core.sample import build_sample
from citeline.core.store import Store
from citeline.ui.timeline.compose import column_width, compose
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import DrawnItem, Frame, Metrics
from citeline.ui.timeline.painter import TimelinePainter
from citeline.ui.timeline.theme import Fonts, Theme

PROGRESS = "Seoul and Washington make initial progress in new SMA talks"  # 2024-03
NO_DATE = "No date yet for the first round of talks"  # 2024-03-14


@pytest.fixture(scope="module")
def sample() -> TimelineData:
    store = Store.memory()
    build_sample(store)
    return TimelineData(store)


def frame_of(data: TimelineData, t0: float, t1: float, width: float = 1200, height=None) -> Frame:
    fonts = Fonts.default()
    left = column_width(data, fonts, Metrics())
    scale = TimeScale(t0, t1, width - left)
    return compose(data, scale, fonts, left=left, height=height)


def paint(frame: Frame, theme: Theme | None = None) -> tuple[QImage, TimelinePainter]:
    image = QImage(int(frame.width), int(frame.height), QImage.Format.Format_ARGB32_Premultiplied)
    painter = TimelinePainter(theme or Theme.light(), Fonts.default())
    p = QPainter(image)
    painter.paint(p, frame)
    p.end()
    return image, painter


def drawn(frame: Frame, title: str) -> DrawnItem:
    found = [d for la in frame.lanes for d in la.items if d.item.title == title]
    assert len(found) == 1
    return found[0]


def test_a_month_precision_event_covers_its_month(qapp, sample) -> None:
    frame = frame_of(sample, instant(2024, 1, 1), instant(2024, 7, 1))
    d = drawn(frame, PROGRESS)
    assert not d.point
    x, _, w, _ = d.marker_rect(frame.metrics)
    assert x == pytest.approx(frame.x(instant(2024, 3, 1)))
    assert x + w == pytest.approx(frame.x(instant(2024, 4, 1)))
    day = drawn(frame, NO_DATE)
    assert day.point  # a day is a pin until it is wider than one
    assert day.cx == pytest.approx(frame.x(instant(2024, 3, 14, 12)))


def test_an_interval_spans_its_interval(qapp, sample) -> None:
    frame = frame_of(sample, instant(2016), instant(2026))
    d = drawn(frame, "Seoul drags out the cost-sharing talks")  # 2017-01-20/2020-11
    assert d.x0 == pytest.approx(frame.x(instant(2017, 1, 20)))
    assert d.x1 == pytest.approx(frame.x(instant(2020, 12, 1)))


def test_labels_never_overlap_at_any_zoom(qapp, sample) -> None:
    for t0, t1, height in (
        (instant(2016), instant(2026), 420),
        (instant(2016), instant(2026), None),
        (instant(2024, 1), instant(2025, 1), 420),
        (instant(2024, 3, 1), instant(2024, 4, 1), 300),
    ):
        frame = frame_of(sample, t0, t1, height=height)
        for lane in frame.lanes:
            boxes = sorted(
                (d.label_y, d.label_x, d.label_x + d.label_w) for d in lane.items if d.label
            )
            for (ya, _, a1), (yb, b0, _) in pairwise(boxes):
                assert ya != yb or a1 <= b0, (lane.info.name, boxes)
            for d in lane.items:
                if d.label:
                    assert frame.left <= d.label_x and d.label_x + d.label_w <= frame.width + 0.5


def test_rows_run_out_into_clusters_not_into_overlaps(qapp, sample) -> None:
    fonts = Fonts.default()
    m = Metrics(max_rows=3)
    left = column_width(sample, fonts, m)
    scale = TimeScale(instant(2024, 3, 10), instant(2024, 3, 20), 1200 - left)
    frame = compose(sample, scale, fonts, left=left, metrics=m)
    analysis = next(la for la in frame.lanes if la.info.name == "Analysis")
    assert len(analysis.items) + analysis.clustered == 11 and analysis.clusters
    assert all(d.row < 3 for d in analysis.items)
    assert analysis.rows == 4  # three rows of items and the clusters' row
    (c,) = analysis.clusters
    assert frame.cluster_at(c.x0 + 2, c.y) is c
    assert not {d.key for d in analysis.items} & set(c.keys)


def _sample_item(edtf: str, point: bool) -> DrawnItem:
    item = TimelineItem("event", 1, "x", edtf, "day" if point else "month", 0, 1, None, 0)
    return (
        DrawnItem(item, 0, 20.0, 220.0, point, y=20.0)
        if not point
        else DrawnItem(item, 0, 118.0, 122.0, True, y=20.0)
    )


def _draw(edtf: str, point: bool) -> QImage:
    image = QImage(240, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = TimelinePainter(Theme.light(), Fonts.default())
    p = QPainter(image)
    painter.draw_item(p, 0, 240, Metrics(), _sample_item(edtf, point), QColor("#2e86c1"))
    p.end()
    return image


def test_approximate_dates_fade_at_their_ends_and_exact_ones_do_not(qapp) -> None:
    exact, fuzzy = _draw("2024-03", False), _draw("2024-03~", False)

    def lightness(img: QImage, x: int) -> int:
        return img.pixelColor(x, 20).lightness()

    # The exact bar is as dark at its first pixel column as in its middle...
    assert abs(lightness(exact, 21) - lightness(exact, 120)) < 12
    # ...the approximate one is close to the paper there, and as dark in the middle.
    assert lightness(fuzzy, 21) > lightness(fuzzy, 120) + 40
    assert abs(lightness(fuzzy, 120) - lightness(exact, 120)) < 12


def test_uncertain_and_approximate_points_do_not_look_like_exact_pins(qapp) -> None:
    exact = _draw("2024-03-14", True)
    for edtf in ("2024-03-14~", "2024-03-14?", "2024-03-14%"):
        other = _draw(edtf, True)
        differing = sum(
            exact.pixel(x, y) != other.pixel(x, y) for x in range(95, 145) for y in range(5, 35)
        )
        assert differing > 40, edtf


def test_crowded_lanes_count_what_they_do_not_draw_in_clusters(qapp) -> None:
    store = Store.memory()
    lanes = []
    for i in range(4):
        edit, lane_id = catalog.add_lane(store, f"Lane {i}")
        store.apply(edit)
        lanes.append(lane_id)
    rng = random.Random(7)
    n = 100_000
    t0, span = instant(1985), 40 * 365 * 86400
    starts = [t0 + rng.random() * span for _ in range(n)]
    ends = [s + 86400 for s in starts]
    index = TimeIndex([i * 2 for i in range(n)], starts, ends, [lanes[i % 4] for i in range(n)])
    data = TimelineData(store, index=index)
    frame = frame_of(data, t0 - 86400 * 100, t0 + span + 86400 * 100, width=1600)
    assert all(la.crowded for la in frame.lanes)
    assert sum(la.count for la in frame.lanes) == n
    # Nothing to read from this store, so every item is counted in a cluster; a day-long
    # item on the edge of two clusters' stretches is counted in both.
    assert n <= sum(la.clustered for la in frame.lanes) <= n * 1.02
    for lane in frame.lanes:
        for a, b in pairwise(lane.clusters):
            assert a.x1 < b.x0
    _, painter = paint(frame)
    assert painter.stats.items == 0 and painter.stats.labels == 0
    assert 0 < painter.stats.clusters <= 4 * 1600 / Metrics().bucket_px + 8
    # In a view too short for them, the lanes scrolled out of sight keep their height
    # but are not laid out: finding a crowded lane's items is the costliest part.
    short = frame_of(data, t0 - 86400 * 100, t0 + span + 86400 * 100, width=1600, height=300)
    assert [la.height for la in short.lanes] == [la.height for la in frame.lanes]
    hidden = [la for la in short.lanes if la.y > short.height]
    assert hidden and all(not la.clusters and not la.items for la in hidden)


def test_a_busy_lane_below_the_view_waits_to_be_laid_out_until_it_is_in_view(qapp) -> None:
    from citeline.core import items

    store = Store.memory()
    lanes = []
    for i in range(3):
        edit, lane_id = catalog.add_lane(store, f"Lane {i}")
        store.apply(edit)
        lanes.append(lane_id)
    rng = random.Random(3)
    for lane_id in lanes:
        for k in range(50):
            edit, _ = items.add_event(
                store,
                title=f"event {k} of lane {lane_id} with a longer title",
                date=f"2020-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                lane_id=lane_id,
            )
            store.apply(edit)
    data = TimelineData(store)
    t0, t1 = instant(2020) - 86400 * 10, instant(2021) + 86400 * 10
    whole = frame_of(data, t0, t1)  # a picture: every lane laid out
    assert all(la.items and not la.crowded for la in whole.lanes)
    short = frame_of(data, t0, t1, height=260)
    last, last_whole = short.lanes[-1], whole.lanes[-1]
    assert last.y > short.height and not last.items and not last.clusters
    # it takes the most rows its items could need meanwhile, never fewer than its own
    most = Metrics().max_rows
    assert last.rows == min(last.count, most) + (last.count > most) >= last_whole.rows
    # the lanes starting in view are laid out exactly as in the picture
    shown = [i for i, la in enumerate(short.lanes) if la.y <= short.height]
    assert shown and shown[-1] < len(short.lanes) - 1
    for i in shown:
        assert [d.key for d in short.lanes[i].items] == [d.key for d in whole.lanes[i].items]
    # scrolled into view, it is laid out as in the picture
    fonts = Fonts.default()
    left = column_width(data, fonts, Metrics())
    scale = TimeScale(t0, t1, 1200 - left)
    down = compose(data, scale, fonts, left=left, height=260, scroll=last.y - short.top)
    assert down.lanes[-1].rows == last_whole.rows
    assert len(down.lanes[-1].items) == len(last_whole.items)
    # the lane of the selection is always laid out, so the view can scroll to it
    chosen = last_whole.items[0].key
    picked = compose(data, scale, fonts, left=left, height=260, selected=chosen)
    assert picked.find(*chosen) is not None
