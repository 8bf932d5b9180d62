"""Frames composed from indexes held in memory (a small project's ranks, a large one's
indexes read on a worker thread) show exactly what frames read from the file show,
before and after edits of every kind, with and without a filter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.ui.test_timeline_read_ahead import shown

from citeline.commands import bench_frames
from citeline.commands.bench import generate
from citeline.core import queries
from citeline.core.edits import Edit, delete, insert, update
from citeline.core.filters import ItemFilter
from citeline.core.kept import KeptIndex
from citeline.core.layout import TimeScale
from citeline.core.store import Store
from citeline.core.windows import WindowIndex
from citeline.ui.timeline import data as data_module
from citeline.ui.timeline.compose import column_width, compose
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import Metrics
from citeline.ui.timeline.theme import Fonts


@pytest.fixture(scope="module")
def crowded_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("memory") / "crowded.citeline"
    generate(path, 5000, 7)
    return path


@pytest.fixture
def store(crowded_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    copy = tmp_path / "crowded.citeline"
    shutil.copy(crowded_file, copy)
    s = Store.open(copy)
    yield s
    s.close()


def _three(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, TimelineData]:
    """The same project's data three ways: a small project's (its ranks read into
    memory), all from the file, and a large project's (its indexes read into memory)."""
    small = TimelineData(store, prefetch=True)
    monkeypatch.setattr(data_module, "IN_MEMORY_ITEMS", 0)
    from_file = TimelineData(store)
    read = TimelineData(store, prefetch=True)
    assert isinstance(small.index, data_module.TimeIndex)
    assert isinstance(from_file.index, WindowIndex)
    return {"small": small, "file": from_file, "read": read}


def _reload(data: dict[str, TimelineData], monkeypatch: pytest.MonkeyPatch) -> None:
    """Reload each after an edit (the small one as small, the others as large)."""
    with monkeypatch.context() as m:
        m.setattr(data_module, "IN_MEMORY_ITEMS", 25_000)
        data["small"].reload()
    data["file"].reload()
    data["read"].reload()


def _settle(data: dict[str, TimelineData]) -> None:
    for d in (data["small"], data["read"]):
        d.wait_for_indexes(0.0)  # (or adopted already, at a frame's end)
        assert d._ranks() is not None
    assert isinstance(data["read"].index, KeptIndex)


def _frames(
    data: dict[str, TimelineData], scales: list[TimeScale], crowded_at_least: int = 3
) -> None:
    fonts, m = Fonts.default(), Metrics()
    left = column_width(data["file"], fonts, m)
    crowded = 0
    for scale in scales:
        frames = {
            name: compose(d, scale, fonts, left=left, height=600.0, metrics=m)
            for name, d in data.items()
        }
        want = shown(frames["file"])
        assert shown(frames["small"]) == want
        assert shown(frames["read"]) == want
        assert [la.count for la in frames["read"].lanes] == [
            la.count for la in frames["file"].lanes
        ]
        crowded += any(lane.crowded for lane in frames["file"].lanes)
    assert crowded >= crowded_at_least


def _scales(store: Store, width: float = 1300.0) -> list[TimeScale]:
    """Every third step of the bench's zoom and pan, from the whole project."""

    class _View:
        scale: TimeScale

    lo, hi = queries.extent(store)  # type: ignore[misc]
    view = _View()
    view.scale = TimeScale(float(lo), float(hi), width)
    return [s for _, s in bench_frames.script(view)][::3]


def _edit_each_kind(store: Store) -> None:
    """Add, delete, move, re-lane and re-rank events, and cite a passage."""
    events = store.rows("events", "id % 97 = 3")
    lanes = [r["id"] for r in store.rows("lanes")]
    first = events[0]
    row = dict(first, id=store.next_id("events") + 10, title="Added")
    changes = [
        insert("events", row),
        delete("events", events[1]),
        update(
            "events",
            events[2],
            date_earliest=events[2]["date_earliest"] + 86_400 * 40,
            date_latest=events[2]["date_latest"] + 86_400 * 40,
        ),
        update(
            "events", events[3], lane_id=lanes[-1] if events[3]["lane_id"] != lanes[-1] else None
        ),
        update("events", events[4], importance=(events[4]["importance"] or 0) + 3),
    ]
    for ev in events[5:9]:
        changes.append(update("events", ev, importance=5))
    store.apply(Edit("each kind", tuple(c for c in changes if c is not None)))


def _cite(store: Store, n: int) -> None:
    """Cite one more passage from ``n`` events (they rank above their equals)."""
    passage = store.db.execute("SELECT MAX(id) FROM passages").fetchone()[0]
    cited = store.db.execute(
        "SELECT id FROM events WHERE id NOT IN "
        "(SELECT event_id FROM evidence WHERE passage_id = ?) "
        "ORDER BY importance DESC, id % 13, id LIMIT ?",
        [passage, n],
    ).fetchall()
    assert len(cited) == n
    rows = [{"event_id": e[0], "passage_id": passage, "stance": "supports"} for e in cited]
    store.apply(Edit("cite", tuple(insert("evidence", r) for r in rows)))


def test_frames_from_memory_equal_frames_from_the_file_across_edits_and_filters(
    qapp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _three(store, monkeypatch)
    _settle(data)
    scales = _scales(store)
    _frames(data, scales)

    _edit_each_kind(store)
    _reload(data, monkeypatch)
    # The large project answers from the file until its indexes are read again.
    assert isinstance(data["read"].index, WindowIndex)
    _frames(data, scales[:3], crowded_at_least=1)
    _settle(data)
    _frames(data, scales)

    # Citations changed (an event's rank), without a reload: ranks are read again.
    before = shown(compose(data["file"], scales[0], Fonts.default(), left=200.0))
    _cite(store, 600)
    for d in data.values():
        d.facts_changed(None)
    after = shown(compose(data["file"], scales[0], Fonts.default(), left=200.0))
    assert after != before  # the citations changed what is drawn
    _settle(data)
    _frames(data, scales)

    lane = min(r["id"] for r in store.rows("lanes"))
    for f in (
        ItemFilter(lane_ids=frozenset({lane})),
        ItemFilter(start=1_100_000_000, end=1_300_000_000),
        ItemFilter(text="talks"),
    ):
        for d in data.values():
            d.apply_filter(f)
        _frames(data, scales)
    for d in data.values():
        d.close()


def test_ranked_and_listed_items_from_memory_are_the_files(
    qapp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _three(store, monkeypatch)
    _settle(data)
    lanes = [la.key for la in data["file"].lanes]
    t = float(queries.extent(store)[0])  # type: ignore[index]
    for width in (2.0**22, 2.0**25, 2.0**28):
        windows = [(t + k * width, t + (k + 1) * width) for k in range(6)]
        for lane in lanes:
            for limit in (1, 5, 12):
                want = data["file"].ranked_many(lane, windows, limit)
                assert data["small"].ranked_many(lane, windows, limit) == want
                assert data["read"].ranked_many(lane, windows, limit) == want
                for a, b in windows[:2]:
                    items = data["file"].items(lane, a, b)
                    assert data["small"].items(lane, a, b) == items
                    assert data["read"].items(lane, a, b) == items
                    for it in items:
                        n = data["file"].evidence(it)
                        assert data["small"].evidence(it) == n == data["read"].evidence(it)
    for d in data.values():
        d.close()
