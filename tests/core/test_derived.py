"""Derived facts: found once, kept until told, forgotten for exactly the events an edit
touches (evidence, passages, sources), and never stale against a fresh check."""

from __future__ import annotations

from tests.core.test_conflicts import SIGNED, add_second_article, cite, deal_id, store  # noqa: F401

from citeline.core import conflicts, items, queries
from citeline.core.derived import Facts, affected_events


def test_flags_are_kept_until_forgotten(store) -> None:  # noqa: F811
    deal = deal_id(store)
    facts = Facts(store)
    assert facts.conflict(deal) is None and facts.is_known(deal)
    cite(store, deal, add_second_article(store), SIGNED)
    assert facts.conflict(deal) is None  # kept: nobody said the evidence changed
    facts.forget([deal])
    assert facts.conflict(deal) is not None
    assert facts.conflict(deal) == conflicts.conflict(store, deal)


def test_events_citing_an_unread_source_wait_the_rest_are_known(store) -> None:  # noqa: F811
    deal = deal_id(store)
    second = add_second_article(store)
    cite(store, deal, second, SIGNED)
    conflicts._CACHE.clear()  # no source read yet
    others = [r["id"] for r in store.rows("events") if r["id"] != deal]
    facts = Facts(store)
    pending: set[int] = set()
    found = facts.conflicts([deal, *others], pending)
    assert pending == {1, second}
    assert found == {} and not facts.is_known(deal)
    for source_id in pending:
        conflicts.source_dates(store, source_id)
    assert set(facts.conflicts([deal, *others], set())) == {deal}
    assert facts.is_known(deal) and all(facts.is_known(i) for i in others)


def test_an_edit_names_the_events_whose_facts_it_may_change(store) -> None:  # noqa: F811
    deal = deal_id(store)
    second = add_second_article(store)
    text = queries.source_text(store, second)
    at = text.index(SIGNED)
    edit = items.add_evidence(store, deal, items.PassageRef(second, at, at + len(SIGNED)))
    store.apply(edit)
    assert affected_events(store, edit.touched()) == {deal}
    moved = items.update_source(store, second, published="2019-01-02")
    store.apply(moved)
    assert affected_events(store, moved.touched()) == {deal}
    gone = items.delete_source(store, second)
    store.apply(gone)
    assert affected_events(store, gone.touched()) == {deal}
    store.apply(gone.inverse())
    assert affected_events(store, gone.inverse().touched()) == {deal}
