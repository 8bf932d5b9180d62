"""The versions an edit is made from, and the versions it leaves (core.versions)."""

from __future__ import annotations

from citeline.core import items
from citeline.core.sample import write_sample
from citeline.core.store import Store
from citeline.core.versions import made_from, versions_after


def test_made_from_names_each_existing_item_and_versions_after_counts_one_up(tmp_path):
    path = tmp_path / "s.citeline"
    write_sample(path)
    with Store.open(path) as store:
        v7 = store.version("event", 7)
        edit = items.update_event(store, 7, title="New", tags=["a"])
        expect = made_from(store, edit)
        assert expect == {("event", 7): v7}
        assert made_from(store, edit, {("event", 7): v7 - 1}) == {("event", 7): v7 - 1}
        store.apply(edit, expect=expect)
        after = versions_after(edit, expect)
        assert after == {("event", 7): store.version("event", 7)} == {("event", 7): v7 + 1}
        added, new_id = items.add_event(store, title="Added", date="2021")
        assert made_from(store, added) == {}  # a new item is made from nothing
        store.apply(added)
        assert versions_after(added, {}) == {("event", new_id): store.version("event", new_id)}
        gone = items.delete_event(store, new_id)
        assert versions_after(gone, {("event", new_id): 1}) == {}
