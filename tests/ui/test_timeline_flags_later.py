"""Frames never wait for flags: the timeline asks for them and the app finds them idle."""

from __future__ import annotations

from tests.core.test_conflicts import SIGNED, add_second_article, cite, deal_id, store  # noqa: F401

from citeline.core import conflicts, queries
from citeline.ui.timeline.data import TimelineData


def deal_items(data: TimelineData, lane: int) -> list[queries.TimelineItem]:
    return [i for i in data.items(lane, 0, 2**40) if i.kind == "event"]


def test_deferred_flags_come_after_idle_work_and_agree_with_a_direct_check(store) -> None:  # noqa: F811
    deal = deal_id(store)
    cite(store, deal, add_second_article(store), SIGNED)
    lane = queries.event(store, deal).lane_id
    later = TimelineData(store, defer_flags=True)
    found = deal_items(later, lane)
    # the frame got its items without the flags, and asked for them
    assert found and not any(i.flagged for i in found)
    assert deal in later.pending_flags
    while later.pending_flags or later.pending_sources:
        while later.pending_sources:
            conflicts.source_dates(store, later.pending_sources.pop())
            if not later.pending_sources:
                later.refresh_flags()
        later.learn_pending_flags(3)
        deal_items(later, lane)  # the next frame asks again for what it forgot
    flagged = {i.id for i in deal_items(later, lane) if i.flagged}
    # the same flags as finding them before returning (exports) and as the full check
    now = TimelineData(store)
    assert flagged == {i.id for i in deal_items(now, lane) if i.flagged} == {deal}
    assert flagged == {c.event_id for c in conflicts.date_conflicts(store)}
    # ranked answers carry them too
    ranked = later.ranked(lane, 0, 2**40, 50)
    assert {i.id for i in ranked if i.flagged} == {deal}
