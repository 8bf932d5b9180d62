"""Label placement: other rows, shortening, hiding, priorities, and never an overlap."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from citeline.core.layout.labels import ELLIPSIS, LabelItem, PlacedLabel, elide, place_labels


def seven(text: str) -> float:
    return len(text) * 7.0


def test_a_free_label_sits_right_of_its_marker() -> None:
    [label] = place_labels([LabelItem(100, 0, "Ceasefire")], seven, offset=6)
    assert label == PlacedLabel(True, "Ceasefire", 106, 0, 63)


def test_the_more_important_label_wins_its_row() -> None:
    items = [LabelItem(0, 0, "Minor remark", 1), LabelItem(43, 0, "Verdict announced", 5)]
    minor, verdict = place_labels(items, seven, max_rows=1, offset=0, gap=8)
    assert verdict.visible and verdict.text == "Verdict announced"
    # "Minor remark" has 43 - 8 = 35 px before the verdict: four characters and "…".
    assert minor.visible and minor.text == "Mino" + ELLIPSIS and minor.row == 0
    assert minor.x + minor.width + 8 <= verdict.x


def test_a_crowded_label_moves_to_a_free_row() -> None:
    items = [LabelItem(0, 0, "Minor remark", 1), LabelItem(40, 0, "Verdict announced", 5)]
    minor, verdict = place_labels(items, seven, max_rows=2, offset=0)
    assert (verdict.row, minor.row) == (0, 1)
    assert minor.text == "Minor remark"


def test_a_label_with_no_room_for_three_characters_is_hidden() -> None:
    items = [LabelItem(0, 0, "Minor remark", 1), LabelItem(20, 0, "Verdict", 5)]
    minor, verdict = place_labels(items, seven, max_rows=1, offset=0, gap=4)
    assert verdict.visible and not minor.visible and minor.text == ""


def test_labels_stop_at_the_right_edge_and_avoid_obstacles() -> None:
    [cut] = place_labels([LabelItem(900, 0, "A long headline here")], seven, right=1000, offset=0)
    assert cut.text.endswith(ELLIPSIS) and cut.x + cut.width <= 1000
    marker = (0, 20.0, 30.0)  # another item's marker in row 0, where "Raid" would go
    [moved] = place_labels([LabelItem(0, 0, "Raid")], seven, max_rows=2, obstacles=[marker])
    assert moved.row == 1 and moved.text == "Raid"


def test_equal_priorities_go_left_to_right() -> None:
    items = [LabelItem(30, 0, "Second"), LabelItem(0, 0, "First")]
    second, first = place_labels(items, seven, offset=0)
    assert first.text == "First"
    assert second.text != "Second"


item_lists = st.lists(
    st.builds(
        LabelItem,
        # Whole pixels and 7 px characters make exact fits, where off-by-a-gap bugs hide.
        x=st.one_of(st.integers(-100, 1200).map(float), st.floats(-100, 1200)),
        row=st.integers(0, 3),
        text=st.text("abc de", max_size=25),
        priority=st.integers(0, 4).map(float),
    ),
    max_size=40,
)
obstacle_lists = st.lists(
    st.tuples(st.integers(0, 3), st.floats(-100, 1200), st.floats(0, 40)).map(
        lambda o: (o[0], o[1], o[1] + o[2])
    ),
    max_size=10,
)


@settings(max_examples=60)
@given(
    item_lists,
    obstacle_lists,
    st.integers(1, 4),
    st.integers(0, 5),
    st.one_of(st.integers(0, 8).map(float), st.floats(0, 8)),
)
def test_placed_labels_never_overlap(
    items: list[LabelItem],
    obstacles: list[tuple[int, float, float]],
    max_rows: int,
    min_chars: int,
    gap: float,
) -> None:
    placed = place_labels(
        items,
        seven,
        max_rows=max_rows,
        gap=gap,
        offset=5,
        min_chars=min_chars,
        right=1000,
        obstacles=obstacles,
    )
    assert len(placed) == len(items)
    shown: dict[int, list[tuple[float, float]]] = {}
    for item, label in zip(items, placed, strict=True):
        assert label.x == item.x + 5
        if not label.visible:
            continue
        assert label.width == seven(label.text)
        assert label.x + label.width <= 1000
        if label.text != item.text:
            prefix = label.text.removesuffix(ELLIPSIS)
            assert label.text.endswith(ELLIPSIS) and item.text.startswith(prefix)
            assert len(prefix) >= min_chars
        assert label.row == item.row or 0 <= label.row < max_rows
        for row, x0, x1 in obstacles:
            if row == label.row:
                assert label.x + label.width + gap <= x0 or x1 + gap <= label.x
        shown.setdefault(label.row, []).append((label.x, label.x + label.width))
    for spans in shown.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start >= end + gap


@settings(max_examples=60)
@given(item_lists, st.integers(1, 3), st.integers(0, 4))
def test_less_important_labels_never_push_more_important_ones(
    items: list[LabelItem], max_rows: int, threshold: int
) -> None:
    everyone = place_labels(items, seven, max_rows=max_rows, right=1000)
    keep = [i for i, item in enumerate(items) if item.priority >= threshold]
    alone = place_labels([items[i] for i in keep], seven, max_rows=max_rows, right=1000)
    assert [everyone[i] for i in keep] == alone


def _halving(text, room, measure, min_chars):
    """The longest prefix plus "…" within ``room`` by plain halving (what the search
    starting from the whole width must find)."""
    lo, hi = max(min_chars, 1), len(text) - 1
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = text[:mid].rstrip() + ELLIPSIS
        w = measure(candidate)
        if w <= room:
            if len(candidate) - 1 >= min_chars:
                best = (candidate, w)
            lo = mid + 1
        else:
            hi = mid - 1
    return best


@settings(max_examples=400, deadline=None)
@given(
    st.text("iIlmMW .,-", min_size=0, max_size=80),
    st.floats(0, 600, allow_nan=False),
    st.integers(1, 6),
)
def test_cutting_from_the_whole_width_finds_the_prefix_halving_finds(text, room, min_chars):
    # Proportional glyphs, so the first guess from the whole width is often off.
    widths = {"i": 3.0, "I": 3.5, "l": 3.0, "m": 11.0, "M": 12.0, "W": 13.0, " ": 4.0}

    def measure(s: str) -> float:
        return sum(widths.get(c, 6.0) for c in s)

    want = _halving(text, room, measure, min_chars)
    got = elide(text, room, measure, min_chars, measure(text))
    assert got == want
    assert elide(text, room, measure, min_chars) == want
