"""A date changed by hand says so, and undo brings back where it came from."""

from __future__ import annotations

import json
from pathlib import Path

from citeline.core import items, queries
from citeline.core.sample import write_sample
from citeline.core.store import Store


def test_typing_a_new_date_replaces_its_provenance_and_undo_restores_it(tmp_path: Path) -> None:
    store = Store.open(write_sample(tmp_path / "s.citeline"))
    row = next(r for r in store.rows("events") if r["date_provenance"])
    ev = queries.event(store, row["id"])
    old = ev.date_provenance
    edit = items.update_event(store, ev.id, date="2018-03-07/2018-03-09")
    store.apply(edit)
    now = queries.event(store, ev.id)
    assert now.date_edtf == "2018-03-07/2018-03-09"
    assert json.loads(now.date_provenance)["set_by"] == "hand"
    store.apply(edit.inverse())
    back = queries.event(store, ev.id)
    assert (back.date_edtf, back.date_provenance) == (ev.date_edtf, old)
    # The same date typed again is no change: the provenance stays.
    assert not items.update_event(store, ev.id, date=ev.date_edtf).changes
    # A caller that knows where a date came from keeps its own provenance.
    given = {"expression": "March 7-9, 2018"}
    store.apply(items.update_event(store, ev.id, date="2018-03-07/2018-03-09", provenance=given))
    assert json.loads(queries.event(store, ev.id).date_provenance) == given
    store.close()
