"""The timeline drawn from the file's summaries is the timeline drawn from memory."""

from __future__ import annotations

import random

import pytest

from citeline.core.calendar import instant
from citeline.core.edits import Edit, insert
from citeline.core.layout import TimeScale
from citeline.core.sample import build_sample
from citeline.core.store import Store, now_iso
from citeline.core.windows import WindowIndex
from citeline.ui.timeline import data as data_module
from citeline.ui.timeline.compose import column_width, compose
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import Frame, Metrics
from citeline.ui.timeline.theme import Fonts


def _crowded_sample() -> Store:
    """The sample plus 3,000 events in its lanes, so that some lanes are crowded."""
    store = Store.memory()
    build_sample(store)
    lanes = [r["id"] for r in store.rows("lanes")] + [None]
    rng = random.Random(2)
    stamp = now_iso()
    t0 = instant(2016)
    rows = []
    for i in range(10_000, 13_000):
        e = t0 + rng.randrange(10 * 365 * 86400)
        rows.append(
            {"id": i, "title": f"Extra {i}", "description": "", "date_edtf": "2020",
             "date_precision": "day", "date_earliest": e, "date_latest": e + 86400,
             "date_provenance": None, "lane_id": rng.choice(lanes),
             "importance": rng.randrange(3), "status": "unverified",
             "created_at": stamp, "updated_at": stamp}
        )  # fmt: skip
    store.apply(Edit("extra", tuple(insert("events", r) for r in rows)))
    return store


def _shape(frame: Frame) -> list[tuple]:
    return [
        (
            lane.info.key,
            lane.count,
            sorted((d.item.kind, d.item.id, d.label) for d in lane.items),
            [(c.count, c.t0, c.t1) for c in lane.clusters],
        )
        for lane in frame.lanes
    ]


@pytest.mark.parametrize("years", [12.0, 1.0, 0.05])
def test_frames_from_the_summaries_equal_frames_from_memory(
    qapp, years: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _crowded_sample()
    in_memory = TimelineData(store)
    monkeypatch.setattr(data_module, "IN_MEMORY_ITEMS", 0)
    from_file = TimelineData(store)
    assert isinstance(from_file.index, WindowIndex)
    assert not isinstance(in_memory.index, WindowIndex)
    fonts = Fonts.default()
    left = column_width(in_memory, fonts, Metrics())
    start = instant(2019)
    scale = TimeScale(start, start + years * 365 * 86400, 1400 - left)
    a = compose(in_memory, scale, fonts, left=left, height=700)
    b = compose(from_file, scale, fonts, left=left, height=700)
    assert _shape(a) == _shape(b)
    assert any(lane.items for lane in a.lanes)


def test_a_slice_ranked_from_its_halves_equals_one_ranked_at_once(
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citeline.core import queries

    asked: list[tuple[float, float]] = []
    real = queries.ranked_items

    def counted(store_, a, b, **kw):  # type: ignore[no-untyped-def]
        asked.append((a, b))
        return real(store_, a, b, **kw)

    monkeypatch.setattr(queries, "ranked_items", counted)
    store = _crowded_sample()
    t0 = float(instant(2019))
    width = 2.0**24  # about 194 days, as the level of detail cuts slices
    lanes = [r["id"] for r in store.rows("lanes")]
    for lane in lanes:
        for limit in (1, 3, 8):
            halves = TimelineData(store)
            halves.ranked(lane, t0, t0 + width, limit)
            halves.ranked(lane, t0 + width, t0 + 2 * width, limit)
            asked.clear()
            merged = halves.ranked(lane, t0, t0 + 2 * width, limit)
            assert asked == []  # answered from the halves, without a query
            direct = TimelineData(store).ranked(lane, t0, t0 + 2 * width, limit)
            assert merged == direct
            assert len(direct) == limit


def test_slices_ranked_together_equal_slices_ranked_one_by_one(qapp) -> None:
    # A crowded lane's slices are ranked together (their items read at once): the
    # answers, evidence counts and the items later asked for are those of one by one.
    store = _crowded_sample()
    lanes = [r["id"] for r in store.rows("lanes")]
    width = 2.0**23
    t0 = float(instant(2017))
    windows = [(t0 + k * width, t0 + (k + 1) * width) for k in range(12)]
    for lane in lanes:
        for limit in (2, 5):
            together = TimelineData(store)
            # One slice kept already, so the batch reads only the others.
            together.ranked(lane, *windows[3], limit)
            got = together.ranked_many(lane, windows, limit)
            alone = TimelineData(store)
            want = [alone.ranked(lane, a, b, limit) for a, b in windows]
            assert got == want
            assert any(got)
            for items in got:
                for it in items:
                    assert together.evidence(it) == alone.evidence(it)
            assert together.pending_flags == alone.pending_flags
