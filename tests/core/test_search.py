"""Search past the ranking limit: titles first, whole words, then word starts."""

from __future__ import annotations

import pytest

from citeline.core import items
from citeline.core import store as store_module
from citeline.core.store import Store


@pytest.fixture
def crowded() -> Store:
    store = Store.memory()
    for i in range(12):
        edit, _ = items.add_event(store, title=f"Item {i}", date="2020", description="talks")
        store.apply(edit)
    for i in range(3):
        edit, _ = items.add_event(store, title=f"Talks {i}", date="2021")
        store.apply(edit)
    edit, _ = items.add_event(store, title="Talkshow", date="2022")
    store.apply(edit)
    return store


def test_a_few_matches_are_ranked(crowded: Store) -> None:
    hits = crowded.search("talks")
    assert len(hits) == 16
    assert {h["title"] for h in hits} >= {"Talks 0", "Item 3", "Talkshow"}


def test_many_matches_put_titles_first_then_whole_words_then_word_starts(
    crowded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "RANK_MATCHES", 5)
    hits = crowded.search("talks")
    titles = [h["title"] for h in hits]
    assert titles[:3] == ["Talks 0", "Talks 1", "Talks 2"]
    assert set(titles[3:15]) == {f"Item {i}" for i in range(12)}
    assert titles[15:] == ["Talkshow"]
    assert [h["title"] for h in crowded.search("talks", limit=4)] == titles[:4]
