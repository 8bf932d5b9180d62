"""Stacking a lane: labels stay on their markers' rows, nothing is lost, clusters count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citeline.core.layout.stack import Mark, clusters, stack


def measure(text: str) -> float:
    return 7.0 * len(text)


@st.composite
def lanes(draw):
    n = draw(st.integers(0, 40))
    marks = []
    for i in range(n):
        x = draw(st.floats(-200, 1200, allow_nan=False))
        point = draw(st.booleans())
        w = 11.0 if point else draw(st.floats(3, 900, allow_nan=False))
        x0, x1 = (x - 5.5, x + 5.5) if point else (x, x + w)
        label_x = x1 + 4 if point else max(x0, 0.0) + 5
        text = draw(st.text("abcdef ", min_size=0, max_size=40))
        marks.append(Mark(i, x0, x1, label_x, text))
    rows = draw(st.one_of(st.none(), st.integers(1, 6)))
    return marks, rows


def overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return a0 < b1 and b0 < a1


@settings(max_examples=300, deadline=None)
@given(lanes())
def test_labels_stay_on_their_row_and_cover_no_other_marker(case) -> None:
    marks, max_rows = case
    right = 1000.0
    out = stack(marks, measure, right=right, max_rows=max_rows)
    by_key = {m.key: m for m in marks}
    placed = {p.key: p for p in out.placed}
    clustered = [k for c in out.clusters for k in c.keys]
    # Every item is drawn once: placed, or counted in exactly one cluster.
    assert sorted([*placed, *clustered]) == sorted(by_key)
    assert sum(c.count for c in out.clusters) == len(clustered)
    if max_rows is None:
        assert not out.clusters
    else:
        assert out.item_rows <= max_rows
    for p in out.placed:
        m = by_key[p.key]
        assert 0 <= p.row < out.item_rows
        if not p.titled:
            continue
        # The label starts at its marker and is its text, or a readable start of it.
        assert p.label_x == m.label_x
        assert p.label == m.text or (p.label.endswith("…") and m.text.startswith(p.label[:-1]))
        assert p.label_x + p.label_w <= right + 1e-6
        for q in out.placed:
            if q is p or q.row != p.row:
                continue
            other = by_key[q.key]
            # No label box over another item's marker, nor over another label.
            assert not overlaps(p.label_x, p.label_x + p.label_w, other.x0, other.x1)
            if q.titled:
                assert not overlaps(
                    p.label_x, p.label_x + p.label_w, q.label_x, q.label_x + q.label_w
                )
    # Markers in one row never overlap either.
    for p in out.placed:
        for q in out.placed:
            if p is not q and p.row == q.row:
                a, b = by_key[p.key], by_key[q.key]
                assert not overlaps(a.x0, a.x1, b.x0, b.x1)
    for a, b in zip(out.clusters, out.clusters[1:], strict=False):
        assert a.x1 < b.x0


def test_the_most_important_item_keeps_its_title_when_rows_run_out() -> None:
    first = Mark("important", 100, 111, 115, "The vote")
    second = Mark("minor", 102, 113, 117, "A rumour")
    out = stack([first, second], measure, max_rows=1)
    assert [(p.key, p.label) for p in out.placed] == [("important", "The vote")]
    assert [c.keys for c in out.clusters] == [("minor",)]
    out = stack([second, first], measure, max_rows=1)
    assert [(p.key, p.label) for p in out.placed] == [("minor", "A rumour")]


def test_with_room_enough_every_item_gets_its_whole_title_on_a_row_of_its_own() -> None:
    marks = [Mark(i, 100, 111, 115, f"Event number {i}") for i in range(5)]
    out = stack(marks, measure)
    assert [p.row for p in out.placed] == [0, 1, 2, 3, 4]
    assert all(p.label == f"Event number {p.key}" for p in out.placed)
    assert out.rows == 5 and not out.clusters


def test_a_label_that_cannot_fit_is_shortened_on_its_own_row_not_moved() -> None:
    blocker = Mark("b", 200, 400, 205, "Block")
    long = Mark("l", 100, 111, 115, "A title far too long for the gap")
    out = stack([blocker, long], measure, max_rows=1)
    p = next(p for p in out.placed if p.key == "l")
    assert p.row == 0 and p.label.endswith("…") and p.label_x + p.label_w < 200


def test_a_bare_marker_when_no_readable_label_fits() -> None:
    blocker = Mark("b", 125, 400, 130, "Block")
    item = Mark("i", 100, 111, 115, "A title")
    out = stack([blocker, item], measure, max_rows=1)
    assert {p.key: p.label for p in out.placed} == {"b": "Block", "i": ""}


def test_clusters_join_neighbours_and_grow_to_fit_their_count() -> None:
    got = clusters([(0, 2, 1, "a"), (3, 5, 1, "b"), (300, 301, 40, None)], lambda n: 20.0)
    assert [(c.count, c.keys, c.x0) for c in got] == [(2, ("a", "b"), 0), (40, (), 300)]
    assert got[0].x1 == 20.0


def test_a_label_at_the_right_edge_goes_left_of_its_marker_when_allowed() -> None:
    measure = lambda text: 10.0 * len(text)  # noqa: E731
    near_edge = Mark("a", 380.0, 390.0, 394.0, "ten chars!", flip=True)
    out = stack([near_edge], measure, right=400.0)
    (p,) = out.placed
    assert p.label == "ten chars!" and p.label_x + p.label_w == 380.0 - 4.0
    # not allowed: shortened on the right, as before
    (kept,) = stack([Mark("a", 380.0, 390.0, 394.0, "ten chars!")], measure, right=470.0).placed
    assert kept.label_x == 394.0 and kept.label.endswith("\u2026")
    # no room on the left either: shortened on the right
    (cut,) = stack([Mark("a", 50.0, 60.0, 64.0, "a" * 40, flip=True)], measure, right=200.0).placed
    assert cut.label_x == 64.0 and cut.label.endswith("\u2026")


def test_a_left_label_keeps_its_row_clear_between_label_and_marker() -> None:
    measure = lambda text: 10.0 * len(text)  # noqa: E731
    other = Mark("o", 300.0, 310.0, 314.0, "x", flip=True)  # its label ends at 324
    edge = Mark("e", 380.0, 390.0, 394.0, "ten chars!", flip=True)  # left label 276..376
    out = stack([other, edge], measure, right=400.0)
    rows = {p.key: p.row for p in out.placed}
    assert rows["o"] != rows["e"]


def _shorten(text: str, room: float) -> str:
    """Cut ``text`` to fit ``room`` by the test's measure (a stand-in for the fonts')."""
    if measure(text) <= room:
        return text
    keep = max(0, int((room - 7.0) // 7.0))
    return text[:keep] + "\u2026"


@settings(max_examples=60, deadline=None)
@given(lanes(), st.floats(20, 400, allow_nan=False))
def test_labels_cut_while_stacking_are_placed_as_labels_cut_before(case, room) -> None:
    # A mark's ``room`` defers cutting (and measuring) its label until its marker finds a
    # row: the stacking must be the one of labels cut beforehand.
    marks, max_rows = case
    before = [m._replace(text=_shorten(m.text, room)) for m in marks]
    deferred = [m._replace(room=room) for m in marks]
    a = stack(before, measure, right=1000.0, max_rows=max_rows)
    b = stack(deferred, measure, right=1000.0, max_rows=max_rows, shorten=_shorten)
    assert a == b


def test_a_label_whose_marker_finds_no_row_is_not_measured() -> None:
    # One row, taken by the first (whole) title; the second marker sits under it, so its
    # label cannot go anywhere: measuring it would be wasted on a bare marker.
    marks = [
        Mark("a", 0.0, 11.0, 15.0, "a long first title"),
        Mark("b", 40.0, 51.0, 55.0, "second title", room=300.0),
    ]
    asked: list[str] = []

    def counting(text: str) -> float:
        asked.append(text)
        return measure(text)

    out = stack(marks, counting, right=1000.0, max_rows=1, shorten=_shorten)
    assert [p.label for p in out.placed] == ["a long first title"]
    assert "second title" not in asked
    assert sum(c.count for c in out.clusters) == 1


@settings(max_examples=150, deadline=None)
@given(lanes())
def test_without_grouping_the_left_out_marks_make_no_clusters_and_nothing_else_moves(
    case,
) -> None:
    # A crowded lane counts what it does not draw from the index: the stacking's own
    # clusters would be thrown away, so it is asked not to make them.
    marks, rows = case
    grouped = stack(marks, measure, right=1000, max_rows=rows)
    alone = stack(marks, measure, right=1000, max_rows=rows, grouped=False)
    assert alone.clusters == []
    assert alone.placed == grouped.placed and alone.item_rows == grouped.item_rows
